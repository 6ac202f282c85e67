"""The weekly check-in's rules: body weights as typed, notes, and the answering window."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core.checkin_rules import check_open, clean_note, parse_body_weight, score
from core.errors import CheckInClosed, CheckInNoteTooLong, InvalidBodyWeight
from core.measures import LoadUnit

WEEK = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "unit", "kg"),
    [
        ("72.4", LoadUnit.KG, 72.4),
        ("72,4", LoadUnit.KG, 72.4),
        (" 72.4 kg ", LoadUnit.LB, 72.4),  # a written unit wins over the setting
        ("160", LoadUnit.LB, 72.57),
        ("160 lbs", LoadUnit.KG, 72.57),
        ("80KG", LoadUnit.KG, 80.0),
    ],
)
def test_a_body_weight_is_read_in_the_athletes_unit(text: str, unit: LoadUnit, kg: float) -> None:
    assert parse_body_weight(text, unit) == pytest.approx(kg, abs=0.01)


@pytest.mark.parametrize("text", ["", "heavy", "72.4.1", "-70", "7", "3500", "72 stone"])
def test_what_is_not_a_body_weight_is_refused(text: str) -> None:
    with pytest.raises(InvalidBodyWeight):
        parse_body_weight(text, LoadUnit.KG)


def test_scores_are_one_to_five_or_skipped() -> None:
    assert [score(v) for v in (None, 1, 5)] == [None, 1, 5]
    for bad in (0, 6, -1):
        with pytest.raises(ValueError):
            score(bad)


def test_notes_are_trimmed_and_bounded() -> None:
    assert clean_note("  knee sore \n") == "knee sore"
    with pytest.raises(CheckInNoteTooLong):
        clean_note("x" * 501)


def test_a_weeks_checkin_is_open_that_week_and_the_next() -> None:
    sunday_evening = datetime(2026, 11, 29, 20, tzinfo=UTC)
    check_open(WEEK, sunday_evening, "UTC")
    check_open(WEEK, datetime(2026, 12, 6, 23, 59, tzinfo=UTC), "UTC")  # the next Sunday
    with pytest.raises(CheckInClosed):
        check_open(WEEK, datetime(2026, 12, 7, 0, 0, tzinfo=UTC), "UTC")
    # The athlete's own midnight: Monday 00:30 in Berlin is still Sunday in UTC.
    with pytest.raises(CheckInClosed):
        check_open(WEEK, datetime(2026, 12, 6, 23, 30, tzinfo=UTC), "Europe/Berlin")
    with pytest.raises(CheckInClosed):  # a week that hasn't come yet
        check_open(date(2026, 11, 30), sunday_evening, "UTC")
