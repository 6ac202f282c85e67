"""/templates (trainer): saved weeks. Preview, publish (to many), rename, delete; save one
from /plan's preview or from an athlete's week. Drawn in templates.mmd beside this file.

Listing, opening and deleting are plain buttons (their data carries the template id,
checked against the trainer at every press); the steps that wait for a typed name are
part of the one dialogue handler.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler

from bot import callbacks, keyboards, render, texts
from bot.context import CoachContext
from bot.handlers import publish_many
from bot.handlers.dialogue import (
    END,
    NUDGE,
    TEXT,
    AthletePicker,
    choice,
    coached_athletes,
    forget,
    forget_all,
    named,
)
from bot.handlers.plan import CONFIRM as PLAN_CONFIRM
from bot.replies import answer, reply, show
from core.plan_sources import SourceRef
from core.services import plans, templates

WAIT_NAME, WAIT_RENAME, CHOOSE_ATHLETE, CHOOSE_WEEK = (
    "tpl:wait_name",
    "tpl:wait_rename",
    "tpl:choose_athlete",
    "tpl:choose_week",
)
WEEKS_OFFERED = 4

OPEN_PATTERN = callbacks.id_pattern(callbacks.TEMPLATE_OPEN)
PUBLISH_PATTERN = callbacks.id_pattern(callbacks.TEMPLATE_PUBLISH)
RENAME_PATTERN = callbacks.id_pattern(callbacks.TEMPLATE_RENAME)
DELETE_PATTERN = callbacks.id_pattern(callbacks.TEMPLATE_DELETE)
DELETE_CONFIRMED_PATTERN = callbacks.id_pattern(callbacks.TEMPLATE_DELETE_CONFIRMED)
WEEK_ATHLETE_PATTERN = callbacks.id_pattern(callbacks.TEMPLATE_WEEK_ATHLETE)
WEEK_PATTERN = callbacks.id_pattern(callbacks.TEMPLATE_WEEK)


def _id(pattern, update: Update) -> int:
    return callbacks.read_id(pattern.match(update.callback_query.data))


async def _list(update: Update, context: CoachContext, offset: int = 0) -> None:
    actor = await context.actor(update)
    page = await templates.list_templates(
        context.uow(), actor, offset=offset, limit=keyboards.TEMPLATE_PAGE_SIZE
    )
    text = texts.TEMPLATES_HEADER.format(total=page.total) if page.total else texts.TEMPLATES_EMPTY
    await show(update, text, keyboards.template_list(page))


async def list_command(update: Update, context: CoachContext) -> None:
    await _list(update, context)


async def list_page(update: Update, context: CoachContext) -> None:
    offset = int(callbacks.TEMPLATE_LIST_PATTERN.match(update.callback_query.data)[1])
    await answer(update)
    await _list(update, context, offset)


async def open_template(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    template = await templates.get_template(context.uow(), actor, _id(OPEN_PATTERN, update))
    await answer(update)
    text = texts.TEMPLATE_CARD.format(
        name=render.esc(template.name),
        plan=render.plan_preview(templates.spec_for(actor, template)),
    )
    await show(update, text, keyboards.template_card(template.id))


async def ask_delete(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    template = await templates.get_template(context.uow(), actor, _id(DELETE_PATTERN, update))
    await answer(update)
    await show(
        update,
        texts.TEMPLATE_CONFIRM_DELETE.format(name=render.esc(template.name)),
        keyboards.confirm_delete(
            callbacks.with_id(callbacks.TEMPLATE_DELETE_CONFIRMED, template.id),
            callbacks.with_id(callbacks.TEMPLATE_OPEN, template.id),
        ),
    )


async def delete(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    name = await templates.delete_template(
        context.uow(), actor, _id(DELETE_CONFIRMED_PATTERN, update)
    )
    await answer(update, html_free(texts.TEMPLATE_DELETED.format(name=name)))
    await _list(update, context)


def html_free(text: str) -> str:
    return text.replace("<b>", "").replace("</b>", "")


# --- the steps that wait for a name (in the one dialogue handler) ---------------------


async def save_from_plan(update: Update, context: CoachContext) -> str:
    """/plan's preview → 💾 Save as template. The plan dialogue's choices stay, so that
    the preview can still be published after the template is saved."""
    context.user_data["tpl.text"] = choice(context, "plan.text")
    context.user_data["tpl.back_to_plan"] = True
    await answer(update)
    await reply(update, texts.TEMPLATE_ASK_NAME)
    return WAIT_NAME


async def receive_name(update: Update, context: CoachContext) -> str | int:
    actor = await context.actor(update)
    text = update.effective_message.text
    if "tpl.plan_id" in context.user_data:
        saving = templates.save_week_as_template(
            context.uow(),
            actor,
            plan_id=choice(context, "tpl.plan_id"),
            name=text,
            now=context.now(),
        )
    else:
        saving = templates.save_template(
            context.uow(), actor, name=text, text=choice(context, "tpl.text"), now=context.now()
        )
    template = await named(update, texts.TEMPLATE_NAME_TAKEN, saving)
    if template is None:
        return WAIT_NAME
    back_to_plan = context.user_data.get("tpl.back_to_plan", False)
    forget(context, "tpl.")
    await reply(
        update,
        texts.TEMPLATE_SAVED.format(name=render.esc(template.name)),
        None if back_to_plan else keyboards.template_card(template.id),
    )
    if back_to_plan and "plan.text" in context.user_data:
        await reply(
            update,
            texts.TEMPLATE_SAVED_STILL_PUBLISH.format(
                athlete=render.esc(choice(context, "plan.athlete_name"))
            ),
            keyboards.publish_or_cancel(),
        )
        return PLAN_CONFIRM
    return END


async def ask_rename(update: Update, context: CoachContext) -> str:
    forget_all(context)
    actor = await context.actor(update)
    template = await templates.get_template(context.uow(), actor, _id(RENAME_PATTERN, update))
    context.user_data["tpl.rename"] = template.id
    await answer(update)
    await reply(update, texts.TEMPLATE_ASK_RENAME.format(name=render.esc(template.name)))
    return WAIT_RENAME


async def receive_rename(update: Update, context: CoachContext) -> str | int:
    actor = await context.actor(update)
    renaming = templates.rename_template(
        context.uow(),
        actor,
        choice(context, "tpl.rename"),
        update.effective_message.text,
        context.now(),
    )
    template = await named(update, texts.TEMPLATE_NAME_TAKEN, renaming)
    if template is None:
        return WAIT_RENAME
    forget(context, "tpl.")
    await reply(
        update,
        texts.TEMPLATE_RENAMED.format(name=render.esc(template.name)),
        keyboards.template_card(template.id),
    )
    return END


async def publish(update: Update, context: CoachContext) -> str | int:
    return await publish_many.begin(
        update, context, SourceRef("template", _id(PUBLISH_PATTERN, update))
    )


# --- from an athlete's week -----------------------------------------------------------

PICKER = AthletePicker(
    prefix=callbacks.TEMPLATE_WEEK_ATHLETE,
    prompt=texts.TEMPLATE_PICK_ATHLETE,
    empty=texts.NO_ATHLETES_TO_PLAN,
    state=CHOOSE_ATHLETE,
    athletes=coached_athletes,
)


async def from_week(update: Update, context: CoachContext) -> str | int:
    await answer(update)
    return await PICKER.begin(update, context)


async def choose_athlete(update: Update, context: CoachContext) -> str | int:
    actor = await context.actor(update)
    athlete, _ = await plans.plannable_weeks(
        context.uow(),
        actor,
        _id(WEEK_ATHLETE_PATTERN, update),
        context.now(),
        default_tz=context.default_tz,
    )
    page = await plans.history(
        context.uow(),
        actor,
        context.now(),
        athlete_id=athlete.id,
        limit=WEEKS_OFFERED,
        default_tz=context.default_tz,
    )
    await answer(update)
    if not page.items:
        await show(update, texts.TEMPLATE_NO_WEEKS.format(athlete=render.esc(athlete.name)))
        return END
    await show(
        update,
        texts.TEMPLATE_PICK_WEEK.format(athlete=render.esc(athlete.name)),
        keyboards.template_weeks(page.items),
    )
    return CHOOSE_WEEK


async def choose_week(update: Update, context: CoachContext) -> str:
    """Saving checks again that the week is one of the trainer's athletes'."""
    actor = await context.actor(update)
    plan = await plans.get_plan(context.uow(), actor, _id(WEEK_PATTERN, update))
    context.user_data["tpl.plan_id"] = plan.id
    await answer(update)
    await show(update, texts.TEMPLATE_ASK_NAME)
    return WAIT_NAME


HANDLERS = [
    CommandHandler("templates", list_command),
    CallbackQueryHandler(list_page, pattern=callbacks.TEMPLATE_LIST_PATTERN),
    CallbackQueryHandler(open_template, pattern=OPEN_PATTERN),
    CallbackQueryHandler(ask_delete, pattern=DELETE_PATTERN),
    CallbackQueryHandler(delete, pattern=DELETE_CONFIRMED_PATTERN),
]

# The dialogue's part of the one ConversationHandler (bot/handlers/dialogues.py).
ENTRY_POINTS = [
    CallbackQueryHandler(save_from_plan, pattern=callbacks.exact(callbacks.TEMPLATE_SAVE)),
    CallbackQueryHandler(ask_rename, pattern=RENAME_PATTERN),
    CallbackQueryHandler(publish, pattern=PUBLISH_PATTERN),
    CallbackQueryHandler(from_week, pattern=callbacks.exact(callbacks.TEMPLATE_FROM_WEEK)),
]
STATES = {
    WAIT_NAME: [MessageHandler(TEXT, receive_name)],
    WAIT_RENAME: [MessageHandler(TEXT, receive_rename)],
    CHOOSE_ATHLETE: [
        CallbackQueryHandler(choose_athlete, pattern=WEEK_ATHLETE_PATTERN),
        PICKER.page_handler,
        NUDGE,
    ],
    CHOOSE_WEEK: [CallbackQueryHandler(choose_week, pattern=WEEK_PATTERN), NUDGE],
}
FALLBACKS: list = []
