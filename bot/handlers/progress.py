"""/units, /records and /progress: what an athlete (or their trainer) can see of progress.

Charts are drawn off the event loop (bot/charts.py) and sent as photos; a chart whose
data did not change is sent again by its Telegram file_id, not redrawn. The chart
senders take an athlete id so that a button elsewhere (the trainer's athlete card)
can call them as they are.
"""

from __future__ import annotations

from collections.abc import Hashable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, charts, keyboards, render, texts
from bot.context import CoachContext
from bot.replies import answer, reply, show
from core import i18n, models
from core.measures import LoadUnit, unit_of
from core.services import people, progress, trainers

RENDERER_KEY = "coach.charts"
EXERCISE_BUTTONS = 20

RECORDS_ATHLETE_PATTERN = callbacks.id_pattern(callbacks.RECORDS_ATHLETE)
RECORDS_PAGE_PATTERN = callbacks.page_pattern(callbacks.RECORDS_ATHLETE)
PROGRESS_ATHLETE_PATTERN = callbacks.id_pattern(callbacks.PROGRESS_ATHLETE)
PROGRESS_PAGE_PATTERN = callbacks.page_pattern(callbacks.PROGRESS_ATHLETE)
PROGRESS_EXERCISE_PATTERN = callbacks.id_pattern(callbacks.PROGRESS_EXERCISE)
PROGRESS_WEEKS_PATTERN = callbacks.id_pattern(callbacks.PROGRESS_WEEKS)
PROGRESS_ROSTER_PATTERN = callbacks.exact(callbacks.PROGRESS_ROSTER)


def renderer(context: CoachContext) -> charts.ChartRenderer:
    found = context.application.bot_data.get(RENDERER_KEY)
    if found is None:
        found = context.application.bot_data[RENDERER_KEY] = charts.ChartRenderer()
    return found


def _label(text: str) -> str:
    limit = keyboards.BUTTON_LABEL_LIMIT
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_coach(actor: models.Actor) -> bool:
    return actor.trainer is not None or actor.is_admin


# --- /units ---------------------------------------------------------------------------


