"""/profile (trainer): show the profile; set specialization, bio and load step.

``/profile specialization <text>``, ``/profile bio <text>``, ``/profile step <n>``;
``/profile <text>`` still sets the specialization, as it always did.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import render, texts
from bot.context import CoachContext
from bot.replies import reply
from core.load_step import InvalidLoadStep
from core.services import profiles

FIELDS = {"specialization": "specialization", "spec": "specialization"}
STEP_WORDS = ("step", "loadstep", "load_step")


async def profile(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    current = profiles.profile(actor)  # trainers only, before anything is read
    # The text after the command as written (a bio keeps its line breaks).
    parts = (update.effective_message.text or "").split(None, 2)
    if len(parts) == 1:
        await reply(update, _shown(current))
        return
    key = parts[1].lower().rstrip(":")
    value = parts[2].strip() if len(parts) == 3 else ""
    if key in STEP_WORDS:
        await _set_step(update, context, actor, value)
        return
    if key == "bio":  # an empty bio clears it
        trainer = await profiles.set_bio(context.uow(), actor, value, now=context.now())
        await reply(
            update,
            texts.PROFILE_BIO_SAVED.format(bio=render.esc(trainer.bio))
            if trainer.bio
            else texts.PROFILE_BIO_EMPTIED,
        )
        return
    if key in FIELDS:
        if not value:
            await reply(update, texts.PROFILE_VALUE_MISSING.format(field=FIELDS[key]))
            return
        text = value
    else:  # /profile <text>: the specialization, as it always was
        text = " ".join(parts[1:])
    trainer = await profiles.set_specialization(context.uow(), actor, text, now=context.now())
    await reply(update, texts.PROFILE_SET.format(specialization=render.esc(trainer.specialization)))


async def _set_step(update: Update, context: CoachContext, actor, value: str) -> None:
    try:
        step = await profiles.set_load_step(context.uow(), actor, value, now=context.now())
    except InvalidLoadStep as error:
        await reply(
            update,
            texts.PROFILE_STEP_BAD.format(
                text=render.esc(value[:40]), reason=render.esc(error.reason)
            ),
        )
        return
    await reply(update, texts.PROFILE_STEP_SET.format(step=render.esc(step)))


def _shown(current: profiles.Profile) -> str:
    trainer = current.trainer
    return texts.PROFILE_VIEW.format(
        name=render.esc(trainer.name),
        specialization=render.esc(trainer.specialization) or texts.NO_SPECIALIZATION,
        bio=render.esc(trainer.bio) or texts.PROFILE_BIO_NONE,
        step=render.esc(current.load_step),
    )


HANDLERS = [CommandHandler("profile", profile)]
