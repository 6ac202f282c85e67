"""Operators' HTTP API tokens: made once, shown once, stored as a hash, revocable.

A token is 32 random bytes, so a plain SHA-256 of it is as good as a slow password
hash (nothing to brute-force) and lets a request find its token with one lookup.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from core import errors, models
from core.ports import UnitOfWork

TOKEN_PREFIX = "coach_"
NAME_FORMAT = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
# Who an operator is, to the services: nobody's athlete, coaching nobody unless an admin.
OPERATOR_ATHLETE_ID = 0


class TokenNameTaken(errors.CoachError):
    pass


class BadTokenName(errors.CoachError):
    pass


@dataclass(frozen=True)
class NewToken:
    token: str  # shown once, never stored
    record: models.ApiToken


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_token(uow: UnitOfWork, *, name: str, is_admin: bool, now: datetime) -> NewToken:
    if not NAME_FORMAT.match(name):
        raise BadTokenName(name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    async with uow:
        record = await uow.api_tokens.add(
            name=name, token_hash=hash_token(token), is_admin=is_admin, now=now
        )
        if record is None:
            raise TokenNameTaken(name)
        await uow.commit()
    return NewToken(token=token, record=record)


async def revoke_token(uow: UnitOfWork, *, name: str, now: datetime) -> bool:
    async with uow:
        revoked = await uow.api_tokens.revoke(name, now)
        await uow.commit()
    return revoked


async def list_tokens(uow: UnitOfWork) -> list[models.ApiToken]:
    async with uow:
        return await uow.api_tokens.list()


async def authenticate(uow: UnitOfWork, token: str, now: datetime) -> models.ApiToken | None:
    """The live token a request presented, or None (unknown or revoked)."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 128:
        return None
    async with uow:
        record = await uow.api_tokens.by_hash(hash_token(token))
        if record is None or record.revoked_at is not None:
            return None
        await uow.api_tokens.touch(record.id, now)
        await uow.commit()
    return record


def operator_actor(record: models.ApiToken) -> models.Actor:
    """An operator acts as nobody's athlete; an admin token has an admin's rights."""
    person = models.Athlete(
        id=OPERATOR_ATHLETE_ID,
        telegram_id=0,
        name=f"operator {record.name}",
        username=None,
        timezone=None,
        trainer_id=None,
        reminders_enabled=False,
        reachable=False,
    )
    return models.Actor(athlete=person, trainer=None, is_admin=record.is_admin)
