"""Who may act on what. Every check reads the current state from the database."""

from __future__ import annotations

from core import errors, models
from core.ports import UnitOfWork


def require_trainer(actor: models.Actor) -> models.Trainer:
    if actor.trainer is None:
        raise errors.NotATrainer()
    return actor.trainer


def require_admin(actor: models.Actor) -> None:
    if not actor.is_admin:
        raise errors.NotAnAdmin()


def require_trainer_or_admin(actor: models.Actor) -> None:
    if actor.trainer is None and not actor.is_admin:
        raise errors.NotATrainer()


def coaches(actor: models.Actor, athlete: models.Athlete) -> bool:
    """Admins coach everyone; a trainer coaches their own athletes."""
    return actor.is_admin or (actor.trainer is not None and athlete.trainer_id == actor.trainer.id)


async def coached_athlete(uow: UnitOfWork, actor: models.Actor, athlete_id: int) -> models.Athlete:
    """An athlete the actor may plan for; trainers only reach their own athletes."""
    require_trainer_or_admin(actor)
    athlete = await uow.athletes.get(athlete_id)
    if athlete is None:
        raise errors.AthleteNotFound(athlete_id)
    if not coaches(actor, athlete):
        raise errors.NotYourAthlete(athlete_id)
    return athlete


async def visible_athlete(
    uow: UnitOfWork, actor: models.Actor, athlete_id: int | None
) -> models.Athlete:
    """The actor themselves (``None``), or an athlete they coach."""
    if athlete_id is None or athlete_id == actor.athlete.id:
        return actor.athlete
    athlete = await uow.athletes.get(athlete_id)
    if athlete is None:
        raise errors.AthleteNotFound(athlete_id)
    if not coaches(actor, athlete):
        raise errors.NotYourAthlete(athlete_id)
    return athlete


def may_view_plan(actor: models.Actor, plan: models.Plan, athlete: models.Athlete) -> bool:
    if plan.athlete_id == actor.athlete.id or coaches(actor, athlete):
        return True
    return actor.trainer is not None and plan.trainer_id == actor.trainer.id


async def viewable_plan(uow: UnitOfWork, actor: models.Actor, plan_id: int) -> models.Plan:
    plan = await uow.plans.get(plan_id)
    if plan is None:
        raise errors.PlanNotFound(plan_id)
    athlete = await uow.athletes.get(plan.athlete_id)
    assert athlete is not None
    if not may_view_plan(actor, plan, athlete):
        raise errors.NotYourPlan(plan_id)
    return plan
