"""Which weeks can be ticked: the boundaries, in the athlete's timezone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core.errors import WeekClosed, WeekNotOpenYet
from core.tick_rules import check_tickable, is_previous_week, summary_may_be_stored

WEEK = date(2026, 11, 30)  # a Monday
NEXT = date(2026, 12, 7)
PREVIOUS = date(2026, 11, 23)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    "now",
    ["2026-11-30T00:00", "2026-12-02T12:00", "2026-12-06T23:59:59"],
)
def test_any_day_of_the_current_week_is_open(now: str) -> None:
    check_tickable(WEEK, at(now), "UTC")


def test_a_week_that_has_not_started_says_when_it_opens() -> None:
    with pytest.raises(WeekNotOpenYet) as refused:
        check_tickable(NEXT, at("2026-12-06T23:59:59"), "UTC")
    assert refused.value.opens_on == NEXT
    check_tickable(NEXT, at("2026-12-07T00:00"), "UTC")  # Monday 00:00 it opens


def test_the_previous_week_is_open_until_the_tuesday_after_it_ends() -> None:
    check_tickable(PREVIOUS, at("2026-11-30T00:00"), "UTC")  # Monday
    check_tickable(PREVIOUS, at("2026-12-01T23:59:59"), "UTC")  # Tuesday, last second
    with pytest.raises(WeekClosed):
        check_tickable(PREVIOUS, at("2026-12-02T00:00"), "UTC")  # Wednesday 00:00


def test_older_weeks_are_closed() -> None:
    with pytest.raises(WeekClosed) as refused:
        check_tickable(date(2026, 11, 16), at("2026-11-30T08:00"), "UTC")
    assert refused.value.opens_on is None


def test_the_boundaries_are_the_athletes_own_midnights() -> None:
    # Wednesday 00:30 in Berlin is still Tuesday 23:30 in UTC.
    wednesday_in_berlin = at("2026-12-01T23:30")
    check_tickable(PREVIOUS, wednesday_in_berlin, "UTC")
    with pytest.raises(WeekClosed):
        check_tickable(PREVIOUS, wednesday_in_berlin, "Europe/Berlin")
    # Monday 07:00 in Tokyo is Sunday 22:00 in UTC: next week is open there only.
    monday_in_tokyo = at("2026-12-06T22:00")
    check_tickable(NEXT, monday_in_tokyo, "Asia/Tokyo")
    with pytest.raises(WeekNotOpenYet):
        check_tickable(NEXT, monday_in_tokyo, "UTC")
    # Monday 03:00 UTC is still Sunday evening in New York: that week is the current one.
    assert is_previous_week(PREVIOUS, at("2026-11-30T03:00"), "UTC")
    assert not is_previous_week(PREVIOUS, at("2026-11-30T03:00"), "America/New_York")


def test_a_summary_is_refreshed_for_last_week_and_for_this_week_from_its_sunday() -> None:
    assert summary_may_be_stored(PREVIOUS, at("2026-12-01T12:00"), "UTC")
    assert not summary_may_be_stored(WEEK, at("2026-12-05T23:59"), "UTC")  # Saturday
    assert summary_may_be_stored(WEEK, at("2026-12-06T00:00"), "UTC")  # Sunday
    assert not summary_may_be_stored(NEXT, at("2026-12-06T12:00"), "UTC")
