"""/athletes (trainer): the trainer's athletes with this week's completion."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import keyboards, render
from bot.context import CoachContext
from bot.replies import reply
from core.services import trainers


async def athletes(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    lines = await trainers.roster(
        context.uow(), actor, context.now(), default_tz=context.default_tz
    )
    dashboard = keyboards.with_dashboard(None, context.runtime.settings.mini_app_url)
    await reply(update, render.roster_text(lines), dashboard)


HANDLERS = [CommandHandler("athletes", athletes)]
