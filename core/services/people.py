"""People: who is acting, and their own settings."""

from __future__ import annotations

from datetime import datetime

from core import models
from core.measures import LoadUnit
from core.ports import UnitOfWork
from core.weeks import resolve_timezone


async def identify(
    uow: UnitOfWork,
    *,
    telegram_id: int,
    name: str,
    username: str | None,
    is_admin: bool,
    now: datetime,
    language_code: str | None = None,
    known: tuple[models.Athlete, models.Trainer | None] | None = None,
) -> models.Actor:
    """The acting user as the database knows them; first contact registers them.

    ``known``: the person and profile as just read with the update (the inbox reads them
    with its claim), which saves this function its read.

    Telegram's ``language_code`` is recorded when first seen and whenever it changes
    (an explicit /language choice, stored apart, still wins over it). Runs for every
    update, so the usual case (someone known, nothing changed) only reads; a change is
    written in a unit of work of its own."""
    found = known
    if found is None:
        async with uow.reading():
            found = await uow.athletes.get_with_trainer_profile(telegram_id)
    if found is not None:
        athlete, trainer = found
        code = language_code[:16] if language_code else athlete.language_code
        if (athlete.name, athlete.username, athlete.language_code) == (
            name,
            username,
            code,
        ) and athlete.reachable:
            return models.Actor(athlete=athlete, trainer=trainer, is_admin=is_admin)
    async with uow:
        found = await uow.athletes.get_with_trainer_profile(telegram_id)
        if found is None:
            athlete = await uow.athletes.add(
                telegram_id=telegram_id, name=name, username=username, now=now
            )
            trainer = None
            if language_code:  # one statement more, on first contact only
                athlete = await uow.athletes.update(
                    athlete.id, now=now, language_code=language_code[:16]
                )
        else:
            athlete, trainer = found
            code = language_code[:16] if language_code else athlete.language_code
            if (athlete.name, athlete.username, athlete.language_code) != (
                name,
                username,
                code,
            ) or not athlete.reachable:
                # Someone writing to us can be reached again, whatever we noted before.
                athlete = await uow.athletes.update(
                    athlete.id,
                    now=now,
                    name=name,
                    username=username,
                    reachable=True,
                    language_code=code,
                )
        await uow.commit()
    return models.Actor(athlete=athlete, trainer=trainer, is_admin=is_admin)


async def set_timezone(
    uow: UnitOfWork, actor: models.Actor, name: str, now: datetime
) -> models.Athlete:
    timezone = resolve_timezone(name)
    async with uow:
        athlete = await uow.athletes.update(actor.athlete.id, now=now, timezone=timezone)
        await uow.commit()
    return athlete


async def set_reminders(
    uow: UnitOfWork, actor: models.Actor, enabled: bool, now: datetime
) -> models.Athlete:
    async with uow:
        athlete = await uow.athletes.update(actor.athlete.id, now=now, reminders_enabled=enabled)
        await uow.commit()
    return athlete


async def set_units(
    uow: UnitOfWork, actor: models.Actor, units: LoadUnit, now: datetime
) -> models.Athlete:
    """The person's load unit: what they are shown, and what a bare load they write means."""
    async with uow:
        athlete = await uow.athletes.update(actor.athlete.id, now=now, units=units.value)
        await uow.commit()
    return athlete


async def set_reachable(uow: UnitOfWork, telegram_id: int, reachable: bool, now: datetime) -> bool:
    """Record whether the user can be messaged (they blocked or unblocked the bot)."""
    async with uow:
        changed = await uow.athletes.set_reachable_by_telegram_id(telegram_id, reachable, now)
        await uow.commit()
    return changed
