"""The trainer's Done notice, kept true and at Telegram's pace.

A notice names the plan's week and counts that plan's workouts, and an Undo corrects it
(edited in place, or a short correction). Telegram takes about one message a second per
chat, so a trainer's notices are paced (``DoneNotices``): the first goes at once; those
that come within ``NOTICE_WINDOW_SECONDS`` of the last one sent to that trainer wait for
the window to end and go together as one message, ten lines listed and the rest counted.
Corrections keep the same pace. An Undo of a notice still waiting takes it out, so the
trainer is never told of a Done taken back.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError

from bot import render, texts
from core import i18n, models
from core.clock import Clock
from core.ports import UnitOfWork
from core.services import notices, people
from core.services.completion import WorkoutChange

log = logging.getLogger(__name__)

# Telegram: "avoid sending more than one message per second" to one chat.
NOTICE_WINDOW_SECONDS = 1.0
# The lines one paced message lists; the rest of its window's are counted in a last line
# (a wall of a hundred lines helps no trainer, and is slow to show). Ten lines fit in one
# message: a title is at most 120 characters (core/plan_text.py), a name at most 129.
LINES_LISTED = 10


def _fields(change: WorkoutChange, **override: object) -> dict[str, object]:
    return {
        "athlete": render.esc(change.athlete.name),
        "title": render.esc(change.workout.title),
        "day": render.day_name(change.workout.day_of_week),
        "week_number": change.plan.week_number,
        "completed": change.plan.completed_workouts,
        "total": len(change.plan.workouts),
        **override,
    }


def _for_trainer(change: WorkoutChange, name: str, **override: object) -> str:
    """The notice in the trainer's language, whoever tapped."""
    with i18n.using(change.trainer.language if change.trainer else None):
        return getattr(texts, name).format(**_fields(change, **override))


def done_text(change: WorkoutChange) -> str:
    return _for_trainer(change, "TRAINER_TOLD_DONE_OF_WEEK")


def undone_text(change: WorkoutChange) -> str:
    return _for_trainer(change, "TRAINER_NOTICE_UNDONE")


def correction_text(change: WorkoutChange) -> str:
    return _for_trainer(change, "TRAINER_NOTICE_CORRECTION")


def _correction_of_done(change: WorkoutChange) -> str:
    """What an Undo of this Done would say, told by whoever sent the Done's line when the
    Undo could not: it found no notice to correct while the line was on its way."""
    undone = change.plan.completed_workouts - 1
    return _for_trainer(change, "TRAINER_NOTICE_CORRECTION", completed=undone)


@dataclass(frozen=True)
class _Line:
    """A line for a trainer's chat, waiting for its window or on its way: a Done notice
    (remembered once sent, so that an Undo can correct it) or a correction."""

    # Texts are composed when shown: most of a busy window's lines are only counted.
    workout_id: int
    text: Callable[[], str]
    # A Done's: what to say when its workout turns out undone once the line went out
    # (None for a correction, which is not remembered).
    correction: Callable[[], str] | None
    language: str | None  # the trainer's, for the line that counts what is not listed

    @property
    def is_done(self) -> bool:
        return self.correction is not None

    @property
    def key(self) -> tuple[int, bool]:
        return self.workout_id, self.is_done


