"""All dialogues in one ConversationHandler, so that at most one is open at a time.

Separate handlers could each hold a half-finished dialogue and the first one would
swallow text meant for another. Here any dialogue command starts afresh (re-entry),
/cancel ends whichever is open, and plain commands (/today, /athletes...) still work
in the middle of a dialogue without ending it. Each dialogue's states are drawn in
the .mmd file beside its module.
"""

from __future__ import annotations

from telegram.ext import ConversationHandler

from bot.handlers import assign, copyweek, log, plan, summary
from bot.handlers.dialogue import CANCEL

PARTS = (plan, log, copyweek, assign, summary)

DIALOGUES = ConversationHandler(
    entry_points=[handler for part in PARTS for handler in part.ENTRY_POINTS],
    states={state: handlers for part in PARTS for state, handlers in part.STATES.items()},
    fallbacks=[CANCEL, *(handler for part in PARTS for handler in part.FALLBACKS)],
    name="dialogues",
    # Not python-telegram-bot's persistence: bot/inbox.py reads each chat's state from the
    # database for every update and writes it back with the update (any process, any step).
    allow_reentry=True,
)

HANDLERS = [DIALOGUES]
