"""Passing a message on: text is sent anew with the sender's name, media is copied
(copyMessage: no "Forwarded from" header) with a caption naming the sender.

The message is already stored (core/services/messages.py); here it is sent through the
bot (and so through the rate limiter), marked delivered with where the copy landed, or
marked not delivered with the reason, and the sender is told which.
"""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError
from telegram.ext import filters

from bot import render, texts
from bot.context import CoachContext
from bot.replies import reply
from core import i18n, models
from core.measures import unit_of
from core.services import messages, people

log = logging.getLogger(__name__)

# What can be passed on: text, photos, videos, voice messages and files (no commands).
RELAYABLE = (
    filters.UpdateType.MESSAGE
    & ~filters.COMMAND
    & (filters.TEXT | filters.PHOTO | filters.VIDEO | filters.VOICE | filters.Document.ALL)
)
FORM_CHECK_MEDIA = filters.UpdateType.MESSAGE & (filters.PHOTO | filters.VIDEO)


def content_of(message: Message) -> models.MessageContent | None:
    """What the user sent, as the services store it; None for a kind we don't pass on."""
    if message.photo:
        kind, file_id = models.MessageKind.PHOTO, message.photo[-1].file_id
    elif message.video:
        kind, file_id = models.MessageKind.VIDEO, message.video.file_id
    elif message.voice:
        kind, file_id = models.MessageKind.VOICE, message.voice.file_id
    elif message.document:
        kind, file_id = models.MessageKind.DOCUMENT, message.document.file_id
    elif message.text:
        kind, file_id = models.MessageKind.TEXT, None
    else:
        return None
    return models.MessageContent(
        kind=kind,
        text=message.text if kind is models.MessageKind.TEXT else message.caption,
        file_id=file_id,
        source_chat_id=message.chat_id,
        source_message_id=message.message_id,
    )


async def deliver(context: CoachContext, outgoing: messages.Outgoing) -> tuple[bool, bool]:
    """Send a stored message on; (delivered, blocked by the recipient)."""
    message = outgoing.message
    chat_id = outgoing.recipient.telegram_id
    try:
        with i18n.using(i18n.language_of(outgoing.recipient)):  # framed in the reader's language
            if message.kind is models.MessageKind.TEXT:
                landed = await _send_text(context, chat_id, outgoing)
            else:
                form_check = None
                if message.kind is models.MessageKind.FORM_CHECK and outgoing.exercise:
                    form_check = (outgoing.exercise, unit_of(outgoing.recipient.units))
                copied = await context.bot.copy_message(
                    chat_id,
                    message.source_chat_id,
                    message.source_message_id,
                    caption=render.relayed_caption(outgoing.sender_name, message.text, form_check),
                    parse_mode=ParseMode.HTML,
                )
                landed = copied.message_id
    except Forbidden:
        await people.set_reachable(context.uow(), chat_id, False, context.now())
        await messages.not_delivered(context.uow(), message.id, "blocked the bot", context.now())
        return False, True
    except TelegramError as error:
        log.warning("could not pass message %s on to %s: %s", message.id, chat_id, error)
        await messages.not_delivered(context.uow(), message.id, str(error), context.now())
        return False, False
    await messages.delivered(context.uow(), message.id, chat_id, landed, context.now())
    return True, False


async def deliver_and_tell(
    update: Update, context: CoachContext, outgoing: messages.Outgoing
) -> bool:
    """Send it on, then tell the sender whether it arrived."""
    delivered, blocked = await deliver(context, outgoing)
    recipient = render.esc(outgoing.recipient.name)
    if not delivered:
        why = texts.RELAY_WHY_BLOCKED if blocked else ""
        await reply(update, texts.RELAY_NOT_DELIVERED.format(recipient=recipient, why=why))
    elif outgoing.message.kind is models.MessageKind.FORM_CHECK and outgoing.exercise:
        await reply(
            update,
            texts.FORM_CHECK_SENT.format(
                recipient=recipient, exercise=render.esc(outgoing.exercise.name)
            ),
        )
    else:
        await reply(update, texts.RELAY_SENT.format(recipient=recipient))
    return delivered


async def _send_text(context: CoachContext, chat_id: int, outgoing: messages.Outgoing) -> int:
    """The text under the sender's name; a reply to its first part finds the sender."""
    chunks = render.split_message(
        render.relayed_text(outgoing.sender_name, outgoing.message.text or "")
    )
    first: int | None = None
    for chunk in chunks:
        sent = await context.bot.send_message(
            chat_id, chunk, parse_mode=ParseMode.HTML, disable_web_page_preview=True
        )
        first = first if first is not None else sent.message_id
    assert first is not None
    return first
