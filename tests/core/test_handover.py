"""The card a newly assigned trainer gets is read as that trainer (real SQLite and
PostgreSQL): another trainer's athlete gives none."""

from __future__ import annotations

from core.services import handover
from tests.conftest import NOW


async def test_the_new_trainers_card_only_for_their_own_athlete(uow, users) -> None:
    zoe, tom = await users.trainer("Zoe"), await users.trainer("Tom")
    ann = await users.athlete_of(zoe, "Ann")
    bob = await users.athlete_of(tom, "Bob")
    handed = await handover.new_trainers_card(uow(), zoe.trainer, ann.athlete_id, NOW)
    assert handed is not None and handed.card.athlete.id == ann.athlete_id
    assert handed.units == "kg"
    assert await handover.new_trainers_card(uow(), zoe.trainer, bob.athlete_id, NOW) is None
