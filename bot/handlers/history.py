"""/history: past weeks, newest first, five a page, with Older / Newer buttons, and a
button per logged exercise that shows its last logs."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards, render, texts
from bot.context import CoachContext
from bot.replies import answer, show
from core.measures import unit_of
from core.services import plans, progress
from core.weeks import local_now


async def history(update: Update, context: CoachContext) -> None:
    offset = 0
    if update.callback_query is not None:
        offset = int(callbacks.HISTORY_PATTERN.match(update.callback_query.data)[1])
    actor = await context.actor(update)
    page = await plans.history(
        context.uow(), actor, context.now(), offset=offset, default_tz=context.default_tz
    )
    _, exercises = await progress.exercise_choices(context.uow(), actor)
    await answer(update)
    text = render.history_text(page)
    if exercises:
        text += "\n\n" + texts.HISTORY_EXERCISES
    await show(update, text, _with_exercises(keyboards.history_pages(page), exercises))


def _with_exercises(
    markup: InlineKeyboardMarkup | None, exercises: Sequence[progress.ExerciseChoice]
) -> InlineKeyboardMarkup | None:
    """The page buttons, then one button per exercise (most logged first)."""
    rows = [list(row) for row in markup.inline_keyboard] if markup else []
    buttons = [
        InlineKeyboardButton(
            texts.BUTTON_HISTORY_EXERCISE.format(name=e.name)[: keyboards.BUTTON_LABEL_LIMIT],
            callback_data=callbacks.with_id(callbacks.HISTORY_EXERCISE, e.last_log_id),
        )
        for e in exercises[:EXERCISE_BUTTONS]
    ]
    rows.extend(buttons[i : i + 2] for i in range(0, len(buttons), 2))
    return InlineKeyboardMarkup(rows) if rows else None


async def exercise_history(update: Update, context: CoachContext) -> None:
    """An exercise's last logs, without having to start /log."""
    log_id = callbacks.read_id(EXERCISE_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    found = await progress.exercise_history_for_log(context.uow(), actor, log_id)
    await answer(update)
    local = local_now(context.now(), context.timezone_of(actor.athlete))
    unit = unit_of(actor.athlete.units)
    lines = [
        texts.HISTORY_EXERCISE_HEADER.format(name=render.esc(found.name), count=len(found.logs))
    ]
    lines.extend(render.recent_lines(found.logs, local, unit))
    back = InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.BUTTON_BACK_TO_WEEKS, callback_data=callbacks.history(0))]]
    )
    await show(update, "\n".join(lines), back)


EXERCISE_BUTTONS = 8
EXERCISE_PATTERN = callbacks.id_pattern(callbacks.HISTORY_EXERCISE)
HANDLERS = [
    CommandHandler("history", history),
    CallbackQueryHandler(history, pattern=callbacks.HISTORY_PATTERN),
    CallbackQueryHandler(exercise_history, pattern=EXERCISE_PATTERN),
]
