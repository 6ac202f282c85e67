"""Scheduled delivery: what is due at a moment, claimed in the ledger, sent once.

One tick:

1. **Plan.** For each timezone in use, ``core.schedule`` says which slots have come
   due; storage names the recipients of each slot that have no ledger row yet. A slot
   whose window has closed is recorded as *skipped* for them (the bot was down); the
   rest is work.
2. **Retries.** Failed rows whose next attempt is due and claims whose lease lapsed
   (their process died) are work too; ones whose window closed are given up.
3. **Deliver**, one message at a time: claim the row (its own short transaction, with
   a lease), compose the message, send it through the ``Sender``, record the outcome
   (a second short transaction). Someone who blocked the bot gets an *unreachable*
   row instead of a message. The claim is what makes delivery exactly-once; the lease
   is what lets another process take over from one that died. Each process goes
   through a kind's work in its own random order, so that two of them share the work
   instead of queueing for the same rows.

The only gap is a process dying after Telegram accepted a message and before the
outcome was recorded: after the lease the message is sent again. Sending one message
per claim keeps that to at most one duplicate per dead process (see docs/scheduling.md).
"""

from __future__ import annotations

import logging
import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core import models
from core.clock import Clock
from core.errors import UnknownTimezone
from core.models import DeliveryKind, DeliveryStatus, SendOutcome
from core.ports import Sender, UnitOfWork
from core.schedule import KIND_ORDER, ScheduleTimes, slots_at
from core.services.summaries import summarize
from core.weeks import resolve_timezone, week_start_of

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)  # longer than one send can take, Telegram's retries included
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)  # then doubling, up to LONGEST_RETRY
LONGEST_RETRY = timedelta(minutes=30)
# After this many retryable failures in a row (the network, or a long flood-control
# pause) the tick stops, and the rest waits for the next tick instead of failing one by one.
TRANSIENT_STREAK_LIMIT = 3

TOO_LATE = "the bot was not running while it was due"
BLOCKED = "the recipient had blocked the bot"
NOTHING_TO_SEND = "nothing to send any more: the plan, its workouts or the trainer are gone"


@dataclass
class TickReport:
    """What one tick did. ``lease_lost`` counts possible duplicates (see ``_settle``)."""

    at: datetime
    sent: int = 0
    retrying: int = 0  # failed, another attempt scheduled
    gave_up: int = 0  # failed for good (refused by Telegram, or out of attempts or time)
    skipped: int = 0
    unreachable: int = 0
    taken_elsewhere: int = 0  # another process claimed it first
    lease_lost: int = 0  # sent, but our claim had lapsed and been taken over meanwhile
    stopped_early: bool = False

    def __str__(self) -> str:
        parts = [
            f"{self.sent} sent",
            f"{self.retrying} to retry",
            f"{self.gave_up} given up",
            f"{self.skipped} skipped",
            f"{self.unreachable} unreachable",
            f"{self.taken_elsewhere} taken by another process",
        ]
        if self.lease_lost:
            parts.append(f"{self.lease_lost} sent after losing the claim (possible duplicates)")
        text = f"tick at {self.at.isoformat()}: " + ", ".join(parts)
        return text + (
            " (stopped early: Telegram kept failing; the next tick goes on)"
            if self.stopped_early
            else ""
        )


@dataclass(frozen=True)
class _Work:
    kind: DeliveryKind
    athlete_id: int
    period: date
    due_at: datetime
    expires_at: datetime
    delivery_id: int | None = None  # an existing row to reclaim; None: claim a new one


async def tick(
    uow: UnitOfWork,
    sender: Sender,
    clock: Clock,
    *,
    times: ScheduleTimes,
    default_tz: str,
    worker: str = "coach",
    lease: timedelta = LEASE,
) -> TickReport:
    """Deliver everything due at ``clock.now()`` that nobody has delivered yet.

    ``uow`` is reusable (one transaction per ``async with``). ``clock`` is read once
    for what is due, then again for each claim and outcome, so that a long broadcast
    keeps its leases honest. ``worker`` names this process in the ledger.
    """
    now = clock.now()
    report = TickReport(at=now)
    work = await _plan(uow, now, times, default_tz, report)
    async with uow:
        await uow.deliveries.close_expired(now)
        retries = await uow.deliveries.retryable(now)
        await uow.commit()
    work += [
        _Work(d.kind, d.athlete_id, d.period, d.due_at, d.expires_at, delivery_id=d.id)
        for d in retries
    ]
    shuffle = random.Random()
    work.sort(key=lambda w: (KIND_ORDER.index(w.kind), shuffle.random()))
    streak = 0
    for item in work:
        outcome = await _deliver(uow, sender, clock, item, worker, lease, report)
        retry = outcome is not None and outcome.outcome is SendOutcome.RETRY
        streak = streak + 1 if retry else 0
        if streak >= TRANSIENT_STREAK_LIMIT:
            report.stopped_early = True
            break
    return report


