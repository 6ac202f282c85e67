"""Groups as recipients outside the chat's publish-to-many (the Mini App's editor and
``POST /api/plans/publish``): a trainer's groups with their members, and group ids
expanded to athletes with ownership checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core import models
from core.ports import UnitOfWork
from core.services import publishing


@dataclass(frozen=True)
class GroupWithMembers:
    group: models.AthleteGroup
    members: tuple[models.Athlete, ...]  # by name


async def groups_with_members(uow: UnitOfWork, actor: models.Actor) -> list[GroupWithMembers]:
    """The trainer's groups, each with its members (two statements however many groups)."""
    found = await publishing.targets(uow, actor)
    athletes = {a.id: a for a in found.athletes}
    return [
        GroupWithMembers(
            group=g,
            members=tuple(publishing.by_name(athletes[i] for i in g.member_ids if i in athletes)),
        )
        for g in found.groups
    ]


async def group_members(
    uow: UnitOfWork, actor: models.Actor, group_ids: Iterable[int]
) -> list[models.Athlete]:
    """The members of the actor's groups, each once, by name. Another trainer's (or a
    missing) group id is GroupNotFound; a group with nobody in it adds nobody."""
    found = await publishing.targets(uow, actor)
    athletes = {a.id: a for a in found.athletes}
    wanted = publishing.group_member_ids({g.id: g for g in found.groups}, group_ids)
    return publishing.by_name(athletes[i] for i in wanted if i in athletes)
