"""/language: pick the language Coach talks to you in (buttons, updated in place)."""

from __future__ import annotations

from dataclasses import replace

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards, texts
from bot.context import CoachContext
from bot.errors import BadCallbackData
from bot.menus import set_menu
from bot.replies import answer, reply, show
from core import i18n
from core.services import roles
from core.services.languages import UnknownLanguage, set_language


async def language(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    current = i18n.language_of(actor.athlete)
    await reply(
        update,
        texts.LANGUAGE_PICK.format(language=i18n.NAMES[current]),
        keyboards.languages(current),
    )


async def language_chosen(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    match = callbacks.LANGUAGE_PATTERN.match(update.callback_query.data or "")
    try:
        athlete = await set_language(context.uow(), actor, match[1] if match else "", context.now())
    except UnknownLanguage:
        raise BadCallbackData() from None
    chosen = i18n.language_of(athlete)
    i18n.LANGUAGE.set(chosen)  # the answer, and the rest of this update, in the new language
    await answer(update)
    await show(update, texts.LANGUAGE_SET, keyboards.languages(chosen))
    who = await roles.roles_of(context.uow(), replace(actor, athlete=athlete))
    await set_menu(context.bot, update.effective_chat.id, who)


HANDLERS = [
    CommandHandler("language", language),
    CallbackQueryHandler(language_chosen, pattern=callbacks.LANGUAGE_PATTERN),
]
