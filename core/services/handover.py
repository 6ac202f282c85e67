"""What a trainer gets when an athlete is assigned to them: the athlete's card.

The card is read as the new trainer (not as whoever assigned), so it is checked
against the database like any card: if the athlete has moved on since, there is none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core import errors, models
from core.ports import UnitOfWork
from core.services import card


@dataclass(frozen=True)
class HandedOver:
    card: card.AthleteCard
    units: str  # the new trainer's own unit setting, for the card's loads


async def new_trainers_card(
    uow: UnitOfWork,
    trainer: models.Trainer,
    athlete_id: int,
    now: datetime,
    *,
    default_tz: str = "UTC",
) -> HandedOver | None:
    """The card ``trainer`` would open for ``athlete_id`` now; None if not theirs."""
    async with uow:
        person = await uow.athletes.get(trainer.athlete_id)
    if person is None:
        return None
    as_trainer = models.Actor(athlete=person, trainer=trainer, is_admin=False)
    try:
        found = await card.athlete_card(uow, as_trainer, athlete_id, now, default_tz=default_tz)
    except errors.NotYourAthlete:
        return None
    return HandedOver(found, person.units)