class DoneNotices:
    """One process's Done notices and their corrections, paced per trainer (see the
    module's docstring).

    What waits lives in this process only: a hard kill loses at most the last second's
    lines (as it could lose a notice between a Done's commit and its send before); the
    Sunday digest still counts every workout. ``close`` sends what waits.
    """

    def __init__(
        self,
        bot: Bot,
        uow: Callable[[], UnitOfWork],
        clock: Clock,
        *,
        window_seconds: float = NOTICE_WINDOW_SECONDS,
    ) -> None:
        self._bot = bot
        self._uow = uow
        self._clock = clock
        self.window_seconds = window_seconds  # tests may widen it
        self._last_sent: dict[int, float] = {}  # trainer's chat -> loop time
        self._waiting: dict[int, dict[tuple[int, bool], _Line]] = {}  # chat -> line.key -> line
        self._timers: dict[int, asyncio.TimerHandle] = {}
        self._sending: dict[int, asyncio.Task[None]] = {}  # chat -> its lines on their way
        self._closing = False  # the bot is stopping: every line goes at once

    async def tell(self, change: WorkoutChange) -> models.TrainerNotice | None:
        """A Done is told to the athlete's trainer: at once when their chat has had no
        notice for a window (the notice sent is returned, for the caller to remember
        where it suits it), else with the window's others. An Undo of a workout the
        trainer was told about corrects that notice."""
        if not change.changed:
            return None
        if change.workout.completed:
            return await self._done(change)
        await self._undone(change)
        return None

    async def _done(self, change: WorkoutChange) -> models.TrainerNotice | None:
        trainer = change.trainer
        if trainer is None or trainer.athlete_id == change.athlete.id:
            return None  # nobody is told about their own workout
        line = _Line(
            change.workout.id,
            partial(done_text, change),
            partial(_correction_of_done, change),
            trainer.language,
        )
        message = await self._say(trainer.telegram_id, line)
        if message is None:
            return None
        return models.TrainerNotice(change.workout.id, message.chat_id, message.message_id)

    async def _undone(self, change: WorkoutChange) -> None:
        done_line = (change.workout.id, True)
        for waiting in self._waiting.values():
            if waiting.pop(done_line, None) is not None:
                return  # not sent yet: now it never will be
        told = change.told
        if told is None:
            # Never sent, or on its way: its sender finds the workout undone when it
            # remembers the line (save_if_done), and corrects it.
            return
        # A correction is not remembered: the Done it corrects was forgotten.
        if not told.shared:  # its message alone: struck through in place
            try:
                await self._bot.edit_message_text(
                    undone_text(change),
                    chat_id=told.chat_id,
                    message_id=told.message_id,
                    parse_mode=ParseMode.HTML,
                )
                return
            except TelegramError as error:  # too old to edit, deleted, ...: say it anew
                log.info("could not edit the Done notice %s: %s", told.message_id, error)
        # An edit of a shared message would rewrite the other workouts' lines too.
        language = change.trainer.language if change.trainer else None
        correction = _Line(change.workout.id, partial(correction_text, change), None, language)
        await self._say(told.chat_id, correction)

    async def _say(self, chat: int, line: _Line) -> Message | None:
        """Send a line at once when the chat's window is free (the message, or None when
        it could not go); else it waits for the window with the others (None)."""
        now = asyncio.get_running_loop().time()
        if not self._closing and (
            self._waiting.get(chat)
            or chat in self._sending
            or now - self._last_sent.get(chat, -math.inf) < self.window_seconds
        ):
            self._waiting.setdefault(chat, {})[line.key] = line
            self._send_later(chat)
            return None
        self._last_sent[chat] = now
        return await _send(self._bot, self._uow, self._clock.now(), chat, line.text())

    # --- the lines that waited -------------------------------------------------------

    def _send_later(self, chat: int) -> None:
        if chat in self._timers:
            return
        loop = asyncio.get_running_loop()
        delay = max(0.0, self._last_sent.get(chat, -math.inf) + self.window_seconds - loop.time())
        # A context of its own: the lines that wait are no part of the update that
        # happened to start the wait (its language, its person, its transaction).
        self._timers[chat] = loop.call_later(
            delay, self._start_sending, chat, context=contextvars.Context()
        )

    def _start_sending(self, chat: int) -> None:
        self._timers.pop(chat, None)
        if chat in self._sending:
            return  # one message to a chat at a time: its sender looks again when done
        task = asyncio.create_task(self._send_waiting(chat), name=f"done-notices-{chat}")
        self._sending[chat] = task
        task.add_done_callback(lambda _: self._sent(chat, task))  # cancelled unstarted too

    def _sent(self, chat: int, task: asyncio.Task[None]) -> None:
        if self._sending.get(chat) is task:
            del self._sending[chat]

    async def _send_waiting(self, chat: int) -> None:
        try:
            waiting = list(self._waiting.pop(chat, {}).values())
            if waiting:
                self._last_sent[chat] = asyncio.get_running_loop().time()
                await self._send_lines(chat, waiting)
        except Exception:
            log.exception("Done notices to %s failed", chat)
        finally:
            self._sent(chat, asyncio.current_task())
            if self._waiting.get(chat):
                self._send_later(chat)

    async def _send_lines(self, chat: int, lines: list[_Line]) -> None:
        """One message: the first LINES_LISTED lines, and a count of the others. Those
        are remembered as told all the same (with that message), so an Undo of one
        is corrected like any other."""
        now = self._clock.now()
        listed, rest = lines[:LINES_LISTED], lines[LINES_LISTED:]
        text = "\n".join([line.text() for line in listed] + _more(rest))
        message = await _send(self._bot, self._uow, now, chat, text)
        if message is None:
            return  # unreachable, or it failed (logged): there is nothing to correct
        dones = [line for line in lines if line.is_done]
        sent = [
            models.TrainerNotice(line.workout_id, chat, message.message_id, len(lines) > 1)
            for line in dones
        ]
        kept = set()
        if sent:
            uow = self._uow().autocommitting()
            kept = await notices.remember_done_notices_if_done(uow, sent, now)
        for line in dones:
            if line.workout_id not in kept:  # undone while its line was on its way
                correction = _Line(line.workout_id, line.correction, None, line.language)
                await self._say(chat, correction)  # at its own pace: the chat just had one

    async def send_now(self) -> None:
        """Send what waits without waiting for the windows to end, and whatever that
        sending queues in turn (corrections); returns when nothing is left."""
        while self._timers or self._sending:
            for chat, timer in list(self._timers.items()):
                timer.cancel()
                self._start_sending(chat)
            if self._sending:
                await asyncio.gather(*self._sending.values(), return_exceptions=True)

    async def close(self) -> None:
        """The bot is stopping: what waits goes now, and any line that comes later goes
        at once (a timer would fire after the bot is shut down, or never)."""
        self._closing = True
        await self.send_now()

    async def settled(self) -> None:
        """Until the windows have ended and nothing waits or is on its way (tests)."""
        while self._timers or self._sending:
            if self._sending:
                await asyncio.gather(*self._sending.values(), return_exceptions=True)
            else:
                await asyncio.sleep(0.01)  # until a timer starts its sending


