"""The athlete card's 💬 Message button (trainer): the next message goes to that athlete.

Drawn in message.mmd beside this file.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler

from bot import callbacks, render, texts
from bot.context import CoachContext
from bot.errors import message_for
from bot.handlers.dialogue import END, choice, forget, forget_all
from bot.relay import RELAYABLE, content_of, deliver_and_tell
from bot.replies import answer, reply
from core.errors import CoachError
from core.services import messages

WAIT_MESSAGE = "msg:wait_message"
MESSAGE_PATTERN = callbacks.id_pattern(callbacks.CARD_MESSAGE)


async def begin(update: Update, context: CoachContext) -> str | int:
    athlete_id = callbacks.read_id(MESSAGE_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    athlete = await messages.message_target(context.uow(), actor, athlete_id)
    forget_all(context)
    context.user_data["msg.athlete_id"] = athlete.id
    await answer(update)
    # A new message, not an edit: the card stays as it was above.
    await reply(update, texts.MESSAGE_ASK.format(athlete=render.esc(athlete.name)))
    return WAIT_MESSAGE


async def receive(update: Update, context: CoachContext) -> str | int:
    content = content_of(update.effective_message)
    if content is None:
        await reply(update, texts.RELAY_UNSUPPORTED)
        return WAIT_MESSAGE
    actor = await context.actor(update)
    athlete_id = choice(context, "msg.athlete_id")
    try:
        outgoing = await messages.to_athlete(
            context.uow(), actor, athlete_id, content, context.now()
        )
    except CoachError as refused:  # e.g. they moved to another trainer: the dialogue ends
        forget(context, "msg.")
        await reply(update, message_for(refused))
        return END
    forget(context, "msg.")
    await deliver_and_tell(update, context, outgoing)
    return END


# The dialogue's part of the one ConversationHandler (bot/handlers/dialogues.py).
ENTRY_POINTS = [CallbackQueryHandler(begin, pattern=MESSAGE_PATTERN)]
STATES = {WAIT_MESSAGE: [MessageHandler(RELAYABLE, receive)]}
FALLBACKS = []
