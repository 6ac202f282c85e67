"""Scheduled delivery: what is due at a moment, claimed in the ledger, sent once.

One tick:

1. **Plan.** For each timezone in use, ``core.schedule`` says which slots have come
   due; zones whose slots are identical (same offsets at the same moments) are asked
   about together, and storage names the recipients of each slot that have no ledger
   row yet. A slot whose window has closed is recorded as *skipped* for them (the bot
   was down), where they were due then as far as can be told; the rest is work.
2. **Retries.** Failed rows whose next attempt is due and claims whose lease lapsed
   (their process died) are work too; ones whose window closed are given up.
3. **Deliver**, one message at a time: claim the row (its own short transaction, with
   a lease), compose the message, send it through the ``Sender``, record the outcome
   (a second short transaction). Someone who blocked the bot gets an *unreachable*
   row instead of a message. The claim is what makes delivery exactly-once; the lease
   is what lets another process take over from one that died. Each process goes
   through a kind's work in its own random order, so that two of them share the work
   instead of queueing for the same rows. Before each claim the tick checks whether
   the process is stopping and whether the sender is paused by flood control: either
   ends the tick, leaving the rest unclaimed for the next one.

The only gap is a process dying after Telegram accepted a message and before the
outcome was recorded: after the lease the message is sent again. Sending one message
per claim keeps that to at most one duplicate per dead process (see docs/scheduling.md).
"""

from __future__ import annotations

import logging
import random
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol, runtime_checkable

from core import models
from core.clock import Clock
from core.errors import UnknownTimezone
from core.models import DeliveryKind, DeliveryStatus, SendOutcome
from core.ports import Sender, UnitOfWork
from core.schedule import KIND_ORDER, ScheduleTimes, Slot, slots_at
from core.services.summaries import summarize
from core.weeks import local_today, resolve_timezone, week_start_of

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
ALREADY_DONE = "the day's workouts were already done"
NO_PLANS = "none of the trainer's athletes had a plan that week"
STOPPING = "the process is stopping"
PAUSED = "Telegram's flood control asked for a longer pause"
FAILING = "Telegram kept failing"


class SenderUnavailable(Exception):
    """Raised by a Sender when no message can go out at all (e.g. the token was revoked).

    The tick ends and releases the claim: the message is tried again by a later tick,
    without counting as an attempt, instead of being given up.
    """


