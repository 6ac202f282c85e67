"""/today: today's workouts with a Done (or Undo) button each."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards, screens
from bot.context import CoachContext
from bot.replies import answer, reply
from core.measures import unit_of
from core.services import plans
from core.weeks import local_today


async def today(update: Update, context: CoachContext) -> None:
    """Also behind the "Today's workout" button of the weekly message, which stays as it is."""
    actor = await context.actor(update)
    now = context.now()
    found = await plans.this_week(context.uow(), actor, now, default_tz=context.default_tz)
    if found.plan is None:
        screen = screens.no_plan(actor.athlete, found.upcoming)
    else:
        today = local_today(now, context.timezone_of(actor.athlete))
        screen = screens.today(found.plan, today, found.upcoming, unit_of(actor.athlete.units))
    markup = keyboards.with_dashboard(screen.markup, context.runtime.settings.mini_app_url)
    await answer(update)
    await reply(update, screen.text, markup)


HANDLERS = [
    CommandHandler("today", today),
    CallbackQueryHandler(today, pattern=callbacks.OPEN_TODAY_PATTERN),
]
