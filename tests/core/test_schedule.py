"""When scheduled messages are due: local times in three timezones, DST weeks, windows."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.models import DeliveryKind
from core.schedule import ScheduleTimes, local_moment, slots_at
from core.weeks import current_week_start

TIMES = ScheduleTimes()  # Monday 08:00, workout days 07:00, Sunday 20:00
MONDAY = date(2026, 11, 23)  # winter: Berlin is UTC+1, Los Angeles UTC-8
SUNDAY = MONDAY + timedelta(days=6)
WEDNESDAY = MONDAY + timedelta(days=2)
SECOND = timedelta(seconds=1)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def keys(now: datetime, tz: str) -> set[tuple[DeliveryKind, date]]:
    return {(s.kind, s.period) for s in slots_at(now, tz, TIMES)}


def open_keys(now: datetime, tz: str) -> set[tuple[DeliveryKind, date]]:
    return {(s.kind, s.period) for s in slots_at(now, tz, TIMES) if s.is_open(now)}


# (timezone, kind, period, the UTC moment it is due)
DUE = [
    ("UTC", DeliveryKind.WEEKLY, MONDAY, utc(2026, 11, 23, 8)),
    ("Europe/Berlin", DeliveryKind.WEEKLY, MONDAY, utc(2026, 11, 23, 7)),
    ("America/Los_Angeles", DeliveryKind.WEEKLY, MONDAY, utc(2026, 11, 23, 16)),
    ("UTC", DeliveryKind.REMINDER, WEDNESDAY, utc(2026, 11, 25, 7)),
    ("Europe/Berlin", DeliveryKind.REMINDER, WEDNESDAY, utc(2026, 11, 25, 6)),
    ("America/Los_Angeles", DeliveryKind.REMINDER, WEDNESDAY, utc(2026, 11, 25, 15)),
    ("UTC", DeliveryKind.SUMMARY, MONDAY, utc(2026, 11, 29, 20)),
    ("Europe/Berlin", DeliveryKind.SUMMARY, MONDAY, utc(2026, 11, 29, 19)),
    # 20:00 on Sunday in Los Angeles is already Monday morning in UTC.
    ("America/Los_Angeles", DeliveryKind.SUMMARY, MONDAY, utc(2026, 11, 30, 4)),
    ("UTC", DeliveryKind.DIGEST, MONDAY, utc(2026, 11, 29, 20)),
    ("Europe/Berlin", DeliveryKind.DIGEST, MONDAY, utc(2026, 11, 29, 19)),
    ("America/Los_Angeles", DeliveryKind.DIGEST, MONDAY, utc(2026, 11, 30, 4)),
]


@pytest.mark.parametrize(("tz", "kind", "period", "due"), DUE)
def test_each_kind_is_due_exactly_at_its_local_time_and_not_before(
    tz: str, kind: DeliveryKind, period: date, due: datetime
) -> None:
    assert (kind, period) not in keys(due - SECOND, tz)
    assert (kind, period) in open_keys(due, tz)
    (slot,) = [s for s in slots_at(due, tz, TIMES) if (s.kind, s.period) == (kind, period)]
    assert slot.due_at == due


def test_configured_times_move_every_kind() -> None:
    times = ScheduleTimes(weekly_message=time(6, 30), reminder=time(5, 45), summary=time(18, 0))
    at = {(s.kind, s.period): s.due_at for s in slots_at(utc(2026, 11, 30, 12), "UTC", times)}
    assert at[DeliveryKind.WEEKLY, date(2026, 11, 30)] == utc(2026, 11, 30, 6, 30)
    assert at[DeliveryKind.REMINDER, date(2026, 11, 30)] == utc(2026, 11, 30, 5, 45)
    assert at[DeliveryKind.SUMMARY, MONDAY] == utc(2026, 11, 29, 18)


def test_the_berlin_week_that_ends_summer_time() -> None:
    """Sunday 25 October 2026, 03:00 CEST becomes 02:00 CET: the week's times follow."""
    monday, sunday = date(2026, 10, 19), date(2026, 10, 25)
    berlin = "Europe/Berlin"
    at = {(s.kind, s.period): s for s in slots_at(utc(2026, 10, 25, 23, 30), berlin, TIMES)}
    assert at[DeliveryKind.WEEKLY, monday].due_at == utc(2026, 10, 19, 6)  # 08:00 CEST
    assert at[DeliveryKind.REMINDER, sunday].due_at == utc(2026, 10, 25, 6)  # 07:00 CET
    assert at[DeliveryKind.SUMMARY, monday].due_at == utc(2026, 10, 25, 19)  # 20:00 CET
    # The week ends at midnight CET, an hour later in UTC than it began.
    assert at[DeliveryKind.WEEKLY, monday].expires_at == utc(2026, 10, 25, 23)
    saturday = open_keys(utc(2026, 10, 24, 5), berlin)
    assert (DeliveryKind.REMINDER, date(2026, 10, 24)) in saturday  # 07:00 CEST
    assert (DeliveryKind.SUMMARY, monday) not in keys(utc(2026, 10, 25, 18), berlin)


