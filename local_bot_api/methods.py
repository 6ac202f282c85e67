"""The Bot API methods Coach uses, each a small function of (world, params).

Method names are case-insensitive, as on Telegram. Every check that Telegram makes and
that a bot can plausibly trip over (markup, lengths, edits that change nothing, blocked
users, unanswerable queries) answers with Telegram's own error text.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from local_bot_api.errors import bad_request, message_not_modified
from local_bot_api.keyboards import validate_reply_markup
from local_bot_api.params import Params, UploadedFile
from local_bot_api.state import CallbackAnswer, Chat, ChatMessage, StoredFile
from local_bot_api.text_format import (
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    EntityParseError,
    FormattedText,
    format_text,
    utf16_length,
)
from local_bot_api.updates import WebhookConfig
from local_bot_api.world import World

MethodFunction = Callable[[World, Params], Awaitable[Any]]

_PARSE_MODES = frozenset({"html", "markdown", "markdownv2"})
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_GLOBAL_SCOPES = frozenset(
    {"default", "all_private_chats", "all_group_chats", "all_chat_administrators"}
)
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
_METHODS: dict[str, tuple[str, MethodFunction]] = {}


@dataclass(frozen=True)
class Described:
    """A result that Telegram sends with a human-readable ``description``."""

    result: Any
    description: str


def lookup(name: str) -> tuple[str, MethodFunction] | None:
    """The canonical method name and its function, or None for an unknown method."""
    return _METHODS.get(name.lower())


def method_names() -> list[str]:
    return sorted(canonical for canonical, _ in _METHODS.values())


def api_method(name: str) -> Callable[[MethodFunction], MethodFunction]:
    def register(function: MethodFunction) -> MethodFunction:
        _METHODS[name.lower()] = (name, function)
        return function

    return register


# The bot itself


@api_method("getMe")
async def get_me(world: World, params: Params) -> dict[str, Any]:
    return {
        **world.bot.to_json(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@api_method("logOut")
async def log_out(world: World, params: Params) -> bool:
    return True


@api_method("close")
async def close(world: World, params: Params) -> bool:
    return True


# Receiving updates


@api_method("getUpdates")
async def get_updates(world: World, params: Params) -> list[dict[str, Any]]:
    limit = min(max(params.integer("limit", 100) or 100, 1), 100)
    return await world.updates.get_updates(
        offset=params.integer("offset"),
        limit=limit,
        wait_seconds=max(params.number("timeout", 0.0), 0.0),
        allowed=params.get("allowed_updates"),
    )


@api_method("setWebhook")
async def set_webhook(world: World, params: Params) -> Described:
    url = params.string("url", "") or ""
    if not url:
        return await delete_webhook(world, params)
    if urlsplit(url).scheme not in ("http", "https"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.string("secret_token")
    if secret is not None and not _SECRET_TOKEN.match(secret):
        raise bad_request("secret token contains unallowed characters")
    if params.boolean("drop_pending_updates"):
        world.updates.drop_pending()
    world.updates.set_allowed_updates(params.get("allowed_updates"))
    max_connections = params.integer("max_connections", 40) or 40
    world.updates.set_webhook(WebhookConfig(url, secret, max_connections))
    return Described(True, "Webhook was set")


@api_method("deleteWebhook")
async def delete_webhook(world: World, params: Params) -> Described:
    if params.boolean("drop_pending_updates"):
        world.updates.drop_pending()
    was_set = world.updates.webhook is not None
    world.updates.set_webhook(None)
    return Described(True, "Webhook was deleted" if was_set else "Webhook is already deleted")


@api_method("getWebhookInfo")
async def get_webhook_info(world: World, params: Params) -> dict[str, Any]:
    webhook = world.updates.webhook
    info: dict[str, Any] = {
        "url": webhook.url if webhook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(world.updates.pending),
    }
    if webhook is not None:
        info["max_connections"] = webhook.max_connections
        if world.updates.allowed_updates is not None:
            info["allowed_updates"] = world.updates.allowed_updates
    if world.updates.last_error is not None:
        info["last_error_date"], info["last_error_message"] = world.updates.last_error
    return info


# Sending


@api_method("sendMessage")
async def send_message(world: World, params: Params) -> dict[str, Any]:
    chat = world.writable_chat(params.chat_id())
    raw = params.string("text", "") or ""
    formatted = _formatted(params, raw, MAX_TEXT_LENGTH, "message is too long")
    if not formatted.text:
        raise bad_request("message text is empty")
    markup = validate_reply_markup(params.get("reply_markup"))
    reply_to = _reply_target(chat, params)
    message = _new_bot_message(world, chat, formatted, raw, params, markup, reply_to)
    return world.message_json(world.post(chat, message))


@api_method("sendDocument")
async def send_document(world: World, params: Params) -> dict[str, Any]:
    return await _send_media(world, params, "document")


@api_method("sendPhoto")
async def send_photo(world: World, params: Params) -> dict[str, Any]:
    return await _send_media(world, params, "photo")


@api_method("sendVideo")
async def send_video(world: World, params: Params) -> dict[str, Any]:
    return await _send_media(world, params, "video")


@api_method("sendVoice")
async def send_voice(world: World, params: Params) -> dict[str, Any]:
    return await _send_media(world, params, "voice")


@api_method("copyMessage")
async def copy_message(world: World, params: Params) -> dict[str, int]:
    """A copy without the "Forwarded from" header; ``caption`` replaces a media caption."""
    from_chat_id = params.integer("from_chat_id")
    if from_chat_id is None:
        raise bad_request("chat_id is empty")
    source_chat = world.chat_for_bot(from_chat_id)
    message_id = params.integer("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    original = world.message(source_chat, message_id, "message to copy not found")
    chat = world.writable_chat(params.chat_id())
    markup = validate_reply_markup(params.get("reply_markup"))
    reply_to = _reply_target(chat, params)
    copied = replace(
        original,
        chat_id=chat.id,
        message_id=chat.next_message_id(),
        sender_id=world.bot.id,
        from_bot=True,
        date=world.now(),
        reply_markup=markup,
        reply_to_message_id=reply_to,
        edit_date=None,
        edited=False,
    )
    caption = params.string("caption")
    if caption is not None and original.has_media:
        formatted = _formatted(params, caption, MAX_CAPTION_LENGTH, "message caption is too long")
        copied = replace(
            copied,
            text=formatted.text,
            raw_text=caption,
            parse_mode=params.string("parse_mode"),
            entities=formatted.entities,
        )
    world.post(chat, copied)
    return {"message_id": copied.message_id}


@api_method("sendChatAction")
async def send_chat_action(world: World, params: Params) -> bool:
    world.writable_chat(params.chat_id())
    if params.string("action") not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


async def _send_media(world: World, params: Params, kind: str) -> dict[str, Any]:
    chat = world.writable_chat(params.chat_id())
    stored = _media_file(world, params, kind)
    raw = params.string("caption", "") or ""
    formatted = _formatted(params, raw, MAX_CAPTION_LENGTH, "message caption is too long")
    markup = validate_reply_markup(params.get("reply_markup"))
    reply_to = _reply_target(chat, params)
    message = _new_bot_message(world, chat, formatted, raw, params, markup, reply_to)
    message = replace(message, **{kind: stored.info})
    return world.message_json(world.post(chat, message))


def _media_file(world: World, params: Params, kind: str) -> StoredFile:
    """An upload becomes a new file; a string is a known file_id or a URL to remember."""
    value = params.input_file(kind)
    if isinstance(value, UploadedFile):
        is_document = kind == "document"
        return world.store_file(
            value.content,
            kind=kind,
            file_name=value.filename if is_document else None,
            mime_type=value.content_type if is_document else None,
        )
    if not value:
        raise bad_request(f"there is no {kind} in the request")
    if value.startswith(("http://", "https://")):
        name = PurePosixPath(urlsplit(value).path).name or None
        return world.store_file(None, kind=kind, file_name=name, source_url=value)
    return world.file(value)


def _new_bot_message(
    world: World,
    chat: Chat,
    formatted: FormattedText,
    raw: str,
    params: Params,
    markup: dict[str, Any] | None,
    reply_to: int | None,
) -> ChatMessage:
    return ChatMessage(
        chat_id=chat.id,
        message_id=chat.next_message_id(),
        sender_id=world.bot.id,
        from_bot=True,
        date=world.now(),
        text=formatted.text,
        raw_text=raw,
        parse_mode=params.string("parse_mode"),
        entities=formatted.entities,
        reply_markup=markup,
        reply_to_message_id=reply_to,
    )


def _formatted(params: Params, raw: str, limit: int, too_long: str) -> FormattedText:
    """Apply ``parse_mode`` (or explicit ``entities``) and Telegram's length limit."""
    parse_mode = params.string("parse_mode")
    if parse_mode and parse_mode.lower() not in _PARSE_MODES:
        raise bad_request("unsupported parse_mode")
    explicit = params.get("entities") or params.get("caption_entities")
    try:
        formatted = (
            FormattedText(raw.strip(), tuple(explicit))
            if explicit
            else format_text(raw, parse_mode)
        )
    except EntityParseError as error:
        raise bad_request(f"can't parse entities: {error}") from None
    if utf16_length(formatted.text) > limit:
        raise bad_request(too_long)
    return formatted


