"""The Done/Undo buttons. Each carries the state it sets, so a repeat changes nothing."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot import callbacks, keyboards, render, screens, texts, trainer_notices
from bot.context import CoachContext
from bot.replies import answer, show
from core import errors, models
from core.measures import unit_of
from core.services import completion
from core.weeks import current_week_start, local_today


async def done(update: Update, context: CoachContext) -> None:
    press = callbacks.parse_done(update.callback_query.data)
    assert press is not None  # the handler's pattern matched
    actor = await context.actor(update)
    try:
        change = await completion.set_workout_done(
            context.uow(),
            actor,
            press.workout_id,
            press.target,
            context.now(),
            default_tz=context.default_tz,
        )
    except errors.WeekNotTickable as refused:
        await answer(update, _refusal(refused, context, actor.athlete), alert=True)
        return
    if press.view == callbacks.VIEW_WEEK:
        screen = screens.week(change.plan, unit_of(actor.athlete.units))
    else:
        today = local_today(context.now(), context.timezone_of(change.athlete))
        workout_date = change.plan.week_start + timedelta(days=change.workout.day_of_week)
        if workout_date == today:
            screen = screens.today(change.plan, today, unit=unit_of(actor.athlete.units))
            # /today's message carries the dashboard button; the redraw keeps it.
            screen = replace(
                screen,
                markup=keyboards.with_dashboard(
                    screen.markup, context.runtime.settings.mini_app_url
                ),
            )
        else:  # a reminder from another day: keep showing that workout
            screen = screens.workout(change.workout)
    # The redrawn message and the toast go out together, the redraw first: the athlete
    # sees the tick as soon as Telegram can show it. The trainer's notice follows them
    # (sent beside them, it slowed the redraw of each first Done after a quiet second,
    # the one whose notice goes at once).
    results: list[object] = list(
        await asyncio.gather(
            show(update, screen.text, screen.markup),
            answer(update, _toast(press.target, change.changed)),
            return_exceptions=True,  # a failed redraw must not keep the notice from going
        )
    )
    try:
        notice: object = await context.runtime.done_notices.tell(change)
    except Exception as error:  # raised below, once what went out is remembered
        notice = error
    results.append(notice)
    if isinstance(notice, models.TrainerNotice):
        # From the update's own task: in the update inbox on PostgreSQL its statement
        # joins the update's transaction instead of taking a connection.
        await trainer_notices.remember(context.uow, notice, context.now())
    for result in results:
        if isinstance(result, BaseException):
            raise result


def _refusal(
    refused: errors.WeekNotTickable, context: CoachContext, athlete: models.Athlete
) -> str:
    if refused.opens_on is None:
        return texts.TICK_CLOSED
    day = f"{render.day_name(refused.opens_on.weekday())} {render.day_month(refused.opens_on)}"
    this_week = current_week_start(context.now(), context.timezone_of(athlete))
    if (refused.week_start - this_week).days <= 7:
        return texts.TICK_NEXT_WEEK.format(day=day)
    week = render.day_month(refused.week_start)
    return texts.TICK_LATER_WEEK.format(week=week, day=day)


def _toast(target: bool, changed: bool) -> str:
    if target:
        return texts.DONE_TOAST if changed else texts.ALREADY_DONE_TOAST
    return texts.UNDONE_TOAST if changed else texts.ALREADY_UNDONE_TOAST


HANDLERS = [CallbackQueryHandler(done, pattern=callbacks.DONE_PATTERN)]
