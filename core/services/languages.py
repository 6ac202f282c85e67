"""/language: the person's explicit choice, which wins over Telegram's language_code."""

from __future__ import annotations

from datetime import datetime

from core import i18n, models
from core.errors import CoachError
from core.ports import UnitOfWork


class UnknownLanguage(CoachError):
    """A language Coach has no catalog for (a forged button)."""


async def set_language(
    uow: UnitOfWork, actor: models.Actor, language: str, now: datetime
) -> models.Athlete:
    """Only the acting person's own record changes; the language must be one we speak."""
    if language not in i18n.SUPPORTED:
        raise UnknownLanguage(language)
    async with uow:
        athlete = await uow.athletes.update(actor.athlete.id, now=now, language=language)
        await uow.commit()
    return athlete
