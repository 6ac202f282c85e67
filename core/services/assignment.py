"""Trainer assignment: who oversees a plan, and an athlete's current and future plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core import errors, models
from core.ports import UnitOfWork
from core.services.access import coached_athlete, require_trainer_or_admin
from core.services.plans import athlete_timezone
from core.services.roles import ensure_not_own_trainer
from core.weeks import current_week_start


@dataclass(frozen=True)
class Assignment:
    athlete: models.Athlete
    trainer: models.Trainer
    previous_trainer: models.Trainer | None
    plans_updated: int


async def assignable_athletes(uow: UnitOfWork, actor: models.Actor) -> list[models.Athlete]:
    """Admins may reassign anyone; a trainer hands over their own athletes."""
    require_trainer_or_admin(actor)
    async with uow:
        if actor.is_admin:
            return await uow.athletes.list_all()
        assert actor.trainer is not None
        return await uow.athletes.list_for_trainer(actor.trainer.id)


async def assignable_athlete(
    uow: UnitOfWork, actor: models.Actor, athlete_id: int
) -> models.Athlete:
    """One athlete the actor may reassign (see ``assignable_athletes``)."""
    require_trainer_or_admin(actor)
    async with uow:
        return await coached_athlete(uow, actor, athlete_id)


async def assignable_trainers(
    uow: UnitOfWork, actor: models.Actor, athlete_id: int
) -> tuple[models.Athlete, list[models.Trainer]]:
    """The athlete (checked again) and the trainers they may go to: anyone but themselves."""
    require_trainer_or_admin(actor)
    async with uow:
        athlete = await coached_athlete(uow, actor, athlete_id)
        options = [t for t in await uow.trainers.list() if t.athlete_id != athlete.id]
    return athlete, options


@dataclass(frozen=True)
class ProposedAssignment:
    athlete: models.Athlete
    trainer: models.Trainer
    previous_trainer: models.Trainer | None


async def propose_assignment(
    uow: UnitOfWork, actor: models.Actor, *, athlete_id: int, trainer_id: int
) -> ProposedAssignment:
    """What the confirmation asks about, checked as ``assign_trainer`` will check it."""
    async with uow:
        athlete, trainer = await _checked(uow, actor, athlete_id, trainer_id)
        previous = await uow.trainers.get(athlete.trainer_id) if athlete.trainer_id else None
    return ProposedAssignment(athlete=athlete, trainer=trainer, previous_trainer=previous)


async def _checked(
    uow: UnitOfWork, actor: models.Actor, athlete_id: int, trainer_id: int
) -> tuple[models.Athlete, models.Trainer]:
    athlete = await coached_athlete(uow, actor, athlete_id)
    trainer = await uow.trainers.get(trainer_id)
    if trainer is None:
        raise errors.TrainerNotFound(trainer_id)
    ensure_not_own_trainer(athlete.id, trainer)
    return athlete, trainer


async def assign_trainer(
    uow: UnitOfWork,
    actor: models.Actor,
    *,
    athlete_id: int,
    trainer_id: int,
    now: datetime,
    default_tz: str = "UTC",
) -> Assignment:
    """Make ``trainer_id`` the athlete's trainer and give them the current and future plans."""
    async with uow:
        athlete, trainer = await _checked(uow, actor, athlete_id, trainer_id)
        previous = await uow.trainers.get(athlete.trainer_id) if athlete.trainer_id else None
        this_week = current_week_start(now, athlete_timezone(athlete, default_tz))
        plan_ids = await uow.plans.ids_from_week(athlete_id, this_week)
        updated = await uow.plans.assign_trainer(plan_ids, trainer_id, now)
        athlete = await uow.athletes.update(athlete_id, now=now, trainer_id=trainer_id)
        await uow.commit()
    return Assignment(
        athlete=athlete, trainer=trainer, previous_trainer=previous, plans_updated=updated
    )


async def assign_plan_trainer(
    uow: UnitOfWork, actor: models.Actor, *, plan_id: int, trainer_id: int, now: datetime
) -> models.Plan:
    """Give one plan to a trainer (``updated_at`` changes)."""
    require_trainer_or_admin(actor)
    async with uow:
        plan = await uow.plans.get(plan_id)
        if plan is None:
            raise errors.PlanNotFound(plan_id)
        await _checked(uow, actor, plan.athlete_id, trainer_id)
        await uow.plans.assign_trainer([plan_id], trainer_id, now)
        updated = await uow.plans.get(plan_id)
        assert updated is not None
        await uow.commit()
    return updated
