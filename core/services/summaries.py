"""Weekly summaries: the numbers of a week and the feedback that fits them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from core import errors, models
from core.ports import UnitOfWork
from core.services.access import viewable_plan, visible_athlete
from core.services.plans import athlete_timezone
from core.summary_rules import feedback, feedback_so_far
from core.weeks import current_week_start


def summarize(
    stats: models.PlanStats, now: datetime, *, in_progress: bool = False
) -> models.WeeklySummary:
    """The summary of a week from its aggregated numbers (pure; nothing stored).

    ``in_progress``: the week is not over, so the feedback speaks of what is left.
    """
    percentage = stats.completion_percentage
    rule = feedback_so_far if in_progress else feedback
    return models.WeeklySummary(
        plan_id=stats.plan_id,
        athlete_id=stats.athlete_id,
        week_start=stats.week_start,
        week_number=stats.week_number,
        total_workouts=stats.total_workouts,
        completed_workouts=stats.completed_workouts,
        total_exercises=stats.total_exercises,
        completion_percentage=percentage,
        planned_minutes=stats.planned_minutes,
        completed_minutes=stats.completed_minutes,
        trainer_feedback=rule(percentage, stats.completed_workouts, stats.total_workouts),
        generated_at=now,
    )


async def generate_summary(
    uow: UnitOfWork, actor: models.Actor, plan_id: int, now: datetime
) -> models.WeeklySummary:
    """Compute and store (or refresh) a plan's summary."""
    async with uow:
        await viewable_plan(uow, actor, plan_id)
        summary = await _store_summaries(uow, [plan_id], now)
        await uow.commit()
    return summary[0]


async def summaries_for_plans(
    uow: UnitOfWork, plan_ids: Iterable[int], now: datetime
) -> list[models.WeeklySummary]:
    """Many plans' summaries in a constant number of queries, without storing them."""
    async with uow:
        stats = await uow.plans.stats_for_plans(plan_ids)
    return [summarize(s, now) for s in stats]


@dataclass(frozen=True)
class AthleteWeek:
    athlete: models.Athlete
    summary: models.WeeklySummary | None  # None: no plan this week


async def current_summary(
    uow: UnitOfWork,
    actor: models.Actor,
    now: datetime,
    *,
    athlete_id: int | None = None,
    default_tz: str = "UTC",
) -> AthleteWeek:
    """This week's summary so far for the actor, or for an athlete they coach."""
    async with uow:
        athlete = await visible_athlete(uow, actor, athlete_id)
        week_start = current_week_start(now, athlete_timezone(athlete, default_tz))
        stats = await uow.plans.stats_for_weeks([(athlete.id, week_start)])
    summary = summarize(stats[0], now, in_progress=True) if stats else None
    return AthleteWeek(athlete=athlete, summary=summary)


async def _store_summaries(
    uow: UnitOfWork, plan_ids: list[int], now: datetime
) -> list[models.WeeklySummary]:
    stats = await uow.plans.stats_for_plans(plan_ids)
    if len(stats) != len(set(plan_ids)):
        missing = set(plan_ids) - {s.plan_id for s in stats}
        raise errors.PlanNotFound(min(missing))
    return [await uow.summaries.save(summarize(s, now)) for s in stats]
