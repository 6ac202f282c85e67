"""Domain errors become clear answers; anything else is logged and apologised for."""

from __future__ import annotations

import html
import json
import logging
import re

from telegram import Update
from telegram.error import RetryAfter

from bot import texts
from bot.context import CoachContext
from bot.replies import answer, reply
from core import errors
from core.i18n import gettext
from core.weeks import TIMEZONE_EXAMPLES

log = logging.getLogger(__name__)


class BadCallbackData(errors.CoachError):
    """Button data that no button of ours carries (forged, or from an old version)."""


class DialogueExpired(errors.CoachError):
    """A dialogue's earlier choices are gone (e.g. lost in a crash): start it again."""


_MESSAGES: dict[type[errors.CoachError], str] = {
    BadCallbackData: texts.STALE_BUTTON,
    DialogueExpired: texts.DIALOGUE_EXPIRED,
    errors.NothingToCopy: texts.COPY_NOTHING,
    errors.AlreadyATrainer: texts.ALREADY_TRAINER,
    errors.PlanTextError: texts.BAD_PLAN_TEXT,
    errors.InvalidProgression: texts.BAD_PROGRESSION,
    errors.InvalidLogEntry: texts.BAD_LOG_ENTRY,
    errors.NotATrainer: texts.NOT_A_TRAINER,
    errors.NotAnAdmin: texts.NOT_AN_ADMIN,
    errors.PermissionDenied: texts.NOT_YOURS,
    errors.WorkoutNotFound: texts.WORKOUT_REMOVED,  # an older plan message's button
    errors.NotFound: texts.NOT_FOUND,
    errors.PlanExists: texts.PLAN_EXISTS,
    errors.PlanLocked: texts.PLAN_LOCKED,
    errors.WeekBeforeFirstPlan: texts.WEEK_BEFORE_FIRST,
    errors.WeekNotPlannable: texts.WEEK_NOT_PLANNABLE,
    errors.InviteUsed: texts.INVITE_USED,
    errors.InviteRevoked: texts.INVITE_REVOKED,
    errors.OwnInvite: texts.INVITE_OWN,
    errors.InvalidInvite: texts.INVITE_INVALID,
    errors.NoTrainer: texts.RELAY_NO_TRAINER,
    errors.NotARelayedMessage: texts.RELAY_NOT_RELAYED,
    errors.AthleteMovedOn: texts.RELAY_MOVED_ON,
    errors.OwnTrainer: texts.OWN_TRAINER,
    # --- templates ---
    errors.NameTaken: texts.NAME_TAKEN,
    errors.InvalidName: texts.NAME_INVALID,
    errors.NobodyChosen: texts.PUBLISH_PICK_SOMEONE,
    errors.CheckInClosed: texts.CHECKIN_CLOSED,
    errors.TrainerChanged: texts.RELAY_TRAINER_CHANGED,
    # The handlers say these with the dates and limits; these are for any other path.
    errors.WeekClosed: texts.TICK_CLOSED,
    errors.WeekNotTickable: texts.TICK_NOT_OPEN,
    errors.InvalidBodyWeight: texts.CHECKIN_EXPECTS_WEIGHT,
    errors.CheckInNoteTooLong: texts.CHECKIN_NOTE_TOO_LONG_SHORTEN,
}


def message_for(error: errors.CoachError) -> str:
    if isinstance(error, errors.UnknownTimezone):
        return texts.TIMEZONE_UNKNOWN.format(
            name=html.escape(error.name[:64]), examples=", ".join(TIMEZONE_EXAMPLES[:3])
        )
    for kind in type(error).__mro__:
        if kind in _MESSAGES:
            return gettext(_MESSAGES[kind])  # the table holds msgids, frozen at import
    return texts.UNEXPECTED_ERROR


async def on_error(update: object, context: CoachContext) -> None:
    """The one error handler: expected refusals are answered, the rest logged first."""
    error = context.error
    if isinstance(error, RetryAfter):
        # Telegram's flood control: the change behind this update is saved; only our
        # answer could not go out, and an apology would not go out either.
        log.warning("flood control while answering an update: %s", error)
        return
    if isinstance(error, errors.CoachError):
        if isinstance(update, Update):
            await _tell(update, message_for(error))
        return
    payload = update.to_dict() if isinstance(update, Update) else repr(update)
    log.error(
        "unhandled error while handling an update: %s",
        json.dumps(payload, default=str)[:2000],
        exc_info=error,
    )
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await _tell(update, texts.UNEXPECTED_ERROR)
        except Exception:  # the apology itself failed (network); the log has it
            log.exception("could not tell the user about the error")


async def _tell(update: Update, text: str) -> None:
    if update.callback_query is not None and await answer(
        update, html.unescape(_strip_tags(text)), alert=True
    ):
        return
    await reply(update, text)


def _strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)
