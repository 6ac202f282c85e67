"""/log (athlete): pick an exercise, send what was done, see its last logs.

Drawn in log.mmd beside this file.
"""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler

from bot import callbacks, keyboards, render, texts
from bot.context import CoachContext
from bot.handlers.dialogue import END, NUDGE, TEXT, choice, forget, forget_all
from bot.log_notices import trainer_log_notice
from bot.relay import FORM_CHECK_MEDIA, content_of, deliver_and_tell
from bot.replies import answer, notify, reply, show
from core.errors import InvalidLogEntry
from core.log_entry import parse_log_entry
from core.measures import unit_of
from core.services import completion, messages
from core.vocabulary import normalize_exercise
from core.weeks import local_now

CHOOSE_EXERCISE, WAIT_ENTRY = "log:choose_exercise", "log:wait_entry"
EXERCISE_PATTERN = callbacks.id_pattern(callbacks.LOG_EXERCISE)


async def begin(update: Update, context: CoachContext) -> str | int:
    actor = await context.actor(update)
    forget_all(context)
    choice = await completion.loggable_workouts(
        context.uow(), actor, context.now(), default_tz=context.default_tz
    )
    if not choice.workouts:
        await reply(update, texts.LOG_NOTHING)
        return END
    where = texts.LOG_PICK_TODAY if choice.is_today else texts.LOG_PICK_RECENT
    await reply(update, texts.LOG_PICK.format(context=where), keyboards.exercises(choice.workouts))
    return CHOOSE_EXERCISE


async def choose_exercise(update: Update, context: CoachContext) -> str:
    exercise_id = callbacks.read_id(EXERCISE_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    exercise, _ = await completion.exercise_history(context.uow(), actor, exercise_id)
    context.user_data["log.exercise_id"] = exercise.id
    await answer(update)
    unit = unit_of(actor.athlete.units)
    planned = render.planned(exercise, unit)
    example = render.esc(render.example_entry(exercise, unit))
    ask = texts.LOG_ASK.format(name=render.esc(exercise.name), planned=planned, example=example)
    if actor.athlete.trainer_id is not None:  # nobody is their own trainer
        ask += "\n" + texts.LOG_ASK_FORM_CHECK
    await show(update, ask)
    return WAIT_ENTRY


async def receive_entry(update: Update, context: CoachContext) -> str | int:
    actor = await context.actor(update)
    unit = unit_of(actor.athlete.units)
    try:
        # Russian and Spanish units read as the grammar's (core/vocabulary.py).
        entry = parse_log_entry(normalize_exercise(update.effective_message.text), unit)
    except InvalidLogEntry:
        await reply(update, texts.LOG_INVALID_FORMS)
        return WAIT_ENTRY
    result = await completion.log_exercise(
        context.uow(), actor, choice(context, "log.exercise_id"), entry, context.now()
    )
    forget(context, "log.")
    local = local_now(context.now(), context.timezone_of(actor.athlete))
    # The athlete's answer and the trainer's notice go out together: a slow or blocked
    # trainer never holds up (or breaks) the athlete's log.
    replies = [reply(update, render.logged_text(result, local, unit))]
    notice = trainer_log_notice(actor, result)
    if notice is not None:
        replies.append(notify(context, *notice))
    await asyncio.gather(*replies)
    return END


async def receive_form_check(update: Update, context: CoachContext) -> str | int:
    """A photo or video after picking an exercise: a form check for the trainer."""
    actor = await context.actor(update)
    outgoing = await messages.to_trainer(
        context.uow(),
        actor,
        content_of(update.effective_message),
        context.now(),
        exercise_id=choice(context, "log.exercise_id"),
    )
    forget(context, "log.")
    await deliver_and_tell(update, context, outgoing)
    return END


# The dialogue's part of the one ConversationHandler (bot/handlers/dialogues.py).
ENTRY_POINTS = [CommandHandler("log", begin)]
STATES = {
    CHOOSE_EXERCISE: [CallbackQueryHandler(choose_exercise, pattern=EXERCISE_PATTERN), NUDGE],
    WAIT_ENTRY: [
        MessageHandler(TEXT, receive_entry),
        MessageHandler(FORM_CHECK_MEDIA, receive_form_check),
    ],
}
FALLBACKS = []
