"""/invite (trainer) and /addtrainer (admin): invite links."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import texts
from bot.context import CoachContext
from bot.replies import reply
from core.services import invites


def link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={payload}"


async def invite(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    created = await invites.create_athlete_invite(context.uow(), actor, context.now())
    await reply(
        update, texts.INVITE_ATHLETE.format(link=link(context.bot.username, created.payload))
    )


async def add_trainer(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    created = await invites.create_trainer_invite(context.uow(), actor, context.now())
    await reply(
        update, texts.INVITE_TRAINER.format(link=link(context.bot.username, created.payload))
    )


HANDLERS = [
    CommandHandler("invite", invite),
    CommandHandler("addtrainer", add_trainer),
]
