"""Scheduled messages, the bot's side: the repeating tick, sending, ``coach jobs tick``.

Core decides what is due and keeps the ledger (``core.services.deliveries``). This
module renders each message (``bot.screens``), sends it with python-telegram-bot and
turns Telegram's answer into a ledger outcome:

| Telegram answers                  | outcome                                       |
|-----------------------------------|-----------------------------------------------|
| the message                       | sent                                          |
| 429 (RetryAfter)                  | retry after the time Telegram gave; the next  |
|                                   | claim waits that long too (or the tick ends)  |
| a network error or a timeout      | retry, backing off                            |
| 403 (the user blocked the bot)    | unreachable: the user is marked, no retry     |
| 400 "chat not found"              | unreachable (the user never opened the chat)  |
| any other refusal                 | failed for good (retrying would not help)     |
| 401/404 (InvalidToken), 409       | the tick ends, the claim is handed back: the  |
| (Conflict)                        | bot itself cannot send, not this message      |

A 429 is waited out inside python-telegram-bot (``CappedRateLimiter``) only when
Telegram asks for at most ``MAX_RETRY_AFTER_SECONDS``, and one send is cut off after
``SEND_BUDGET_SECONDS`` whatever happens: a claim is never held for long, so its
lease (validated in ``bot.settings``) never lapses under a live sender.

See docs/scheduling.md for the whole picture.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import AIORateLimiter, Application, ExtBot, Job

from bot import screens
from bot.clock import ShiftedClock, SystemClock
from bot.context import CoachContext, runtime_of
from bot.program_jobs import generate_program_weeks
from bot.render import split_message
from bot.settings import MAX_RETRY_AFTER_SECONDS, SEND_BUDGET_SECONDS, SEND_RETRIES, Settings
from core import i18n, models
from core.clock import Clock
from core.models import SendOutcome, SendResult
from core.ports import UnitOfWork
from core.schedule import ScheduleTimes
from core.services import deliveries
from core.services.deliveries import SenderUnavailable, TickReport
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWork

log = logging.getLogger(__name__)

TICK_JOB = "coach.deliveries"
# A flood-control pause longer than this is not waited out by a tick (before its next
# claim): the tick ends and the next one goes on.
MAX_PAUSE_SECONDS = 60.0
_log_limiter = logging.getLogger("coach.ratelimit")


# Telegram's limits (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):
# about 30 messages a second overall, one a second per chat; with allow_paid_broadcast
# up to 1,000 a second, paid in Stars (see docs/scheduling.md).
OVERALL_PER_SECOND = 30.0
PAID_PER_SECOND = 1000.0
PER_CHAT_INTERVAL = 1.0
# Of the overall 30 a second, broadcasts leave this many tokens untouched, so that a chat
# reply during a broadcast finds one at once instead of waiting for the next (33 ms).
CHAT_RESERVE = 3.0
# Messages one tick sends at once (and so the most a crash can duplicate): enough to
# keep 30 a second going over a round trip of up to 130 ms; with paid broadcasts,
# 1,000 a second over a 32 ms round trip.
FREE_IN_FLIGHT = 4
PAID_IN_FLIGHT = 32
# Rows claimed (and composed) at once. At 30 a second a batch of 25 lasts under a second,
# and its claim holds SQLite's write lock (and the event loop, composing) for a few ms, so
# a chat reply never waits long behind it; at 1,000 a second, 100 last a tenth of a second.
# Either way a batch costs a constant handful of statements: well under one a message.
FREE_BATCH = 25
PAID_BATCH = 100
FOREGROUND, BACKGROUND = 0, 1


@dataclass(frozen=True)
class RateLimitArgs:
    """``rate_limit_args`` of ``CappedRateLimiter``: ``background`` sends (broadcasts) go
    after every waiting chat reply and keep ``CHAT_RESERVE`` free for them; an int, as
    for AIORateLimiter, is still the number of 429 retries."""

    background: bool = False
    max_retries: int | None = None


BROADCAST = RateLimitArgs(background=True)


class PriorityBucket:
    """A token bucket of ``rate`` a second (bursts up to ``rate``) with two priorities.

    A waiting foreground caller is always served before any background one, and a
    background caller only takes a token while ``reserve`` more are left, so that a chat
    reply does not queue behind broadcast sends: it finds a token, or is next in line.
    """

    def __init__(
        self,
        rate: float,
        *,
        reserve: float = 0.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._rate = rate
        self._capacity = max(rate, 1.0 + reserve)
        self._tokens = self._capacity
        self._reserve = reserve
        self._monotonic = monotonic
        self._stamp = monotonic()
        self._waiters: tuple[deque[asyncio.Future[None]], ...] = (deque(), deque())
        self._timer: asyncio.TimerHandle | None = None

    def _refill(self) -> None:
        now = self._monotonic()
        self._tokens = min(self._capacity, self._tokens + (now - self._stamp) * self._rate)
        self._stamp = now

    def _floor(self, priority: int) -> float:
        return 1.0 + (self._reserve if priority == BACKGROUND else 0.0)

    async def acquire(self, priority: int = FOREGROUND) -> None:
        self._refill()
        ahead = any(self._waiters[p] for p in range(priority + 1))
        if not ahead and self._tokens >= self._floor(priority):
            self._tokens -= 1.0
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters[priority].append(future)
        self._schedule()
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self._tokens += 1.0  # granted just as we were cancelled: give it back
            raise

    def _serve(self) -> None:
        self._timer = None
        self._refill()
        for priority, queue in enumerate(self._waiters):
            while queue and self._tokens >= self._floor(priority):
                future = queue.popleft()
                if future.done():  # cancelled while waiting
                    continue
                self._tokens -= 1.0
                future.set_result(None)
            if queue:
                break  # lower priorities wait behind this one
        self._schedule()

    def _schedule(self) -> None:
        if self._timer is not None:
            return
        for priority, queue in enumerate(self._waiters):
            while queue and queue[0].done():
                queue.popleft()
            if queue:
                delay = max(0.0, (self._floor(priority) - self._tokens) / self._rate)
                self._timer = asyncio.get_running_loop().call_later(delay, self._serve)
                return


class ChatSpacing:
    """At most one message per ``interval`` to each chat (kept only while it matters)."""

    def __init__(
        self,
        interval: float = PER_CHAT_INTERVAL,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._interval = interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._next: dict[object, float] = {}
        self._prune_at = 1024

    async def wait(self, chat_id: object) -> None:
        now = self._monotonic()
        at = self._next.get(chat_id, now)
        self._next[chat_id] = max(now, at) + self._interval
        if len(self._next) > self._prune_at:
            self._next = {c: t for c, t in self._next.items() if t > now}
            self._prune_at = 2 * len(self._next) + 1024
        if at > now:
            await self._sleep(at - now)


class CappedRateLimiter(AIORateLimiter):
    """python-telegram-bot's AIORateLimiter, waiting out only short 429s, with chat
    replies ahead of broadcasts and paid broadcasts at their own rate.

    - AIORateLimiter sleeps ``retry_after`` + 0.1 s on every 429, however long Telegram
      asks for, up to ``max_retries`` times, inside ``bot.send_message``: a scheduled
      send could hold its claim past the lease (and another process send it again), and
      every chat reply would stall meanwhile. This one retries a 429 only when
      ``retry_after <= max_retry_after`` and otherwise raises ``RetryAfter`` at once, so
      that the ledger records when to try again.
    - Sends marked ``rate_limit_args=BROADCAST`` (``TelegramSender``) share the overall
      30 a second with chat replies but go after them (``PriorityBucket``), and are
      spaced one a second per chat. With ``allow_paid_broadcast`` they go through their
      own limiter of up to 1,000 a second instead, leaving the 30 to the chat.

    Used by ``coach run`` and ``coach jobs tick`` alike. (It reuses AIORateLimiter's
    group limiters and its pause for all requests, ``_retry_after_event``.)
    """

    def __init__(
        self,
        *,
        max_retries: int = SEND_RETRIES,
        max_retry_after: float = MAX_RETRY_AFTER_SECONDS,
        overall_max_rate: float = OVERALL_PER_SECOND,
        paid_max_rate: float = PAID_PER_SECOND,
        chat_reserve: float = CHAT_RESERVE,
        **kwargs: Any,
    ) -> None:
        super().__init__(max_retries=max_retries, overall_max_rate=overall_max_rate, **kwargs)
        self.max_retry_after = max_retry_after
        self._bucket = PriorityBucket(overall_max_rate, reserve=chat_reserve)
        self._apb_limiter = AsyncLimiter(max_rate=paid_max_rate, time_period=1)
        self._per_chat = ChatSpacing()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: RateLimitArgs | int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        background = False
        max_retries = self._max_retries
        if isinstance(rate_limit_args, RateLimitArgs):
            background = rate_limit_args.background
            if rate_limit_args.max_retries is not None:
                max_retries = rate_limit_args.max_retries
        elif rate_limit_args:
            max_retries = rate_limit_args
        chat_id = data.get("chat_id")
        with contextlib.suppress(ValueError, TypeError):
            chat_id = int(chat_id)  # type: ignore[arg-type]
        group: int | str | bool = False
        if (isinstance(chat_id, int) and chat_id < 0) or isinstance(chat_id, str):
            group = chat_id
        paid = bool(data.get("allow_paid_broadcast", False))
        attempt = 0
        while True:
            try:
                return await self._limited(
                    chat_id=chat_id,
                    group=group,
                    paid=paid,
                    background=background,
                    callback=callback,
                    args=args,
                    kwargs=kwargs,
                )
            except RetryAfter as error:
                seconds = _seconds(error.retry_after)
                if attempt >= max_retries or seconds > self.max_retry_after:
                    raise
                attempt += 1
                _log_limiter.info("429 on %s: retrying after %.1f s", endpoint, seconds)
                self._retry_after_event.clear()  # flood control is per bot: all requests wait
                try:
                    await asyncio.sleep(seconds + 0.1)
                finally:
                    self._retry_after_event.set()

    async def _limited(
        self,
        *,
        chat_id: object,
        group: int | str | bool,
        paid: bool,
        background: bool,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if background and chat_id is not None:
            await self._per_chat.wait(chat_id)
        if paid:
            async with self._apb_limiter:
                await self._retry_after_event.wait()
                return await callback(*args, **kwargs)
        group_limit = (
            self._get_group_limiter(group)
            if group and self._group_max_rate
            else contextlib.nullcontext()
        )
        async with group_limit:
            if chat_id is not None:
                await self._bucket.acquire(BACKGROUND if background else FOREGROUND)
            await self._retry_after_event.wait()
            return await callback(*args, **kwargs)


def rate_limiter() -> CappedRateLimiter:
    """The rate limiter of ``coach run`` and ``coach jobs tick``."""
    return CappedRateLimiter()


class TelegramSender:
    """Sends scheduled messages and tells core what became of each.

    With ``paid`` (``COACH_PAID_BROADCAST``) messages go with ``allow_paid_broadcast``.

    After a 429 every later send waits as long as Telegram said, since flood control
    applies to the whole bot: the tick asks ``ready`` before each claim and each group
    of sends. One send
    gives up after ``budget`` seconds (a message whose first part went out counts as
    sent). ``sleep`` and ``monotonic`` are injectable so that tests can check the
    waiting without waiting.
    """

    def __init__(
        self,
        bot: Bot,
        *,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        max_pause: float = MAX_PAUSE_SECONDS,
        budget: float = SEND_BUDGET_SECONDS,
        paid: bool = False,
    ) -> None:
        self._bot = bot
        # Marked as broadcasts, so that the rate limiter puts chat replies first; other
        # bots (a bare ExtBot) refuse rate_limit_args.
        self._extra: dict[str, Any] = {}
        if isinstance(getattr(bot, "rate_limiter", None), CappedRateLimiter):
            self._extra["rate_limit_args"] = BROADCAST
        if paid:
            self._extra["allow_paid_broadcast"] = True
        self._sleep = sleep
        self._monotonic = monotonic
        self._max_pause = max_pause
        self._budget = budget
        self._resume_at = 0.0

    @property
    def bot(self) -> Bot:
        return self._bot

    async def ready(self) -> bool:
        """Wait out a flood-control pause of up to ``max_pause``; False if it is longer."""
        pause = self._resume_at - self._monotonic()
        if pause > self._max_pause:
            return False
        if pause > 0:
            await self._sleep(pause)
        return True

    async def send(self, message: models.ScheduledMessage) -> SendResult:
        pause = self._resume_at - self._monotonic()
        if pause > self._max_pause:
            return SendResult(SendOutcome.RETRY, retry_after=pause, error="flood control pause")
        if pause > 0:
            await self._sleep(pause)
        with i18n.using(i18n.language_of(message.recipient)):  # the recipient's language
            screen = screens.scheduled(message)
        parts: list[Message] = []
        try:
            async with asyncio.timeout(self._budget):
                await self._send_screen(message.recipient.telegram_id, screen, parts)
            sent = parts[0]
        except TimeoutError:
            if parts:  # the delivery is out; only a later part is missing
                log.warning("a scheduled message to %s was cut short", message.recipient.id)
                return SendResult(SendOutcome.SENT, message_id=parts[0].message_id)
            return SendResult(SendOutcome.RETRY, error=f"no answer within {self._budget:g} s")
        except (InvalidToken, Conflict) as error:
            # Not this message's fault: the token was revoked, the base URL is wrong, or
            # another process uses the token in a conflicting way. Nothing can be sent.
            raise SenderUnavailable(_describe(error)) from error
        except RetryAfter as error:
            seconds = _seconds(error.retry_after)
            self._resume_at = self._monotonic() + seconds
            return SendResult(SendOutcome.RETRY, retry_after=seconds, error=_describe(error))
        except Forbidden as error:
            return SendResult(SendOutcome.UNREACHABLE, error=_describe(error))
        except BadRequest as error:  # before NetworkError, of which it is a subclass
            if "chat not found" in error.message.lower():
                return SendResult(SendOutcome.UNREACHABLE, error=_describe(error))
            return SendResult(SendOutcome.FAILED, error=_describe(error))
        except NetworkError as error:  # TimedOut included
            return SendResult(SendOutcome.RETRY, error=_describe(error))
        except TelegramError as error:
            return SendResult(SendOutcome.FAILED, error=_describe(error))
        return SendResult(SendOutcome.SENT, message_id=sent.message_id)

    async def _send_screen(
        self, chat_id: int, screen: screens.Screen, parts: list[Message]
    ) -> None:
        """The text in as few messages as Telegram allows, the keyboard on the last;
        each part sent is appended to ``parts``.

        The first part is the delivery: once it is out, a failing later part is
        logged but does not make the whole message go out again.
        """
        chunks = split_message(screen.text)
        for index, chunk in enumerate(chunks):
            try:
                sent = await self._bot.send_message(
                    chat_id,
                    chunk,
                    parse_mode=ParseMode.HTML,
                    reply_markup=screen.markup if index == len(chunks) - 1 else None,
                    disable_web_page_preview=True,
                    **self._extra,
                )
            except TelegramError:
                if not parts:
                    raise
                log.warning("part %d of a scheduled message to %s failed", index + 1, chat_id)
                return
            parts.append(sent)


def _seconds(value: timedelta | float) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _describe(error: TelegramError) -> str:
    return f"{type(error).__name__}: {error.message}"


def schedule_times(settings: Settings) -> ScheduleTimes:
    return ScheduleTimes(
        weekly_message=settings.weekly_message_time,
        reminder=settings.reminder_time,
        summary=settings.summary_time,
        attention=settings.attention_time,
    )


def worker_name() -> str:
    """This process in the ledger's ``claimed_by``: host and pid."""
    return f"{socket.gethostname()[:64]}:{os.getpid()}"


