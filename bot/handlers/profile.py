"""/profile [text] (trainer): show or set the trainer's specialization."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import render, texts
from bot.context import CoachContext
from bot.replies import reply
from core.services import trainers


async def profile(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    trainer = trainers.own_profile(actor)
    if context.args:
        trainer = await trainers.update_profile(
            context.uow(), actor, specialization=" ".join(context.args), now=context.now()
        )
        await reply(
            update, texts.PROFILE_SET.format(specialization=render.esc(trainer.specialization))
        )
        return
    await reply(
        update,
        texts.PROFILE_SHOW.format(
            name=render.esc(trainer.name),
            specialization=render.esc(trainer.specialization) or texts.NO_SPECIALIZATION,
        ),
    )


HANDLERS = [CommandHandler("profile", profile)]
