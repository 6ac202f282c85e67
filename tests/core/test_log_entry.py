"""What an athlete sends in /log."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import InvalidLogEntry
from core.log_entry import LogEntry, parse_log_entry
from core.measures import KG_PER_LB
from core.plan_text import MAX_DURATION_SECONDS, MAX_REPS, MAX_SETS, UNIT_SECONDS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "3x10 @ 20kg felt strong",
            LogEntry(3, reps=10, load="20kg", notes="felt strong", load_kg=20.0),
        ),
        ("3x10", LogEntry(3, reps=10)),
        ("3 x 60s", LogEntry(3, duration_seconds=60)),
        ("4x8 @ 22.5 kg", LogEntry(4, reps=8, load="22.5 kg", load_kg=22.5)),
        ("2x5min easy", LogEntry(2, duration_seconds=300, notes="easy")),
        ("10", LogEntry(1, reps=10)),
        ("60s", LogEntry(1, duration_seconds=60)),
        ("10 reps, last one hard", LogEntry(1, reps=10, notes="last one hard")),
        ("3X12 reps", LogEntry(3, reps=12)),
        ("3×12", LogEntry(3, reps=12)),
        ("3x60sec hard", LogEntry(3, duration_seconds=60, notes="hard")),
        ("1x1.5min", LogEntry(1, duration_seconds=90)),
        ("3x10 20kg, heavy", LogEntry(3, reps=10, load="20kg", notes="heavy", load_kg=20.0)),
        (
            "3x10 @20 lb - slow",
            LogEntry(3, reps=10, load="20 lb", notes="slow", load_kg=20 * KG_PER_LB),
        ),
        ("3x10 @ bodyweight felt ok", LogEntry(3, reps=10, load="bodyweight", notes="felt ok")),
        ("3x10 @ 80%", LogEntry(3, reps=10, load="80%")),
        ("3x10 | felt strong", LogEntry(3, reps=10, notes="felt strong")),
        ("  5x5 @ 100kg  ", LogEntry(5, reps=5, load="100kg", load_kg=100.0)),
    ],
)
def test_parse_log_entry(text: str, expected: LogEntry) -> None:
    assert parse_log_entry(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "felt good",
        "x10",
        "3x",
        "3x0",
        "0x10",
        f"{MAX_SETS + 1}x10",
        f"3x{MAX_REPS + 1}",
        "3x7h",
        "3x10.5",
        "3x10 @",
        "3x10kg",
        "20kg",
        "3x" + "9" * 5000,
    ],
)
def test_garbage_is_refused_with_the_text(text: str) -> None:
    with pytest.raises(InvalidLogEntry) as caught:
        parse_log_entry(text)
    assert caught.value.text == text


def test_bounds_match_the_plan_parser() -> None:
    assert parse_log_entry(f"{MAX_SETS}x{MAX_REPS}") == LogEntry(MAX_SETS, reps=MAX_REPS)
    assert parse_log_entry("1x6h") == LogEntry(1, duration_seconds=MAX_DURATION_SECONDS)


def test_describe() -> None:
    assert parse_log_entry("3x10 @ 20kg felt strong").describe() == "3x10 @ 20kg"
    assert parse_log_entry("2x2min").describe() == "2x2min"


def test_a_unit_right_after_the_numbers_belongs_to_them() -> None:
    assert parse_log_entry("3x10 s") == LogEntry(3, duration_seconds=10)
    assert parse_log_entry("3x10 min easy") == LogEntry(3, duration_seconds=600, notes="easy")


@given(st.text(max_size=60))
def test_any_text_is_an_entry_or_invalid_log_entry(text: str) -> None:
    try:
        entry = parse_log_entry(text)
    except InvalidLogEntry:
        return
    assert 1 <= entry.sets <= MAX_SETS
    # Exactly one kind of volume; a distance may carry the time of one set.
    if entry.distance_m is not None:
        assert entry.reps is None and entry.reps_by_set is None
    elif entry.reps_by_set is not None:
        assert entry.reps is None and entry.duration_seconds is None
    else:
        assert (entry.reps is None) != (entry.duration_seconds is None)


@given(
    st.integers(1, MAX_SETS),
    st.integers(1, MAX_REPS),
    st.none() | st.decimals(1, 500, places=1).map(lambda d: f"{d}kg"),
    # Notes whose first word is a unit ("s", "min", "reps") would read as part of the numbers.
    st.none()
    | st.from_regex(r"[a-z][a-z ]{0,20}[a-z]", fullmatch=True).filter(
        lambda notes: notes.split()[0] not in {*UNIT_SECONDS, "rep", "reps"}
    ),
)
def test_generated_entries_parse(sets: int, reps: int, load: str | None, notes: str | None) -> None:
    text = f"{sets}x{reps}" + (f" @ {load}" if load else "") + (f" {notes}" if notes else "")
    load_kg = float(load[:-2]) if load else None
    assert parse_log_entry(text) == LogEntry(
        sets, reps=reps, load=load, notes=notes, load_kg=load_kg
    )
