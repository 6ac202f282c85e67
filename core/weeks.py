"""Calendar weeks in the athlete's timezone, and the week-number rule.

A plan's week is Monday..Sunday where the athlete lives, so "this week" depends on
their timezone, not the server's. ``now`` is always passed in: nothing here reads
the wall clock.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from core.errors import UnknownTimezone, WeekBeforeFirstPlan

TIMEZONE_EXAMPLES = (
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
)

# Names in the tz database that are not places: "localtime" follows the server's
# own setting and "Factory" is a placeholder.
_NOT_TIMEZONES = frozenset({"localtime", "Factory", "posixrules"})
_MAX_NAME_CHARS = 64


@cache
def _timezones_by_folded_name() -> dict[str, str]:
    return {
        name.casefold(): name
        for name in zoneinfo.available_timezones()
        if name not in _NOT_TIMEZONES
    }


def resolve_timezone(name: str) -> str:
    """The canonical IANA spelling of ``name`` ("europe/berlin" -> "Europe/Berlin").

    Spaces are read as underscores so "America/New York" works too. Anything that is
    not a known zone raises UnknownTimezone, whatever the input looks like.
    """
    candidate = name.strip().replace(" ", "_")
    if not candidate or len(candidate) > _MAX_NAME_CHARS:
        raise UnknownTimezone(name)
    canonical = _timezones_by_folded_name().get(candidate.casefold())
    if canonical is None:
        raise UnknownTimezone(name)
    return canonical


def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(resolve_timezone(tz))


def local_now(now: datetime, tz: str) -> datetime:
    """``now`` seen from ``tz``; a naive ``now`` is refused because its instant is unknown."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(_zone(tz))


def local_today(now: datetime, tz: str) -> date:
    """The calendar date in ``tz`` at the instant ``now``."""
    return local_now(now, tz).date()


def week_start_of(d: date) -> date:
    """The Monday of ``d``'s week."""
    return d - timedelta(days=d.weekday())


def week_end_of(week_start: date) -> date:
    """The Sunday that ends the week starting on ``week_start``."""
    _require_monday(week_start, "week_start")
    return week_start + timedelta(days=6)


def current_week_start(now: datetime, tz: str) -> date:
    """The Monday of the week ``now`` falls in, where the athlete lives."""
    return week_start_of(local_today(now, tz))


def week_number(first_week_start: date | None, week_start: date) -> int:
    """The plan's week in the athlete's program, counting gap weeks.

    ``first_week_start`` is the Monday of the athlete's first plan, or None when
    this will be their first plan (which is then week 1).
    """
    _require_monday(week_start, "week_start")
    if first_week_start is None:
        return 1
    _require_monday(first_week_start, "first_week_start")
    weeks = (week_start - first_week_start).days // 7
    if weeks < 0:
        raise WeekBeforeFirstPlan(
            f"the week of {week_start.isoformat()} is before week 1 "
            f"({first_week_start.isoformat()})"
        )
    return weeks + 1


def _require_monday(d: date, what: str) -> None:
    if d.weekday() != 0:
        raise ValueError(f"{what} must be a Monday, got {d.isoformat()} ({d:%A})")
