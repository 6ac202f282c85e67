"""A planned week, edited in place or deleted by the athlete's trainer.

Editing keeps every started workout (done or logged) with its completion and logs,
keeps unchanged untouched workouts as the same rows (their buttons keep working)
and replaces the rest. Deleting a week takes everything under it (product.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core import errors, models
from core.measures import LoadUnit
from core.plan_edit import Change, ExistingWorkout, PlanEdit, marked_text, read_edit
from core.ports import UnitOfWork
from core.services.access import coached_athlete
from core.services.plans import PLANNABLE_WEEKS, athlete_timezone, spec_of
from core.weeks import current_week_start


@dataclass(frozen=True)
class EditedWeek:
    plan: models.Plan  # as it stands now
    athlete: models.Athlete
    changes: tuple[Change, ...]  # what changed, line by line (plan_edit.plan_changes)


@dataclass(frozen=True)
class DeletedWeek:
    athlete: models.Athlete
    week_start: date
    started: int  # workouts that were done or logged, gone with it


@dataclass(frozen=True)
class PlannableWeeks:
    athlete: models.Athlete
    mondays: tuple[date, ...]
    planned: frozenset[date]  # those of the mondays that have a plan


async def plannable_weeks(
    uow: UnitOfWork,
    actor: models.Actor,
    athlete_id: int,
    now: datetime,
    *,
    default_tz: str = "UTC",
) -> PlannableWeeks:
    """The weeks a trainer can plan for the athlete, and which of them have a plan."""
    async with uow:
        athlete = await coached_athlete(uow, actor, athlete_id)
        this_monday = current_week_start(now, athlete_timezone(athlete, default_tz))
        mondays = tuple(date.fromordinal(this_monday.toordinal() + 7 * n) for n in range(4))
        assert len(mondays) == PLANNABLE_WEEKS
        planned = await uow.plan_edits.planned_weeks(athlete.id, mondays)
    return PlannableWeeks(athlete=athlete, mondays=mondays, planned=frozenset(planned))


async def edit_text(uow: UnitOfWork, actor: models.Actor, plan_id: int) -> str:
    """The week as plan text to edit, started workouts marked ✓."""
    async with uow:
        plan, _ = await _own_plan(uow, actor, plan_id)
        return marked_text(await _existing(uow, plan))


async def check_edit(
    uow: UnitOfWork, actor: models.Actor, plan_id: int, text: str, *, unit: LoadUnit
) -> PlanEdit:
    """The edit the text would make (for the preview); PlanTextError when it can't."""
    async with uow:
        plan, _ = await _own_plan(uow, actor, plan_id)
        return read_edit(text, await _existing(uow, plan), unit=unit)


async def publish_edit(
    uow: UnitOfWork,
    actor: models.Actor,
    plan_id: int,
    text: str,
    *,
    unit: LoadUnit,
    now: datetime,
) -> EditedWeek:
    """Rewrite the week from the edited text, checked again against the week as it is
    now (a workout ticked since the preview must come back unchanged too)."""
    async with uow:
        plan, athlete = await _own_plan(uow, actor, plan_id)  # before locking anything
        await uow.plans.lock(plan.id)  # no Done or log slips in while the week is rewritten
        # Read again under the lock: a Done or another edit may have committed since.
        plan = await uow.plans.get(plan.id)
        if plan is None:
            raise errors.PlanNotFound(plan_id)
        edit = read_edit(text, await _existing(uow, plan), unit=unit)
        await uow.plan_edits.rewrite(plan.id, edit.workouts, edit.kept, edit.removed, now)
        updated = await uow.plans.get(plan.id)
        assert updated is not None
        await uow.commit()
    return EditedWeek(plan=updated, athlete=athlete, changes=edit.changes)


async def week_activity(uow: UnitOfWork, actor: models.Actor, plan_id: int) -> int:
    """How many of the week's workouts are done or logged (for the delete confirmation)."""
    async with uow:
        plan, _ = await _own_plan(uow, actor, plan_id)
        return len(await uow.plan_edits.started_workout_ids(plan.id))


async def delete_week(uow: UnitOfWork, actor: models.Actor, plan_id: int) -> DeletedWeek:
    """Delete the week with its workouts, exercises, videos, logs and summary."""
    async with uow:
        plan, athlete = await _own_plan(uow, actor, plan_id)  # before locking anything
        await uow.plans.lock(plan.id)
        started = len(await uow.plan_edits.started_workout_ids(plan.id))
        await uow.plans.delete(plan.id)
        await uow.commit()
    return DeletedWeek(athlete=athlete, week_start=plan.week_start, started=started)


async def _own_plan(
    uow: UnitOfWork, actor: models.Actor, plan_id: int
) -> tuple[models.Plan, models.Athlete]:
    plan = await uow.plans.get(plan_id)
    if plan is None:
        raise errors.PlanNotFound(plan_id)
    athlete = await coached_athlete(uow, actor, plan.athlete_id)
    return plan, athlete


async def _existing(uow: UnitOfWork, plan: models.Plan) -> list[ExistingWorkout]:
    started = await uow.plan_edits.started_workout_ids(plan.id)
    return [
        ExistingWorkout(id=w.id, spec=spec, started=w.id in started)
        for w, spec in zip(plan.workouts, spec_of(plan).workouts, strict=True)
    ]
