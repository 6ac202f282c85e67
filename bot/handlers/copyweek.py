"""/copyweek (trainer): copy one of an athlete's last four weeks into a week they pick,
with a progression; loads are rounded to the trainer's load step; preview, then publish.

Drawn in copyweek.mmd beside this file.
"""

from __future__ import annotations

from datetime import date

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler

from bot import callbacks, keyboards, render, screens, texts
from bot.context import CoachContext
from bot.errors import BadCallbackData
from bot.handlers.dialogue import (
    END,
    NUDGE,
    TEXT,
    AthletePicker,
    cancel,
    choice,
    coached_athletes,
    forget,
    forget_all,
)
from bot.replies import answer, notify, reply, show
from core import errors, i18n
from core.errors import InvalidProgression
from core.measures import unit_of
from core.progression import parse_progression
from core.services import copies, plan_edits, profiles

(
    CHOOSE_ATHLETE,
    CHOOSE_SOURCE,
    CHOOSE_TARGET,
    CONFIRM_REPLACE,
    WAIT_PROGRESSION,
    CONFIRM,
) = (
    "copyweek:choose_athlete",
    "copyweek:choose_source",
    "copyweek:choose_target",
    "copyweek:confirm_replace",
    "copyweek:wait_progression",
    "copyweek:confirm",
)
ATHLETE_PATTERN = callbacks.id_pattern(callbacks.COPY_ATHLETE)
CARD_COPY_PATTERN = callbacks.id_pattern(callbacks.CARD_COPY)
SOURCE_PATTERN = callbacks.dated_pattern(callbacks.COPY_SOURCE)
TARGET_PATTERN = callbacks.dated_pattern(callbacks.COPY_TARGET)


PICKER = AthletePicker(
    prefix=callbacks.COPY_ATHLETE,
    prompt=texts.COPY_PICK_ATHLETE,
    empty=texts.NO_ATHLETES_TO_PLAN,
    state=CHOOSE_ATHLETE,
    athletes=coached_athletes,
)


async def choose_athlete(update: Update, context: CoachContext) -> str:
    athlete_id = callbacks.read_id(ATHLETE_PATTERN.match(update.callback_query.data))
    return await _offer_sources(update, context, athlete_id)


async def card_copy(update: Update, context: CoachContext) -> str:
    """The athlete card's "Copy a week": /copyweek with the athlete chosen."""
    forget_all(context)
    athlete_id = callbacks.read_id(CARD_COPY_PATTERN.match(update.callback_query.data))
    return await _offer_sources(update, context, athlete_id, new_message=True)


async def _offer_sources(
    update: Update, context: CoachContext, athlete_id: int, *, new_message: bool = False
) -> str:
    actor = await context.actor(update)
    sources = await copies.copy_sources(context.uow(), actor, athlete_id)
    await answer(update)
    context.user_data.update(
        {
            "copy.athlete_id": sources.athlete.id,
            "copy.athlete_name": sources.athlete.name,
            "copy.athlete_telegram_id": sources.athlete.telegram_id,
            "copy.athlete_units": sources.athlete.units,  # the notice shows loads in them
            "copy.athlete_language": i18n.language_of(sources.athlete),  # in their language
        }
    )
    draw = reply if new_message else show
    await draw(
        update,
        texts.COPY_PICK_SOURCE.format(athlete=render.esc(sources.athlete.name)),
        keyboards.copy_sources(sources.weeks),
    )
    return CHOOSE_SOURCE


async def choose_source(update: Update, context: CoachContext) -> str:
    source = _monday(SOURCE_PATTERN, update.callback_query.data)
    actor = await context.actor(update)
    weeks = await plan_edits.plannable_weeks(
        context.uow(),
        actor,
        choice(context, "copy.athlete_id"),
        context.now(),
        default_tz=context.default_tz,
    )
    await answer(update)
    context.user_data["copy.source"] = source.isoformat()
    await show(
        update,
        texts.COPY_PICK_TARGET.format(
            athlete=render.esc(weeks.athlete.name), source=render.short_date(source)
        ),
        keyboards.copy_targets(weeks.mondays, weeks.planned),
    )
    return CHOOSE_TARGET


