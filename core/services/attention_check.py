"""The Thursday check: for each trainer, the athletes who need attention and why, and
who has no plan for next week. Composed inside the delivery ledger's claim (see
core/services/deliveries.py), four queries for a whole batch of trainers: their
records, their athletes, those athletes' weeks and their workouts' days."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from core import models
from core.attention import Flag
from core.ports import UnitOfWork
from core.services.attention import standings

NOTHING_TO_SEND = "nothing to send any more: the plan, its workouts or the trainer are gone"
NOBODY_NEEDS_ATTENTION = "none of the trainer's athletes needs attention"


def build_check(
    recipient: models.Athlete,
    trainer: models.Trainer,
    delivery: models.Delivery,
    found: Sequence[tuple[models.Athlete, tuple[Flag, ...]]],
) -> models.AttentionCheck | str:
    """The message, or why there is none (nobody to name: a product rule, not sent)."""
    by_name = sorted(found, key=lambda item: (item[0].name.casefold(), item[0].id))
    flagged = tuple(
        (athlete, tuple(f for f in flags if f is not Flag.NO_NEXT_PLAN))
        for athlete, flags in by_name
        if any(f is not Flag.NO_NEXT_PLAN for f in flags)
    )
    without = tuple(athlete for athlete, flags in by_name if Flag.NO_NEXT_PLAN in flags)
    if not flagged and not without:
        return NOBODY_NEEDS_ATTENTION
    return models.AttentionCheck(
        recipient=recipient,
        trainer=trainer,
        week_start=delivery.period,
        flagged=flagged,
        without_next_plan=without,
    )


async def attention_checks(
    uow: UnitOfWork, claimed: Sequence[models.Delivery], now: datetime, default_tz: str
) -> dict[int, models.AttentionCheck | str]:
    """Each claimed check's message (or why not), by delivery id, as things are at ``now``.

    "No plan for next week" is asked of everyone here, whatever weekday it is for the
    athlete: it is Thursday for the trainer, and next week is what the check is about.
    """
    recipients = await uow.deliveries.recipients(d.athlete_id for d in claimed)
    trainers = await uow.deliveries.trainers_of(d.athlete_id for d in claimed)
    rosters = await uow.deliveries.athletes_of(t.id for t in trainers.values())
    everyone = [a for t in trainers.values() for a in rosters.get(t.id, [])]
    found = await standings(uow, everyone, now, default_tz=default_tz, next_week_any_day=True)
    flags_of = {s.athlete.id: s.flags for s in found}
    out: dict[int, models.AttentionCheck | str] = {}
    for delivery in claimed:
        trainer = trainers.get(delivery.athlete_id)
        recipient = recipients.get(delivery.athlete_id)
        if trainer is None or recipient is None:
            out[delivery.id] = NOTHING_TO_SEND
            continue
        roster = [(a, flags_of.get(a.id, ())) for a in rosters.get(trainer.id, [])]
        out[delivery.id] = build_check(recipient, trainer, delivery, [r for r in roster if r[1]])
    return out
