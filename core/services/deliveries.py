"""Scheduled delivery: what is due at a moment, claimed in the ledger, sent once.

One tick:

1. **Plan.** For each timezone in use, ``core.schedule`` says which slots have come
   due; zones whose slots are identical (same offsets at the same moments) are asked
   about together. A slot whose window has closed is recorded as *skipped* for those
   who were due then, as far as can be told, in one INSERT ... SELECT (the bot was
   down); the open ones are work.
2. **Claim in batches.** Kind by kind (weekly, reminder, summary, digest), first the
   retries (failed rows whose next attempt is due, claims whose lease lapsed), then
   each open slot: up to ``batch`` rows are claimed in one statement, with a lease,
   and their messages composed from a constant number of queries, in one short
   transaction. Recipients are paged through by id (a keyset), so a tick never holds
   more than one batch, however many recipients there are.
3. **Send and settle.** The batch goes out ``in_flight`` messages at a time (the
   ``Sender``); each group's outcomes are committed right after its sends. Someone who
   blocked the bot gets an *unreachable* row instead of a message. The claim is what
   makes delivery exactly-once; the lease is what lets another process take over from
   one that died. Before each group the tick checks whether the process is stopping,
   whether the sender is paused by flood control, and whether it has failed three
   times running: each ends the tick, and the rest of the batch is handed back
   untried (a fresh claim's row deleted, a retry's due again) for the next tick.

The only gap is a process dying after Telegram accepted a message and before its
outcome was committed: after the lease it is sent again. Outcomes are committed after
every group, so that is at most ``in_flight`` messages per dead process; the rest of
its batch was never sent and goes out once the lease lapses (docs/scheduling.md).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol, runtime_checkable

from core import models
from core.clock import Clock
from core.errors import UnknownTimezone
from core.models import DeliveryKind, DeliveryStatus, SendOutcome
from core.ports import Sender, UnitOfWork
from core.schedule import KIND_ORDER, ScheduleTimes, Slot, slots_at
from core.services.attention_check import attention_checks
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


BATCH = 100  # rows per claim; see docs/scheduling.md for why
IN_FLIGHT = 1  # messages sent at once, and so at most duplicated by a crash


@dataclass
class _Batch:
    """Claimed rows about to be sent: a fresh claim (new rows) or reclaimed retries."""

    token: str
    fresh: bool
    claimed_at: datetime
    items: list[tuple[models.Delivery, models.ScheduledMessage]]


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
    batch: int = BATCH,
    in_flight: int = IN_FLIGHT,
) -> TickReport:
    """Deliver everything due at ``clock.now()`` that nobody has delivered yet.

    ``uow`` is reusable (one transaction per ``async with``). ``clock`` is read once
    for what is due, then again for each claim and outcome, so that a long broadcast
    keeps its leases honest. ``worker`` names this process in the ledger.
    ``should_stop`` is asked before each group of sends: once it says True (the
    process is shutting down) the tick ends, and what it has not sent waits for the
    next tick. ``batch`` rows are claimed at once; ``in_flight`` are sent at once.
    """
    now = clock.now()
    report = TickReport(at=now)
    run = _Run(uow, sender, clock, worker, lease, default_tz, report, should_stop, batch, in_flight)
    async with uow:
        zones = await uow.deliveries.timezones()
        await uow.deliveries.close_expired(now)
        await uow.commit()
    groups = slot_groups(zones, now, times, default_tz)
    for slot, stored in groups.items():
        if slot.is_expired(now):
            await _record_too_late(uow, slot, stored, now, report)
    for kind in KIND_ORDER:
        if not await run.retries(kind):
            return report
        for slot, stored in groups.items():
            open_now = slot.kind is kind and not slot.is_expired(now)
            if open_now and not await run.slot(slot, stored):
                return report
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
    *,
    logs: Mapping[tuple[int, date], Sequence[models.WeekLog]] | None = None,
    checkins: Mapping[tuple[int, date], models.CheckIn] | None = None,
) -> models.TrainerDigest:
    """A trainer's week: athletes with a plan, lowest completion first; then those without.
    Each line carries the athlete's logs of the week and their check-in.

    Only sent when at least one athlete had a plan that week (see ``_compose``).
    """
    by_athlete = {s.athlete_id: s for s in stats}
    logs, checkins = logs or {}, checkins or {}
    lines = sorted(
        (
            models.DigestLine(
                a,
                by_athlete[a.id],
                logs=tuple(logs.get((a.id, week_start), ())),
                checkin=checkins.get((a.id, week_start))
                or checkins.get((a.id, week_start - timedelta(days=7))),
            )
            for a in athletes
            if a.id in by_athlete
        ),
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


async def _record_too_late(
    uow: UnitOfWork, slot: Slot, stored: list[str | None], now: datetime, report: TickReport
) -> None:
    # One short transaction per slot: on SQLite every transaction holds the write lock,
    # and the bot's chat replies should not wait for a whole plan of many zones.
    async with uow:
        report.skipped += await uow.deliveries.record_pending(
            slot.kind,
            slot.period,
            timezones=stored,
            existed_at=slot.due_at,
            # Only the plans tell whether someone was due back then; a reminder also
            # depends on their settings, which must not have changed since.
            unchanged_since=slot.due_at,
            status=DeliveryStatus.SKIPPED,
            due_at=slot.due_at,
            expires_at=slot.expires_at,
            now=now,
            error=TOO_LATE,
        )
        await uow.commit()


# --- delivering -----------------------------------------------------------------------


class _Stop(Exception):
    """The tick ends here (``TickReport.stop_reason`` says why)."""


class _Run:
    """One tick's claiming, sending and settling, batch after batch."""

    def __init__(
        self,
        uow: UnitOfWork,
        sender: Sender,
        clock: Clock,
        worker: str,
        lease: timedelta,
        default_tz: str,
        report: TickReport,
        should_stop: Callable[[], bool] | None,
        batch: int,
        in_flight: int,
    ) -> None:
        self.uow = uow
        self.sender = sender
        self.clock = clock
        self.worker = worker
        self.lease = lease
        self.default_tz = default_tz
        self.report = report
        self.should_stop = should_stop
        self.batch = max(1, batch)
        self.in_flight = max(1, in_flight)
        self.streak = 0  # retryable failures in a row

    def _token(self) -> str:
        return f"{self.worker}/{secrets.token_hex(4)}"  # this claim, distinct from any retry

    async def _may_claim(self) -> bool:
        if self.should_stop is not None and self.should_stop():
            self.report.stop(STOPPING)
            return False
        # A flood-control pause is waited out (or the tick ends) before claiming, so
        # that a pause neither uses up attempts nor holds a claim.
        if isinstance(self.sender, PausingSender) and not await self.sender.ready():
            self.report.stop(PAUSED)
            return False
        return True

    async def retries(self, kind: DeliveryKind) -> bool:
        """Failed rows due again and lapsed claims of ``kind``; False: the tick ends."""
        after = 0
        while await self._may_claim():
            token, now = self._token(), self.clock.now()
            async with self.uow:
                claimed = await self.uow.deliveries.reclaim_batch(
                    kind,
                    after=after,
                    limit=self.batch,
                    claimed_by=token,
                    lease_until=now + self.lease,
                    now=now,
                )
                if not claimed:
                    return True
                after = claimed[-1].id
                items = await self._compose(claimed, token, now)
                await self.uow.commit()
            if items is None:
                await self._fail_batch(claimed, token, fresh=False)
                continue
            if not await self._send(_Batch(token, False, now, items)):
                return False
        return False

    async def slot(self, slot: Slot, stored: list[str | None]) -> bool:
        """Everyone due ``slot`` without a row yet, a batch at a time; False: the tick ends."""
        after = 0
        while await self._may_claim():
            token, now = self._token(), self.clock.now()
            if slot.is_expired(now):  # a long broadcast ran past the window: too late now
                return True
            async with self.uow:
                due = await self.uow.deliveries.pending(
                    slot.kind,
                    slot.period,
                    timezones=stored,
                    existed_at=slot.due_at,
                    after=after,
                    limit=self.batch,
                )
                if not due:
                    return True
                after = due[-1].athlete_id
                claimed = await self.uow.deliveries.claim_many(
                    slot.kind,
                    slot.period,
                    [r.athlete_id for r in due],
                    due_at=slot.due_at,
                    expires_at=slot.expires_at,
                    claimed_by=token,
                    lease_until=now + self.lease,
                    now=now,
                )
                self.report.taken_elsewhere += len(due) - len(claimed)
                items = await self._compose(claimed, token, now) if claimed else []
                await self.uow.commit()
            if items is None:
                await self._fail_batch(claimed, token, fresh=True)
                continue
            if items and not await self._send(_Batch(token, True, now, items)):
                return False
        return False

    # composing, inside the claim's transaction

    async def _compose(
        self, claimed: list[models.Delivery], token: str, now: datetime
    ) -> list[tuple[models.Delivery, models.ScheduledMessage]] | None:
        """The batch's messages, from a constant number of queries; rows with nothing to
        send are settled here (skipped, unreachable, or failed to compose). None: the
        queries themselves failed (the transaction is lost with its claims)."""
        try:
            composed = await _compose_batch(self.uow, claimed, now, self.default_tz)
        except Exception:
            log.exception("composing a batch of %d deliveries failed", len(claimed))
            return None
        items: list[tuple[models.Delivery, models.ScheduledMessage]] = []
        for delivery in claimed:
            outcome = composed.get(delivery.id, NOTHING_TO_SEND)
            next_attempt: datetime | None = None
            if isinstance(outcome, Exception):
                status = DeliveryStatus.FAILED
                error = f"composing failed: {type(outcome).__name__}: {outcome}"
                next_attempt = _next_attempt(delivery, now, retry_after=None)
            elif isinstance(outcome, str):
                status, error = (
                    (DeliveryStatus.UNREACHABLE, outcome)
                    if outcome == BLOCKED
                    else (DeliveryStatus.SKIPPED, outcome)
                )
            else:
                items.append((delivery, outcome))
                continue
            await self.uow.deliveries.finish(
                delivery.id,
                claimed_by=token,
                status=status,
                now=now,
                error=error,
                next_attempt_at=next_attempt,
            )
            if status is DeliveryStatus.UNREACHABLE:
                self.report.unreachable += 1
            elif status is DeliveryStatus.SKIPPED:
                self.report.skipped += 1
            elif next_attempt is not None:
                self.report.retrying += 1
            else:
                self.report.gave_up += 1
        return items

    async def _fail_batch(self, claimed: list[models.Delivery], token: str, fresh: bool) -> None:
        """The batch's claims went with its failed transaction: claim the same rows
        again and record the failure, so that they back off instead of looping."""
        now = self.clock.now()
        async with self.uow:
            for delivery in claimed:
                if fresh:
                    again = await self.uow.deliveries.claim(
                        delivery.kind,
                        delivery.athlete_id,
                        delivery.period,
                        due_at=delivery.due_at,
                        expires_at=delivery.expires_at,
                        claimed_by=token,
                        lease_until=now + self.lease,
                        now=now,
                    )
                else:
                    again = await self.uow.deliveries.reclaim(
                        delivery.id, claimed_by=token, lease_until=now + self.lease, now=now
                    )
                if again is None:
                    self.report.taken_elsewhere += 1
                    continue
                next_attempt = _next_attempt(again, now, retry_after=None)
                await self.uow.deliveries.finish(
                    again.id,
                    claimed_by=token,
                    status=DeliveryStatus.FAILED,
                    now=now,
                    error="composing failed (see the log)",
                    next_attempt_at=next_attempt,
                )
                if next_attempt is not None:
                    self.report.retrying += 1
                else:
                    self.report.gave_up += 1
            await self.uow.commit()

    # sending and settling

    async def _send(self, batch: _Batch) -> bool:
        """Send a claimed batch, ``in_flight`` at a time, committing each group's
        outcomes right after its sends. False: the tick ends (the rest handed back)."""
        items, start = batch.items, 0
        while start < len(items):
            if start and not await self._may_claim():
                await self._hand_back(batch, items[start:])
                return False
            now = self.clock.now()
            if now >= batch.claimed_at + self.lease / 2:
                # A batch slowed down by long waits: renew the rest before it could lapse.
                await self._renew(batch, items[start:], now)
            group = items[start : start + self.in_flight]
            start += len(group)
            if len(group) == 1:
                results: list[models.SendResult | BaseException] = [
                    await _capture(self._send_one(group[0][1]))
                ]
            else:
                results = list(
                    await asyncio.gather(
                        *(self._send_one(message) for _, message in group),
                        return_exceptions=True,
                    )
                )
            unavailable = await self._settle(batch.token, group, results)
            if unavailable is not None:
                await self._hand_back(batch, items[start:])
                self.report.stop(str(unavailable) or type(unavailable).__name__)
                return False
            if self.streak >= TRANSIENT_STREAK_LIMIT:
                await self._hand_back(batch, items[start:])
                self.report.stop(FAILING)
                return False
        return True

    async def _send_one(self, message: models.ScheduledMessage) -> models.SendResult:
        try:
            return await self.sender.send(message)
        except SenderUnavailable:
            raise
        except Exception as error:  # a bug, not Telegram's answer: give this one up, go on
            log.exception("sending a scheduled message to %s failed", message.recipient.id)
            return models.SendResult(SendOutcome.FAILED, error=f"{type(error).__name__}: {error}")

    async def _settle(
        self,
        token: str,
        group: list[tuple[models.Delivery, models.ScheduledMessage]],
        results: list[models.SendResult | BaseException],
    ) -> SenderUnavailable | None:
        """Record a group's outcomes; the SenderUnavailable, if any. Each statement
        stands alone (every outcome is a fact about one row of its own, and the group's
        outcomes are one statement), so no transaction is opened around them where the
        database can do without (two round trips fewer on PostgreSQL)."""
        now = self.clock.now()
        unavailable: SenderUnavailable | None = None
        outcomes: list[models.Outcome] = []
        unreachable: list[int] = []
        async with self.uow.autocommitting():
            for (delivery, message), result in zip(group, results, strict=True):
                if isinstance(result, SenderUnavailable):
                    unavailable = result
                    await self.uow.deliveries.release(
                        delivery.id, claimed_by=token, now=now, error=str(result)
                    )
                    continue
                if isinstance(result, BaseException):  # cancelled, say: not an outcome
                    raise result
                next_attempt: datetime | None = None
                if result.outcome is SendOutcome.SENT:
                    status = DeliveryStatus.SENT
                elif result.outcome is SendOutcome.UNREACHABLE:
                    status = DeliveryStatus.UNREACHABLE
                    unreachable.append(message.recipient.telegram_id)
                else:
                    status = DeliveryStatus.FAILED
                    if result.outcome is SendOutcome.RETRY:
                        next_attempt = _next_attempt(delivery, now, result.retry_after)
                outcomes.append(
                    models.Outcome(
                        delivery.id, status, result.message_id, result.error, next_attempt
                    )
                )
                self.streak = self.streak + 1 if result.outcome is SendOutcome.RETRY else 0
            ours = await self.uow.deliveries.finish_many(outcomes, claimed_by=token, now=now)
            for telegram_id in unreachable:
                await self.uow.athletes.set_reachable_by_telegram_id(telegram_id, False, now)
            await self.uow.commit()
        by_id = {d.id: d for d, _ in group}
        for outcome in outcomes:
            self._count(
                by_id[outcome.delivery_id],
                outcome.status,
                outcome.next_attempt_at,
                outcome.delivery_id in ours,
            )
        return unavailable

    def _count(
        self,
        delivery: models.Delivery,
        status: DeliveryStatus,
        next_attempt: datetime | None,
        ours: bool,
    ) -> None:
        report = self.report
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

    async def _hand_back(
        self, batch: _Batch, rest: list[tuple[models.Delivery, models.ScheduledMessage]]
    ) -> None:
        if not rest:
            return
        async with self.uow:
            await self.uow.deliveries.hand_back(
                [d.id for d, _ in rest],
                fresh=batch.fresh,
                claimed_by=batch.token,
                now=self.clock.now(),
            )
            await self.uow.commit()

    async def _renew(
        self,
        batch: _Batch,
        rest: list[tuple[models.Delivery, models.ScheduledMessage]],
        now: datetime,
    ) -> None:
        async with self.uow:
            await self.uow.deliveries.renew(
                [d.id for d, _ in rest],
                claimed_by=batch.token,
                lease_until=now + self.lease,
                now=now,
            )
            await self.uow.commit()
        batch.claimed_at = now