def _reply_target(chat: Chat, params: Params) -> int | None:
    """The replied-to message id, checked like Telegram unless the bot allows a miss."""
    reply = params.get("reply_parameters")
    if isinstance(reply, dict):
        message_id = reply.get("message_id")
        allow_missing = bool(reply.get("allow_sending_without_reply"))
    else:
        message_id = params.integer("reply_to_message_id")
        allow_missing = params.boolean("allow_sending_without_reply")
    if message_id is None:
        return None
    if int(message_id) in chat.messages:
        return int(message_id)
    if allow_missing:
        return None
    raise bad_request("message to be replied not found")


# Changing what was sent


@api_method("editMessageText")
async def edit_message_text(world: World, params: Params) -> dict[str, Any]:
    chat, original = _message_to_edit(world, params)
    if original.has_media:
        raise bad_request("there is no text in the message to edit")
    raw = params.string("text", "") or ""
    formatted = _formatted(params, raw, MAX_TEXT_LENGTH, "message is too long")
    if not formatted.text:
        raise bad_request("message text is empty")
    markup = validate_reply_markup(params.get("reply_markup"))
    unchanged = (original.text, original.entities, original.reply_markup)
    if (formatted.text, formatted.entities, markup) == unchanged:
        raise message_not_modified()
    edited = replace(
        original,
        text=formatted.text,
        raw_text=raw,
        parse_mode=params.string("parse_mode"),
        entities=formatted.entities,
        reply_markup=markup,
    )
    return world.message_json(world.replace_message(chat, edited))


