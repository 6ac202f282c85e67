"""/start (with an invite payload), /help and /cancel outside dialogues."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import render, texts
from bot.context import CoachContext
from bot.menus import set_menu
from bot.replies import notify, reply
from core import i18n, models
from core.services import invites


async def start(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    if context.args:
        await _redeem(update, context, actor, context.args[0])
        actor = await context.actor(update)  # the invite may have changed their roles
    else:
        welcome = texts.WELCOME_TRAINER if actor.trainer is not None else texts.WELCOME
        await reply(update, welcome.format(name=render.esc(actor.athlete.name)))
    await set_menu(context.bot, update.effective_chat.id, actor)
    await reply(update, help_text(actor, context))


async def _redeem(update: Update, context: CoachContext, actor: models.Actor, payload: str) -> None:
    redemption = await invites.redeem(
        context.uow(), actor, payload, context.now(), default_tz=context.default_tz
    )
    trainer_name = render.esc(redemption.trainer.name)
    if redemption.kind is models.InviteKind.TRAINER:
        await reply(update, texts.BECAME_TRAINER)
    elif redemption.already_linked:
        await reply(update, texts.ALREADY_WITH_TRAINER.format(trainer=trainer_name))
    else:
        await reply(update, texts.JOINED_TRAINER.format(trainer=trainer_name))
        with i18n.using(redemption.trainer.language):
            notice = texts.TRAINER_TOLD_NEW_ATHLETE.format(athlete=render.esc(actor.athlete.name))
        await notify(context, redemption.trainer.telegram_id, notice)
        if redemption.previous_trainer is not None:
            with i18n.using(redemption.previous_trainer.language):
                notice = texts.TRAINER_TOLD_ATHLETE_LEFT.format(
                    athlete=render.esc(actor.athlete.name), trainer=trainer_name
                )
            await notify(context, redemption.previous_trainer.telegram_id, notice)


def help_text(actor: models.Actor, context: CoachContext) -> str:
    parts = [
        texts.HELP_HEADER,
        texts.HELP_ATHLETE.format(
            timezone=render.esc(context.timezone_of(actor.athlete)),
            reminders=texts.STATE_ON if actor.athlete.reminders_enabled else texts.STATE_OFF,
        )
        + "\n"
        + texts.HELP_LANGUAGE,
    ]
    if actor.trainer is not None:
        parts.append(texts.HELP_TRAINER)
    if actor.is_admin:
        parts.append(texts.HELP_ADMIN)
    if actor.athlete.trainer_id is None and actor.trainer is None:
        parts.append(texts.NO_TRAINER_YET)
    return "\n\n".join(parts)


async def help_command(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    await set_menu(context.bot, update.effective_chat.id, actor)
    await reply(update, help_text(actor, context))


async def cancel_outside_dialogue(update: Update, context: CoachContext) -> None:
    await reply(update, texts.NOTHING_TO_CANCEL)


HANDLERS = [
    CommandHandler("start", start),
    CommandHandler("help", help_command),
    CommandHandler("cancel", cancel_outside_dialogue),
]
