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
from core import i18n
from core.services.roles import Roles

ATHLETE_TRAINING = 5  # MENU_ATHLETE: the training commands, then the settings


def commands_for(roles: Roles) -> list[BotCommand]:
    """Coaching first for a trainer; the athlete's commands only for someone who trains
    (or is nothing else yet); the admin's; then the settings everyone has."""
    pairs: list[tuple[str, str]] = []
    if roles.trainer:
        pairs += texts.MENU_TRAINER
    if roles.athlete:
        pairs += texts.MENU_ATHLETE[:ATHLETE_TRAINING]
    if roles.admin:
        pairs += [*texts.MENU_ADMIN, texts.MENU_TRAINER[-1]]  # /assign is theirs too
    settings = list(texts.MENU_ATHLETE[ATHLETE_TRAINING:] if roles.athlete else texts.MENU_GENERAL)
    settings[-2:-2] = texts.MENU_LANGUAGE  # before help and cancel
    pairs += settings
    unique = dict(pairs)  # a command listed twice (/assign) keeps its first place
    return [BotCommand(command, description) for command, description in unique.items()]


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


async def set_menu(bot: Bot, chat_id: int, roles: Roles) -> None:
    """Best effort: a menu that failed to update is not worth failing the command."""
    with contextlib.suppress(TelegramError):
        await bot.set_my_commands(commands_for(roles), scope=BotCommandScopeChat(chat_id))


async def set_dashboard_button(bot: Bot, mini_app_url: str) -> None:
    """Every private chat's menu button opens the Mini App (Telegram's default for all chats)."""
    with contextlib.suppress(TelegramError):
        await bot.set_chat_menu_button(
            menu_button=MenuButtonWebApp(texts.MENU_DASHBOARD, WebAppInfo(mini_app_url))
        )