async def choose_target(update: Update, context: CoachContext) -> str:
    target = _monday(TARGET_PATTERN, update.callback_query.data)
    actor = await context.actor(update)
    try:
        slot = await copies.copy_target(
            context.uow(),
            actor,
            choice(context, "copy.athlete_id"),
            date.fromisoformat(choice(context, "copy.source")),
            target,
            context.now(),
            default_tz=context.default_tz,
        )
    except copies.CopyOntoItself:
        await answer(update, texts.COPY_TARGET_SAME, alert=True)
        return CHOOSE_TARGET
    except errors.PlanLocked:
        await answer(
            update, texts.COPY_TARGET_STARTED.format(date=render.short_date(target)), alert=True
        )
        return CHOOSE_TARGET
    await answer(update)
    context.user_data.update({"copy.target": target.isoformat(), "copy.replace": False})
    if slot.replaces:
        await show(
            update,
            texts.COPY_ASK_REPLACE.format(
                athlete=render.esc(choice(context, "copy.athlete_name")),
                date=render.short_date(target),
            ),
            keyboards.confirm_copy_replace(),
        )
        return CONFIRM_REPLACE
    return await _ask_progression(update, context)


async def confirm_replace(update: Update, context: CoachContext) -> str:
    await answer(update)
    context.user_data["copy.replace"] = True
    return await _ask_progression(update, context)


async def _ask_progression(update: Update, context: CoachContext) -> str:
    actor = await context.actor(update)
    await show(
        update,
        texts.COPY_ASK_PROGRESSION_INTO.format(
            athlete=render.esc(choice(context, "copy.athlete_name")),
            source=render.short_date(date.fromisoformat(choice(context, "copy.source"))),
            target=render.short_date(date.fromisoformat(choice(context, "copy.target"))),
            step=render.esc(profiles.load_step_of(actor)),
        ),
        keyboards.progressions(),
    )
    return WAIT_PROGRESSION


async def receive_progression(update: Update, context: CoachContext) -> str:
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
    spec = await copies.copy_preview(
        context.uow(),
        actor,
        choice(context, "copy.athlete_id"),
        date.fromisoformat(choice(context, "copy.source")),
        progression,
    )
    context.user_data["copy.progression"] = progression.describe()
    await reply(
        update,
        texts.COPY_PREVIEW.format(
            athlete=render.esc(choice(context, "copy.athlete_name")),
            target=render.short_date(date.fromisoformat(choice(context, "copy.target"))),
            progression=render.progression_text(progression),
            step=render.esc(profiles.load_step_of(actor)),
            plan=render.plan_preview(spec),
        ),
        keyboards.copy_publish_or_cancel(),
    )
    return CONFIRM


async def publish(update: Update, context: CoachContext) -> int:
    actor = await context.actor(update)
    progression = parse_progression(choice(context, "copy.progression"))
    plan = await copies.publish_copy(
        context.uow(),
        actor,
        athlete_id=choice(context, "copy.athlete_id"),
        source=date.fromisoformat(choice(context, "copy.source")),
        target=date.fromisoformat(choice(context, "copy.target")),
        progression=progression,
        replace=context.user_data.get("copy.replace", False),
        now=context.now(),
    )
    await answer(update)
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
    await show(
        update,
        texts.COPY_DONE.format(
            week_number=plan.week_number,
            date=render.short_date(plan.week_start),
            athlete=render.esc(choice(context, "copy.athlete_name")),
            progression=render.progression_text(progression),
        ),
    )
    forget(context, "copy.")
    return END


def _monday(pattern, data: str) -> date:
    match = pattern.match(data)
    try:
        monday = date.fromisoformat(match[1])
    except (TypeError, ValueError) as error:
        raise BadCallbackData(data) from error
    if monday.weekday() != 0:
        raise BadCallbackData(data)
    return monday


# The dialogue's part of the one ConversationHandler (bot/handlers/dialogues.py).
ENTRY_POINTS = [
    CommandHandler("copyweek", PICKER.begin),
    CallbackQueryHandler(card_copy, pattern=CARD_COPY_PATTERN),
]
STATES = {
    CHOOSE_ATHLETE: [
        CallbackQueryHandler(choose_athlete, pattern=ATHLETE_PATTERN),
        PICKER.page_handler,
        NUDGE,
    ],
    CHOOSE_SOURCE: [CallbackQueryHandler(choose_source, pattern=SOURCE_PATTERN), NUDGE],
    CHOOSE_TARGET: [CallbackQueryHandler(choose_target, pattern=TARGET_PATTERN), NUDGE],
    CONFIRM_REPLACE: [
        CallbackQueryHandler(confirm_replace, pattern=callbacks.exact(callbacks.COPY_REPLACE)),
        NUDGE,
    ],
    WAIT_PROGRESSION: [
        CallbackQueryHandler(receive_progression, pattern=callbacks.PROGRESSION_PATTERN),
        MessageHandler(TEXT, receive_progression),
    ],
    CONFIRM: [
        CallbackQueryHandler(publish, pattern=callbacks.exact(callbacks.COPY_PUBLISH)),
        MessageHandler(TEXT, receive_progression),  # another progression: a new preview
    ],
}
FALLBACKS = [CallbackQueryHandler(cancel, pattern=callbacks.exact(callbacks.COPY_CANCEL))]
