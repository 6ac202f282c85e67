"""A trainer's profile: specialization, bio and the load step (core/load_step.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core import models
from core.load_step import LoadStep, parse_load_step, step_of
from core.measures import unit_of
from core.ports import UnitOfWork
from core.services.access import require_trainer
from core.services.trainers import update_profile


@dataclass(frozen=True)
class Profile:
    trainer: models.Trainer
    load_step: LoadStep


def load_step_of(actor: models.Actor) -> LoadStep:
    """The step the actor's copies round to: their setting, else their unit's default."""
    stored = actor.trainer.load_step if actor.trainer else None
    return step_of(stored, unit_of(actor.athlete.units))


def profile(actor: models.Actor) -> Profile:
    trainer = require_trainer(actor)
    return Profile(trainer=trainer, load_step=load_step_of(actor))


async def set_load_step(
    uow: UnitOfWork, actor: models.Actor, text: str, *, now: datetime
) -> LoadStep:
    """Set the step from "1.25", "1.25kg" or "5lb"; InvalidLoadStep says what is wrong."""
    trainer = require_trainer(actor)
    step = parse_load_step(text, unit_of(actor.athlete.units))
    async with uow:
        await uow.trainers.update(trainer.id, now=now, load_step=step.stored)
        await uow.commit()
    return step


async def set_bio(uow: UnitOfWork, actor: models.Actor, text: str, *, now: datetime):
    return await update_profile(uow, actor, bio=text, now=now)


async def set_specialization(uow: UnitOfWork, actor: models.Actor, text: str, *, now: datetime):
    return await update_profile(uow, actor, specialization=text, now=now)