@api_method("editMessageReplyMarkup")
async def edit_message_reply_markup(world: World, params: Params) -> dict[str, Any]:
    chat, original = _message_to_edit(world, params)
    markup = validate_reply_markup(params.get("reply_markup"))
    if markup == original.reply_markup:
        raise message_not_modified()
    edited = world.replace_message(chat, replace(original, reply_markup=markup))
    return world.message_json(edited)


@api_method("deleteMessage")
async def delete_message(world: World, params: Params) -> bool:
    chat = world.chat_for_bot(params.chat_id())
    message_id = params.integer("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    message = world.message(chat, message_id, "message to delete not found")
    if not message.from_bot and not chat.is_private:
        raise bad_request("message can't be deleted")
    world.delete_message(chat, message_id)
    return True


def _message_to_edit(world: World, params: Params) -> tuple[Chat, ChatMessage]:
    if params.get("inline_message_id") is not None:
        raise bad_request("MESSAGE_ID_INVALID")
    chat = world.writable_chat(params.chat_id())
    message_id = params.integer("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    message = world.message(chat, message_id, "message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return chat, message


# Buttons


@api_method("answerCallbackQuery")
async def answer_callback_query(world: World, params: Params) -> bool:
    query_id = params.string("callback_query_id", "") or ""
    if (error := world.error_if_answered(query_id)) is not None:
        raise error
    text = params.string("text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    world.callback_answers[query_id] = CallbackAnswer(
        query_id=query_id,
        text=text,
        show_alert=params.boolean("show_alert"),
        url=params.string("url"),
        cache_time=params.integer("cache_time"),
    )
    world.changed()
    return True


# Files


@api_method("getFile")
async def get_file(world: World, params: Params) -> dict[str, Any]:
    stored = world.file(params.string("file_id", "") or "")
    if stored.content is None:
        raise bad_request("wrong file_id or the file is temporarily unavailable")
    if stored.info.file_size > _MAX_DOWNLOAD_BYTES:
        raise bad_request("file is too big")
    return {
        "file_id": stored.info.file_id,
        "file_unique_id": stored.info.file_unique_id,
        "file_size": stored.info.file_size,
        "file_path": stored.file_path,
    }


# Commands and menu button


@api_method("setMyCommands")
async def set_my_commands(world: World, params: Params) -> bool:
    commands = _validated_commands(params.get("commands"))
    key = (_scope_key(world, params.get("scope")), params.string("language_code", "") or "")
    if commands:
        world.commands[key] = commands
    else:
        world.commands.pop(key, None)
    world.changed()
    return True


@api_method("getMyCommands")
async def get_my_commands(world: World, params: Params) -> list[dict[str, str]]:
    key = (_scope_key(world, params.get("scope")), params.string("language_code", "") or "")
    return list(world.commands.get(key, []))


@api_method("deleteMyCommands")
async def delete_my_commands(world: World, params: Params) -> bool:
    key = (_scope_key(world, params.get("scope")), params.string("language_code", "") or "")
    world.commands.pop(key, None)
    world.changed()
    return True


@api_method("setChatMenuButton")
async def set_chat_menu_button(world: World, params: Params) -> bool:
    chat_id = world.chat_for_bot(params.chat_id()).id if params.get("chat_id") else None
    button = params.get("menu_button") or {"type": "default"}
    if not isinstance(button, dict) or button.get("type") not in ("default", "commands", "web_app"):
        raise bad_request("can't parse menu button JSON object")
    world.menu_buttons[chat_id] = button
    world.changed()
    return True


@api_method("getChatMenuButton")
async def get_chat_menu_button(world: World, params: Params) -> dict[str, Any]:
    chat_id = world.chat_for_bot(params.chat_id()).id if params.get("chat_id") else None
    button = world.menu_buttons.get(chat_id) or world.menu_buttons.get(None)
    if button is None or button.get("type") == "default":
        return {"type": "commands"}
    return button


def _scope_key(world: World, scope: Any) -> tuple[Any, ...]:
    """Commands are stored per scope, exactly as the bot addressed them."""
    scope = scope or {"type": "default"}
    kind = scope.get("type") if isinstance(scope, dict) else None
    if kind in _GLOBAL_SCOPES:
        return (kind,)
    if kind in ("chat", "chat_administrators", "chat_member"):
        chat = world.chat_for_bot(scope.get("chat_id") or 0)
        if kind == "chat_member":
            return (kind, chat.id, int(scope.get("user_id") or 0))
        return (kind, chat.id)
    raise bad_request("can't parse BotCommandScope JSON object")


def _validated_commands(commands: Any) -> list[dict[str, str]]:
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    validated = []
    for command in commands:
        name = command.get("command", "") if isinstance(command, dict) else ""
        description = command.get("description", "") if isinstance(command, dict) else ""
        if not _COMMAND_NAME.match(str(name)):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(description)) <= 256:
            raise bad_request("command description is empty or too long")
        validated.append({"command": str(name), "description": str(description)})
    return validated


# Chats


@api_method("getChat")
async def get_chat(world: World, params: Params) -> dict[str, Any]:
    chat = world.chat_for_bot(params.chat_id())
    return {
        **chat.to_json(),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": True,
            "limited_gifts": True,
            "unique_gifts": True,
            "premium_subscription": True,
            "gifts_from_channels": True,
        },
    }


@api_method("leaveChat")
async def leave_chat(world: World, params: Params) -> bool:
    chat = world.chat_for_bot(params.chat_id())
    if chat.is_private:
        raise bad_request("chat member status can't be changed in private chats")
    if chat.bot_is_member:
        chat.bot_is_member = False
        world.emit_bot_membership(chat, world.bot, "member", "left")
    return True
