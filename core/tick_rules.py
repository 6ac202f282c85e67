"""Which weeks' workouts can be ticked (or unticked) at a moment, where the athlete lives.

Athletes move days, so any workout of the current week can be ticked; last week's
stays open over the Monday and Tuesday after it ends (a Sunday workout ticked on
Monday morning); a week that has not started opens on its Monday.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from core.errors import WeekClosed, WeekNotOpenYet
from core.weeks import local_today, week_start_of

# The previous week stays open through this many days of the next one (Mon, Tue).
GRACE_DAYS = 2


def is_previous_week(week_start: date, now: datetime, tz: str) -> bool:
    return week_start == week_start_of(local_today(now, tz)) - timedelta(days=7)


def check_tickable(week_start: date, now: datetime, tz: str) -> None:
    """Raise WeekNotOpenYet or WeekClosed unless the week's workouts can be ticked now."""
    today = local_today(now, tz)
    this_week = week_start_of(today)
    if week_start > this_week:
        raise WeekNotOpenYet(week_start, opens_on=week_start)
    if week_start == this_week:
        return
    if week_start == this_week - timedelta(days=7) and (today - this_week).days < GRACE_DAYS:
        return
    raise WeekClosed(week_start, opens_on=None)


def summary_may_be_stored(week_start: date, now: datetime, tz: str) -> bool:
    """Whether the week's summary may have been stored (and so needs refreshing after a
    tick): last week's always; this week's from its Sunday, when the summary goes out."""
    today = local_today(now, tz)
    this_week = week_start_of(today)
    return week_start == this_week - timedelta(days=7) or (
        week_start == this_week and today.weekday() == 6
    )
