"""Trainers: becoming one, profiles, and the roster of athletes."""

from __future__ import annotations

from datetime import datetime

from core import errors, models
from core.ports import UnitOfWork
from core.services.access import require_trainer, require_trainer_or_admin

MAX_SPECIALIZATION = 256
MAX_BIO = 2000


async def add_trainer(
    uow: UnitOfWork,
    *,
    telegram_id: int,
    name: str,
    specialization: str = "",
    bio: str = "",
    now: datetime,
) -> models.Trainer:
    """Make a Telegram user a trainer (from the command line; they may not have written yet)."""
    async with uow:
        athlete = await uow.athletes.get_by_telegram_id(telegram_id)
        if athlete is None:
            athlete = await uow.athletes.add(
                telegram_id=telegram_id, name=name, username=None, now=now
            )
        if await uow.trainers.get_by_athlete_id(athlete.id) is not None:
            raise errors.AlreadyATrainer(telegram_id)
        trainer = await uow.trainers.add(
            athlete_id=athlete.id,
            name=name,
            specialization=_one_line(specialization),
            bio=_paragraph(bio),
            now=now,
        )
        await uow.commit()
    return trainer


async def list_trainers(uow: UnitOfWork) -> list[models.Trainer]:
    async with uow:
        return await uow.trainers.list()


async def get_trainer(uow: UnitOfWork, trainer_id: int) -> models.Trainer:
    async with uow:
        trainer = await uow.trainers.get(trainer_id)
    if trainer is None:
        raise errors.TrainerNotFound(trainer_id)
    return trainer


async def update_profile(
    uow: UnitOfWork,
    actor: models.Actor,
    *,
    specialization: str | None = None,
    bio: str | None = None,
    now: datetime,
) -> models.Trainer:
    trainer = require_trainer(actor)
    fields: dict[str, str] = {}
    if specialization is not None:
        fields["specialization"] = _one_line(specialization)
    if bio is not None:
        fields["bio"] = _paragraph(bio)
    async with uow:
        updated = await uow.trainers.update(trainer.id, now=now, **fields)
        await uow.commit()
    return updated


async def coached_athletes(uow: UnitOfWork, actor: models.Actor) -> list[models.Athlete]:
    """The roster's people without their weeks: what an athlete picker needs."""
    require_trainer_or_admin(actor)
    async with uow:
        return await _coached(uow, actor)


async def _coached(uow: UnitOfWork, actor: models.Actor) -> list[models.Athlete]:
    """A trainer's athletes; every athlete for an admin who is no trainer."""
    if actor.trainer is not None:
        return await uow.athletes.list_for_trainer(actor.trainer.id)
    return await uow.athletes.list_all()


def _one_line(text: str) -> str:
    return " ".join(text.split())[:MAX_SPECIALIZATION]


def _paragraph(text: str) -> str:
    return text.strip()[:MAX_BIO]
