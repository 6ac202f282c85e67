"""Personal records: derived from logs, announced only when an earlier best is beaten."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import models
from core.measures import KG_PER_LB, epley
from core.records import RecordKind, best_records, listing, new_records

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
_ids = iter(range(1, 10**9))


def log(name: str = "Squat", **fields) -> models.ExerciseLog:
    number = next(_ids)
    values = {
        "id": number,
        "exercise_id": 1,
        "athlete_id": 1,
        "sets": 3,
        "reps": None,
        "duration_seconds": None,
        "load": None,
        "notes": None,
        "logged_at": T0 + timedelta(days=number),
    }
    values.update(fields)
    return models.ExerciseLog(name, models.CompletionLog(**values))


def kinds(records) -> set[tuple[RecordKind, int]]:
    return {(r.kind, r.bucket) for r in records}


def test_a_first_log_is_not_announced() -> None:
    assert new_records([], log(reps=5, load_kg=60.0)) == []


def test_heavier_for_the_same_reps_and_a_better_e1rm() -> None:
    earlier = [log(reps=5, load_kg=60.0)]
    found = new_records(earlier, log(reps=5, load_kg=62.5))
    assert kinds(found) == {(RecordKind.LOAD, 5), (RecordKind.E1RM, 0)}
    load = next(r for r in found if r.kind is RecordKind.LOAD)
    assert load.value == 62.5


@pytest.mark.parametrize(
    ("kg", "expected"),
    [
        (60.0, set()),  # a tie is no record
        (59.75, set()),
        (60.25, {(RecordKind.LOAD, 5), (RecordKind.E1RM, 0)}),
    ],
)
def test_at_and_around_a_tie(kg: float, expected: set) -> None:
    assert kinds(new_records([log(reps=5, load_kg=60.0)], log(reps=5, load_kg=kg))) == expected


def test_a_load_entered_in_lb_ties_its_kg_equal() -> None:
    earlier = [log(reps=5, load_kg=100 * KG_PER_LB)]
    assert new_records(earlier, log(reps=5, load_kg=45.359237)) == []


def test_a_new_rep_count_is_not_announced_but_a_better_e1rm_is() -> None:
    earlier = [log(reps=5, load_kg=100.0)]  # e1RM 116.7
    found = new_records(earlier, log(reps=3, load_kg=110.0))  # e1RM 121
    assert kinds(found) == {(RecordKind.E1RM, 0)}
    assert found[0].value == pytest.approx(epley(110.0, 3))


def test_set_by_set_counts_each_set() -> None:
    earlier = [log(reps=8, load_kg=40.0), log(reps=10, load_kg=40.0)]
    found = new_records(earlier, log(reps_by_set=(10, 10, 8), load_kg=42.5))
    assert (RecordKind.LOAD, 8) in kinds(found) and (RecordKind.LOAD, 10) in kinds(found)


def test_runs_longest_and_fastest_per_bucket() -> None:
    earlier = [log("Run", sets=1, distance_m=5000, duration_seconds=1650)]  # 5:30/km
    longer_slower = log("Run", sets=1, distance_m=6000, duration_seconds=2100)  # 5:50/km
    assert kinds(new_records(earlier, longer_slower)) == {(RecordKind.DISTANCE, 0)}
    faster = log("Run", sets=1, distance_m=5000, duration_seconds=1600)
    assert kinds(new_records(earlier, faster)) == {(RecordKind.PACE, 5000)}
    same = log("Run", sets=1, distance_m=5000, duration_seconds=1650)
    assert new_records(earlier, same) == []
    # 400 m repeats are in no pace bucket; a first 10k starts its own bucket quietly.
    repeats = log("Run", sets=6, distance_m=400, duration_seconds=80)
    assert new_records(earlier, repeats) == []
    ten = log("Run", sets=1, distance_m=10000, duration_seconds=3000)
    assert kinds(new_records(earlier, ten)) == {(RecordKind.DISTANCE, 0)}


def test_exercises_are_matched_by_name_case_insensitively() -> None:
    earlier = [log("back squat", reps=5, load_kg=60.0), log("Bench", reps=5, load_kg=80.0)]
    found = new_records(earlier, log("Back Squat", reps=5, load_kg=70.0))
    assert {r.exercise for r in found} == {"Back Squat"}


def test_listing_keeps_the_earlier_log_on_a_tie() -> None:
    first, second = log(reps=5, load_kg=60.0), log(reps=5, load_kg=60.0)
    (load, _e1rm) = listing([first, second])
    assert load.log_id == first.log.id


@given(st.lists(st.tuples(st.integers(1, 12), st.integers(1, 400)), min_size=1, max_size=20))
def test_the_best_is_never_beaten_by_an_earlier_log(sets: list[tuple[int, int]]) -> None:
    logs = [log(reps=reps, load_kg=float(kg)) for reps, kg in sets]
    best = best_records(logs)
    for index, item in enumerate(logs):
        assert new_records(logs[:index] + logs[index + 1 :], item) == [] or any(
            r.log_id == item.log.id for r in best.values()
        )
    top = max(kg for _, kg in sets)
    assert max(r.value for r in best.values() if r.kind is RecordKind.LOAD) == top
