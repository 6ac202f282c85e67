"""Last in line: unknown commands, stray text and buttons nobody handles any more."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot import texts
from bot.context import CoachContext
from bot.replies import answer, reply


async def unknown_command(update: Update, context: CoachContext) -> None:
    await reply(update, texts.UNKNOWN_COMMAND)


async def stray_text(update: Update, context: CoachContext) -> None:
    await reply(update, texts.UNKNOWN_COMMAND)


async def stale_button(update: Update, context: CoachContext) -> None:
    """A button of a finished dialogue, or forged data: nothing happens."""
    await answer(update, texts.STALE_BUTTON, alert=True)


HANDLERS = [
    MessageHandler(filters.COMMAND, unknown_command),
    MessageHandler(filters.TEXT | filters.Document.ALL, stray_text),
    CallbackQueryHandler(stale_button),
]
