"""What the trainer's dashboard (the Mini App) shows: the roster with its flags, and an
athlete's card. The rules are core.attention's and the queries core.services.card's,
shared with the chat's /athletes and card."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core import models
from core.attention import Completion, Flag
from core.ports import UnitOfWork
from core.services import card
from core.services.card import AthleteCard

RECENT_LOGS = 10

__all__ = ["AthleteCard", "Completion", "Flag", "RosterEntry", "athlete_card", "roster"]


@dataclass(frozen=True)
class RosterEntry:
    athlete: models.Athlete
    week: models.PlanStats | None  # this week, in the athlete's timezone
    flags: tuple[Flag, ...]


async def roster(
    uow: UnitOfWork, actor: models.Actor, now: datetime, *, default_tz: str = "UTC"
) -> list[RosterEntry]:
    """The actor's athletes with this week and their flags, flagged ones first."""
    found = await card.roster(uow, actor, now, default_tz=default_tz)
    return [RosterEntry(athlete=s.athlete, week=s.week, flags=s.flags) for s in found]


async def athlete_card(
    uow: UnitOfWork,
    actor: models.Actor,
    athlete_id: int,
    now: datetime,
    *,
    default_tz: str = "UTC",
) -> AthleteCard:
    return await card.athlete_card(
        uow, actor, athlete_id, now, default_tz=default_tz, logs=RECENT_LOGS
    )