async def _capture(send: Awaitable[models.SendResult]) -> models.SendResult | BaseException:
    """One send's result, or the SenderUnavailable it raised (as ``gather`` would)."""
    try:
        return await send
    except SenderUnavailable as error:
        return error


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


async def _compose_batch(
    uow: UnitOfWork, claimed: list[models.Delivery], now: datetime, default_tz: str
) -> dict[int, models.ScheduledMessage | str | Exception]:
    """Each claimed row's message, from the database as it is now, or why it is not sent
    (a reason, or the error composing it raised): a constant number of queries for the
    whole batch. Composed even for someone who blocked the bot: a summary is stored
    regardless."""
    recipients = await uow.deliveries.recipients(d.athlete_id for d in claimed)
    out: dict[int, models.ScheduledMessage | str | Exception] = {}
    kinds = {d.kind for d in claimed}
    plans: dict[tuple[int, date], models.Plan] = {}
    if kinds & {DeliveryKind.WEEKLY, DeliveryKind.REMINDER}:
        plans = await uow.deliveries.plans_for_weeks(
            (d.athlete_id, week_start_of(d.period))
            for d in claimed
            if d.kind in (DeliveryKind.WEEKLY, DeliveryKind.REMINDER)
        )
    stats: dict[tuple[int, date], models.PlanStats] = {}
    summaries: list[models.WeeklySummary] = []
    if DeliveryKind.SUMMARY in kinds:
        found = await uow.plans.stats_for_weeks(
            (d.athlete_id, d.period) for d in claimed if d.kind is DeliveryKind.SUMMARY
        )
        stats = {(s.athlete_id, s.week_start): s for s in found}
    digests: dict[int, models.TrainerDigest | models.AttentionCheck | str] = {}
    if DeliveryKind.DIGEST in kinds:
        digests = await _digests(uow, [d for d in claimed if d.kind is DeliveryKind.DIGEST])
    if DeliveryKind.ATTENTION in kinds:
        checks = [d for d in claimed if d.kind is DeliveryKind.ATTENTION]
        digests.update(await attention_checks(uow, checks, now, default_tz))
    for delivery in claimed:
        recipient = recipients.get(delivery.athlete_id)
        if recipient is None:
            out[delivery.id] = NOTHING_TO_SEND
            continue
        try:
            composed = _compose_one(delivery, recipient, now, default_tz, plans, stats, digests)
        except Exception as error:  # a bug or bad data: this one fails, the tick goes on
            log.exception("composing delivery %s failed", delivery.id)
            out[delivery.id] = error
            continue
        if isinstance(composed, models.SummaryMessage):
            # The week's summary is stored when it is sent: the plan's WeeklySummary.
            summaries.append(composed.summary)
        if not recipient.reachable and not isinstance(composed, str):
            out[delivery.id] = BLOCKED
        else:
            out[delivery.id] = composed
    await uow.deliveries.store_summaries(summaries)
    return out


