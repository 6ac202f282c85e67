"""/copyweek (trainer): copy an athlete's latest week forward, with a progression.

Drawn in copyweek.mmd beside this file.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler

from bot import callbacks, keyboards, render, screens, texts
from bot.context import CoachContext
from bot.handlers.dialogue import (
    END,
    NUDGE,
    TEXT,
    AthletePicker,
    choice,
    coached_athletes,
    forget,
)
from bot.replies import answer, notify, reply, show
from core import i18n
from core.errors import InvalidProgression
from core.measures import unit_of
from core.progression import parse_progression
from core.services import plans

CHOOSE_ATHLETE, WAIT_PROGRESSION = "copyweek:choose_athlete", "copyweek:wait_progression"
ATHLETE_PATTERN = callbacks.id_pattern(callbacks.COPY_ATHLETE)


PICKER = AthletePicker(
    prefix=callbacks.COPY_ATHLETE,
    prompt=texts.COPY_PICK_ATHLETE,
    empty=texts.NO_ATHLETES_TO_PLAN,
    state=CHOOSE_ATHLETE,
    athletes=coached_athletes,
)


async def choose_athlete(update: Update, context: CoachContext) -> str | int:
    athlete_id = callbacks.read_id(ATHLETE_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    source = await plans.copy_source(
        context.uow(), actor, athlete_id, context.now(), default_tz=context.default_tz
    )
    await answer(update)
    context.user_data.update(
        {
            "copy.athlete_id": source.athlete.id,
            "copy.athlete_name": source.athlete.name,
            "copy.athlete_telegram_id": source.athlete.telegram_id,
            "copy.athlete_units": source.athlete.units,  # the notice shows loads in them
            "copy.athlete_language": i18n.language_of(source.athlete),  # in their language
        }
    )
    await show(
        update,
        texts.COPY_ASK_PROGRESSION.format(
            week_number=source.latest.week_number,
            date=render.short_date(source.latest.week_start),
            athlete=render.esc(source.athlete.name),
            target=render.short_date(source.target),
        ),
        keyboards.progressions(),
    )
    return WAIT_PROGRESSION


async def receive_progression(update: Update, context: CoachContext) -> str | int:
    if update.callback_query is not None:
        text = callbacks.PROGRESSION_PATTERN.match(update.callback_query.data)[1]
        await answer(update)
    else:
        text = update.effective_message.text
    try:
        progression = parse_progression(text)
    except InvalidProgression:
        await reply(update, texts.COPY_INVALID.format(text=render.esc(text[:100])))
        return WAIT_PROGRESSION
    actor = await context.actor(update)
    plan = await plans.copy_latest_week(
        context.uow(),
        actor,
        athlete_id=choice(context, "copy.athlete_id"),
        progression=progression,
        now=context.now(),
        default_tz=context.default_tz,
    )
    with i18n.using(context.user_data.get("copy.athlete_language")):
        screen = screens.week(plan, unit_of(context.user_data.get("copy.athlete_units")))
        notice = (
            texts.ATHLETE_NEW_PLAN.format(
                trainer=render.esc(actor.athlete.name), date=render.short_date(plan.week_start)
            )
            + "\n\n"
            + screen.text
        )
    await notify(context, choice(context, "copy.athlete_telegram_id"), notice, screen.markup)
    done = texts.COPY_DONE.format(
        week_number=plan.week_number,
        date=render.short_date(plan.week_start),
        athlete=render.esc(choice(context, "copy.athlete_name")),
        progression=render.esc(progression.describe()),
    )
    if update.callback_query is not None:
        await show(update, done)
    else:
        await reply(update, done)
    forget(context, "copy.")
    return END


# The dialogue's part of the one ConversationHandler (bot/handlers/dialogues.py).
ENTRY_POINTS = [CommandHandler("copyweek", PICKER.begin)]
STATES = {
    CHOOSE_ATHLETE: [
        CallbackQueryHandler(choose_athlete, pattern=ATHLETE_PATTERN),
        PICKER.page_handler,
        NUDGE,
    ],
    WAIT_PROGRESSION: [
        CallbackQueryHandler(receive_progression, pattern=callbacks.PROGRESSION_PATTERN),
        MessageHandler(TEXT, receive_progression),
    ],
}
FALLBACKS = []
