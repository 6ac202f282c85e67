"""/start (with an invite payload), /help and /cancel outside dialogues.

The welcome, /help and the chat's command menu follow the user's roles
(core/services/roles.py): coaching first for a trainer, the athlete's commands for
someone who trains, an admin welcome for an admin who is nothing else.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import render, texts
from bot.context import CoachContext
from bot.menus import set_menu
from bot.replies import notify, reply
from core import i18n, models
from core.services import invites, roles
from core.services.roles import Roles


async def start(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    if context.args:
        await _redeem(update, context, actor, context.args[0])
        actor = await context.actor(update)  # the invite may have changed their roles
    who = await roles.roles_of(context.uow(), actor)
    if not context.args:
        await reply(update, welcome(who).format(name=render.esc(actor.athlete.name)))
    await set_menu(context.bot, update.effective_chat.id, who)
    await reply(update, help_text(actor, who, context))


def welcome(who: Roles) -> str:
    if who.trainer:
        return texts.WELCOME_TRAINER
    if who.admin_only:
        return texts.WELCOME_ADMIN
    return texts.WELCOME


async def _redeem(update: Update, context: CoachContext, actor: models.Actor, payload: str) -> None:
    redemption = await invites.redeem(
        context.uow(), actor, payload, context.now(), default_tz=context.default_tz
    )
    trainer_name = render.esc(redemption.trainer.name)
    if redemption.kind is models.InviteKind.TRAINER:
        name = render.esc(actor.athlete.name)
        await reply(update, f"{texts.BECAME_TRAINER}\n\n{texts.WELCOME_TRAINER.format(name=name)}")
        if redemption.invited_by not in (None, actor.athlete.telegram_id):
            with i18n.using(redemption.invited_by_language):  # the admin's language
                notice = texts.TRAINER_LINK_USED.format(trainer=name)
            await notify(context, redemption.invited_by, notice)
    elif redemption.already_linked:
        await reply(update, texts.ALREADY_WITH_TRAINER.format(trainer=trainer_name))
    else:
        await reply(
            update,
            texts.JOINED_TRAINER.format(trainer=trainer_name)
            + render.trainer_introduction(redemption.trainer),
        )
        with i18n.using(redemption.trainer.language):
            notice = texts.TRAINER_TOLD_NEW_ATHLETE.format(athlete=render.esc(actor.athlete.name))
        await notify(context, redemption.trainer.telegram_id, notice)
        if redemption.previous_trainer is not None:
            with i18n.using(redemption.previous_trainer.language):
                notice = texts.TRAINER_TOLD_ATHLETE_LEFT.format(
                    athlete=render.esc(actor.athlete.name), trainer=trainer_name
                )
            await notify(context, redemption.previous_trainer.telegram_id, notice)


def help_text(actor: models.Actor, who: Roles, context: CoachContext) -> str:
    """Each of the user's sections: coaching, training, admin; settings for everyone."""
    timezone = render.esc(context.timezone_of(actor.athlete))
    parts = [texts.HELP_HEADER]
    if who.trainer:
        parts.append(texts.HELP_TRAINER)
    if who.athlete:
        parts.append(
            texts.HELP_ATHLETE.format(
                timezone=timezone,
                reminders=texts.STATE_ON if actor.athlete.reminders_enabled else texts.STATE_OFF,
            )
            + "\n"
            + texts.HELP_LANGUAGE
        )
    if who.admin:
        parts.append(texts.HELP_ADMIN)
    if not who.athlete:
        parts.append(texts.HELP_GENERAL.format(timezone=timezone) + "\n" + texts.HELP_LANGUAGE)
    elif not who.has_trainer and not who.trainer:
        parts.append(texts.NO_TRAINER_YET)
    return "\n\n".join(parts)


async def help_command(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    who = await roles.roles_of(context.uow(), actor)
    await set_menu(context.bot, update.effective_chat.id, who)
    await reply(update, help_text(actor, who, context))


async def cancel_outside_dialogue(update: Update, context: CoachContext) -> None:
    await reply(update, texts.NOTHING_TO_CANCEL)


HANDLERS = [
    CommandHandler("start", start),
    CommandHandler("help", help_command),
    CommandHandler("cancel", cancel_outside_dialogue),
]
