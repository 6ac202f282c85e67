"""Progress an athlete can see: records, and the numbers behind the charts.

Everything here is read-only and checked against the database: the athlete
themselves, their trainer, or an admin; nobody else's data is ever returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from core import errors, models
from core.measures import epley, pace_of
from core.ports import UnitOfWork
from core.records import Record, listing, sets_of
from core.services.access import require_trainer_or_admin, visible_athlete
from core.services.plans import athlete_timezone
from core.weeks import current_week_start

MAX_WEEKS_CHARTED = 52


@dataclass(frozen=True)
class RecordsView:
    athlete: models.Athlete
    records: tuple[Record, ...]


@dataclass(frozen=True)
class ExerciseChoice:
    name: str
    logs: int
    last_log_id: int


@dataclass(frozen=True)
class StrengthPoint:
    """One log of a loaded exercise: its heaviest set and its best e1RM, in kg."""

    day: date
    top_load_kg: float
    e1rm_kg: float


@dataclass(frozen=True)
class RunPoint:
    """One log of a distance exercise: the longest set and its pace, when timed."""

    day: date
    distance_m: int
    pace_s_per_km: float | None


@dataclass(frozen=True)
class ExerciseSeries:
    athlete: models.Athlete
    name: str
    strength: tuple[StrengthPoint, ...]
    runs: tuple[RunPoint, ...]
    last_log_id: int  # the chart's cache key: a new log changes it

    @property
    def is_empty(self) -> bool:
        return not self.strength and not self.runs


@dataclass(frozen=True)
class WeekPoint:
    week_start: date
    week_number: int
    completed: int
    total: int
    percentage: int


@dataclass(frozen=True)
class CompletionSeries:
    athlete: models.Athlete
    weeks: tuple[WeekPoint, ...]  # oldest first

    @property
    def cache_key(self) -> tuple:
        return tuple((w.week_start, w.completed, w.total) for w in self.weeks)


@dataclass(frozen=True)
class RosterLine:
    athlete: models.Athlete
    week: WeekPoint | None  # None: no plan this week


async def records(
    uow: UnitOfWork, actor: models.Actor, athlete_id: int | None = None
) -> RecordsView:
    async with uow:
        athlete = await visible_athlete(uow, actor, athlete_id)
        logs = await uow.logs.for_athlete(athlete.id)
    return RecordsView(athlete=athlete, records=tuple(listing(logs)))


async def exercise_choices(
    uow: UnitOfWork, actor: models.Actor, athlete_id: int | None = None
) -> tuple[models.Athlete, tuple[ExerciseChoice, ...]]:
    """The exercises the athlete logged, most logged first (then by name)."""
    async with uow:
        athlete = await visible_athlete(uow, actor, athlete_id)
        counts = await uow.logs.exercise_counts(athlete.id)
    ordered = sorted(counts, key=lambda item: (-item[1], item[0].casefold()))
    return athlete, tuple(ExerciseChoice(name, logs, last) for name, logs, last in ordered)


def series_of(
    athlete: models.Athlete, name: str, logs: list[models.ExerciseLog], timezone: str = "UTC"
) -> ExerciseSeries:
    """The chart's data points, one per log, dated in ``timezone`` (the athlete's)."""
    zone = ZoneInfo(timezone)
    strength = []
    runs = []
    for item in logs:
        log = item.log
        day = log.logged_at.astimezone(zone).date()
        sets = [(reps, kg) for reps, kg in sets_of(log) if kg > 0]
        if sets:
            strength.append(
                StrengthPoint(
                    day=day,
                    top_load_kg=max(kg for _, kg in sets),
                    e1rm_kg=max(epley(kg, reps) for reps, kg in sets),
                )
            )
        if log.distance_m:
            runs.append(
                RunPoint(
                    day=day,
                    distance_m=log.distance_m,
                    pace_s_per_km=pace_of(log.distance_m, log.duration_seconds),
                )
            )
    return ExerciseSeries(
        athlete=athlete,
        name=name,
        strength=tuple(strength),
        runs=tuple(runs),
        last_log_id=logs[-1].log.id if logs else 0,
    )


async def series_for_log(
    uow: UnitOfWork, actor: models.Actor, log_id: int, *, default_tz: str = "UTC"
) -> ExerciseSeries:
    """The series of the exercise a log belongs to (a chart button carries a log id)."""
    async with uow:
        found = await uow.logs.get_with_name(log_id)
        if found is None:
            raise errors.ExerciseNotFound(log_id)
        athlete = await visible_athlete(uow, actor, found.log.athlete_id)
        logs = await uow.logs.for_athlete(athlete.id, name=found.exercise_name)
    timezone = athlete_timezone(athlete, default_tz)
    return series_of(athlete, logs[-1].exercise_name, logs, timezone)


@dataclass(frozen=True)
class ExerciseHistory:
    athlete: models.Athlete
    name: str
    logs: tuple[models.CompletionLog, ...]  # newest first


async def exercise_history_for_log(
    uow: UnitOfWork, actor: models.Actor, log_id: int, limit: int = 10
) -> ExerciseHistory:
    """The last logs of the exercise a log belongs to, by name across weeks."""
    async with uow:
        found = await uow.logs.get_with_name(log_id)
        if found is None:
            raise errors.ExerciseNotFound(log_id)
        athlete = await visible_athlete(uow, actor, found.log.athlete_id)
        logs = await uow.logs.recent_for_exercise_name(athlete.id, found.exercise_name, limit)
    return ExerciseHistory(athlete=athlete, name=found.exercise_name, logs=tuple(logs))


async def exercise_series(
    uow: UnitOfWork,
    actor: models.Actor,
    name: str,
    athlete_id: int | None = None,
    *,
    default_tz: str = "UTC",
) -> ExerciseSeries:
    async with uow:
        athlete = await visible_athlete(uow, actor, athlete_id)
        logs = await uow.logs.for_athlete(athlete.id, name=name)
    if not logs:
        raise errors.ExerciseNotFound(name)
    timezone = athlete_timezone(athlete, default_tz)
    return series_of(athlete, logs[-1].exercise_name, logs, timezone)


async def completion_series(
    uow: UnitOfWork,
    actor: models.Actor,
    now: datetime,
    athlete_id: int | None = None,
    *,
    default_tz: str = "UTC",
) -> CompletionSeries:
    """Every planned week up to this one (the last year at most), oldest first."""
    async with uow:
        athlete = await visible_athlete(uow, actor, athlete_id)
        this_week = current_week_start(now, athlete_timezone(athlete, default_tz))
        weeks, _ = await uow.plans.history(
            athlete.id, limit=MAX_WEEKS_CHARTED, offset=0, up_to=this_week
        )
    return CompletionSeries(athlete=athlete, weeks=tuple(_week_point(w) for w in reversed(weeks)))


async def roster_completion(
    uow: UnitOfWork, actor: models.Actor, now: datetime, *, default_tz: str = "UTC"
) -> tuple[RosterLine, ...]:
    """This week's completion of each of the trainer's athletes (everyone, for an admin)."""
    require_trainer_or_admin(actor)
    async with uow:
        if actor.trainer is not None:
            athletes = await uow.athletes.list_for_trainer(actor.trainer.id)
        else:
            athletes = await uow.athletes.list_all()
        weeks = {a.id: current_week_start(now, athlete_timezone(a, default_tz)) for a in athletes}
        stats = await uow.plans.stats_for_weeks(weeks.items())
    by_athlete = {s.athlete_id: s for s in stats}
    return tuple(
        RosterLine(a, _week_point(by_athlete[a.id]) if a.id in by_athlete else None)
        for a in athletes
    )


def _week_point(stats: models.PlanStats) -> WeekPoint:
    return WeekPoint(
        week_start=stats.week_start,
        week_number=stats.week_number,
        completed=stats.completed_workouts,
        total=stats.total_workouts,
        percentage=stats.completion_percentage,
    )
