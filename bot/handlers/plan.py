"""/plan (trainer): pick an athlete, pick a week, send the text, preview, publish.

The dialogue is drawn in plan.mmd beside this file. Its state and choices are
persisted in the database, so a restart in the middle loses nothing.
"""

from __future__ import annotations

from datetime import date

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot import callbacks, keyboards, render, screens, texts
from bot.clean import clean_text
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
from bot.replies import answer, notify, reply, send_file, show
from core import i18n
from core.errors import PlanTextError
from core.measures import unit_of
from core.plan_text import parse_plan_text
from core.services import plan_edits, plans

CHOOSE_ATHLETE, CHOOSE_WEEK, WAIT_TEXT, CONFIRM, CONFIRM_DELETE = (
    "plan:choose_athlete",
    "plan:choose_week",
    "plan:wait_text",
    "plan:confirm",
    "plan:confirm_delete",
)
MAX_FILE_BYTES = 20_000

ATHLETE_PATTERN = callbacks.id_pattern(callbacks.PLAN_ATHLETE)
CARD_PLAN_PATTERN = callbacks.id_pattern(callbacks.CARD_PLAN)
CARD_EDIT_PATTERN = callbacks.id_pattern(callbacks.CARD_EDIT)


PICKER = AthletePicker(
    prefix=callbacks.PLAN_ATHLETE,
    prompt=texts.PLAN_PICK_ATHLETE,
    empty=texts.NO_ATHLETES_TO_PLAN,
    state=CHOOSE_ATHLETE,
    athletes=coached_athletes,
)


async def choose_athlete(update: Update, context: CoachContext) -> str:
    athlete_id = callbacks.read_id(ATHLETE_PATTERN.match(update.callback_query.data))
    return await _offer_weeks(update, context, athlete_id)


async def _offer_weeks(
    update: Update, context: CoachContext, athlete_id: int, *, new_message: bool = False
) -> str:
    actor = await context.actor(update)
    weeks = await plan_edits.plannable_weeks(
        context.uow(), actor, athlete_id, context.now(), default_tz=context.default_tz
    )
    _remember_athlete(context, weeks.athlete, weeks.mondays[0])
    await answer(update)
    draw = reply if new_message else show
    await draw(
        update,
        texts.PLAN_PICK_WEEK.format(athlete=render.esc(weeks.athlete.name)),
        keyboards.planned_weeks(weeks.mondays[0], weeks.planned),
    )
    return CHOOSE_WEEK


def _remember_athlete(context: CoachContext, athlete, first_week: date) -> None:
    context.user_data.update(
        {
            "plan.athlete_id": athlete.id,
            "plan.athlete_name": athlete.name,
            "plan.athlete_telegram_id": athlete.telegram_id,
            "plan.athlete_units": athlete.units,  # the notice shows loads in them
            "plan.athlete_language": i18n.language_of(athlete),  # and reads in their language
            "plan.first_week": first_week.isoformat(),
        }
    )


async def choose_week(update: Update, context: CoachContext) -> str:
    return await _open_week(update, context, _monday(update.callback_query.data))


async def _open_week(
    update: Update, context: CoachContext, monday: date, *, new_message: bool = False
) -> str:
    actor = await context.actor(update)
    slot = await plans.week_slot(
        context.uow(),
        actor,
        choice(context, "plan.athlete_id"),
        monday,
        context.now(),
        default_tz=context.default_tz,
    )
    await answer(update)
    forget(context, "plan.edit")
    context.user_data.update({"plan.week": monday.isoformat(), "plan.replace": False})
    text = texts.PLAN_ASK_TEXT.format(
        athlete=render.esc(slot.athlete.name),
        date=render.short_date(monday),
        example=render.esc(texts.PLAN_EXAMPLE),
    )
    draw = reply if new_message else show
    if slot.existing is None:
        await draw(update, text)
        return WAIT_TEXT
    # A planned week is edited in place: started workouts stay, unchanged ones keep
    # their rows; it can also be deleted from here.
    context.user_data["plan.edit_plan_id"] = slot.existing.id
    ask = texts.PLAN_ASK_EDIT if slot.locked else texts.PLAN_ASK_REPLACE
    await draw(update, text + "\n\n" + ask, keyboards.delete_week())
    current = await plan_edits.edit_text(context.uow(), actor, slot.existing.id)
    shown = texts.PLAN_CURRENT_TEXT.format(text=render.esc(current))
    if render.telegram_length(shown) <= render.MESSAGE_LIMIT:
        await reply(update, shown)
    else:
        await send_file(update, "plan.txt", current, texts.PLAN_CURRENT_FILE)
    return WAIT_TEXT


