"""Weeks in the athlete's timezone, week numbers, and timezone names."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import UnknownTimezone, WeekBeforeFirstPlan
from core.weeks import (
    TIMEZONE_EXAMPLES,
    current_week_start,
    local_now,
    local_today,
    resolve_timezone,
    week_end_of,
    week_number,
    week_start_of,
)

MONDAY = date(2024, 1, 1)  # a Monday


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_first_plan_is_week_1() -> None:
    assert week_number(None, MONDAY) == 1
    assert week_number(MONDAY, MONDAY) == 1


def test_the_week_after_week_1_is_week_2() -> None:
    assert week_number(MONDAY, MONDAY + timedelta(weeks=1)) == 2


def test_gap_weeks_count() -> None:
    # Plans in weeks 1 and 2, nothing for two weeks, then a plan: that is week 5.
    assert week_number(MONDAY, MONDAY + timedelta(weeks=4)) == 5
    assert week_number(MONDAY, date(2024, 12, 30)) == 53


def test_week_numbers_cross_year_boundaries() -> None:
    assert week_number(date(2024, 12, 23), date(2025, 1, 6)) == 3


def test_a_week_before_week_1_is_refused() -> None:
    with pytest.raises(WeekBeforeFirstPlan):
        week_number(MONDAY, MONDAY - timedelta(weeks=1))


@pytest.mark.parametrize("bad", [MONDAY + timedelta(days=n) for n in range(1, 7)])
def test_week_starts_must_be_mondays(bad: date) -> None:
    with pytest.raises(ValueError, match="Monday"):
        week_number(MONDAY, bad)
    with pytest.raises(ValueError, match="Monday"):
        week_number(bad, MONDAY + timedelta(weeks=1))
    with pytest.raises(ValueError, match="Monday"):
        week_end_of(bad)


# Far enough from date.max that adding the weeks cannot overflow (hypothesis found 9994-08-01).
@given(st.dates(max_value=date.max - timedelta(weeks=521)), st.integers(0, 520))
def test_week_number_is_calendar_distance_plus_one(any_day: date, weeks: int) -> None:
    first = week_start_of(any_day)
    later = first + timedelta(weeks=weeks)
    if later <= date.max - timedelta(days=6):
        assert week_number(first, later) == weeks + 1


@given(st.dates(min_value=date(1, 1, 8), max_value=date(9999, 12, 24)))
def test_week_bounds_are_the_monday_and_sunday_around_a_date(any_day: date) -> None:
    start = week_start_of(any_day)
    end = week_end_of(start)
    assert start.weekday() == 0 and end.weekday() == 6
    assert start <= any_day <= end
    assert (end - start).days == 6


def test_week_end_of_is_sunday() -> None:
    assert week_end_of(date(2024, 3, 25)) == date(2024, 3, 31)


def test_the_same_instant_is_a_different_week_in_auckland_and_los_angeles() -> None:
    # Sunday 10 March 2024, 11:30 UTC: already Monday 00:30 in Auckland (NZDT, +13),
    # still Sunday 04:30 in Los Angeles (PDT began that morning, -7).
    instant = utc(2024, 3, 10, 11, 30)
    assert local_today(instant, "Pacific/Auckland") == date(2024, 3, 11)
    assert current_week_start(instant, "Pacific/Auckland") == date(2024, 3, 11)
    assert local_today(instant, "America/Los_Angeles") == date(2024, 3, 10)
    assert current_week_start(instant, "America/Los_Angeles") == date(2024, 3, 4)
    assert current_week_start(instant, "UTC") == date(2024, 3, 4)


def test_a_minute_before_and_after_midnight_in_auckland() -> None:
    # Monday 00:00 NZDT on 11 March 2024 is Sunday 11:00 UTC.
    assert current_week_start(utc(2024, 3, 10, 10, 59), "Pacific/Auckland") == date(2024, 3, 4)
    assert current_week_start(utc(2024, 3, 10, 11, 0), "Pacific/Auckland") == date(2024, 3, 11)


def test_sunday_night_in_los_angeles_is_monday_in_utc() -> None:
    # Sunday 17 March 2024, 23:30 PDT is Monday 06:30 UTC.
    instant = utc(2024, 3, 18, 6, 30)
    assert current_week_start(instant, "America/Los_Angeles") == date(2024, 3, 11)
    assert current_week_start(instant, "UTC") == date(2024, 3, 18)


def test_berlin_week_in_which_clocks_go_forward() -> None:
    # DST starts on Sunday 31 March 2024: the week ends at 23:59 CEST (21:59 UTC).
    assert current_week_start(utc(2024, 3, 31, 21, 59), "Europe/Berlin") == date(2024, 3, 25)
    assert current_week_start(utc(2024, 3, 31, 22, 0), "Europe/Berlin") == date(2024, 4, 1)
    # The Monday that started that week was still winter time (+1).
    assert current_week_start(utc(2024, 3, 24, 22, 59), "Europe/Berlin") == date(2024, 3, 18)
    assert current_week_start(utc(2024, 3, 24, 23, 0), "Europe/Berlin") == date(2024, 3, 25)


def test_berlin_week_in_which_clocks_go_back() -> None:
    # DST ends on Sunday 27 October 2024: the week ends at 23:59 CET (22:59 UTC).
    assert current_week_start(utc(2024, 10, 27, 22, 59), "Europe/Berlin") == date(2024, 10, 21)
    assert current_week_start(utc(2024, 10, 27, 23, 0), "Europe/Berlin") == date(2024, 10, 28)


def test_local_now_keeps_the_instant_and_uses_the_zone() -> None:
    instant = utc(2024, 7, 1, 12, 0)
    berlin = local_now(instant, "Europe/Berlin")
    assert berlin == instant
    assert (berlin.hour, berlin.utcoffset()) == (14, timedelta(hours=2))
    offset_input = instant.astimezone(timezone(timedelta(hours=-5)))
    assert local_now(offset_input, "Asia/Tokyo").hour == 21


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        local_now(datetime(2024, 1, 1, 12, 0), "UTC")
    with pytest.raises(ValueError):
        current_week_start(datetime(2024, 1, 1, 12, 0), "UTC")


def test_an_unknown_zone_in_local_now_is_the_domain_error() -> None:
    with pytest.raises(UnknownTimezone):
        local_now(utc(2024, 1, 1), "Mars/Olympus_Mons")


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("  AMERICA/NEW_YORK ", "America/New_York"),
        ("America/New York", "America/New_York"),
        ("asia/tokyo", "Asia/Tokyo"),
        ("utc", "UTC"),
        ("america/argentina/buenos_aires", "America/Argentina/Buenos_Aires"),
    ],
)
def test_timezones_resolve_to_their_canonical_name(typed: str, canonical: str) -> None:
    assert resolve_timezone(typed) == canonical


@pytest.mark.parametrize(
    "garbage",
    ["", "   ", "Berlin", "Europe/Berlinn", "../../etc/passwd", "localtime", "x" * 500, "\x00"],
)
def test_unknown_timezones_are_refused_with_the_name(garbage: str) -> None:
    with pytest.raises(UnknownTimezone) as caught:
        resolve_timezone(garbage)
    assert caught.value.name == garbage


@given(st.text(max_size=80))
def test_any_text_resolves_to_a_real_zone_or_raises_unknown_timezone(text: str) -> None:
    try:
        resolved = resolve_timezone(text)
    except UnknownTimezone as error:
        assert error.name == text
    else:
        assert resolved in zoneinfo.available_timezones()
        assert resolved.casefold() == text.strip().replace(" ", "_").casefold()


@given(st.sampled_from(sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})))
def test_every_real_zone_resolves_to_itself_in_any_case(name: str) -> None:
    assert resolve_timezone(name) == name
    assert resolve_timezone(name.upper()) == name


def test_examples_are_real_canonical_zones() -> None:
    assert len(TIMEZONE_EXAMPLES) >= 3
    assert {"Europe/Berlin", "America/New_York", "Asia/Tokyo"} <= set(TIMEZONE_EXAMPLES)
    for name in TIMEZONE_EXAMPLES:
        assert resolve_timezone(name) == name
