"""The weekly check-in (athlete): "How was your week?" under the Sunday summary.

Energy, sleep and soreness are 1..5 buttons, each step editing the check-in message in
place; then a typed body weight and a typed note, each with Skip; then a confirmation.
The button steps carry what was answered so far, so each stands on its own (any
process, after any restart); the typed steps remember the plan in the dialogue.
Drawn in checkin.mmd beside this file.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler

from bot import callbacks, keyboards, render, texts
from bot.context import CoachContext
from bot.errors import BadCallbackData
from bot.handlers.dialogue import END, TEXT, choice, forget, forget_all
from bot.replies import answer, notify, reply, show
from core import errors, i18n, models
from core.checkin_rules import NOTE_MAX_CHARS, parse_body_weight
from core.measures import LoadUnit, unit_of
from core.services import checkins

WAIT_WEIGHT, WAIT_NOTE = "checkin:wait_weight", "checkin:wait_note"
PLAN_KEY = "checkin.plan_id"
WEEK_KEY = "checkin.week_number"
_EXAMPLE_WEIGHT = {LoadUnit.KG: "72.4", LoadUnit.LB: "160"}


async def press(update: Update, context: CoachContext) -> str | int:
    data = callbacks.parse_checkin(update.callback_query.data)
    if data is None:
        raise BadCallbackData(update.callback_query.data)
    actor = await context.actor(update)
    uow, now, tz = context.uow, context.now(), context.default_tz
    try:
        if data.step in (callbacks.CHECKIN_START, callbacks.CHECKIN_ENERGY):
            week = await checkins.open_week(uow(), actor, data.plan_id, now, default_tz=tz)
            await answer(update)
            if data.step == callbacks.CHECKIN_START:  # a message of its own, under the summary
                forget_all(context)
                await reply(
                    update,
                    texts.CHECKIN_ENERGY_ASK.format(week_number=week.week_number),
                    keyboards.checkin_scores(callbacks.CHECKIN_ENERGY, data.plan_id),
                )
            else:
                await show(
                    update,
                    texts.CHECKIN_SLEEP_ASK.format(week_number=week.week_number),
                    keyboards.checkin_scores(callbacks.CHECKIN_SLEEP, data.plan_id, *data.scores),
                )
            return END
        if data.step == callbacks.CHECKIN_SLEEP:
            week = await checkins.open_week(uow(), actor, data.plan_id, now, default_tz=tz)
            await answer(update)
            await show(
                update,
                texts.CHECKIN_SORENESS_ASK.format(week_number=week.week_number),
                keyboards.checkin_scores(callbacks.CHECKIN_SORENESS, data.plan_id, *data.scores),
            )
            return END
        week = await checkins.open_week(uow(), actor, data.plan_id, now, default_tz=tz)
        if data.step == callbacks.CHECKIN_SORENESS:
            energy, sleep, soreness = data.scores
            await checkins.save_scores(
                uow(), actor, data.plan_id, energy, sleep, soreness, now, default_tz=tz
            )
            await answer(update)
            await show(
                update,
                _weight_ask(week.week_number, actor.athlete.units),
                _skip_weight_for(data.plan_id),
            )
            _remember(context, week)
            return WAIT_WEIGHT
        if data.step == callbacks.CHECKIN_SKIP_WEIGHT:
            await checkins.save_weight(uow(), actor, data.plan_id, None, now, default_tz=tz)
            await answer(update)
            await show(update, _note_ask(week.week_number), _skip_note(data.plan_id))
            _remember(context, week)
            return WAIT_NOTE
        saved = await checkins.save_note(uow(), actor, data.plan_id, None, now, default_tz=tz)
        await answer(update)
        forget(context, "checkin.")
        await show(update, _done(week.week_number, saved, actor.athlete.units))
        await _tell_trainer(context, actor, week.week_number, saved)
        return END
    except errors.CheckInClosed:
        await answer(update, texts.CHECKIN_CLOSED, alert=True)
        return END


async def receive_weight(update: Update, context: CoachContext) -> str | int:
    actor = await context.actor(update)
    unit = unit_of(actor.athlete.units)
    plan_id = choice(context, PLAN_KEY)
    try:
        kg = parse_body_weight(update.effective_message.text, unit)
    except errors.InvalidBodyWeight:
        await reply(
            update,
            texts.CHECKIN_WEIGHT_INVALID.format(unit=unit.value, example=_EXAMPLE_WEIGHT[unit]),
            _skip_weight_for(plan_id),
        )
        return WAIT_WEIGHT
    try:
        await checkins.save_weight(
            context.uow(), actor, plan_id, kg, context.now(), default_tz=context.default_tz
        )
    except errors.CheckInClosed:
        forget(context, "checkin.")
        await reply(update, texts.CHECKIN_CLOSED)
        return END
    await reply(update, _note_ask(choice(context, WEEK_KEY)), _skip_note(plan_id))
    return WAIT_NOTE


async def receive_note(update: Update, context: CoachContext) -> str | int:
    actor = await context.actor(update)
    plan_id = choice(context, PLAN_KEY)
    try:
        saved = await checkins.save_note(
            context.uow(),
            actor,
            plan_id,
            update.effective_message.text,
            context.now(),
            default_tz=context.default_tz,
        )
    except errors.CheckInNoteTooLong:
        await reply(
            update, texts.CHECKIN_NOTE_TOO_LONG.format(limit=NOTE_MAX_CHARS), _skip_note(plan_id)
        )
        return WAIT_NOTE
    except errors.CheckInClosed:
        forget(context, "checkin.")
        await reply(update, texts.CHECKIN_CLOSED)
        return END
    week_number = choice(context, WEEK_KEY)
    forget(context, "checkin.")
    await reply(update, _done(week_number, saved, actor.athlete.units))
    await _tell_trainer(context, actor, week_number, saved)
    return END


async def _tell_trainer(
    context: CoachContext, actor: models.Actor, week_number: int, saved: models.CheckIn
) -> None:
    """The trainer hears of a finished check-in at once: the digest may have gone out
    at the same Sunday hour as the summary that asked for it."""
    told = await checkins.trainer_to_tell(context.uow(), actor)
    if told is None:
        return
    with i18n.using(told.trainer.language):  # the trainer reads it in their language
        notice = texts.TRAINER_TOLD_CHECKIN.format(
            athlete=render.esc(actor.athlete.name),
            week_number=week_number,
            checkin=render.checkin_line(saved, unit_of(told.units)),
        )
    await notify(context, told.trainer.telegram_id, notice)


def _remember(context: CoachContext, week: checkins.CheckInWeek) -> None:
    forget_all(context)
    context.user_data[PLAN_KEY] = week.plan_id
    context.user_data[WEEK_KEY] = week.week_number


def _weight_ask(week_number: int, units: str) -> str:
    unit = unit_of(units)
    return texts.CHECKIN_WEIGHT_ASK.format(
        week_number=week_number, unit=unit.value, example=_EXAMPLE_WEIGHT[unit]
    )


def _note_ask(week_number: int) -> str:
    return texts.CHECKIN_NOTE_ASK.format(week_number=week_number)


def _skip_weight_for(plan_id: int):
    return keyboards.checkin_skip(callbacks.CHECKIN_SKIP_WEIGHT, plan_id)


def _skip_note(plan_id: int):
    return keyboards.checkin_skip(callbacks.CHECKIN_SKIP_NOTE, plan_id)


def _done(week_number: int, saved, units: str) -> str:
    return texts.CHECKIN_DONE.format(
        week_number=week_number, checkin=render.checkin_line(saved, unit_of(units))
    )


# The dialogue's part of the one ConversationHandler (bot/handlers/dialogues.py). Every
# check-in button is an entry point: each carries what it needs.
ENTRY_POINTS = [CallbackQueryHandler(press, pattern=callbacks.CHECKIN_PATTERN)]
STATES = {
    WAIT_WEIGHT: [MessageHandler(TEXT, receive_weight)],
    WAIT_NOTE: [MessageHandler(TEXT, receive_note)],
}
FALLBACKS = []
