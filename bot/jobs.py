"""Scheduled messages, the bot's side: the repeating tick, sending, ``coach jobs tick``.

Core decides what is due and keeps the ledger (``core.services.deliveries``). This
module renders each message (``bot.screens``), sends it with python-telegram-bot and
turns Telegram's answer into a ledger outcome:

| Telegram answers                  | outcome                                       |
|-----------------------------------|-----------------------------------------------|
| the message                       | sent                                          |
| 429 (RetryAfter)                  | retry after the time Telegram gave; the next  |
|                                   | send waits that long too                      |
| a network error or a timeout      | retry, backing off                            |
| 403 (the user blocked the bot)    | unreachable: the user is marked, no retry     |
| 400 "chat not found"              | unreachable (the user never opened the chat)  |
| any other refusal                 | failed for good (retrying would not help)     |

See docs/scheduling.md for the whole picture.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, Application, ExtBot, Job

from bot import screens
from bot.clock import ShiftedClock, SystemClock
from bot.context import CoachContext, runtime_of
from bot.render import split_message
from bot.settings import Settings
from core import models
from core.clock import Clock
from core.models import SendOutcome, SendResult
from core.ports import UnitOfWork
from core.schedule import ScheduleTimes
from core.services import deliveries
from core.services.deliveries import TickReport
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWork

log = logging.getLogger(__name__)

TICK_JOB = "coach.deliveries"
# A flood-control pause longer than this is not waited out inside a tick: the message
# is rescheduled instead, so that a claim never outlives its lease while waiting.
MAX_PAUSE_SECONDS = 60.0
SEND_RETRIES = 3  # python-telegram-bot's own waits on 429 before we see it (as in coach run)


class TelegramSender:
    """Sends scheduled messages one at a time and tells core what became of each.

    After a 429 every later send waits as long as Telegram said, since flood control
    applies to the whole bot. ``sleep`` and ``monotonic`` are injectable so that tests
    can check the waiting without waiting.
    """

    def __init__(
        self,
        bot: Bot,
        *,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        max_pause: float = MAX_PAUSE_SECONDS,
    ) -> None:
        self._bot = bot
        self._sleep = sleep
        self._monotonic = monotonic
        self._max_pause = max_pause
        self._resume_at = 0.0

    async def send(self, message: models.ScheduledMessage) -> SendResult:
        pause = self._resume_at - self._monotonic()
        if pause > self._max_pause:
            return SendResult(SendOutcome.RETRY, retry_after=pause, error="flood control pause")
        if pause > 0:
            await self._sleep(pause)
        screen = screens.scheduled(message)
        try:
            sent = await self._send_screen(message.recipient.telegram_id, screen)
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

    async def _send_screen(self, chat_id: int, screen: screens.Screen) -> Message:
        """The text in as few messages as Telegram allows, the keyboard on the last.

        The first part is the delivery: once it is out, a failing later part is
        reported in the ledger but does not make the whole message go out again.
        """
        chunks = split_message(screen.text)
        first: Message | None = None
        for index, chunk in enumerate(chunks):
            try:
                sent = await self._bot.send_message(
                    chat_id,
                    chunk,
                    parse_mode=ParseMode.HTML,
                    reply_markup=screen.markup if index == len(chunks) - 1 else None,
                    disable_web_page_preview=True,
                )
            except TelegramError:
                if first is None:
                    raise
                log.warning("part %d of a scheduled message to %s failed", index + 1, chat_id)
                return first
            first = first or sent
        assert first is not None
        return first


def _seconds(value: timedelta | float) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _describe(error: TelegramError) -> str:
    return f"{type(error).__name__}: {error.message}"


def schedule_times(settings: Settings) -> ScheduleTimes:
    return ScheduleTimes(
        weekly_message=settings.weekly_message_time,
        reminder=settings.reminder_time,
        summary=settings.summary_time,
    )


def worker_name() -> str:
    """This process in the ledger's ``claimed_by``: host and pid."""
    return f"{socket.gethostname()[:64]}:{os.getpid()}"


async def run_tick(
    settings: Settings, uow: UnitOfWork, sender: TelegramSender, clock: Clock
) -> TickReport:
    return await deliveries.tick(
        uow,
        sender,
        clock,
        times=schedule_times(settings),
        default_tz=settings.default_timezone,
        worker=worker_name(),
        lease=timedelta(seconds=settings.delivery_lease_seconds),
    )


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
        data=TelegramSender(application.bot),
        job_kwargs={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
    )


async def _tick_job(context: CoachContext) -> None:
    runtime = context.runtime
    try:
        report = await run_tick(runtime.settings, runtime.uow(), context.job.data, runtime.clock)
    except Exception:
        log.exception("scheduled delivery tick failed; the next tick tries again")
        return
    if report.sent or report.retrying or report.gave_up or report.skipped or report.unreachable:
        log.info("%s", report)
    if report.lease_lost:
        log.warning("%s", report)


# --- coach jobs tick ------------------------------------------------------------------


def build_bot(settings: Settings) -> ExtBot:
    """A bot for one tick from the command line, waiting on 429s like coach run's."""
    assert settings.token is not None
    return ExtBot(
        settings.token,
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.file_base_url,
        rate_limiter=AIORateLimiter(max_retries=SEND_RETRIES),
    )


async def tick_once(settings: Settings, at: datetime | None = None) -> TickReport:
    """One tick at ``at`` (default: now) against the configured database and Bot API."""
    clock: Clock = SystemClock() if at is None else ShiftedClock(at)
    engine = create_engine(settings.database_url)
    try:
        async with build_bot(settings) as bot:
            uow = SqlUnitOfWork(create_session_factory(engine))
            return await run_tick(settings, uow, TelegramSender(bot), clock)
    finally:
        await engine.dispose()
