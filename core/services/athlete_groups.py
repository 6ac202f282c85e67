"""Athlete groups: a trainer's named sets of their own athletes, for publishing to many.

An athlete can be in several groups. Only the trainer's current athletes can be
members; one who leaves the trainer drops out of the trainer's groups (members are
read through the athlete's current trainer, so they are neither shown nor published to).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from core import errors, models
from core.ports import UnitOfWork
from core.services.access import require_trainer
from core.services.templates import clean_name


async def roster(uow: UnitOfWork, actor: models.Actor) -> list[models.Athlete]:
    """The athletes a group of this trainer can have: their own, by name."""
    trainer = require_trainer(actor)
    async with uow:
        return await uow.athletes.list_for_trainer(trainer.id)


async def list_groups(uow: UnitOfWork, actor: models.Actor) -> list[models.AthleteGroup]:
    trainer = require_trainer(actor)
    async with uow:
        return await uow.groups.list(trainer.id)


async def own_group(uow: UnitOfWork, actor: models.Actor, group_id: int) -> models.AthleteGroup:
    """Inside an open unit of work: the actor's group, or GroupNotFound."""
    trainer = require_trainer(actor)
    group = await uow.groups.get(trainer.id, group_id)
    if group is None:
        raise errors.GroupNotFound(group_id)
    return group


async def get_group(uow: UnitOfWork, actor: models.Actor, group_id: int) -> models.AthleteGroup:
    async with uow:
        return await own_group(uow, actor, group_id)


async def name_free(uow: UnitOfWork, actor: models.Actor, name: str) -> str:
    """The cleaned name, if the trainer has no group of that name yet."""
    trainer = require_trainer(actor)
    name = clean_name(name)
    async with uow:
        groups = await uow.groups.list(trainer.id)
    if any(g.name.casefold() == name.casefold() for g in groups):
        raise errors.NameTaken(name)
    return name


async def _own_athletes(uow: UnitOfWork, trainer_id: int, athlete_ids: Iterable[int]) -> list[int]:
    ids = set(athlete_ids)
    own = {a.id for a in await uow.athletes.list_for_trainer(trainer_id)}
    strangers = ids - own
    if strangers:
        raise errors.NotYourAthlete(min(strangers))
    return sorted(ids)


async def create_group(
    uow: UnitOfWork,
    actor: models.Actor,
    *,
    name: str,
    member_ids: Iterable[int],
    now: datetime,
) -> models.AthleteGroup:
    trainer = require_trainer(actor)
    name = clean_name(name)
    async with uow:
        members = await _own_athletes(uow, trainer.id, member_ids)
        group = await uow.groups.add(trainer_id=trainer.id, name=name, now=now)
        if group is None:
            raise errors.NameTaken(name)
        await uow.groups.set_members(group.id, members, now)
        group = await own_group(uow, actor, group.id)
        await uow.commit()
    return group


async def set_members(
    uow: UnitOfWork,
    actor: models.Actor,
    group_id: int,
    member_ids: Iterable[int],
    now: datetime,
) -> models.AthleteGroup:
    trainer = require_trainer(actor)
    async with uow:
        await own_group(uow, actor, group_id)
        members = await _own_athletes(uow, trainer.id, member_ids)
        await uow.groups.set_members(group_id, members, now)
        group = await own_group(uow, actor, group_id)
        await uow.commit()
    return group


async def rename_group(
    uow: UnitOfWork, actor: models.Actor, group_id: int, name: str, now: datetime
) -> models.AthleteGroup:
    trainer = require_trainer(actor)
    name = clean_name(name)
    async with uow:
        await own_group(uow, actor, group_id)
        renamed = await uow.groups.rename(trainer.id, group_id, name, now)
        if renamed is None:
            raise errors.NameTaken(name)
        await uow.commit()
    return renamed


async def delete_group(uow: UnitOfWork, actor: models.Actor, group_id: int) -> str:
    """Deletes the actor's group (its athletes stay as they are); returns its name."""
    async with uow:
        group = await own_group(uow, actor, group_id)
        await uow.groups.delete(group.trainer_id, group_id)
        await uow.commit()
    return group.name