async def units(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    wanted = context.args[0].lower().rstrip("s") if len(context.args or ()) == 1 else None
    if wanted not in (LoadUnit.KG.value, LoadUnit.LB.value):
        await reply(update, texts.UNITS_USAGE.format(unit=unit_of(actor.athlete.units).value))
        return
    athlete = await people.set_units(context.uow(), actor, LoadUnit(wanted), context.now())
    await reply(update, texts.UNITS_SET.format(unit=athlete.units))


# --- /records -------------------------------------------------------------------------


async def records(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    if is_coach(actor):
        await _offer_athletes(update, context, actor, callbacks.RECORDS_ATHLETE, 0)
        return
    await _show_records(update, context, actor, None)


async def records_of(update: Update, context: CoachContext) -> None:
    athlete_id = callbacks.read_id(RECORDS_ATHLETE_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    await _show_records(update, context, actor, athlete_id)
    await answer(update)


async def records_page(update: Update, context: CoachContext) -> None:
    page = int(RECORDS_PAGE_PATTERN.match(update.callback_query.data)[1])
    actor = await context.actor(update)
    await answer(update)
    await _offer_athletes(update, context, actor, callbacks.RECORDS_ATHLETE, page)


async def _show_records(
    update: Update, context: CoachContext, actor: models.Actor, athlete_id: int | None
) -> None:
    view = await progress.records(context.uow(), actor, athlete_id)
    name = None if view.athlete.id == actor.athlete.id else view.athlete.name
    await show(update, render.records_text(view.records, unit_of(actor.athlete.units), name))


async def _offer_athletes(
    update: Update, context: CoachContext, actor: models.Actor, prefix: str, page: int
) -> None:
    athletes = [
        a for a in await trainers.coached_athletes(context.uow(), actor) if a.id != actor.athlete.id
    ]
    prompt = (
        texts.RECORDS_PICK if prefix == callbacks.RECORDS_ATHLETE else (texts.PROGRESS_PICK_ATHLETE)
    )
    markup = keyboards.athletes(athletes, prefix, me=actor.athlete, page=page)
    if prefix == callbacks.PROGRESS_ATHLETE and actor.trainer is not None:
        rows = [*markup.inline_keyboard, [_roster_button()]]
        markup = InlineKeyboardMarkup(rows)
    await show(update, prompt, markup)


# --- /progress ------------------------------------------------------------------------


async def progress_command(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    if is_coach(actor):
        await _offer_athletes(update, context, actor, callbacks.PROGRESS_ATHLETE, 0)
        return
    await _offer_charts(update, context, actor, None)


async def progress_page(update: Update, context: CoachContext) -> None:
    page = int(PROGRESS_PAGE_PATTERN.match(update.callback_query.data)[1])
    actor = await context.actor(update)
    await answer(update)
    await _offer_athletes(update, context, actor, callbacks.PROGRESS_ATHLETE, page)


async def progress_of(update: Update, context: CoachContext) -> None:
    athlete_id = callbacks.read_id(PROGRESS_ATHLETE_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    await _offer_charts(update, context, actor, athlete_id)
    await answer(update)


async def _offer_charts(
    update: Update, context: CoachContext, actor: models.Actor, athlete_id: int | None
) -> None:
    athlete, choices = await progress.exercise_choices(context.uow(), actor, athlete_id)
    rows = [
        [
            InlineKeyboardButton(
                _label(f"{choice.name} ({choice.logs})"),
                callback_data=callbacks.with_id(callbacks.PROGRESS_EXERCISE, choice.last_log_id),
            )
        ]
        for choice in choices[:EXERCISE_BUTTONS]
    ]
    rows.append(
        [
            InlineKeyboardButton(
                texts.BUTTON_WEEKLY_COMPLETION,
                callback_data=callbacks.with_id(callbacks.PROGRESS_WEEKS, athlete.id),
            )
        ]
    )
    await show(
        update,
        texts.PROGRESS_PICK.format(athlete=render.esc(athlete.name)),
        InlineKeyboardMarkup(rows),
    )


# The athlete card's Progress button opens the same menu (bot/handlers/card.py).
offer_charts = _offer_charts


def _roster_button() -> InlineKeyboardButton:
    return InlineKeyboardButton(
        texts.BUTTON_ROSTER_COMPLETION, callback_data=callbacks.PROGRESS_ROSTER
    )


async def exercise_chart(update: Update, context: CoachContext) -> None:
    log_id = callbacks.read_id(PROGRESS_EXERCISE_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    await send_exercise_chart(update, context, actor, log_id)


async def weeks_chart(update: Update, context: CoachContext) -> None:
    athlete_id = callbacks.read_id(PROGRESS_WEEKS_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    await send_completion_chart(update, context, actor, athlete_id)


async def roster_chart(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    await send_roster_chart(update, context, actor)


# The chart senders: callable from any button that knows the ids (e.g. an athlete card).


async def send_exercise_chart(
    update: Update, context: CoachContext, actor: models.Actor, log_id: int
) -> None:
    series = await progress.series_for_log(
        context.uow(), actor, log_id, default_tz=context.default_tz
    )
    unit = unit_of(actor.athlete.units)
    key = ("exercise", series.athlete.id, series.name.casefold(), series.last_log_id, unit)
    caption = texts.CHART_EXERCISE_CAPTION.format(
        athlete=render.esc(series.athlete.name), exercise=render.esc(series.name)
    )
    await _send_chart(update, context, key, lambda: charts.exercise_chart(series, unit), caption)


async def send_completion_chart(
    update: Update, context: CoachContext, actor: models.Actor, athlete_id: int | None
) -> None:
    series = await progress.completion_series(
        context.uow(), actor, context.now(), athlete_id, default_tz=context.default_tz
    )
    key = ("weeks", series.athlete.id, series.cache_key)
    caption = texts.CHART_WEEKS_CAPTION.format(athlete=render.esc(series.athlete.name))
    await _send_chart(update, context, key, lambda: charts.completion_chart(series), caption)


async def send_roster_chart(update: Update, context: CoachContext, actor: models.Actor) -> None:
    lines = await progress.roster_completion(
        context.uow(), actor, context.now(), default_tz=context.default_tz
    )
    key = (
        "roster",
        actor.athlete.id,
        tuple((line.athlete.id, line.athlete.name, line.week) for line in lines),
    )
    name = actor.trainer.name if actor.trainer else actor.athlete.name
    await _send_chart(
        update, context, key, lambda: charts.roster_chart(name, lines), texts.CHART_ROSTER_CAPTION
    )


async def _send_chart(update: Update, context: CoachContext, key: Hashable, build, caption: str):
    """Send a chart (its data already read and checked): by file_id when unchanged."""
    chat = update.effective_chat
    assert chat is not None
    if update.callback_query is not None:
        await answer(update, texts.CHART_RENDERING)
    charts_of_bot = renderer(context)
    key = (key, i18n.current())  # its labels are in the reader's language
    file_id = charts_of_bot.cached(key)
    if file_id is not None:
        try:
            await chat.send_photo(file_id, caption=caption, parse_mode=ParseMode.HTML)
            return
        except BadRequest:  # the file is gone on Telegram's side: draw it again
            charts_of_bot.forget(key)
    png = await charts_of_bot.render(build())
    message = await chat.send_photo(
        png, caption=caption, parse_mode=ParseMode.HTML, filename="chart.png"
    )
    if message.photo:
        charts_of_bot.remember(key, message.photo[-1].file_id)


HANDLERS = [
    CommandHandler("units", units),
    CommandHandler("records", records),
    CallbackQueryHandler(records_of, pattern=RECORDS_ATHLETE_PATTERN),
    CallbackQueryHandler(records_page, pattern=RECORDS_PAGE_PATTERN),
    CommandHandler("progress", progress_command),
    CallbackQueryHandler(progress_of, pattern=PROGRESS_ATHLETE_PATTERN),
    CallbackQueryHandler(progress_page, pattern=PROGRESS_PAGE_PATTERN),
    # Blocking: the update inbox runs other chats' updates while a chart is drawn (in the
    # worker process), and the chart stays part of its update.
    CallbackQueryHandler(exercise_chart, pattern=PROGRESS_EXERCISE_PATTERN),
    CallbackQueryHandler(weeks_chart, pattern=PROGRESS_WEEKS_PATTERN),
    CallbackQueryHandler(roster_chart, pattern=PROGRESS_ROSTER_PATTERN),
]
