"""What the HTTP API does, told in Telegram: the same messages as the chat's.

The web adapter is handed an instance (coach/web.py wires it); it never imports
the bot, and the bot never imports it.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application

from bot import render, screens, texts
from bot.context import runtime_of
from bot.log_notices import trainer_log_notice
from bot.render import split_message
from bot.trainer_notices import tell_trainer
from core import i18n, models
from core.services import people
from core.services.completion import LoggedExercise, WorkoutChange

log = logging.getLogger(__name__)


class TelegramNotices:
    def __init__(self, application: Application) -> None:
        self._application = application

    async def plan_published(
        self, actor: models.Actor, plan: models.Plan, athlete: models.Athlete
    ) -> bool:
        with i18n.using(i18n.language_of(athlete)):
            screen = screens.week(plan)
            text = (
                texts.ATHLETE_NEW_PLAN.format(
                    trainer=render.esc(actor.athlete.name), date=render.short_date(plan.week_start)
                )
                + "\n\n"
                + screen.text
            )
        return await self._send(athlete.telegram_id, text, screen.markup)

    async def workout_changed(self, change: WorkoutChange) -> None:
        runtime = runtime_of(self._application)
        await tell_trainer(runtime.done_notices, runtime.uow, runtime.clock.now(), change)

    async def exercise_logged(self, actor: models.Actor, logged: LoggedExercise) -> None:
        notice = trainer_log_notice(actor, logged, set_by_set=True)
        if notice is not None:
            await self._send(*notice)

    async def _send(
        self, telegram_id: int, text: str, markup: InlineKeyboardMarkup | None = None
    ) -> bool:
        """Like bot.replies.notify: a user who blocked the bot is marked unreachable."""
        bot = self._application.bot
        runtime = runtime_of(self._application)
        chunks = split_message(text)
        try:
            for index, chunk in enumerate(chunks):
                await bot.send_message(
                    telegram_id,
                    chunk,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup if index == len(chunks) - 1 else None,
                    disable_web_page_preview=True,
                )
        except Forbidden:
            await people.set_reachable(runtime.uow(), telegram_id, False, runtime.clock.now())
            return False
        except TelegramError as error:
            log.warning("could not notify %s: %s", telegram_id, error)
            return False
        return True
