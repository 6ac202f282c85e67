"""/timezone and /reminders: the user's own settings."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import render, texts
from bot.context import CoachContext
from bot.replies import reply
from core.services import people
from core.weeks import TIMEZONE_EXAMPLES, local_now


async def timezone(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    if not context.args:
        await reply(
            update,
            texts.TIMEZONE_USAGE.format(
                current=render.esc(context.timezone_of(actor.athlete)),
                examples=", ".join(
                    texts.TIMEZONE_EXAMPLE.format(name=z) for z in TIMEZONE_EXAMPLES[:3]
                ),
            ),
        )
        return
    athlete = await people.set_timezone(context.uow(), actor, " ".join(context.args), context.now())
    local = local_now(context.now(), context.timezone_of(athlete))
    await reply(
        update,
        texts.TIMEZONE_SET.format(
            timezone=render.esc(athlete.timezone),
            time=f"{local:%H:%M}",
            weekday=render.day_name(local.weekday()),
        ),
    )


async def reminders(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    wanted = context.args[0].lower() if len(context.args or ()) == 1 else None
    if wanted not in ("on", "off"):
        state = texts.STATE_ON if actor.athlete.reminders_enabled else texts.STATE_OFF
        await reply(update, texts.REMINDERS_USAGE.format(state=state))
        return
    await people.set_reminders(context.uow(), actor, wanted == "on", context.now())
    if wanted == "on":
        at = context.runtime.settings.reminder_time
        await reply(update, texts.REMINDERS_ON.format(time=f"{at:%H:%M}"))
    else:
        await reply(update, texts.REMINDERS_OFF)


HANDLERS = [
    CommandHandler("timezone", timezone),
    CommandHandler("reminders", reminders),
]