def _compose_one(
    delivery: models.Delivery,
    recipient: models.Athlete,
    now: datetime,
    default_tz: str,
    plans: dict[tuple[int, date], models.Plan],
    stats: dict[tuple[int, date], models.PlanStats],
    digests: dict[int, models.TrainerDigest | models.AttentionCheck | str],
) -> models.ScheduledMessage | str:
    period = delivery.period
    if delivery.kind is DeliveryKind.WEEKLY:
        plan = plans.get((recipient.id, period))
        if plan is None:
            return NOTHING_TO_SEND
        local_day = local_today(now, _zone(recipient.timezone, default_tz))
        return models.WeeklyMessage(recipient, plan, catch_up=local_day != period)
    if delivery.kind is DeliveryKind.REMINDER:
        plan = plans.get((recipient.id, week_start_of(period)))
        workouts = plan.workouts_on(period.weekday()) if plan else ()
        if plan is None or not workouts:
            return NOTHING_TO_SEND
        if all(w.completed for w in workouts):
            return ALREADY_DONE
        return models.WorkoutReminder(recipient, plan, period)
    if delivery.kind is DeliveryKind.SUMMARY:
        found = stats.get((recipient.id, period))
        if found is None:
            return NOTHING_TO_SEND
        return models.SummaryMessage(recipient, summarize(found, now))
    return digests.get(delivery.id, NOTHING_TO_SEND)


