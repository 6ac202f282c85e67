"""/programs (trainer): list, preview, delete; "New program" and "Publish" are dialogues.

New program: name, then the text (Week N headers, or a base week and progressions).
Publish: pick one athlete, pick the calendar week, pick the program week to start
with, see the preview with the loads resolved for that athlete, Publish. Drawn in programs.mmd.
"""

from __future__ import annotations

from datetime import date

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler

from bot import callbacks, keyboards, render, screens, texts
from bot.context import CoachContext
from bot.errors import BadCallbackData
from bot.handlers.dialogue import (
    END,
    NUDGE,
    TEXT,
    AthletePicker,
    choice,
    coached_athletes,
    forget,
    forget_all,
)
from bot.handlers.plan import OTHER_FILE, PLAN_FILE, _monday, _plan_text
from bot.replies import answer, notify, reply, show
from core import i18n
from core.errors import PlanTextError
from core.measures import unit_of
from core.services import plans, programs

WAIT_NAME, WAIT_TEXT = "programs:wait_name", "programs:wait_text"
CHOOSE_ATHLETE, CHOOSE_WEEK, CHOOSE_START, CONFIRM = (
    "programs:choose_athlete",
    "programs:choose_week",
    "programs:choose_start",
    "programs:confirm",
)
PUBLISH_PATTERN = callbacks.id_pattern(callbacks.PROGRAM_PUBLISH)
DELETE_PATTERN = callbacks.id_pattern(callbacks.PROGRAM_DELETE)
DELETE_CONFIRM_PATTERN = callbacks.id_pattern(callbacks.PROGRAM_DELETE_CONFIRM)
ATHLETE_PATTERN = callbacks.id_pattern(callbacks.PROGRAM_ATHLETE)

PICKER = AthletePicker(
    prefix=callbacks.PROGRAM_ATHLETE,
    prompt=texts.PROGRAM_PICK_ATHLETE_ANY,  # a msgid: the picker translates it
    empty=texts.NO_ATHLETES_TO_PLAN,
    state=CHOOSE_ATHLETE,
    athletes=coached_athletes,
)


