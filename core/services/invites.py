"""Invite links: athletes join a trainer, admins make trainers."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from core import errors, i18n, models
from core.ports import UnitOfWork
from core.services.access import require_admin, require_trainer
from core.weeks import current_week_start

PAYLOAD_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
PAYLOAD_BYTES = 24  # 32 URL-safe characters: unguessable, well under Telegram's 64


@dataclass(frozen=True)
class Redemption:
    kind: models.InviteKind
    athlete: models.Athlete  # who opened the link, as they are now
    trainer: models.Trainer  # the trainer they joined, or the trainer they became
    previous_trainer: models.Trainer | None = None  # whom the athlete left, to be told
    already_linked: bool = False
    invited_by: int | None = None  # Telegram id of whoever made the link (an admin's, to tell)
    invited_by_language: str | None = None  # and the language they read


def new_payload() -> str:
    return secrets.token_urlsafe(PAYLOAD_BYTES)


async def create_athlete_invite(
    uow: UnitOfWork, actor: models.Actor, now: datetime
) -> models.Invite:
    """A reusable link for the trainer's athletes; it replaces the trainer's previous one."""
    trainer = require_trainer(actor)
    async with uow:
        await uow.invites.revoke_athlete_invites(trainer.id, now)
        invite = await uow.invites.add(
            payload=new_payload(),
            kind=models.InviteKind.ATHLETE,
            trainer_id=trainer.id,
            created_by=actor.athlete.telegram_id,
            now=now,
        )
        await uow.commit()
    return invite


async def create_trainer_invite(
    uow: UnitOfWork, actor: models.Actor, now: datetime
) -> models.Invite:
    """A single-use link that makes whoever opens it a trainer."""
    require_admin(actor)
    async with uow:
        invite = await uow.invites.add(
            payload=new_payload(),
            kind=models.InviteKind.TRAINER,
            trainer_id=None,
            created_by=actor.athlete.telegram_id,
            now=now,
        )
        await uow.commit()
    return invite


async def redeem(
    uow: UnitOfWork, actor: models.Actor, payload: str, now: datetime, *, default_tz: str = "UTC"
) -> Redemption:
    """Follow an invite link. A bad, used or replaced payload changes nothing."""
    if not PAYLOAD_PATTERN.fullmatch(payload):
        raise errors.InvalidInvite(payload)
    async with uow:
        invite = await uow.invites.get_by_payload(payload)
        if invite is None:
            raise errors.InvalidInvite(payload)
        if invite.kind is models.InviteKind.TRAINER:
            redemption = await _become_trainer(uow, actor, invite, now)
        else:
            redemption = await _join_trainer(uow, actor, invite, now, default_tz)
        await uow.commit()
    return redemption


async def _become_trainer(
    uow: UnitOfWork, actor: models.Actor, invite: models.Invite, now: datetime
) -> Redemption:
    if invite.used_at is not None:
        raise errors.InviteUsed(invite.payload)
    if await uow.trainers.get_by_athlete_id(actor.athlete.id) is not None:
        raise errors.AlreadyATrainer(actor.athlete.telegram_id)
    if not await uow.invites.claim(invite.id, actor.athlete.id, now):
        raise errors.InviteUsed(invite.payload)  # someone else won the race
    trainer = await uow.trainers.add(
        athlete_id=actor.athlete.id, name=actor.athlete.name, specialization="", bio="", now=now
    )
    inviter = (
        await uow.athletes.get_by_telegram_id(invite.created_by)
        if invite.created_by is not None
        else None
    )
    return Redemption(
        kind=invite.kind,
        athlete=actor.athlete,
        trainer=trainer,
        invited_by=invite.created_by,
        invited_by_language=i18n.language_of(inviter) if inviter else None,
    )


async def _join_trainer(
    uow: UnitOfWork, actor: models.Actor, invite: models.Invite, now: datetime, default_tz: str
) -> Redemption:
    if invite.revoked_at is not None:
        raise errors.InviteRevoked(invite.payload)
    assert invite.trainer_id is not None
    trainer = await uow.trainers.get(invite.trainer_id)
    if trainer is None:
        raise errors.InvalidInvite(invite.payload)
    if trainer.athlete_id == actor.athlete.id:
        raise errors.OwnInvite(invite.payload)  # nobody becomes their own trainer
    athlete = await uow.athletes.get(actor.athlete.id)
    assert athlete is not None
    if athlete.trainer_id == trainer.id:
        return Redemption(kind=invite.kind, athlete=athlete, trainer=trainer, already_linked=True)
    previous = await uow.trainers.get(athlete.trainer_id) if athlete.trainer_id else None
    # As with /assign: the new trainer takes over this week's and later plans.
    this_week = current_week_start(now, athlete.timezone or default_tz)
    plan_ids = await uow.plans.ids_from_week(athlete.id, this_week)
    await uow.plans.assign_trainer(plan_ids, trainer.id, now)
    athlete = await uow.athletes.update(athlete.id, now=now, trainer_id=trainer.id)
    return Redemption(kind=invite.kind, athlete=athlete, trainer=trainer, previous_trainer=previous)
