"""Each user's command menu (setMyCommands), scoped to their private chat by role."""

from __future__ import annotations

import contextlib

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    MenuButtonWebApp,
    WebAppInfo,
)
from telegram.error import TelegramError

from bot import texts
from core import i18n, models


def commands_for(actor: models.Actor) -> list[BotCommand]:
    pairs = list(texts.MENU_ATHLETE)
    pairs[-2:-2] = texts.MENU_LANGUAGE  # i18n: before help and cancel
    if actor.trainer is not None:
        pairs[5:5] = texts.MENU_TRAINER  # coaching commands before the settings
    if actor.is_admin:
        admin = [*texts.MENU_ADMIN, texts.MENU_TRAINER[-1]]  # /assign is theirs too
        pairs[5:5] = [p for p in admin if p not in pairs]
    return [BotCommand(command, description) for command, description in pairs]


async def set_default_menu(bot: Bot) -> None:
    await bot.set_my_commands(
        [BotCommand(c, d) for c, d in texts.MENU_ATHLETE], scope=BotCommandScopeAllPrivateChats()
    )
    for language in i18n.SUPPORTED[1:]:  # Telegram shows these to users of that language
        with i18n.using(language):
            await bot.set_my_commands(
                [BotCommand(c, d) for c, d in texts.MENU_ATHLETE],
                scope=BotCommandScopeAllPrivateChats(),
                language_code=language,
            )


async def set_menu(bot: Bot, chat_id: int, actor: models.Actor) -> None:
    """Best effort: a menu that failed to update is not worth failing the command."""
    with contextlib.suppress(TelegramError):
        await bot.set_my_commands(commands_for(actor), scope=BotCommandScopeChat(chat_id))


async def set_dashboard_button(bot: Bot, mini_app_url: str) -> None:
    """Every private chat's menu button opens the Mini App (Telegram's default for all chats)."""
    with contextlib.suppress(TelegramError):
        await bot.set_chat_menu_button(
            menu_button=MenuButtonWebApp(texts.MENU_DASHBOARD, WebAppInfo(mini_app_url))
        )
