"""/history: past weeks, newest first, five a page, with Older / Newer buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards, render
from bot.context import CoachContext
from bot.replies import answer, show
from core.services import plans


async def history(update: Update, context: CoachContext) -> None:
    offset = 0
    if update.callback_query is not None:
        offset = int(callbacks.HISTORY_PATTERN.match(update.callback_query.data)[1])
    actor = await context.actor(update)
    page = await plans.history(
        context.uow(), actor, context.now(), offset=offset, default_tz=context.default_tz
    )
    await answer(update)
    await show(update, render.history_text(page), keyboards.history_pages(page))


HANDLERS = [
    CommandHandler("history", history),
    CallbackQueryHandler(history, pattern=callbacks.HISTORY_PATTERN),
]