def _more(rest: list[_Line]) -> list[str]:
    """The lines that count what one message does not list, in the trainer's language."""
    if not rest:
        return []
    done = sum(1 for line in rest if line.is_done)
    undone = len(rest) - done
    with i18n.using(rest[-1].language):
        counts = [
            counted(n).format(count=n)
            for counted, n in (
                (texts.TRAINER_NOTICES_MORE_DONE, done),
                (texts.TRAINER_NOTICES_MORE_UNDONE, undone),
            )
            if n
        ]
    return counts


async def tell_trainer(
    notices_of_process: DoneNotices,
    uow: Callable[[], UnitOfWork],
    now: datetime,
    change: WorkoutChange,
) -> None:
    """``DoneNotices.tell``, with the notice sent at once remembered here."""
    notice = await notices_of_process.tell(change)
    if notice is not None:
        await remember(uow, notice, now)


async def remember(uow: Callable[[], UnitOfWork], notice: models.TrainerNotice, now: datetime):
    # One statement: committed by itself where the database allows, or (in the update
    # inbox on PostgreSQL, from the handler's own task) part of the update's transaction.
    await notices.remember_done_notice(uow().autocommitting(), notice, now)


async def _send(
    bot: Bot, uow: Callable[[], UnitOfWork], now: datetime, chat_id: int, text: str
) -> Message | None:
    try:
        return await bot.send_message(
            chat_id, text, parse_mode=ParseMode.HTML, disable_web_page_preview=True
        )
    except Forbidden:
        await people.set_reachable(uow(), chat_id, False, now)
    except TelegramError as error:
        # The change is committed already; the notice is what could not go out.
        log.warning("could not notify %s: %s", chat_id, error)
    return None
