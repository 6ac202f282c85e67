"""The trainer's roster and an athlete's card: one service call each.

Both are a constant number of queries whatever the roster's size or the athlete's
history (tests/core/test_card_statement_counts.py): the people, the weeks' numbers
in one aggregate query, this and last week's workout days in one, last week's
check-in in one, the card's week with its exercises, the latest logs, the latest
check-in, the latest messages.

Sections another feature adds to the card (the latest check-in, the latest messages)
are a field here with a default of "nothing" (``None`` or an empty tuple), filled by
one query in ``athlete_card``; ``bot.render.card_text`` leaves a section out when it is
empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core import attention, models
from core.attention import Completion, Flag
from core.ports import UnitOfWork
from core.services import plans
from core.services.access import coached_athlete, require_trainer_or_admin
from core.services.attention import Standing, attention_first, standings

RECENT_LOGS = 5
RECENT_MESSAGES = 3


@dataclass(frozen=True)
class AthleteCard:
    """What the card shows. A section another feature adds is one more field with an
    empty default (e.g. ``latest_checkin: models.CheckIn | None = None``,
    ``latest_messages: tuple[models.Message, ...] = ()``), filled by one query in
    ``athlete_card`` and drawn by one function in ``bot.render.card_text``."""

    athlete: models.Athlete
    timezone: str
    local_time: datetime
    plan: models.Plan | None  # this week's, in the athlete's timezone
    recent_logs: tuple[tuple[models.CompletionLog, models.Exercise], ...]  # newest first
    this_week: Completion
    last_4_weeks: Completion
    last_12_weeks: Completion
    flags: tuple[Flag, ...]
    latest_checkin: models.CheckIn | None = None  # the latest answered one
    latest_messages: tuple[models.RelayedMessage, ...] = ()  # both ways, newest first


async def roster(
    uow: UnitOfWork, actor: models.Actor, now: datetime, *, default_tz: str = "UTC"
) -> list[Standing]:
    """The actor's athletes (everyone, for an admin who is no trainer), flagged ones
    first, then by name."""
    require_trainer_or_admin(actor)
    async with uow:
        if actor.trainer is not None:
            athletes = await uow.athletes.list_for_trainer(actor.trainer.id)
        else:
            athletes = await uow.athletes.list_all()
        found = await standings(uow, athletes, now, default_tz=default_tz)
    return attention_first(found)


async def athlete_card(
    uow: UnitOfWork,
    actor: models.Actor,
    athlete_id: int,
    now: datetime,
    *,
    default_tz: str = "UTC",
    logs: int = RECENT_LOGS,
    messages: int = RECENT_MESSAGES,
) -> AthleteCard:
    """One of the actor's athletes at ``now``; another trainer's athlete is refused
    (``NotYourAthlete``) before anything of theirs is read."""
    async with uow:
        athlete = await coached_athlete(uow, actor, athlete_id)
        (standing,) = await standings(
            uow, [athlete], now, default_tz=default_tz, back=attention.LONG_WEEKS
        )
        plan = await uow.plans.get_for_week(athlete.id, standing.this_monday)
        recent = await uow.logs.recent_for_athlete(athlete.id, logs)
        checkin = await uow.checkins.latest(athlete.id)
        # Only this trainer's conversation: not the athlete's with an earlier trainer.
        latest_messages = await uow.messages.latest_for_athlete(
            athlete.id, athlete.trainer_id, messages
        )
    return AthleteCard(
        athlete=athlete,
        timezone=standing.timezone,
        local_time=standing.local_time,
        plan=plan,
        recent_logs=tuple(recent),
        this_week=standing.last(1),
        last_4_weeks=standing.last(attention.AVERAGE_WEEKS),
        last_12_weeks=standing.last(attention.LONG_WEEKS),
        flags=standing.flags,
        latest_checkin=checkin,
        latest_messages=tuple(latest_messages),
    )


async def athlete_history(
    uow: UnitOfWork,
    actor: models.Actor,
    athlete_id: int,
    now: datetime,
    *,
    offset: int = 0,
    default_tz: str = "UTC",
) -> tuple[models.Athlete, models.Page[models.PlanStats]]:
    """One of the actor's athletes' past weeks, as their own /history shows them."""
    async with uow:
        athlete = await coached_athlete(uow, actor, athlete_id)
    page = await plans.history(
        uow, actor, now, offset=offset, athlete_id=athlete.id, default_tz=default_tz
    )
    return athlete, page
