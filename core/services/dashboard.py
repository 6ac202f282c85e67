"""What the trainer's dashboard shows: the roster with its flags, and an athlete's card.

Both are a constant number of queries whatever the roster's size: the weeks' numbers
of every athlete come from one aggregate query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from core import models
from core.ports import UnitOfWork
from core.services.access import coached_athlete, require_trainer_or_admin
from core.services.plans import athlete_timezone
from core.services.trainers import coached_athletes
from core.weeks import current_week_start, local_now

RECENT_LOGS = 10
AVERAGE_WEEKS = 4
LONG_WEEKS = 12
BEHIND_POINTS = 20
THURSDAY = 3
IDLE_DAYS = 4


class Flag(StrEnum):
    BEHIND = "behind"  # this week 20 points or more below the 4-week average
    IDLE = "idle"  # nothing ticked in the last 4 days although workouts were planned on them
    UNREACHABLE = "unreachable"  # blocked the bot
    NO_NEXT_PLAN = "no_next_plan"  # from Thursday: nothing planned for next week


@dataclass(frozen=True)
class Completion:
    completed: int
    total: int

    @property
    def percentage(self) -> int | None:
        return round(self.completed * 100 / self.total) if self.total else None


@dataclass(frozen=True)
class RosterEntry:
    athlete: models.Athlete
    week: models.PlanStats | None  # this week, in the athlete's timezone
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class AthleteCard:
    athlete: models.Athlete
    local_time: datetime
    plan: models.Plan | None  # this week's
    recent_logs: tuple[tuple[models.CompletionLog, models.Exercise], ...]
    this_week: Completion
    last_4_weeks: Completion
    last_12_weeks: Completion
    flags: tuple[Flag, ...]


def _completion(stats: list[models.PlanStats]) -> Completion:
    return Completion(
        completed=sum(s.completed_workouts for s in stats),
        total=sum(s.total_workouts for s in stats),
    )


def idle(plans: list[models.Plan], today: date, timezone: str) -> bool:
    """Workouts were planned on the 4 days before today, and nothing was ticked since."""
    window_start = today - timedelta(days=IDLE_DAYS)
    workouts = [
        (p.week_start + timedelta(days=w.day_of_week), w) for p in plans for w in p.workouts
    ]
    planned = any(window_start <= day < today for day, _ in workouts)
    ticked = any(
        w.completed_at is not None and local_now(w.completed_at, timezone).date() >= window_start
        for _, w in workouts
    )
    return planned and not ticked


def _flags(
    athlete: models.Athlete,
    by_week: dict[date, models.PlanStats],
    this_monday: date,
    local: datetime,
    is_idle: bool = False,
) -> tuple[Flag, ...]:
    flags: list[Flag] = []
    this_week = by_week.get(this_monday)
    earlier = [
        by_week[w]
        for w in (this_monday - timedelta(weeks=n) for n in range(1, AVERAGE_WEEKS + 1))
        if w in by_week
    ]
    average = _completion(earlier).percentage
    behind = average is not None and this_week is not None
    if behind and this_week.completion_percentage <= average - BEHIND_POINTS:
        flags.append(Flag.BEHIND)
    if is_idle:
        flags.append(Flag.IDLE)
    if not athlete.reachable:
        flags.append(Flag.UNREACHABLE)
    if local.weekday() >= THURSDAY and this_monday + timedelta(weeks=1) not in by_week:
        flags.append(Flag.NO_NEXT_PLAN)
    return tuple(flags)


def _weeks_around(this_monday: date, back: int) -> list[date]:
    return [this_monday + timedelta(weeks=n) for n in range(-back, 2)]


async def roster(
    uow: UnitOfWork, actor: models.Actor, now: datetime, *, default_tz: str = "UTC"
) -> list[RosterEntry]:
    """The actor's athletes with this week and their flags, flagged ones first."""
    require_trainer_or_admin(actor)
    athletes = await coached_athletes(uow, actor)
    mondays = {a.id: current_week_start(now, athlete_timezone(a, default_tz)) for a in athletes}
    pairs = [(a.id, w) for a in athletes for w in _weeks_around(mondays[a.id], AVERAGE_WEEKS)]
    recent = [(a.id, w) for a in athletes for w in (mondays[a.id], mondays[a.id] - timedelta(7))]
    async with uow:
        stats = await uow.plans.stats_for_weeks(pairs) if pairs else []
        recent_plans = await uow.plans.for_weeks(recent) if recent else []
    plans_of: dict[int, list[models.Plan]] = {}
    for plan in recent_plans:
        plans_of.setdefault(plan.athlete_id, []).append(plan)
    weeks: dict[int, dict[date, models.PlanStats]] = {}
    for s in stats:
        weeks.setdefault(s.athlete_id, {})[s.week_start] = s
    entries = []
    for a in athletes:
        by_week = weeks.get(a.id, {})
        timezone = athlete_timezone(a, default_tz)
        local = local_now(now, timezone)
        is_idle = idle(plans_of.get(a.id, []), local.date(), timezone)
        entries.append(
            RosterEntry(
                athlete=a,
                week=by_week.get(mondays[a.id]),
                flags=_flags(a, by_week, mondays[a.id], local, is_idle),
            )
        )
    entries.sort(key=lambda e: (not e.flags, e.athlete.name.casefold(), e.athlete.id))
    return entries


async def athlete_card(
    uow: UnitOfWork,
    actor: models.Actor,
    athlete_id: int,
    now: datetime,
    *,
    default_tz: str = "UTC",
) -> AthleteCard:
    async with uow:
        athlete = await coached_athlete(uow, actor, athlete_id)
        timezone = athlete_timezone(athlete, default_tz)
        this_monday = current_week_start(now, timezone)
        plan = await uow.plans.get_for_week(athlete.id, this_monday)
        previous = await uow.plans.get_for_week(athlete.id, this_monday - timedelta(days=7))
        pairs = [(athlete.id, w) for w in _weeks_around(this_monday, LONG_WEEKS)]
        stats = await uow.plans.stats_for_weeks(pairs)
        logs = await uow.logs.recent_for_athlete(athlete.id, RECENT_LOGS)
    by_week = {s.week_start: s for s in stats}
    local = local_now(now, timezone)

    def last(weeks: int) -> Completion:
        mondays = {this_monday - timedelta(weeks=n) for n in range(weeks)}
        return _completion([s for w, s in by_week.items() if w in mondays])

    return AthleteCard(
        athlete=athlete,
        local_time=local,
        plan=plan,
        recent_logs=tuple(logs),
        this_week=last(1),
        last_4_weeks=last(AVERAGE_WEEKS),
        last_12_weeks=last(LONG_WEEKS),
        flags=_flags(
            athlete,
            by_week,
            this_monday,
            local,
            idle([p for p in (plan, previous) if p is not None], local.date(), timezone),
        ),
    )
