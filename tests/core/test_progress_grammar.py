"""The richer plan text and logs: distances, paces, effort, ranges, AMRAP, each, set by set."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import InvalidLogEntry, PlanTextError
from core.log_entry import LogEntry, parse_log_entry
from core.measures import (
    KG_PER_LB,
    LoadUnit,
    format_clock,
    format_distance,
    format_load,
    format_pace,
    from_kg,
    load_in,
    to_kg,
)
from core.plan_text import format_plan_text, parse_plan_text
from tests.sample_plans import PRODUCT_EXAMPLE


def only(line: str, unit: LoadUnit = LoadUnit.KG):
    (workout,) = parse_plan_text(f"Mon: Session\n{line}", unit=unit).workouts
    (exercise,) = workout.exercises
    return exercise


def test_a_runners_week() -> None:
    intervals = only("- Intervals 6x400m @ 4:10/km")
    assert (intervals.sets, intervals.distance_m, intervals.pace_s_per_km) == (6, 400, 250)
    assert intervals.reps is None and intervals.duration_seconds is None
    long_run = only("- Long run 1x12km")
    assert (long_run.sets, long_run.distance_m) == (1, 12000)


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("- Run 1x5km", "distance_m", 5000),
        ("- Run 1x5k", "distance_m", 5000),
        ("- Run 1x1.5km", "distance_m", 1500),
        ("- Run 1x3mi", "distance_m", 4828),
        ("- Run 1x3 miles", "distance_m", 4828),
        ("- Sprint 10x60m", "distance_m", 60),
        ("- Sprint 10x60 metres", "distance_m", 60),
        ("- Run 1x30min @ 6:00/km", "pace_s_per_km", 360),
        ("- Run 1x5km @ 8:00/mi", "pace_s_per_km", 298),
        ("- Squat 3x5 @ 100kg RPE 8", "rpe", 8.0),
        ("- Squat 3x5 RPE 7.5", "rpe", 7.5),
        ("- Squat 3x5 @ 100kg RIR 2", "rir", 2),
        ("- Squat 3x5 RIR 0", "rir", 0),
        ("- Bench 3x8-12 @ 40kg", "reps_max", 12),
        ("- Bench 3x8–12 reps", "reps_max", 12),
        ("- Push-ups 3xAMRAP", "amrap", True),
        ("- Lunge 3x10 each @ 20kg", "per_side", True),
        ("- Lunge 3x10 per side", "per_side", True),
        ("- Lunge 3x10 @ 20kg each", "per_side", True),
        ("- Row 4x10 @ 45lb", "load_kg", 45 * KG_PER_LB),
        ("- Row 4x10 @ 22,5kg", "load_kg", 22.5),
    ],
)
def test_new_exercise_forms(line: str, field: str, value: object) -> None:
    assert getattr(only(line), field) == pytest.approx(value)


def test_a_bare_load_is_in_the_writers_unit_and_gets_it_written() -> None:
    in_kg = only("- Row 4x10 @ 40")
    assert (in_kg.load, in_kg.load_kg) == ("40kg", 40.0)
    in_lb = only("- Row 4x10 @ 40", LoadUnit.LB)
    assert in_lb.load == "40lb" and in_lb.load_kg == pytest.approx(40 * KG_PER_LB)


def test_m_is_metres_and_minutes_are_min() -> None:
    assert only("- Run 1x400m").distance_m == 400
    assert only("- Run 1x30min").duration_seconds == 1800
    with pytest.raises(PlanTextError) as caught:
        parse_plan_text("Mon: Core\n- Plank 3x2m\n- Hold 3x5m")
    lines = [e.line for e in caught.value.errors]
    assert lines == [2, 3]  # all at once, each with its line
    assert "3x2min" in caught.value.errors[0].message
    # The workout line's "(30 m)" has no distance to mean: it stays minutes.
    (workout,) = parse_plan_text("Wed: Easy run (30 m)\n- Run 1x5km").workouts
    assert workout.duration_minutes == 30


def test_product_example_still_parses_to_the_same_values() -> None:
    spec = parse_plan_text(PRODUCT_EXAMPLE)
    exercises = [e for w in spec.workouts for e in w.exercises]
    assert [(e.name, e.sets, e.reps, e.duration_seconds, e.load) for e in exercises] == [
        ("Push-ups", 3, 12, None, None),
        ("Plank", 3, None, 60, None),
        ("Dumbbell row", 4, 10, None, "20kg"),
        ("Run", 1, None, 1800, None),
        ("Back squat", 5, 5, None, "60kg"),
    ]
    assert all(e.distance_m is None for e in exercises)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5km in 27:30", LogEntry(1, duration_seconds=1650, distance_m=5000)),
        ("5km in 28 min", LogEntry(1, duration_seconds=1680, distance_m=5000)),
        (
            "5 km 27:30 felt easy",
            LogEntry(1, duration_seconds=1650, distance_m=5000, notes="felt easy"),
        ),
        ("1x12km in 1:05:00", LogEntry(1, duration_seconds=3900, distance_m=12000)),
        ("5km @ 5:30/km", LogEntry(1, duration_seconds=1650, distance_m=5000)),
        ("6x400m in 1:32", LogEntry(6, duration_seconds=92, distance_m=400)),
        ("6x400m", LogEntry(6, distance_m=400)),
        ("3x10 @ 40kg RPE 8", LogEntry(3, reps=10, load="40kg", load_kg=40.0, rpe=8.0)),
        ("3x10 @ 40kg RIR 2", LogEntry(3, reps=10, load="40kg", load_kg=40.0, rir=2)),
        ("3x10 RPE 9.5 hard", LogEntry(3, reps=10, rpe=9.5, notes="hard")),
        (
            "10,10,8 @ 40kg",
            LogEntry(3, load="40kg", load_kg=40.0, reps_by_set=(10, 10, 8)),
        ),
        ("10, 10, 10 @ 40kg", LogEntry(3, reps=10, load="40kg", load_kg=40.0)),
        ("3x10 @ 40", LogEntry(3, reps=10, load="40kg", load_kg=40.0)),
    ],
)
def test_new_log_forms(text: str, expected: LogEntry) -> None:
    assert parse_log_entry(text) == expected


def test_a_bare_log_load_is_in_the_athletes_unit() -> None:
    entry = parse_log_entry("3x10 @ 100", LoadUnit.LB)
    assert entry.load == "100lb" and entry.load_kg == pytest.approx(100 * KG_PER_LB)
    assert entry.describe(LoadUnit.LB) == "3x10 @ 100lb"
    assert entry.describe(LoadUnit.KG) == "3x10 @ 45.25kg"


@pytest.mark.parametrize(
    "text",
    ["3x8-12", "3xAMRAP", "3x10 in 2:00", "5km in 27:75", "3x5m", "3x10 RPE 11", "1,0,3"],
)
def test_logs_that_are_not_what_was_done_are_refused(text: str) -> None:
    with pytest.raises(InvalidLogEntry):
        parse_log_entry(text)


@given(
    st.integers(1, 20),
    st.integers(100, 42195),
    st.integers(60, 5 * 3600),
)
def test_generated_distance_logs(sets: int, metres: int, seconds: int) -> None:
    text = f"{sets}x{format_distance(metres)} in {format_clock(seconds)}"
    entry = parse_log_entry(text)
    assert (entry.sets, entry.distance_m, entry.duration_seconds) == (sets, metres, seconds)
    assert parse_log_entry(entry.describe()) == entry


@given(st.lists(st.integers(1, 50), min_size=2, max_size=10), st.integers(1, 300))
def test_generated_set_by_set_logs(reps: list[int], kg: int) -> None:
    entry = parse_log_entry(",".join(map(str, reps)) + f" @ {kg}kg")
    assert entry.sets == len(reps) and entry.load_kg == kg
    if len(set(reps)) == 1:
        assert (entry.reps, entry.reps_by_set) == (reps[0], None)
    else:
        assert (entry.reps, entry.reps_by_set) == (None, tuple(reps))
    assert parse_log_entry(entry.describe()) == entry


@given(st.sampled_from(list(LoadUnit)), st.integers(0, 2000).map(lambda halves: halves / 2))
def test_unit_conversion_round_trips_at_the_units_step(unit: LoadUnit, value: float) -> None:
    stored = to_kg(value, unit)
    assert load_in(stored, unit) == value
    assert from_kg(stored, unit) == pytest.approx(value)


def test_loads_are_shown_rounded_to_the_units_step() -> None:
    assert format_load(41.3, LoadUnit.KG) == "41.25kg"
    assert format_load(100 * KG_PER_LB, LoadUnit.LB) == "100lb"
    assert format_load(20, LoadUnit.LB) == "44lb"
    assert format_pace(330) == "5:30/km" and format_clock(3900) == "1:05:00"


def test_new_forms_round_trip_through_plan_text() -> None:
    text = (
        "Tue: Track (60 min)\n"
        "- Intervals 6x400m @ 4:10/km\n"
        "- Long run 1x12km\n"
        "- Tempo 1x20min @ 4:45/km\n"
        "Thu: Lift\n"
        "- Bench 3x8-12 @ 40kg RPE 8 | slow\n"
        "- Lunge 3x10 each @ 20kg RIR 2\n"
        "- Push-ups 3xAMRAP\n"
    )
    spec = parse_plan_text(text)
    assert parse_plan_text(format_plan_text(spec)) == spec
    assert "- Intervals 6x400m @ 4:10/km" in format_plan_text(spec)


_LOG_FRAGMENTS = st.sampled_from(
    [
        "3x10",
        "10,10,8",
        "5km",
        "400m",
        " in ",
        "27:30",
        "1:05:00",
        "@",
        " 40",
        "kg",
        "lb",
        "5:30/km",
        "RPE 8",
        "RIR 2",
        "min",
        ",",
        " ",
        "x",
        "9" * 12,
        ":",
        "/km",
        "AMRAP",
        "8-12",
    ]
)


@given(st.lists(st.one_of(_LOG_FRAGMENTS, st.text(max_size=3)), max_size=12).map("".join))
def test_log_like_text_raises_nothing_but_invalid_log_entry(text: str) -> None:
    try:
        entry = parse_log_entry(text)
    except InvalidLogEntry as error:
        assert error.text == text
    else:
        assert entry.sets >= 1
        volumes = [entry.reps, entry.reps_by_set, entry.duration_seconds, entry.distance_m]
        assert any(v is not None for v in volumes)
