"""What every dialogue shares: /cancel, a nudge towards the buttons, stored choices."""

from __future__ import annotations

import warnings

from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from bot import texts
from bot.context import CoachContext
from bot.errors import DialogueExpired
from bot.replies import answer, reply, show

# Dialogues track buttons per chat and user rather than per message, on purpose: a
# trainer's /plan continues from whichever message they answer.
warnings.filterwarnings("ignore", message=r".*per_message=False.*", category=PTBUserWarning)

END = ConversationHandler.END
TEXT = filters.TEXT & ~filters.COMMAND


DIALOGUE_PREFIXES = ("plan.", "log.", "copy.", "assign.")


def forget(context: CoachContext, prefix: str) -> None:
    """Drop a dialogue's choices from the (persisted) user data."""
    for key in [k for k in context.user_data if k.startswith(prefix)]:
        del context.user_data[key]


def forget_all(context: CoachContext) -> None:
    """A new dialogue replaces whatever dialogue was open: one at a time."""
    for prefix in DIALOGUE_PREFIXES:
        forget(context, prefix)


def choice(context: CoachContext, key: str):
    """A choice made earlier in the dialogue; gone means the dialogue is stale."""
    try:
        return context.user_data[key]
    except KeyError:
        raise DialogueExpired(key) from None


async def cancel(update: Update, context: CoachContext) -> int:
    forget_all(context)
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