def test_the_berlin_week_that_starts_summer_time() -> None:
    """Sunday 29 March 2026, 02:00 CET becomes 03:00 CEST."""
    monday = date(2026, 3, 23)
    assert (DeliveryKind.WEEKLY, monday) in open_keys(utc(2026, 3, 23, 7), "Europe/Berlin")
    assert (DeliveryKind.SUMMARY, monday) not in keys(
        utc(2026, 3, 29, 18) - SECOND, "Europe/Berlin"
    )
    assert (DeliveryKind.SUMMARY, monday) in open_keys(utc(2026, 3, 29, 18), "Europe/Berlin")


def test_a_wall_time_skipped_by_the_clock_change_still_happens() -> None:
    # 02:30 does not exist in Berlin on 29 March 2026; it resolves to the old offset.
    assert local_moment(date(2026, 3, 29), time(2, 30), "Europe/Berlin") == utc(2026, 3, 29, 1, 30)


def test_windows_weekly_until_the_week_ends_summary_until_tuesday_reminder_its_day() -> None:
    tz = "UTC"
    last_moment_of_week = utc(2026, 11, 30) - SECOND
    assert (DeliveryKind.WEEKLY, MONDAY) in open_keys(last_moment_of_week, tz)
    assert (DeliveryKind.WEEKLY, MONDAY) in keys(utc(2026, 11, 30), tz)  # now expired
    assert (DeliveryKind.WEEKLY, MONDAY) not in open_keys(utc(2026, 11, 30), tz)

    for kind in (DeliveryKind.SUMMARY, DeliveryKind.DIGEST):
        assert (kind, MONDAY) in open_keys(utc(2026, 12, 1) - SECOND, tz)  # Monday night
        assert (kind, MONDAY) in keys(utc(2026, 12, 1), tz)  # Tuesday: expired
        assert (kind, MONDAY) not in open_keys(utc(2026, 12, 1), tz)

    assert (DeliveryKind.REMINDER, WEDNESDAY) in open_keys(utc(2026, 11, 26) - SECOND, tz)
    assert (DeliveryKind.REMINDER, WEDNESDAY) not in open_keys(utc(2026, 11, 26), tz)
    # Two days later it is not even looked at: only the previous period is.
    assert (DeliveryKind.REMINDER, WEDNESDAY) not in keys(utc(2026, 11, 27, 12), tz)


def test_a_quiet_wednesday_afternoon_has_only_the_weeks_message_open() -> None:
    now = utc(2026, 11, 25, 12)
    assert open_keys(now, "UTC") == {
        (DeliveryKind.WEEKLY, MONDAY),
        (DeliveryKind.REMINDER, WEDNESDAY),
    }


ZONES = st.sampled_from(
    ["UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Chatham"]
)
MOMENTS = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


@given(now=MOMENTS, tz=ZONES)
def test_every_slot_is_due_by_now_and_weekly_periods_are_mondays(now: datetime, tz: str) -> None:
    slots = slots_at(now, tz, TIMES)
    zone = ZoneInfo(tz)
    # (local day of the due time after the period's start, local time, days to the end)
    rules = {
        DeliveryKind.WEEKLY: (0, TIMES.weekly_message, 7),
        DeliveryKind.REMINDER: (0, TIMES.reminder, 1),
        DeliveryKind.SUMMARY: (6, TIMES.summary, 8),
        DeliveryKind.DIGEST: (6, TIMES.summary, 8),
        DeliveryKind.ATTENTION: (3, TIMES.attention, 7),
    }
    for slot in slots:
        assert slot.due_at <= now
        assert slot.is_open(now) != slot.is_expired(now)
        if slot.kind is not DeliveryKind.REMINDER:
            assert slot.period.weekday() == 0
        offset, at, length = rules[slot.kind]
        due, ends = slot.due_at.astimezone(zone), slot.expires_at.astimezone(zone)
        # Due at the configured wall time on the period's own local day ...
        assert (due.date(), due.time()) == (slot.period + timedelta(days=offset), at)
        # ... and sent until the documented local midnight.
        assert (ends.date(), ends.time()) == (slot.period + timedelta(days=length), time(0))
    for kind in DeliveryKind:
        assert len([s for s in slots if s.kind is kind]) <= 2
    # The week's message is open from Monday 08:00 local to the week's end, always.
    assert any(s.kind is DeliveryKind.WEEKLY and s.is_open(now) for s in slots) == (
        local_moment(current_week_start(now, tz), TIMES.weekly_message, tz) <= now
    )
