"""What every dialogue shares: /cancel, a nudge towards the buttons, stored choices."""

from __future__ import annotations

import warnings

from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from bot import texts
from bot.context import CoachContext
from bot.replies import answer, reply, show

# Dialogues track buttons per chat and user rather than per message, on purpose: a
# trainer's /plan continues from whichever message they answer.
warnings.filterwarnings("ignore", message=r".*per_message=False.*", category=PTBUserWarning)

END = ConversationHandler.END
TEXT = filters.TEXT & ~filters.COMMAND


def forget(context: CoachContext, prefix: str) -> None:
    """Drop a dialogue's choices from the (persisted) user data."""
    for key in [k for k in context.user_data if k.startswith(prefix)]:
        del context.user_data[key]


async def cancel(update: Update, context: CoachContext) -> int:
    for prefix in ("plan.", "log.", "copy.", "assign."):
        forget(context, prefix)
    if update.callback_query is not None:
        await answer(update)
        await show(update, texts.PLAN_CANCELLED)
    else:
        await reply(update, texts.CANCELLED)
    return END


async def expect_button(update: Update, context: CoachContext) -> None:
    await reply(update, texts.DIALOGUE_EXPECTS_BUTTON)


CANCEL = CommandHandler("cancel", cancel)
NUDGE = MessageHandler(TEXT, expect_button)
