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
)
from bot.replies import answer, notify, reply, send_file, show
from core import i18n
from core.errors import PlanTextError
from core.measures import unit_of
from core.plan_text import format_plan_text, parse_plan_text
from core.services import plans

CHOOSE_ATHLETE, CHOOSE_WEEK, WAIT_TEXT, CONFIRM = (
    "plan:choose_athlete",
    "plan:choose_week",
    "plan:wait_text",
    "plan:confirm",
)
MAX_FILE_BYTES = 20_000

ATHLETE_PATTERN = callbacks.id_pattern(callbacks.PLAN_ATHLETE)


PICKER = AthletePicker(
    prefix=callbacks.PLAN_ATHLETE,
    prompt=texts.PLAN_PICK_ATHLETE,
    empty=texts.NO_ATHLETES_TO_PLAN,
    state=CHOOSE_ATHLETE,
    athletes=coached_athletes,
)


async def choose_athlete(update: Update, context: CoachContext) -> str:
    athlete_id = callbacks.read_id(ATHLETE_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    athlete, mondays = await plans.plannable_weeks(
        context.uow(), actor, athlete_id, context.now(), default_tz=context.default_tz
    )
    context.user_data.update(
        {
            "plan.athlete_id": athlete.id,
            "plan.athlete_name": athlete.name,
            "plan.athlete_telegram_id": athlete.telegram_id,
            "plan.athlete_units": athlete.units,  # the notice shows loads in them
            "plan.athlete_language": i18n.language_of(athlete),  # and reads in their language
            "plan.first_week": mondays[0].isoformat(),
        }
    )
    await answer(update)
    await show(
        update,
        texts.PLAN_PICK_WEEK.format(athlete=render.esc(athlete.name)),
        keyboards.weeks(mondays[0]),
    )
    return CHOOSE_WEEK


async def choose_week(update: Update, context: CoachContext) -> str:
    monday = _monday(update.callback_query.data)
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
    if slot.locked:
        await show(
            update,
            texts.PLAN_WEEK_LOCKED.format(date=render.short_date(monday)),
            keyboards.weeks(date.fromisoformat(choice(context, "plan.first_week"))),
        )
        return CHOOSE_WEEK
    context.user_data.update(
        {"plan.week": monday.isoformat(), "plan.replace": slot.existing is not None}
    )
    text = texts.PLAN_ASK_TEXT.format(
        athlete=render.esc(slot.athlete.name),
        date=render.short_date(monday),
        example=render.esc(texts.PLAN_EXAMPLE),
    )
    if slot.existing is None:
        await show(update, text)
        return WAIT_TEXT
    await show(update, text + "\n\n" + texts.PLAN_ASK_REPLACE)
    current = format_plan_text(plans.spec_of(slot.existing))
    shown = texts.PLAN_CURRENT_TEXT.format(text=render.esc(current))
    if render.telegram_length(shown) <= render.MESSAGE_LIMIT:
        await reply(update, shown)
    else:
        await send_file(update, "plan.txt", current, texts.PLAN_CURRENT_FILE)
    return WAIT_TEXT


async def receive_text(update: Update, context: CoachContext) -> str:
    try:
        text = await _plan_text(update, context)
    except TelegramError:
        # The file is there but could not be fetched (too big for the Bot API, a network
        # fault): the dialogue waits, and the same file or the text can be sent again.
        await reply(update, texts.FILE_DOWNLOAD_FAILED)
        return WAIT_TEXT
    if text is None:
        await reply(update, texts.PLAN_BAD_FILE)
        return WAIT_TEXT
    writer = await context.actor(update)
    try:
        spec = parse_plan_text(text, unit=unit_of(writer.athlete.units))  # bare loads: theirs
    except PlanTextError as error:
        await reply(update, render.plan_errors(error.errors))
        return WAIT_TEXT
    context.user_data["plan.text"] = text
    preview = texts.PLAN_PREVIEW.format(
        athlete=render.esc(choice(context, "plan.athlete_name")),
        date=render.short_date(date.fromisoformat(choice(context, "plan.week"))),
        plan=render.plan_preview(spec),
    )
    await reply(update, preview, keyboards.publish_or_cancel())
    return CONFIRM


async def publish(update: Update, context: CoachContext) -> int:
    actor = await context.actor(update)
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


async def _plan_text(update: Update, context: CoachContext) -> str | None:
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
ENTRY_POINTS = [CommandHandler("plan", PICKER.begin)]
STATES = {
    CHOOSE_ATHLETE: [
        CallbackQueryHandler(choose_athlete, pattern=ATHLETE_PATTERN),
        PICKER.page_handler,
        NUDGE,
    ],
    CHOOSE_WEEK: [CallbackQueryHandler(choose_week, pattern=callbacks.WEEK_PATTERN), NUDGE],
    WAIT_TEXT: [MessageHandler(TEXT | PLAN_FILE, receive_text), OTHER_FILE],
    CONFIRM: [
        CallbackQueryHandler(publish, pattern=callbacks.exact(callbacks.PLAN_PUBLISH)),
        MessageHandler(TEXT | PLAN_FILE, receive_text),  # a corrected text replaces the preview
        OTHER_FILE,
    ],
}
FALLBACKS = [CallbackQueryHandler(cancel, pattern=callbacks.exact(callbacks.PLAN_CANCEL))]