async def receive_text(update: Update, context: CoachContext) -> str:
    try:
        text = await read_plan_text(update, context)
    except TelegramError:
        # The file is there but could not be fetched (too big for the Bot API, a network
        # fault): the dialogue waits, and the same file or the text can be sent again.
        await reply(update, texts.FILE_DOWNLOAD_FAILED)
        return WAIT_TEXT
    if text is None:
        await reply(update, texts.PLAN_BAD_FILE)
        return WAIT_TEXT
    writer = await context.actor(update)
    unit = unit_of(writer.athlete.units)  # bare loads: theirs
    edit_plan_id = context.user_data.get("plan.edit_plan_id")
    changes = None
    try:
        if edit_plan_id is None:
            spec = parse_plan_text(text, unit=unit)
        else:  # a planned week: ✓ marks, started workouts kept
            edit = await plan_edits.check_edit(context.uow(), writer, edit_plan_id, text, unit=unit)
            spec, changes = edit.spec, edit.changes
    except PlanTextError as error:
        await reply(update, render.plan_errors(error.errors))
        return WAIT_TEXT
    context.user_data["plan.text"] = text
    preview = texts.PLAN_PREVIEW.format(
        athlete=render.esc(choice(context, "plan.athlete_name")),
        date=render.short_date(date.fromisoformat(choice(context, "plan.week"))),
        plan=render.plan_preview(spec),
    )
    if changes is not None:
        preview += "\n\n" + _changes(changes, texts.PLAN_EDIT_PREVIEW_CHANGES)
        markup = keyboards.publish_or_cancel()
    else:  # a new week can also be kept as a template (an edit's text carries ✓ marks)
        markup = keyboards.publish_save_or_cancel()
    await reply(update, preview, markup)
    return CONFIRM


async def publish(update: Update, context: CoachContext) -> str | int:
    actor = await context.actor(update)
    if context.user_data.get("plan.edit_plan_id") is not None:
        return await _publish_edit(update, context, actor)
    plan = await plans.create_plan(
        context.uow(),
        actor,
        athlete_id=choice(context, "plan.athlete_id"),
        week_start=date.fromisoformat(choice(context, "plan.week")),
        spec=parse_plan_text(choice(context, "plan.text"), unit=unit_of(actor.athlete.units)),
        now=context.now(),
        replace=context.user_data.get("plan.replace", False),
    )
    await answer(update)
    with i18n.using(context.user_data.get("plan.athlete_language")):
        screen = screens.week(plan, unit_of(context.user_data.get("plan.athlete_units")))
        notice = (
            texts.ATHLETE_NEW_PLAN.format(
                trainer=render.esc(actor.athlete.name), date=render.short_date(plan.week_start)
            )
            + "\n\n"
            + screen.text
        )
    delivered = await notify(
        context, choice(context, "plan.athlete_telegram_id"), notice, screen.markup
    )
    done = texts.PLAN_PUBLISHED if delivered else texts.PLAN_PUBLISHED_UNREACHABLE
    await show(
        update,
        done.format(
            week_number=plan.week_number, athlete=render.esc(choice(context, "plan.athlete_name"))
        ),
    )
    forget(context, "plan.")
    return END


async def _publish_edit(update: Update, context: CoachContext, actor) -> str | int:
    try:
        week = await plan_edits.publish_edit(
            context.uow(),
            actor,
            choice(context, "plan.edit_plan_id"),
            choice(context, "plan.text"),
            unit=unit_of(actor.athlete.units),
            now=context.now(),
        )
    except PlanTextError as error:  # a workout was ticked since the preview
        await answer(update)
        await reply(update, render.plan_errors(error.errors))
        return WAIT_TEXT
    await answer(update)
    if not week.changes:  # the same week again: nothing to tell the athlete
        await show(
            update,
            texts.PLAN_EDIT_UNCHANGED.format(
                athlete=render.esc(choice(context, "plan.athlete_name"))
            ),
        )
        forget(context, "plan.")
        return END
    with i18n.using(context.user_data.get("plan.athlete_language")):
        screen = screens.week(week.plan, unit_of(context.user_data.get("plan.athlete_units")))
        notice = (
            texts.ATHLETE_PLAN_CHANGED.format(
                trainer=render.esc(actor.athlete.name),
                date=render.short_date(week.plan.week_start),
                changes=_changes(week.changes, "{changes}"),
            )
            + "\n\n"
            + screen.text
        )
    delivered = await notify(
        context, choice(context, "plan.athlete_telegram_id"), notice, screen.markup
    )
    done = texts.PLAN_EDITED if delivered else texts.PLAN_EDITED_UNREACHABLE
    await show(
        update,
        done.format(
            week_number=week.plan.week_number,
            athlete=render.esc(choice(context, "plan.athlete_name")),
        ),
    )
    forget(context, "plan.")
    return END


def _changes(changes, template: str) -> str:
    if not changes:
        return texts.PLAN_EDIT_NO_CHANGES
    return template.format(
        changes="\n".join(
            texts.PLAN_CHANGE_LINE.format(change=render.change_line(c)) for c in changes
        )
    )


