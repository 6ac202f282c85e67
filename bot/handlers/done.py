"""The Done/Undo buttons. Each carries the state it sets, so a repeat changes nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot import callbacks, render, screens, texts
from bot.context import CoachContext
from bot.replies import answer, notify, show
from core import i18n
from core.measures import unit_of
from core.services import completion
from core.weeks import local_today


async def done(update: Update, context: CoachContext) -> None:
    press = callbacks.parse_done(update.callback_query.data)
    assert press is not None  # the handler's pattern matched
    actor = await context.actor(update)
    change = await completion.set_workout_done(
        context.uow(), actor, press.workout_id, press.target, context.now()
    )
    if press.view == callbacks.VIEW_WEEK:
        screen = screens.week(change.plan, unit_of(actor.athlete.units))
    else:
        today = local_today(context.now(), context.timezone_of(change.athlete))
        workout_date = change.plan.week_start + timedelta(days=change.workout.day_of_week)
        if workout_date == today:
            screen = screens.today(change.plan, today, unit=unit_of(actor.athlete.units))
        else:  # a reminder from another day: keep showing that workout
            screen = screens.workout(change.workout)
    # The toast, the redrawn message and the trainer's notice go out together: the
    # athlete sees the tick as soon as Telegram can show it.
    replies = [
        answer(update, _toast(press.target, change.changed)),
        show(update, screen.text, screen.markup),
    ]
    coached_by_someone_else = (
        change.trainer is not None and change.trainer.athlete_id != change.athlete.id
    )
    if change.changed and press.target and coached_by_someone_else:
        with i18n.using(change.trainer.language):  # the trainer's notice in their language
            notice = texts.TRAINER_TOLD_DONE.format(
                athlete=render.esc(change.athlete.name),
                title=render.esc(change.workout.title),
                day=render.day_name(change.workout.day_of_week),
                completed=change.plan.completed_workouts,
                total=len(change.plan.workouts),
            )
        replies.append(notify(context, change.trainer.telegram_id, notice))
    await asyncio.gather(*replies)


def _toast(target: bool, changed: bool) -> str:
    if target:
        return texts.DONE_TOAST if changed else texts.ALREADY_DONE_TOAST
    return texts.UNDONE_TOAST if changed else texts.ALREADY_UNDONE_TOAST


HANDLERS = [CallbackQueryHandler(done, pattern=callbacks.DONE_PATTERN)]