async def _digests(
    uow: UnitOfWork, claimed: list[models.Delivery]
) -> dict[int, models.TrainerDigest | str]:
    """Trainers' digests for a batch: their trainer records, their athletes and those
    athletes' weeks, three queries whatever the number of trainers."""
    recipients = await uow.deliveries.recipients(d.athlete_id for d in claimed)
    trainers = await uow.deliveries.trainers_of(d.athlete_id for d in claimed)
    rosters = await uow.deliveries.athletes_of(t.id for t in trainers.values())
    weeks = [
        (a.id, d.period)
        for d in claimed
        if d.athlete_id in trainers
        for a in rosters[trainers[d.athlete_id].id]
    ]
    stats = await uow.plans.stats_for_weeks(weeks) if weeks else []
    by_week = {(s.athlete_id, s.week_start): s for s in stats}
    # weekly: every log of the week and the week's check-in, two statements per batch.
    planned_weeks = list(by_week)
    logs = await uow.week_logs.for_weeks(planned_weeks) if planned_weeks else {}
    # A week's check-in is asked with its summary, at the digest's hour: last week's
    # check-in shows when this week's is not in yet.
    checkins = (
        await uow.checkins.for_weeks(
            [*planned_weeks, *((a, w - timedelta(days=7)) for a, w in planned_weeks)]
        )
        if planned_weeks
        else {}
    )
    digests: dict[int, models.TrainerDigest | str] = {}
    for delivery in claimed:
        trainer = trainers.get(delivery.athlete_id)
        recipient = recipients.get(delivery.athlete_id)
        if trainer is None or recipient is None:
            digests[delivery.id] = NOTHING_TO_SEND
            continue
        athletes = rosters[trainer.id]
        week = [
            by_week[(a.id, delivery.period)] for a in athletes if (a.id, delivery.period) in by_week
        ]
        if not week:  # a product decision: no digest of nothing (docs/scheduling.md)
            digests[delivery.id] = NO_PLANS
            continue
        digests[delivery.id] = build_digest(
            recipient, trainer, delivery.period, athletes, week, logs=logs, checkins=checkins
        )
    return digests
