"""/week: this week's plan, its motivational message and a Done/Undo per workout."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import screens
from bot.context import CoachContext
from bot.replies import reply
from core.measures import unit_of
from core.services import plans


async def week(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    found = await plans.this_week(
        context.uow(), actor, context.now(), default_tz=context.default_tz
    )
    if found.plan is None:
        screen = screens.no_plan(actor.athlete, found.upcoming)
    else:
        screen = screens.week(found.plan, unit_of(actor.athlete.units))
    await reply(update, screen.text, screen.markup)


HANDLERS = [CommandHandler("week", week)]
