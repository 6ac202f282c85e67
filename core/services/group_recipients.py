"""Groups as recipients outside the chat's publish-to-many (the Mini App's editor and
``POST /api/plans/publish``): a trainer's groups with their members, and group ids
expanded to athletes with ownership checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core import errors, models
from core.ports import UnitOfWork
from core.services.access import require_trainer


@dataclass(frozen=True)
class GroupWithMembers:
    group: models.AthleteGroup
    members: tuple[models.Athlete, ...]  # by name


def _by_name(athletes: Iterable[models.Athlete]) -> list[models.Athlete]:
    return sorted(athletes, key=lambda a: (a.name.casefold(), a.id))


async def groups_with_members(uow: UnitOfWork, actor: models.Actor) -> list[GroupWithMembers]:
    """The trainer's groups, each with its members (two statements however many groups)."""
    trainer = require_trainer(actor)
    async with uow:
        athletes = {a.id: a for a in await uow.athletes.list_for_trainer(trainer.id)}
        groups = await uow.groups.list(trainer.id)
    return [
        GroupWithMembers(
            group=g, members=tuple(_by_name(athletes[i] for i in g.member_ids if i in athletes))
        )
        for g in groups
    ]


async def group_members(
    uow: UnitOfWork, actor: models.Actor, group_ids: Iterable[int]
) -> list[models.Athlete]:
    """The members of the actor's groups, each once, by name. Another trainer's (or a
    missing) group id is GroupNotFound; a group with nobody in it adds nobody."""
    trainer = require_trainer(actor)
    async with uow:
        athletes = {a.id: a for a in await uow.athletes.list_for_trainer(trainer.id)}
        groups = {g.id: g for g in await uow.groups.list(trainer.id)}
    wanted: set[int] = set()
    for group_id in group_ids:
        if group_id not in groups:
            raise errors.GroupNotFound(group_id)
        wanted.update(i for i in groups[group_id].member_ids if i in athletes)
    return _by_name(athletes[i] for i in wanted)
