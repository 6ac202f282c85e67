"""What every dialogue shares: /cancel, a nudge towards the buttons, stored choices."""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot import callbacks, keyboards, render, texts
from bot.context import CoachContext
from bot.errors import DialogueExpired
from bot.replies import answer, reply, show
from core import errors, models
from core.i18n import gettext
from core.services import trainers

# Dialogues track buttons per chat and user rather than per message, on purpose: a
# trainer's /plan continues from whichever message they answer.
warnings.filterwarnings("ignore", message=r".*per_message=False.*", category=PTBUserWarning)

END = ConversationHandler.END
TEXT = filters.TEXT & ~filters.COMMAND


DIALOGUE_PREFIXES = (
    "plan.",
    "log.",
    "copy.",
    "assign.",
    "msg.",
    "pgm.",
    "tpl.",
    "grp.",
    "pub.",
    "checkin.",
)


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


@dataclass(frozen=True)
class AthletePicker:
    """The first step of several dialogues: pick one of the athletes you may act for.

    ``athletes`` reads the list from the services each time, so a page turn shows the
    roster as it is now; the choice itself is checked again by the next step.
    """

    prefix: str  # callback prefix, e.g. callbacks.PLAN_ATHLETE
    prompt: str
    empty: str
    state: str
    athletes: Callable[[CoachContext, models.Actor], Awaitable[list[models.Athlete]]]
    with_me: bool = False  # a "Me" button first (a trainer's own /summary)

    async def begin(self, update: Update, context: CoachContext) -> str | int:
        forget_all(context)
        actor = await context.actor(update)
        return await self.offer(update, context, actor)

    async def offer(
        self, update: Update, context: CoachContext, actor: models.Actor, page: int = 0
    ) -> str | int:
        athletes = await self.athletes(context, actor)
        if not athletes and not self.with_me:
            await show(update, gettext(self.empty))  # msgids, frozen at import
            return END
        me = actor.athlete if self.with_me else None
        markup = keyboards.athletes(athletes, self.prefix, me=me, page=page)
        await show(update, gettext(self.prompt), markup)
        return self.state

    async def turn_page(self, update: Update, context: CoachContext) -> str | int:
        number = int(callbacks.page_pattern(self.prefix).match(update.callback_query.data)[1])
        actor = await context.actor(update)
        await answer(update)
        return await self.offer(update, context, actor, page=number)

    @property
    def page_handler(self) -> CallbackQueryHandler:
        return CallbackQueryHandler(self.turn_page, pattern=callbacks.page_pattern(self.prefix))


async def coached_athletes(context: CoachContext, actor: models.Actor) -> list[models.Athlete]:
    """The trainer's athletes (every athlete for an admin who is no trainer)."""
    return await trainers.coached_athletes(context.uow(), actor)


CANCEL = CommandHandler("cancel", cancel)
NUDGE = MessageHandler(TEXT, expect_button)


T = TypeVar("T")


async def named(update: Update, taken: str, call: Awaitable[T]) -> T | None:
    """A service call that stores a typed name (a template's, a group's). A name in use
    (``taken`` says so, naming it) or one that can't be used is answered, and gives None:
    the step waits for another name."""
    try:
        return await call
    except errors.NameTaken as refused:
        await reply(update, taken.format(name=render.esc(refused.name)))
    except errors.InvalidName:
        await reply(update, texts.NAME_INVALID)
    return None
