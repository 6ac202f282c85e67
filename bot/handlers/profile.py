"""/profile [text] (trainer): show the profile, set the specialization, or /profile bio TEXT."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import render, texts
from bot.context import CoachContext
from bot.replies import reply
from core.services import trainers

BIO = "bio"


async def profile(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    trainer = trainers.own_profile(actor)
    if context.args and context.args[0].lower() == BIO:
        trainer = await trainers.update_profile(
            context.uow(), actor, bio=_bio(update.effective_message.text), now=context.now()
        )
        saved = texts.PROFILE_BIO_SET.format(introduction=render.trainer_introduction(trainer))
        await reply(update, saved if trainer.bio else texts.PROFILE_BIO_CLEARED)
        return
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
        )
        + texts.PROFILE_BIO_PART.format(
            bio=render.esc(trainer.bio) if trainer.bio else texts.PROFILE_NO_BIO
        ),
    )


def _bio(message_text: str) -> str:
    """What follows "/profile bio", its line breaks kept (context.args would lose them)."""
    return message_text.split(None, 2)[2] if len(message_text.split(None, 2)) == 3 else ""


HANDLERS = [CommandHandler("profile", profile)]
