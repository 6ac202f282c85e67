"""/programs (trainer): list, preview, delete; "New program" and "Publish" are dialogues.

New program: name, then the text (Week N headers, or a base week and progressions), or
📄 a template as week 1 and a progression per later week.
Publish hands over to the publish-to-many flow (bot/handlers/publish_many.py): who
(athletes and groups), the calendar week, the program week to start with, the preview
with the loads resolved per athlete, Publish. Drawn in programs.mmd.
"""

from __future__ import annotations

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler

from bot import callbacks, keyboards, render, texts
from bot.context import CoachContext
from bot.errors import BadCallbackData
from bot.handlers import publish_many
from bot.handlers.dialogue import (
    END,
    NUDGE,
    TEXT,
    choice,
    forget,
    forget_all,
)
from bot.handlers.plan import OTHER_FILE, PLAN_FILE, read_plan_text
from bot.replies import answer, reply, show
from core.errors import PlanTextError
from core.measures import unit_of
from core.plan_sources import SourceRef
from core.services import programs, templates

WAIT_NAME, WAIT_TEXT = "programs:wait_name", "programs:wait_text"
CHOOSE_TEMPLATE, WAIT_PROGRESSIONS = "programs:choose_template", "programs:wait_progressions"
TEMPLATE_PATTERN = callbacks.id_pattern(callbacks.PROGRAM_TEMPLATE)
PUBLISH_PATTERN = callbacks.id_pattern(callbacks.PROGRAM_PUBLISH)
DELETE_PATTERN = callbacks.id_pattern(callbacks.PROGRAM_DELETE)
DELETE_CONFIRM_PATTERN = callbacks.id_pattern(callbacks.PROGRAM_DELETE_CONFIRM)


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
    await reply(
        update,
        texts.PROGRAM_ASK_TEXT.format(name=render.esc(name)),
        keyboards.program_text_or_template(),
    )
    return WAIT_TEXT


async def receive_text(update: Update, context: CoachContext) -> str | int:
    try:
        text = await read_plan_text(update, context)
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
    return await _saved(update, context, program)


async def _saved(update: Update, context: CoachContext, program) -> int:
    forget(context, "pgm.")
    await reply(
        update,
        texts.PROGRAM_SAVED(len(program.weeks)).format(
            name=render.esc(program.name), weeks=len(program.weeks)
        ),
        keyboards.program_weeks(program.id, 1, len(program.weeks)),
    )
    return END


# --- New program built on a template ----------------------------------------------


async def offer_templates(update: Update, context: CoachContext) -> str:
    offset = int(callbacks.PROGRAM_FROM_TEMPLATE_PATTERN.match(update.callback_query.data)[1])
    actor = await context.actor(update)
    page = await templates.list_templates(context.uow(), actor, offset=offset)
    name = render.esc(choice(context, "pgm.name"))
    await answer(update)
    if not page.items:
        await show(update, texts.PROGRAM_NO_TEMPLATES.format(name=name))
        return WAIT_TEXT
    await show(
        update, texts.PROGRAM_PICK_TEMPLATE.format(name=name), keyboards.program_templates(page)
    )
    return CHOOSE_TEMPLATE


async def choose_template(update: Update, context: CoachContext) -> str:
    template_id = callbacks.read_id(TEMPLATE_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    template = await templates.get_template(context.uow(), actor, template_id)
    await answer(update)
    context.user_data["pgm.template_id"] = template.id
    await show(
        update,
        texts.PROGRAM_ASK_PROGRESSIONS.format(
            name=render.esc(choice(context, "pgm.name")),
            template=render.esc(template.name),
            plan=render.plan_preview(templates.spec_for(actor, template)),
        ),
    )
    return WAIT_PROGRESSIONS


async def receive_progressions(update: Update, context: CoachContext) -> str | int:
    actor = await context.actor(update)
    try:
        program = await programs.create_program_from_template(
            context.uow(),
            actor,
            name=choice(context, "pgm.name"),
            template_id=choice(context, "pgm.template_id"),
            progressions=update.effective_message.text,
            now=context.now(),
        )
    except PlanTextError as error:
        await reply(update, render.plan_errors(error.errors))
        return WAIT_PROGRESSIONS
    return await _saved(update, context, program)


# --- 📤 Publish: the publish-to-many flow, with the program as its source ------------


async def begin_publish(update: Update, context: CoachContext) -> str | int:
    program_id = callbacks.read_id(PUBLISH_PATTERN.match(update.callback_query.data))
    return await publish_many.begin(update, context, SourceRef("program", program_id))


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
    WAIT_TEXT: [
        MessageHandler(TEXT | PLAN_FILE, receive_text),
        OTHER_FILE,
        CallbackQueryHandler(offer_templates, pattern=callbacks.PROGRAM_FROM_TEMPLATE_PATTERN),
    ],
    CHOOSE_TEMPLATE: [
        CallbackQueryHandler(choose_template, pattern=TEMPLATE_PATTERN),
        CallbackQueryHandler(offer_templates, pattern=callbacks.PROGRAM_FROM_TEMPLATE_PATTERN),
        NUDGE,
    ],
    WAIT_PROGRESSIONS: [MessageHandler(TEXT, receive_progressions)],
}
FALLBACKS = []