async def run_tick(
    settings: Settings,
    uow: UnitOfWork,
    sender: TelegramSender,
    clock: Clock,
    should_stop: Callable[[], bool] | None = None,
) -> TickReport:
    report = await deliveries.tick(
        uow,
        sender,
        clock,
        times=schedule_times(settings),
        default_tz=settings.default_timezone,
        worker=worker_name(),
        lease=timedelta(seconds=settings.delivery_lease_seconds),
        should_stop=should_stop,
        batch=PAID_BATCH if settings.paid_broadcast else FREE_BATCH,
        in_flight=in_flight(settings),
    )
    # Programs' next weeks (branch programs): due the Friday before their Monday.
    if should_stop is None or not should_stop():
        await generate_program_weeks(
            sender.bot, uow, clock, default_tz=settings.default_timezone, worker=worker_name()
        )
    return report


def in_flight(settings: Settings) -> int:
    """How many scheduled messages are sent at once (see ``FREE_IN_FLIGHT``)."""
    return PAID_IN_FLIGHT if settings.paid_broadcast else FREE_IN_FLIGHT


def sender_for(bot: Bot, settings: Settings) -> TelegramSender:
    return TelegramSender(bot, paid=settings.paid_broadcast)


# --- inside coach run -----------------------------------------------------------------


