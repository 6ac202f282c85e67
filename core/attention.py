"""Needs attention: the flags on a trainer's roster and an athlete's card, as pure rules.

The definitions (README, "Needs attention"):

- ⚠️ ``BEHIND``: this week's completion so far is 20 points or more below the 4-week
  average. *This week so far* is the workouts done out of those planned on the days up
  to and including today (the athlete's time; a workout done ahead of its day counts,
  capped at 100%), so that a Monday is not "behind" for workouts due on Friday; no
  workout due yet, no flag. The *4-week average* pools the four calendar weeks before
  this one: completed workouts / planned workouts over those of them that had a plan
  with workouts. Weeks without a plan don't count (they are not 0%); none at all, no
  average, no flag.
- 💤 ``IDLE``: nothing ticked in the last 4 days (the 4 days before today, and today so
  far) although at least one workout was planned on those 4 days.
- 📵 ``UNREACHABLE``: the athlete blocked the bot.
- 📭 ``NO_NEXT_PLAN``: from Thursday (the athlete's time) there is no plan for next week.
- 📝 ``NO_CHECKIN``: no answered check-in for last week, although last week had a plan
  (the check-in is asked after a planned week's Sunday summary). The input is ``None``
  when it doesn't apply (no plan last week): no flag.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from core import models
from core.weeks import local_now

AVERAGE_WEEKS = 4
LONG_WEEKS = 12
BEHIND_POINTS = 20
THURSDAY = 3
IDLE_DAYS = 4


class Flag(StrEnum):
    BEHIND = "behind"
    IDLE = "idle"
    UNREACHABLE = "unreachable"
    NO_NEXT_PLAN = "no_next_plan"
    NO_CHECKIN = "no_check_in"


@dataclass(frozen=True)
class Completion:
    completed: int
    total: int

    @property
    def percentage(self) -> int | None:
        return round(self.completed * 100 / self.total) if self.total else None


def pooled(stats: Iterable[models.PlanStats]) -> Completion:
    found = list(stats)
    return Completion(
        completed=sum(s.completed_workouts for s in found),
        total=sum(s.total_workouts for s in found),
    )


def four_week_average(by_week: Mapping[date, models.PlanStats], this_monday: date) -> int | None:
    """The pooled completion of the 4 weeks before ``this_monday`` that had a plan."""
    earlier = (by_week.get(this_monday - timedelta(weeks=n)) for n in range(1, AVERAGE_WEEKS + 1))
    return pooled(s for s in earlier if s is not None).percentage


@dataclass(frozen=True)
class PlannedWorkout:
    """What the rules need of a workout: its date and whether (and when) it was done."""

    athlete_id: int
    day: date  # the plan's Monday plus the workout's day of the week
    completed: bool
    completed_at: datetime | None


def so_far(this_week: Sequence[PlannedWorkout], today: date) -> int | None:
    """This week's completion up to today: done out of those due by today (capped)."""
    due = sum(1 for w in this_week if w.day <= today)
    if not due:
        return None
    done = sum(1 for w in this_week if w.completed)
    return round(min(done, due) * 100 / due)


def behind(this_week: int | None, average: int | None) -> bool:
    """20 points or more below the average (19 is not)."""
    return this_week is not None and average is not None and average - this_week >= BEHIND_POINTS


def idle(recent: Iterable[PlannedWorkout], today: date, timezone: str) -> bool:
    """Workouts were planned on the 4 days before today, and nothing was ticked since.

    ``recent``: this week's and last week's workouts (the 4 days can reach back into
    last week)."""
    window_start = today - timedelta(days=IDLE_DAYS)
    workouts = list(recent)
    planned = any(window_start <= w.day < today for w in workouts)
    ticked = any(
        w.completed_at is not None and local_now(w.completed_at, timezone).date() >= window_start
        for w in workouts
    )
    return planned and not ticked


def no_next_plan(local: datetime, has_next_plan: bool, *, any_day: bool = False) -> bool:
    """From Thursday (``any_day``: whatever the day), nothing planned for next week."""
    return (any_day or local.weekday() >= THURSDAY) and not has_next_plan


def no_checkin(has_checkin_last_week: bool | None) -> bool:
    """Unknown (``None``) is no flag."""
    return has_checkin_last_week is False


def flags(
    athlete: models.Athlete,
    *,
    by_week: Mapping[date, models.PlanStats],
    recent: Sequence[PlannedWorkout],
    this_monday: date,
    local: datetime,
    timezone: str,
    has_checkin_last_week: bool | None = None,
    next_week_any_day: bool = False,
    next_week_from_program: bool = False,
) -> tuple[Flag, ...]:
    """Every flag of one athlete, in a fixed order. ``next_week_from_program``: their
    program makes next week on Friday, so it counts as planned."""
    today = local.date()
    found: list[Flag] = []
    this_week = [w for w in recent if w.day >= this_monday]
    if behind(so_far(this_week, today), four_week_average(by_week, this_monday)):
        found.append(Flag.BEHIND)
    if idle(recent, today, timezone):
        found.append(Flag.IDLE)
    if not athlete.reachable:
        found.append(Flag.UNREACHABLE)
    has_next = this_monday + timedelta(weeks=1) in by_week or next_week_from_program
    if no_next_plan(local, has_next, any_day=next_week_any_day):
        found.append(Flag.NO_NEXT_PLAN)
    if no_checkin(has_checkin_last_week):
        found.append(Flag.NO_CHECKIN)
    return tuple(found)
