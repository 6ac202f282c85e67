"""The motivational-message rules: welcome, milestones, and a stable pool pick."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.motivation import POOL, WELCOME, motivational_message

athlete_ids = st.integers(min_value=1, max_value=2**63 - 1)
pool_weeks = st.integers(min_value=2, max_value=10_000).filter(lambda week: week % 4)


def test_week_1_is_the_welcome() -> None:
    message = motivational_message(7, 1, None)
    assert message == WELCOME
    assert "welcome" in message.lower()
    assert message not in POOL


@pytest.mark.parametrize("week", [4, 8, 12, 16, 52, 104])
def test_every_4th_week_is_a_milestone_naming_the_week(week: int) -> None:
    message = motivational_message(7, week, None)
    assert "milestone" in message.lower()
    assert str(week) in message
    assert message not in POOL


@pytest.mark.parametrize("week", [2, 3, 5, 6, 7, 9, 10, 11, 13])
def test_other_weeks_come_from_the_pool(week: int) -> None:
    message = motivational_message(7, week, None)
    assert message in POOL
    assert "milestone" not in message.lower()


def test_the_pool_has_at_least_12_distinct_short_messages() -> None:
    assert len(set(POOL)) == len(POOL) >= 12
    assert all(10 <= len(message) <= 200 for message in POOL)


def test_the_welcome_is_not_affected_by_the_previous_message() -> None:
    assert motivational_message(7, 1, WELCOME) == WELCOME


def test_week_numbers_below_1_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        motivational_message(7, 0, None)


@given(athlete_ids, pool_weeks)
def test_the_pick_is_deterministic(athlete_id: int, week: int) -> None:
    assert motivational_message(athlete_id, week, None) == motivational_message(
        athlete_id, week, None
    )


@given(athlete_ids, pool_weeks, st.none() | st.sampled_from(POOL) | st.text(max_size=20))
def test_never_the_previous_message(athlete_id: int, week: int, previous: str | None) -> None:
    message = motivational_message(athlete_id, week, previous)
    assert message != previous
    assert message in POOL


@given(athlete_ids, pool_weeks)
def test_repeating_last_weeks_pick_moves_to_the_next_pool_message(
    athlete_id: int, week: int
) -> None:
    pick = motivational_message(athlete_id, week, None)
    after = motivational_message(athlete_id, week, pick)
    assert POOL.index(after) == (POOL.index(pick) + 1) % len(POOL)


@given(athlete_ids)
def test_a_whole_program_never_repeats_a_message_two_weeks_in_a_row(athlete_id: int) -> None:
    previous = None
    for week in range(1, 60):
        message = motivational_message(athlete_id, week, previous)
        assert message != previous
        previous = message


def test_the_pick_varies_with_athlete_and_week() -> None:
    picks = {motivational_message(athlete, 2, None) for athlete in range(1, 200)}
    assert len(picks) >= len(POOL) - 2
    weeks = {motivational_message(1, week, None) for week in range(2, 200) if week % 4}
    assert len(weeks) >= len(POOL) - 2


def test_the_pick_is_stable_across_processes_with_different_hash_seeds() -> None:
    script = (
        "from core.motivation import motivational_message as m;"
        "print([m(a, w, None) for a in (1, 42, 10**12) for w in (2, 3, 5, 6)])"
    )
    outputs = set()
    for seed in ("1", "2", "12345"):
        result = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


@given(
    athlete_id=st.integers(min_value=1, max_value=10**9),
    week=st.integers(min_value=2, max_value=500).filter(lambda w: w % 4),
    neighbours=st.tuples(st.sampled_from(POOL), st.sampled_from(POOL)),
)
def test_a_week_planned_between_two_others_differs_from_both(athlete_id, week, neighbours) -> None:
    previous, following = neighbours
    message = motivational_message(athlete_id, week, previous, following)
    assert message in POOL and message not in (previous, following)
