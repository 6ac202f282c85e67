"""The trainer's Done notice, kept true: it names the plan's week, counts that plan's
workouts, and an Undo corrects it (edited in place, or a short correction)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError

from bot import render, texts
from core import i18n, models
from core.ports import UnitOfWork
from core.services import notices, people
from core.services.completion import WorkoutChange

log = logging.getLogger(__name__)


def _fields(change: WorkoutChange) -> dict[str, object]:
    return {
        "athlete": render.esc(change.athlete.name),
        "title": render.esc(change.workout.title),
        "day": render.day_name(change.workout.day_of_week),
        "week_number": change.plan.week_number,
        "completed": change.plan.completed_workouts,
        "total": len(change.plan.workouts),
    }


def _for_trainer(change: WorkoutChange, name: str) -> str:
    """The notice in the trainer's language, whoever tapped."""
    with i18n.using(change.trainer.language if change.trainer else None):
        return getattr(texts, name).format(**_fields(change))


def done_text(change: WorkoutChange) -> str:
    return _for_trainer(change, "TRAINER_TOLD_DONE_OF_WEEK")


def undone_text(change: WorkoutChange) -> str:
    return _for_trainer(change, "TRAINER_NOTICE_UNDONE")


def correction_text(change: WorkoutChange) -> str:
    return _for_trainer(change, "TRAINER_NOTICE_CORRECTION")


async def tell_trainer(
    bot: Bot, uow: Callable[[], UnitOfWork], now: datetime, change: WorkoutChange
) -> None:
    """A Done is told to the athlete's trainer (and remembered); an Undo of a workout
    they were told about corrects that notice."""
    notice = await send_trainer_notice(bot, uow, now, change)
    if notice is not None:
        await remember(uow, notice, now)


async def remember(uow: Callable[[], UnitOfWork], notice: models.TrainerNotice, now: datetime):
    # One statement: committed by itself where the database allows, or (in the update
    # inbox on PostgreSQL, from the handler's own task) part of the update's transaction.
    await notices.remember_done_notice(uow().autocommitting(), notice, now)


async def send_trainer_notice(
    bot: Bot, uow: Callable[[], UnitOfWork], now: datetime, change: WorkoutChange
) -> models.TrainerNotice | None:
    """``tell_trainer`` without remembering: returns the Done notice sent, for the
    caller to remember (``remember``) where it suits it."""
    trainer = change.trainer
    if not change.changed:
        return None
    if change.workout.completed:
        if trainer is None or trainer.athlete_id == change.athlete.id:
            return None  # nobody is told about their own workout
        message = await _send(bot, uow, now, trainer.telegram_id, done_text(change))
        if message is None:
            return None
        return models.TrainerNotice(change.workout.id, message.chat_id, message.message_id)
    told = change.told
    if told is None:
        return None
    try:
        await bot.edit_message_text(
            undone_text(change),
            chat_id=told.chat_id,
            message_id=told.message_id,
            parse_mode=ParseMode.HTML,
        )
    except TelegramError as error:  # too old to edit, deleted, ...: say it anew
        log.info("could not edit the Done notice %s: %s", told.message_id, error)
        await _send(bot, uow, now, told.chat_id, correction_text(change))
    return None  # a correction is not remembered: the Done it corrects was forgotten


async def _send(bot: Bot, uow: Callable[[], UnitOfWork], now: datetime, chat_id: int, text: str):
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