async def ledger(
    uow: UnitOfWork,
    *,
    kind: DeliveryKind | None = None,
    status: DeliveryStatus | None = None,
) -> list[models.Delivery]:
    """The ledger's rows, for operators and tests."""
    async with uow:
        return await uow.deliveries.list(kind=kind, status=status)


def build_digest(
    recipient: models.Athlete,
    trainer: models.Trainer,
    week_start: date,
    athletes: Sequence[models.Athlete],
    stats: Sequence[models.PlanStats],
) -> models.TrainerDigest:
    """A trainer's week: athletes with a plan, lowest completion first; then those without."""
    by_athlete = {s.athlete_id: s for s in stats}
    lines = sorted(
        (models.DigestLine(a, by_athlete[a.id]) for a in athletes if a.id in by_athlete),
        key=lambda line: (
            line.week.completion_percentage,
            line.athlete.name.casefold(),
            line.athlete.id,
        ),
    )
    without = sorted(
        (a for a in athletes if a.id not in by_athlete), key=lambda a: (a.name.casefold(), a.id)
    )
    return models.TrainerDigest(
        recipient=recipient,
        trainer=trainer,
        week_start=week_start,
        lines=tuple(lines),
        without_plan=tuple(without),
    )


def retry_delay(attempts: int) -> timedelta:
    """Backoff after the ``attempts``-th failed attempt: 30 s, 1 min, 2 min, ... 30 min."""
    return min(FIRST_RETRY * 2 ** max(0, attempts - 1), LONGEST_RETRY)


# --- planning -------------------------------------------------------------------------


def _zone(stored: str | None, default_tz: str) -> str:
    try:
        return resolve_timezone(stored) if stored else default_tz
    except UnknownTimezone:
        return default_tz


async def _plan(
    uow: UnitOfWork, now: datetime, times: ScheduleTimes, default_tz: str, report: TickReport
) -> list[_Work]:
    work: list[_Work] = []
    async with uow:
        for stored in await uow.deliveries.timezones():
            for slot in slots_at(now, _zone(stored, default_tz), times):
                recipients = await uow.deliveries.pending(
                    slot.kind, slot.period, timezone=stored, existed_at=slot.due_at
                )
                if not recipients:
                    continue
                if slot.is_expired(now):
                    report.skipped += await uow.deliveries.record(
                        slot.kind,
                        slot.period,
                        [r.athlete_id for r in recipients],
                        status=DeliveryStatus.SKIPPED,
                        due_at=slot.due_at,
                        expires_at=slot.expires_at,
                        now=now,
                        error=TOO_LATE,
                    )
                    continue
                # Someone who blocked the bot is work too: their row says so, and their
                # summary is still stored (see _deliver).
                work += [
                    _Work(slot.kind, r.athlete_id, slot.period, slot.due_at, slot.expires_at)
                    for r in recipients
                ]
        await uow.commit()
    return work


# --- delivering -----------------------------------------------------------------------


async def _deliver(
    uow: UnitOfWork,
    sender: Sender,
    clock: Clock,
    item: _Work,
    worker: str,
    lease: timedelta,
    report: TickReport,
) -> models.SendResult | None:
    token = f"{worker}/{secrets.token_hex(4)}"  # this claim, distinct from any retry of it
    claimed_at = clock.now()
    if claimed_at >= item.expires_at:  # a long broadcast ran past the window: too late now
        return None
    async with uow:
        if item.delivery_id is None:
            delivery = await uow.deliveries.claim(
                item.kind,
                item.athlete_id,
                item.period,
                due_at=item.due_at,
                expires_at=item.expires_at,
                claimed_by=token,
                lease_until=claimed_at + lease,
                now=claimed_at,
            )
        else:
            delivery = await uow.deliveries.reclaim(
                item.delivery_id, claimed_by=token, lease_until=claimed_at + lease, now=claimed_at
            )
        if delivery is None:
            report.taken_elsewhere += 1
            return None
        recipient = await uow.athletes.get(item.athlete_id)
        # Composed even for someone who blocked the bot: a summary is stored regardless.
        message = await _compose(uow, delivery, recipient, claimed_at) if recipient else None
        final: tuple[DeliveryStatus, str] | None = None
        if recipient is not None and not recipient.reachable:
            final = (DeliveryStatus.UNREACHABLE, BLOCKED)
        elif message is None:
            final = (DeliveryStatus.SKIPPED, NOTHING_TO_SEND)
        if final is not None:
            await uow.deliveries.finish(
                delivery.id, claimed_by=token, status=final[0], now=claimed_at, error=final[1]
            )
        await uow.commit()
    if final is not None:
        if final[0] is DeliveryStatus.UNREACHABLE:
            report.unreachable += 1
        else:
            report.skipped += 1
        return None
    assert message is not None
    try:
        result = await sender.send(message)
    except Exception as error:  # a bug, not Telegram's answer: give this one up, go on
        log.exception("sending delivery %s failed unexpectedly", delivery.id)
        result = models.SendResult(SendOutcome.FAILED, error=f"{type(error).__name__}: {error}")
    await _settle(uow, clock, delivery, token, message, result, report)
    return result


