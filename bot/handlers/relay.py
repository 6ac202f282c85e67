"""Outside any dialogue: what an athlete sends goes to their trainer; a trainer's
Telegram reply to a passed-on message goes back to that athlete."""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler

from bot import texts
from bot.context import CoachContext
from bot.relay import RELAYABLE, content_of, deliver_and_tell
from bot.replies import reply
from core.services import messages


async def relay(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    content = content_of(message)
    if content is None:  # the filter lets only relayable kinds through
        return
    actor = await context.actor(update)
    if message.reply_to_message is not None and actor.trainer is not None:
        outgoing = await messages.answer_relayed(
            context.uow(), actor, message.reply_to_message.message_id, content, context.now()
        )
    elif actor.trainer is not None and actor.athlete.trainer_id is None:
        await reply(update, texts.RELAY_TRAINER_HINT)
        return
    else:
        outgoing = await messages.to_trainer(context.uow(), actor, content, context.now())
    await deliver_and_tell(update, context, outgoing)


HANDLERS = [MessageHandler(RELAYABLE, relay)]