async def ask_delete(update: Update, context: CoachContext) -> str:
    actor = await context.actor(update)
    started = await plan_edits.week_activity(
        context.uow(), actor, choice(context, "plan.edit_plan_id")
    )
    await answer(update)
    values = {
        "athlete": render.esc(choice(context, "plan.athlete_name")),
        "date": render.short_date(date.fromisoformat(choice(context, "plan.week"))),
    }
    if started:
        text = texts.PLAN_DELETE_ASK_STARTED(started).format(count=started, **values)
    else:
        text = texts.PLAN_DELETE_ASK.format(**values)
    await show(update, text, keyboards.confirm_week_delete())
    return CONFIRM_DELETE


async def delete(update: Update, context: CoachContext) -> int:
    actor = await context.actor(update)
    deleted = await plan_edits.delete_week(
        context.uow(), actor, choice(context, "plan.edit_plan_id")
    )
    await answer(update)
    with i18n.using(i18n.language_of(deleted.athlete)):
        told = texts.ATHLETE_PLAN_DELETED.format(
            trainer=render.esc(actor.athlete.name), date=render.short_date(deleted.week_start)
        )
    await notify(context, deleted.athlete.telegram_id, told)
    await show(
        update,
        texts.PLAN_DELETED.format(
            athlete=render.esc(deleted.athlete.name), date=render.short_date(deleted.week_start)
        ),
    )
    forget(context, "plan.")
    return END


async def keep(update: Update, context: CoachContext) -> str:
    await answer(update)
    await show(update, texts.PLAN_DELETE_KEPT, keyboards.delete_week())
    return WAIT_TEXT


async def card_plan(update: Update, context: CoachContext) -> str:
    """The athlete card's "Plan a week": /plan with the athlete chosen."""
    forget_all(context)
    athlete_id = callbacks.read_id(CARD_PLAN_PATTERN.match(update.callback_query.data))
    return await _offer_weeks(update, context, athlete_id, new_message=True)


async def card_edit(update: Update, context: CoachContext) -> str:
    """The athlete card's "Edit this week": /plan on this week of that athlete."""
    forget_all(context)
    athlete_id = callbacks.read_id(CARD_EDIT_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    weeks = await plan_edits.plannable_weeks(
        context.uow(), actor, athlete_id, context.now(), default_tz=context.default_tz
    )
    _remember_athlete(context, weeks.athlete, weeks.mondays[0])
    return await _open_week(update, context, weeks.mondays[0], new_message=True)


async def read_plan_text(update: Update, context: CoachContext) -> str | None:
    """A plan as the trainer sent it: the message's text, or a .txt file's (programs
    read theirs the same way); None for a file too large or not UTF-8."""
    message = update.effective_message
    if message.text is not None:
        return message.text
    document = message.document
    if document is None or (document.file_size or 0) > MAX_FILE_BYTES:
        return None
    content = await (await document.get_file()).download_as_bytearray()
    try:
        return clean_text(bytes(content).decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None


def _monday(data: str) -> date:
    match = callbacks.WEEK_PATTERN.match(data)
    try:
        monday = date.fromisoformat(match[1])
    except ValueError as error:
        raise BadCallbackData(data) from error
    if monday.weekday() != 0:
        raise BadCallbackData(data)
    return monday


async def other_file(update: Update, context: CoachContext) -> None:
    await reply(update, texts.PLAN_BAD_FILE)


PLAN_FILE = filters.Document.FileExtension("txt") | filters.Document.MimeType("text/plain")
OTHER_FILE = MessageHandler(filters.Document.ALL | filters.PHOTO, other_file)

# The dialogue's part of the one ConversationHandler (bot/handlers/dialogues.py).
ENTRY_POINTS = [
    CommandHandler("plan", PICKER.begin),
    CallbackQueryHandler(card_plan, pattern=CARD_PLAN_PATTERN),
    CallbackQueryHandler(card_edit, pattern=CARD_EDIT_PATTERN),
]
STATES = {
    CHOOSE_ATHLETE: [
        CallbackQueryHandler(choose_athlete, pattern=ATHLETE_PATTERN),
        PICKER.page_handler,
        NUDGE,
    ],
    CHOOSE_WEEK: [CallbackQueryHandler(choose_week, pattern=callbacks.WEEK_PATTERN), NUDGE],
    WAIT_TEXT: [
        MessageHandler(TEXT | PLAN_FILE, receive_text),
        OTHER_FILE,
        CallbackQueryHandler(ask_delete, pattern=callbacks.exact(callbacks.PLAN_DELETE)),
    ],
    CONFIRM_DELETE: [
        CallbackQueryHandler(delete, pattern=callbacks.exact(callbacks.PLAN_DELETE_YES)),
        CallbackQueryHandler(keep, pattern=callbacks.exact(callbacks.PLAN_DELETE_KEEP)),
        NUDGE,
    ],
    CONFIRM: [
        CallbackQueryHandler(publish, pattern=callbacks.exact(callbacks.PLAN_PUBLISH)),
        MessageHandler(TEXT | PLAN_FILE, receive_text),  # a corrected text replaces the preview
        OTHER_FILE,
    ],
}
FALLBACKS = [CallbackQueryHandler(cancel, pattern=callbacks.exact(callbacks.PLAN_CANCEL))]
