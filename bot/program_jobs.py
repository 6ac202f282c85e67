"""The Friday step of each tick: generate the program weeks now due, tell each trainer.

Generation is exactly once (core.services.programs, through the delivery ledger); the
trainer's message follows the commit, so a crash between the two loses the message,
never duplicates the week.
"""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot import render, texts
from bot.render import split_message
from core import i18n
from core.clock import Clock
from core.ports import UnitOfWork
from core.services import plans, programs

log = logging.getLogger(__name__)


def describe(week: programs.GeneratedWeek) -> str:
    a = week.assignment
    common = {
        "name": render.esc(a.program_name),
        "index": week.week_index,
        "weeks": a.week_count,
        "athlete": render.esc(a.athlete_name),
        "date": render.short_date(a.week_start_of(week.week_index)),
    }
    if week.plan is None:
        return texts.PROGRAM_WEEK_KEPT.format(**common)
    text = texts.PROGRAM_WEEK_GENERATED.format(
        **common, plan=render.plan_preview(plans.spec_of(week.plan))
    )
    if week.missing_maxes:
        text += "\n\n" + missing_maxes(a.athlete_name, week.missing_maxes)
    return text


async def generate_program_weeks(
    bot: Bot, uow: UnitOfWork, clock: Clock, *, default_tz: str, worker: str
) -> list[programs.GeneratedWeek]:
    made = await programs.generate_due_weeks(uow, clock.now(), default_tz=default_tz, worker=worker)
    for week in made:
        sent = True
        with i18n.using(week.assignment.trainer_language):  # the trainer's language
            text = describe(week)
        try:
            for chunk in split_message(text):
                await bot.send_message(
                    week.assignment.trainer_telegram_id,
                    chunk,
                    parse_mode=ParseMode.HTML,
                    disable_web_page_preview=True,
                )
        except TelegramError as error:
            log.warning("could not tell trainer about a program week: %s", error)
            sent = False
        await programs.notified(uow, week, sent=sent, worker=worker, now=clock.now())
    return made


def missing_maxes(athlete: str, exercises: tuple[str, ...]) -> str:
    return texts.PROGRAM_MISSING_MAXES.format(
        athlete=render.esc(athlete),
        exercises=", ".join(render.esc(name) for name in exercises),
        first=render.esc(exercises[0]),
    )
