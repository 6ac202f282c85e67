"""The trainer's Done notices, remembered so that an Undo can correct them."""

from __future__ import annotations

from datetime import datetime

from core import models
from core.ports import UnitOfWork


async def remember_done_notices_if_done(
    uow: UnitOfWork, notices: list[models.TrainerNotice], now: datetime
) -> set[int]:
    """Keep the notices of workouts still done (one statement a message); returns their
    workout ids: the others were undone while their notice was on its way."""
    async with uow:
        kept = await uow.notices.save_if_done(notices, now)
        await uow.commit()
    return kept


async def remember_done_notice(
    uow: UnitOfWork, notice: models.TrainerNotice, now: datetime
) -> None:
    """Keep the message a trainer was sent about a workout's Done (the latest one)."""
    async with uow:
        await uow.notices.save(notice, now)
        await uow.commit()