async def _compose(
    uow: UnitOfWork, delivery: models.Delivery, recipient: models.Athlete, now: datetime
) -> models.ScheduledMessage | None:
    """The message for a claimed row, from the database as it is now (None: nothing left)."""
    period = delivery.period
    if delivery.kind is DeliveryKind.WEEKLY:
        plan = await uow.plans.get_for_week(recipient.id, period)
        return models.WeeklyMessage(recipient, plan) if plan else None
    if delivery.kind is DeliveryKind.REMINDER:
        plan = await uow.plans.get_for_week(recipient.id, week_start_of(period))
        if plan is None or not plan.workouts_on(period.weekday()):
            return None
        return models.WorkoutReminder(recipient, plan, period)
    if delivery.kind is DeliveryKind.SUMMARY:
        stats = await uow.plans.stats_for_weeks([(recipient.id, period)])
        if not stats:
            return None
        # The week's summary is stored when it is sent: the plan's WeeklySummary.
        summary = await uow.summaries.save(summarize(stats[0], now))
        return models.SummaryMessage(recipient, summary)
    trainer = await uow.trainers.get_by_athlete_id(recipient.id)
    if trainer is None:
        return None
    athletes = await uow.athletes.list_for_trainer(trainer.id)
    if not athletes:
        return None
    stats = await uow.plans.stats_for_weeks([(a.id, period) for a in athletes])
    return build_digest(recipient, trainer, period, athletes, stats)


async def _settle(
    uow: UnitOfWork,
    clock: Clock,
    delivery: models.Delivery,
    token: str,
    message: models.ScheduledMessage,
    result: models.SendResult,
    report: TickReport,
) -> None:
    now = clock.now()
    next_attempt: datetime | None = None
    if result.outcome is SendOutcome.SENT:
        status = DeliveryStatus.SENT
    elif result.outcome is SendOutcome.UNREACHABLE:
        status = DeliveryStatus.UNREACHABLE
    else:
        status = DeliveryStatus.FAILED
        if result.outcome is SendOutcome.RETRY and delivery.attempts < MAX_ATTEMPTS:
            wait = (
                timedelta(seconds=result.retry_after)
                if result.retry_after is not None
                else retry_delay(delivery.attempts)
            )
            if now + wait < delivery.expires_at:
                next_attempt = now + wait
    async with uow:
        ours = await uow.deliveries.finish(
            delivery.id,
            claimed_by=token,
            status=status,
            now=now,
            message_id=result.message_id,
            error=result.error,
            next_attempt_at=next_attempt,
        )
        if status is DeliveryStatus.UNREACHABLE:
            await uow.athletes.set_reachable_by_telegram_id(
                message.recipient.telegram_id, False, now
            )
        await uow.commit()
    if not ours:
        # Our lease lapsed mid-send and another process took the row over: if both
        # reached Telegram, the recipient got it twice. Only a send slower than the
        # lease gets here.
        report.lease_lost += 1
        log.warning(
            "delivery %s (%s for athlete %s, %s) finished after its claim was taken over",
            delivery.id,
            delivery.kind.value,
            delivery.athlete_id,
            delivery.period.isoformat(),
        )
    elif status is DeliveryStatus.SENT:
        report.sent += 1
    elif status is DeliveryStatus.UNREACHABLE:
        report.unreachable += 1
    elif next_attempt is not None:
        report.retrying += 1
    else:
        report.gave_up += 1