def schedule_deliveries(application: Application) -> Job:
    """Tick every ``COACH_TICK_SECONDS``; a late run is coalesced with the next, never dropped.

    The first tick comes one interval after start, and one process never runs two
    ticks at once (``max_instances``): the ledger would cope, but it would be waste.
    """
    settings = runtime_of(application).settings
    return application.job_queue.run_repeating(
        _tick_job,
        interval=settings.tick_seconds,
        first=settings.tick_seconds,
        name=TICK_JOB,
        data=sender_for(application.bot, settings),
        job_kwargs={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
    )


async def _tick_job(context: CoachContext) -> None:
    runtime = context.runtime
    application = context.application
    try:
        # Application.stop waits for a running job: a broadcast ends at its next claim
        # instead of running to the end, and the next start goes on from there.
        report = await run_tick(
            runtime.settings,
            runtime.uow(),
            context.job.data,
            runtime.clock,
            should_stop=lambda: not application.running,
        )
    except Exception:
        log.exception("scheduled delivery tick failed; the next tick tries again")
        return
    if report.sent or report.retrying or report.gave_up or report.skipped or report.unreachable:
        log.info("%s", report)
    if report.lease_lost or (report.stopped_early and report.stop_reason != deliveries.STOPPING):
        log.warning("%s", report)


# --- coach jobs tick ------------------------------------------------------------------


def build_bot(settings: Settings) -> ExtBot:
    """A bot for one tick from the command line, waiting on short 429s like coach run's."""
    assert settings.token is not None
    return ExtBot(
        settings.token,
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.file_base_url,
        rate_limiter=rate_limiter(),
    )


async def tick_once(settings: Settings, at: datetime | None = None) -> TickReport:
    """One tick at ``at`` (default: now) against the configured database and Bot API."""
    clock: Clock = SystemClock() if at is None else ShiftedClock(at)
    engine = create_engine(settings.database_url)
    try:
        async with build_bot(settings) as bot:
            uow = SqlUnitOfWork(create_session_factory(engine))
            return await run_tick(settings, uow, sender_for(bot, settings), clock)
    finally:
        await engine.dispose()