@runtime_checkable
class PausingSender(Protocol):
    """A Sender that knows when flood control pauses it (the tick asks before claiming)."""

    async def ready(self) -> bool:
        """Wait out a short pause and say True; False while a long one is on."""
        ...


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
    stop_reason: str = ""  # why it stopped early: FAILING, PAUSED, STOPPING, or the sender's

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
            f" (stopped early: {self.stop_reason or FAILING}; the next tick goes on)"
            if self.stopped_early
            else ""
        )

    def stop(self, reason: str) -> None:
        self.stopped_early = True
        self.stop_reason = reason


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
    should_stop: Callable[[], bool] | None = None,
) -> TickReport:
    """Deliver everything due at ``clock.now()`` that nobody has delivered yet.

    ``uow`` is reusable (one transaction per ``async with``). ``clock`` is read once
    for what is due, then again for each claim and outcome, so that a long broadcast
    keeps its leases honest. ``worker`` names this process in the ledger.
    ``should_stop`` is asked before each claim: once it says True (the process is
    shutting down) the tick ends, and what it has not claimed waits for the next tick.
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
        if should_stop is not None and should_stop():
            report.stop(STOPPING)
            break
        # A flood-control pause is waited out (or the tick ends) before claiming, so
        # that a pause neither uses up attempts nor holds a claim.
        if isinstance(sender, PausingSender) and not await sender.ready():
            report.stop(PAUSED)
            break
        try:
            outcome = await _deliver(uow, sender, clock, item, worker, lease, default_tz, report)
        except SenderUnavailable as error:
            report.stop(str(error) or type(error).__name__)
            break
        retry = outcome is not None and outcome.outcome is SendOutcome.RETRY
        streak = streak + 1 if retry else 0
        if streak >= TRANSIENT_STREAK_LIMIT:
            report.stop(FAILING)
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
    """A trainer's week: athletes with a plan, lowest completion first; then those without.

    Only sent when at least one athlete had a plan that week (see ``_compose``).
    """
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


def slot_groups(
    stored_zones: Sequence[str | None], now: datetime, times: ScheduleTimes, default_tz: str
) -> dict[Slot, list[str | None]]:
    """The due slots of every zone in use, each with the stored zones it is due in.

    Zones whose clocks agree (Europe/Paris and Europe/Rome, most of the time) have equal
    slots, so storage is asked once per distinct slot, not once per zone.
    """
    groups: dict[Slot, list[str | None]] = {}
    for stored in stored_zones:
        for slot in slots_at(now, _zone(stored, default_tz), times):
            groups.setdefault(slot, []).append(stored)
    return dict(sorted(groups.items(), key=lambda item: KIND_ORDER.index(item[0].kind)))


async def _plan(
    uow: UnitOfWork, now: datetime, times: ScheduleTimes, default_tz: str, report: TickReport
) -> list[_Work]:
    work: list[_Work] = []
    async with uow:
        zones = await uow.deliveries.timezones()
    # One short transaction per slot: on SQLite every transaction holds the write lock,
    # and the bot's chat replies should not wait for a whole plan of many zones.
    for slot, stored in slot_groups(zones, now, times, default_tz).items():
        expired = slot.is_expired(now)
        async with uow:
            recipients = await uow.deliveries.pending(
                slot.kind,
                slot.period,
                timezones=stored,
                existed_at=slot.due_at,
                # Only the plans tell whether someone was due back then; a reminder also
                # depends on their settings, which must not have changed since.
                unchanged_since=slot.due_at if expired else None,
            )
            if recipients and expired:
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
                await uow.commit()
        if recipients and not expired:
            # Someone who blocked the bot is work too: their row says so, and their
            # summary is still stored (see _deliver).
            work += [
                _Work(slot.kind, r.athlete_id, slot.period, slot.due_at, slot.expires_at)
                for r in recipients
            ]
    return work


# --- delivering -----------------------------------------------------------------------


async def _deliver(
    uow: UnitOfWork,
    sender: Sender,
    clock: Clock,
    item: _Work,
    worker: str,
    lease: timedelta,
    default_tz: str,
    report: TickReport,
) -> models.SendResult | None:
    token = f"{worker}/{secrets.token_hex(4)}"  # this claim, distinct from any retry of it
    claimed_at = clock.now()
    if claimed_at >= item.expires_at:  # a long broadcast ran past the window: too late now
        return None
    failure: Exception | None = None
    final: tuple[DeliveryStatus, str] | None = None
    message: models.ScheduledMessage | None = None
    async with uow:
        delivery = await _claim(uow, item, token, claimed_at, lease)
        if delivery is None:
            report.taken_elsewhere += 1
            return None
        try:
            recipient = await uow.athletes.get(item.athlete_id)
            # Composed even for someone who blocked the bot: a summary is stored regardless.
            composed = (
                await _compose(uow, delivery, recipient, claimed_at, default_tz)
                if recipient
                else NOTHING_TO_SEND
            )
        except Exception as error:  # a bug or bad data: this one fails, the tick goes on
            log.exception("composing delivery %s failed", delivery.id)
            failure = error
        else:
            if recipient is not None and not recipient.reachable:
                final = (DeliveryStatus.UNREACHABLE, BLOCKED)
            elif isinstance(composed, str):
                final = (DeliveryStatus.SKIPPED, composed)
            else:
                message = composed
            if final is not None:
                await uow.deliveries.finish(
                    delivery.id, claimed_by=token, status=final[0], now=claimed_at, error=final[1]
                )
            await uow.commit()
    if failure is not None:
        # The claim went with the failed transaction: claim again and record the failure.
        await _fail_compose(uow, item, token, claimed_at, lease, failure, report)
        return None
    if final is not None:
        if final[0] is DeliveryStatus.UNREACHABLE:
            report.unreachable += 1
        else:
            report.skipped += 1
        return None
    assert message is not None
    try:
        result = await sender.send(message)
    except SenderUnavailable as error:
        async with uow:
            await uow.deliveries.release(
                delivery.id, claimed_by=token, now=clock.now(), error=str(error)
            )
            await uow.commit()
        raise
    except Exception as error:  # a bug, not Telegram's answer: give this one up, go on
        log.exception("sending delivery %s failed unexpectedly", delivery.id)
        result = models.SendResult(SendOutcome.FAILED, error=f"{type(error).__name__}: {error}")
    await _settle(uow, clock, delivery, token, message, result, report)
    return result


async def _claim(
    uow: UnitOfWork, item: _Work, token: str, now: datetime, lease: timedelta
) -> models.Delivery | None:
    if item.delivery_id is None:
        return await uow.deliveries.claim(
            item.kind,
            item.athlete_id,
            item.period,
            due_at=item.due_at,
            expires_at=item.expires_at,
            claimed_by=token,
            lease_until=now + lease,
            now=now,
        )
    return await uow.deliveries.reclaim(
        item.delivery_id, claimed_by=token, lease_until=now + lease, now=now
    )


async def _fail_compose(
    uow: UnitOfWork,
    item: _Work,
    token: str,
    now: datetime,
    lease: timedelta,
    error: Exception,
    report: TickReport,
) -> None:
    async with uow:
        delivery = await _claim(uow, item, token, now, lease)
        if delivery is None:
            report.taken_elsewhere += 1
            return
        next_attempt = _next_attempt(delivery, now, retry_after=None)
        await uow.deliveries.finish(
            delivery.id,
            claimed_by=token,
            status=DeliveryStatus.FAILED,
            now=now,
            error=f"composing failed: {type(error).__name__}: {error}",
            next_attempt_at=next_attempt,
        )
        await uow.commit()
    if next_attempt is not None:
        report.retrying += 1
    else:
        report.gave_up += 1


def _next_attempt(
    delivery: models.Delivery, now: datetime, retry_after: float | None
) -> datetime | None:
    """When to try a failed delivery again; None: give up (out of attempts or window)."""
    if delivery.attempts >= MAX_ATTEMPTS:
        return None
    wait = (
        timedelta(seconds=retry_after)
        if retry_after is not None
        else retry_delay(delivery.attempts)
    )
    return now + wait if now + wait < delivery.expires_at else None


async def _compose(
    uow: UnitOfWork,
    delivery: models.Delivery,
    recipient: models.Athlete,
    now: datetime,
    default_tz: str,
) -> models.ScheduledMessage | str:
    """The message for a claimed row, from the database as it is now, or why it is skipped."""
    period = delivery.period
    if delivery.kind is DeliveryKind.WEEKLY:
        plan = await uow.plans.get_for_week(recipient.id, period)
        if plan is None:
            return NOTHING_TO_SEND
        local_day = local_today(now, _zone(recipient.timezone, default_tz))
        return models.WeeklyMessage(recipient, plan, catch_up=local_day != period)
    if delivery.kind is DeliveryKind.REMINDER:
        plan = await uow.plans.get_for_week(recipient.id, week_start_of(period))
        workouts = plan.workouts_on(period.weekday()) if plan else ()
        if plan is None or not workouts:
            return NOTHING_TO_SEND
        if all(w.completed for w in workouts):
            return ALREADY_DONE
        return models.WorkoutReminder(recipient, plan, period)
    if delivery.kind is DeliveryKind.SUMMARY:
        stats = await uow.plans.stats_for_weeks([(recipient.id, period)])
        if not stats:
            return NOTHING_TO_SEND
        # The week's summary is stored when it is sent: the plan's WeeklySummary.
        summary = await uow.summaries.save(summarize(stats[0], now))
        return models.SummaryMessage(recipient, summary)
    trainer = await uow.trainers.get_by_athlete_id(recipient.id)
    if trainer is None:
        return NOTHING_TO_SEND
    athletes = await uow.athletes.list_for_trainer(trainer.id)
    stats = await uow.plans.stats_for_weeks([(a.id, period) for a in athletes])
    if not stats:  # a product decision: no digest of nothing (docs/scheduling.md)
        return NO_PLANS
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
        if result.outcome is SendOutcome.RETRY:
            next_attempt = _next_attempt(delivery, now, result.retry_after)
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
