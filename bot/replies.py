"""Sending and editing messages: split long texts, edit in place, tolerate no-ops."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.context import CoachContext
from bot.render import MESSAGE_LIMIT, split_message, telegram_length
from core.services import people

log = logging.getLogger(__name__)

CALLBACK_ANSWER_LIMIT = 200


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer in the chat the update came from; the keyboard goes on the last chunk."""
    chat = update.effective_chat
    assert chat is not None
    chunks = split_message(text)
    for index, chunk in enumerate(chunks):
        await chat.send_message(
            chunk,
            parse_mode=ParseMode.HTML,
            reply_markup=markup if index == len(chunks) - 1 else None,
            disable_web_page_preview=True,
        )


async def send_file(update: Update, filename: str, content: str, caption: str) -> None:
    """A text too long to show (or to copy from a message) goes as a file."""
    chat = update.effective_chat
    assert chat is not None
    await chat.send_document(
        content.encode("utf-8"), filename=filename, caption=caption, parse_mode=ParseMode.HTML
    )


async def show(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Redraw the message a button belongs to, or reply when there is no such message."""
    query = update.callback_query
    if query is None or query.message is None or telegram_length(text) > MESSAGE_LIMIT:
        await reply(update, text, markup)
        return
    try:
        await query.edit_message_text(
            text, parse_mode=ParseMode.HTML, reply_markup=markup, disable_web_page_preview=True
        )
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


async def answer(update: Update, text: str | None = None, *, alert: bool = False) -> bool:
    """Answer a button press (stops the client's spinner); False if it can't be answered."""
    query = update.callback_query
    if query is None:
        if text:
            await reply(update, text)
        return True
    if text and len(text) > CALLBACK_ANSWER_LIMIT:  # Telegram refuses longer answers
        text = text[: CALLBACK_ANSWER_LIMIT - 1] + "…"
    try:
        return await query.answer(text, show_alert=alert)
    except BadRequest as error:  # already answered, or too old to answer
        log.debug("callback answer failed: %s", error)
        return False


async def notify(
    context: CoachContext,
    telegram_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> bool:
    """Message another user; a user who blocked the bot is marked unreachable."""
    chunks = split_message(text)
    try:
        for index, chunk in enumerate(chunks):
            await context.bot.send_message(
                telegram_id,
                chunk,
                parse_mode=ParseMode.HTML,
                reply_markup=markup if index == len(chunks) - 1 else None,
                disable_web_page_preview=True,
            )
    except Forbidden:
        await people.set_reachable(context.uow(), telegram_id, False, context.now())
        return False
    except TelegramError as error:
        # The change this notice is about is already committed: failing here would
        # tell the acting user it failed. Network errors and 429s beyond the rate
        # limiter's retries are logged and reported as "not delivered".
        log.warning("could not notify %s: %s", telegram_id, error)
        return False
    return True