async def list_programs(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    items = await programs.list_programs(context.uow(), actor)
    if update.callback_query is not None:
        await answer(update)
    if not items:
        await show(update, texts.PROGRAMS_NONE, keyboards.programs([]))
        return
    lines = "\n".join(
        texts.PROGRAMS_LINE(p.week_count).format(name=render.esc(p.name), weeks=p.week_count)
        for p in items
    )
    await show(update, texts.PROGRAMS_LIST.format(programs=lines), keyboards.programs(items))


async def preview(update: Update, context: CoachContext) -> None:
    match = callbacks.PROGRAM_VIEW_PATTERN.match(update.callback_query.data)
    program_id, index = int(match[1]), int(match[2])
    actor = await context.actor(update)
    program = await programs.get_program(context.uow(), actor, program_id)
    if not 1 <= index <= len(program.weeks):
        raise BadCallbackData(update.callback_query.data)
    await answer(update)
    await show(
        update,
        texts.PROGRAM_PREVIEW.format(
            name=render.esc(program.name),
            index=index,
            weeks=len(program.weeks),
            plan=render.plan_preview(programs.week_spec(program, index)),
        ),
        keyboards.program_weeks(program.id, index, len(program.weeks)),
    )


async def ask_delete(update: Update, context: CoachContext) -> None:
    program_id = callbacks.read_id(DELETE_PATTERN.match(update.callback_query.data))
    program = await programs.get_program(context.uow(), await context.actor(update), program_id)
    await answer(update)
    await show(
        update,
        texts.PROGRAM_DELETE_ASK.format(name=render.esc(program.name)),
        keyboards.program_delete(program.id),
    )


async def delete(update: Update, context: CoachContext) -> None:
    program_id = callbacks.read_id(DELETE_CONFIRM_PATTERN.match(update.callback_query.data))
    program = await programs.delete_program(context.uow(), await context.actor(update), program_id)
    await answer(update)
    await show(update, texts.PROGRAM_DELETED.format(name=render.esc(program.name)))


# --- New program -----------------------------------------------------------------------


async def begin_new(update: Update, context: CoachContext) -> str:
    forget_all(context)
    actor = await context.actor(update)
    await programs.list_programs(context.uow(), actor)  # trainers only
    await answer(update)
    await show(update, texts.PROGRAM_ASK_NAME)
    return WAIT_NAME


async def receive_name(update: Update, context: CoachContext) -> str:
    name = programs.check_program_name(update.effective_message.text)
    if name is None:
        await reply(update, texts.PROGRAM_BAD_NAME)
        return WAIT_NAME
    context.user_data["pgm.name"] = name
    await reply(update, texts.PROGRAM_ASK_TEXT.format(name=render.esc(name)))
    return WAIT_TEXT


async def receive_text(update: Update, context: CoachContext) -> str | int:
    try:
        text = await _plan_text(update, context)
    except TelegramError:
        await reply(update, texts.FILE_DOWNLOAD_FAILED)
        return WAIT_TEXT
    if text is None:
        await reply(update, texts.PLAN_BAD_FILE)
        return WAIT_TEXT
    actor = await context.actor(update)
    try:
        program = await programs.create_program(
            context.uow(),
            actor,
            name=choice(context, "pgm.name"),
            text=text,
            now=context.now(),
            unit=unit_of(actor.athlete.units),
        )
    except PlanTextError as error:
        await reply(update, render.plan_errors(error.errors))
        return WAIT_TEXT
    forget(context, "pgm.")
    await reply(
        update,
        texts.PROGRAM_SAVED(len(program.weeks)).format(
            name=render.esc(program.name), weeks=len(program.weeks)
        ),
        keyboards.program_weeks(program.id, 1, len(program.weeks)),
    )
    return END


# --- 📤 Publish to one athlete ------------------------------------------------------------


async def begin_publish(update: Update, context: CoachContext) -> str | int:
    forget_all(context)
    program_id = callbacks.read_id(PUBLISH_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    program = await programs.get_program(context.uow(), actor, program_id)
    await answer(update)
    context.user_data.update({"pgm.id": program.id, "pgm.name": program.name})
    return await PICKER.offer(update, context, actor)


async def choose_athlete(update: Update, context: CoachContext) -> str:
    athlete_id = callbacks.read_id(ATHLETE_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    athlete, mondays = await plans.plannable_weeks(
        context.uow(), actor, athlete_id, context.now(), default_tz=context.default_tz
    )
    context.user_data.update(
        {
            "pgm.athlete_id": athlete.id,
            "pgm.athlete_name": athlete.name,
            "pgm.athlete_telegram_id": athlete.telegram_id,
            "pgm.athlete_units": athlete.units,
            "pgm.athlete_language": i18n.language_of(athlete),  # the notice reads in theirs
            "pgm.first_week": mondays[0].isoformat(),
        }
    )
    await answer(update)
    await show(
        update,
        texts.PROGRAM_PICK_WEEK.format(
            name=render.esc(choice(context, "pgm.name")), athlete=render.esc(athlete.name)
        ),
        keyboards.weeks(mondays[0]),
    )
    return CHOOSE_WEEK


async def choose_week(update: Update, context: CoachContext) -> str:
    monday = _monday(update.callback_query.data)
    actor = await context.actor(update)
    athlete_id = choice(context, "pgm.athlete_id")
    slot = await plans.week_slot(
        context.uow(), actor, athlete_id, monday, context.now(), default_tz=context.default_tz
    )
    await answer(update)
    if slot.existing is not None:
        await show(
            update,
            texts.PROGRAM_WEEK_EXISTS.format(athlete=render.esc(slot.athlete.name)),
            keyboards.weeks(date.fromisoformat(choice(context, "pgm.first_week"))),
        )
        return CHOOSE_WEEK
    program = await programs.get_program(context.uow(), actor, choice(context, "pgm.id"))
    context.user_data["pgm.week"] = monday.isoformat()
    if len(program.weeks) == 1:
        return await _preview(update, context, actor, program, slot.athlete, 1)
    await show(
        update,
        texts.PROGRAM_PICK_START.format(
            name=render.esc(program.name),
            athlete=render.esc(slot.athlete.name),
            date=render.short_date(monday),
            weeks=len(program.weeks),
        ),
        keyboards.program_start(len(program.weeks)),
    )
    return CHOOSE_START


async def choose_start(update: Update, context: CoachContext) -> str:
    index = int(callbacks.PROGRAM_START_PATTERN.match(update.callback_query.data)[1])
    actor = await context.actor(update)
    program = await programs.get_program(context.uow(), actor, choice(context, "pgm.id"))
    if not 1 <= index <= len(program.weeks):
        raise BadCallbackData(update.callback_query.data)
    athlete, _ = await plans.plannable_weeks(
        context.uow(),
        actor,
        choice(context, "pgm.athlete_id"),
        context.now(),
        default_tz=context.default_tz,
    )
    await answer(update)
    return await _preview(update, context, actor, program, athlete, index)


async def _preview(update, context, actor, program, athlete, index: int) -> str:
    monday = date.fromisoformat(choice(context, "pgm.week"))
    resolved = await programs.program_week_spec(
        context.uow(),
        actor,
        program_id=program.id,
        athlete_id=athlete.id,
        week_index=index,
        week_start=monday,
        now=context.now(),
    )
    context.user_data["pgm.start"] = index
    text = texts.PROGRAM_PUBLISH_PREVIEW.format(
        name=render.esc(program.name),
        index=index,
        weeks=len(program.weeks),
        athlete=render.esc(athlete.name),
        date=render.short_date(monday),
        plan=render.plan_preview(resolved.spec),
    )
    if resolved.missing_maxes:
        text += "\n\n" + missing_maxes(athlete.name, resolved.missing_maxes)
    await show(update, text, keyboards.publish_or_cancel())
    return CONFIRM


def missing_maxes(athlete: str, exercises: tuple[str, ...]) -> str:
    return texts.PROGRAM_MISSING_MAXES.format(
        athlete=render.esc(athlete),
        exercises=", ".join(render.esc(name) for name in exercises),
        first=render.esc(exercises[0]),
    )


async def publish(update: Update, context: CoachContext) -> int:
    actor = await context.actor(update)
    published = await programs.publish_program(
        context.uow(),
        actor,
        program_id=choice(context, "pgm.id"),
        athlete_id=choice(context, "pgm.athlete_id"),
        week_start=date.fromisoformat(choice(context, "pgm.week")),
        now=context.now(),
        start_index=choice(context, "pgm.start"),
    )
    await answer(update)
    plan = published.plan
    with i18n.using(context.user_data.get("pgm.athlete_language")):
        screen = screens.week(plan, unit_of(context.user_data.get("pgm.athlete_units")))
        notice = (
            texts.ATHLETE_NEW_PLAN.format(
                trainer=render.esc(actor.athlete.name), date=render.short_date(plan.week_start)
            )
            + "\n\n"
            + screen.text
        )
    delivered = await notify(
        context, choice(context, "pgm.athlete_telegram_id"), notice, screen.markup
    )
    done = texts.PROGRAM_PUBLISHED if delivered else texts.PROGRAM_PUBLISHED_UNREACHABLE
    text = done.format(
        athlete=render.esc(published.athlete.name),
        name=render.esc(published.program.name),
        date=render.short_date(plan.week_start),
        week_number=plan.week_number,
    )
    if published.missing_maxes:
        text += "\n\n" + missing_maxes(published.athlete.name, published.missing_maxes)
    await show(update, text)
    forget(context, "pgm.")
    return END


# Plain handlers (bot/app.py) and the dialogue's part of the one ConversationHandler.
HANDLERS = [
    CommandHandler("programs", list_programs),
    CallbackQueryHandler(list_programs, pattern=callbacks.exact(callbacks.PROGRAM_LIST)),
    CallbackQueryHandler(preview, pattern=callbacks.PROGRAM_VIEW_PATTERN),
    CallbackQueryHandler(ask_delete, pattern=DELETE_PATTERN),
    CallbackQueryHandler(delete, pattern=DELETE_CONFIRM_PATTERN),
]
ENTRY_POINTS = [
    CallbackQueryHandler(begin_new, pattern=callbacks.exact(callbacks.PROGRAM_NEW)),
    CallbackQueryHandler(begin_publish, pattern=PUBLISH_PATTERN),
]
STATES = {
    WAIT_NAME: [MessageHandler(TEXT, receive_name)],
    WAIT_TEXT: [MessageHandler(TEXT | PLAN_FILE, receive_text), OTHER_FILE],
    CHOOSE_ATHLETE: [
        CallbackQueryHandler(choose_athlete, pattern=ATHLETE_PATTERN),
        PICKER.page_handler,
        NUDGE,
    ],
    CHOOSE_WEEK: [CallbackQueryHandler(choose_week, pattern=callbacks.WEEK_PATTERN), NUDGE],
    CHOOSE_START: [
        CallbackQueryHandler(choose_start, pattern=callbacks.PROGRAM_START_PATTERN),
        NUDGE,
    ],
    CONFIRM: [
        CallbackQueryHandler(publish, pattern=callbacks.exact(callbacks.PLAN_PUBLISH)),
        NUDGE,
    ],
}
FALLBACKS = []
