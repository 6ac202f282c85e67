"""All dialogues in one ConversationHandler, so that at most one is open at a time.

Separate handlers could each hold a half-finished dialogue and the first one would
swallow text meant for another. Here any dialogue command starts afresh (re-entry),
/cancel ends whichever is open, and plain commands (/today, /athletes...) still work
in the middle of a dialogue without ending it. Each dialogue's states are drawn in
the .mmd file beside its module.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler, MessageHandler, filters

from bot import texts
from bot.context import CoachContext
from bot.handlers import (
    assign,
    athlete_groups,
    checkin,
    copyweek,
    log,
    message,
    plan,
    programs,
    publish_many,
    summary,
    templates,
)
from bot.handlers.dialogue import CANCEL
from bot.replies import reply
from core.i18n import gettext

PARTS = (
    plan,
    log,
    copyweek,
    assign,
    summary,
    message,
    programs,
    templates,
    athlete_groups,
    publish_many,
    checkin,
)

# What a step that waits for typing asks for, when something else arrives (a sticker, a
# voice message, a location...); every other step waits for a button.
TYPED_STEPS = {
    plan.WAIT_TEXT: texts.DIALOGUE_EXPECTS_PLAN,
    plan.CONFIRM: texts.DIALOGUE_EXPECTS_PLAN,
    log.WAIT_ENTRY: texts.DIALOGUE_EXPECTS_LOG,
    copyweek.WAIT_PROGRESSION: texts.DIALOGUE_EXPECTS_PROGRESSION,
    message.WAIT_MESSAGE: texts.DIALOGUE_EXPECTS_MESSAGE,
    programs.WAIT_NAME: texts.DIALOGUE_EXPECTS_PROGRAM_NAME,
    programs.WAIT_TEXT: texts.DIALOGUE_EXPECTS_PROGRAM,
    programs.WAIT_PROGRESSIONS: texts.DIALOGUE_EXPECTS_PROGRESSIONS,
    templates.WAIT_NAME: texts.NAME_INVALID,
    templates.WAIT_RENAME: texts.NAME_INVALID,
    athlete_groups.WAIT_NAME: texts.NAME_INVALID,
    athlete_groups.WAIT_RENAME: texts.NAME_INVALID,
    copyweek.CONFIRM: texts.DIALOGUE_EXPECTS_PROGRESSION,
    checkin.WAIT_WEIGHT: texts.CHECKIN_EXPECTS_WEIGHT,
    checkin.WAIT_NOTE: texts.CHECKIN_EXPECTS_NOTE,
}
ANY_MESSAGE = filters.UpdateType.MESSAGE & ~filters.COMMAND


def _hint(text: str) -> MessageHandler:
    async def say(update: Update, context: CoachContext) -> None:
        await reply(update, gettext(text))  # a msgid, frozen at import

    return MessageHandler(ANY_MESSAGE, say)


def _with_hint(state: str, handlers: list) -> list:
    """A step's own handlers, then an answer for any message they don't take."""
    return [*handlers, _hint(TYPED_STEPS.get(state, texts.DIALOGUE_EXPECTS_BUTTON))]


DIALOGUES = ConversationHandler(
    entry_points=[handler for part in PARTS for handler in part.ENTRY_POINTS],
    states={
        state: _with_hint(state, handlers)
        for part in PARTS
        for state, handlers in part.STATES.items()
    },
    fallbacks=[CANCEL, *(handler for part in PARTS for handler in part.FALLBACKS)],
    name="dialogues",
    # Not python-telegram-bot's persistence: bot/inbox.py reads each chat's state from the
    # database for every update and writes it back with the update (any process, any step).
    allow_reentry=True,
)

HANDLERS = [DIALOGUES]
