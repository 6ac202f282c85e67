"""The simulated Telegram backend: accounts, chats, messages, files and updates.

Both sides act on it: the Bot API methods (what the bot does over HTTP) and the fake
users (what people do in their apps). Every change notifies ``signal`` so that tests
can wait for "the bot answered" without sleeping.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from local_bot_api.errors import ApiError, bad_request, blocked_by_user, forbidden
from local_bot_api.state import (
    Account,
    CallbackAnswer,
    CallbackQueryRecord,
    ChangeSignal,
    Chat,
    ChatMessage,
    FileInfo,
    StoredFile,
)
from local_bot_api.updates import UpdateQueue


class World:
    """Everything the fake Telegram knows, shared by the HTTP API and the fake users."""

    def __init__(self, bot: Account, clock: Callable[[], float]) -> None:
        self.bot = bot
        self._clock = clock
        self.accounts: dict[int, Account] = {bot.id: bot}
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self.callback_queries: dict[str, CallbackQueryRecord] = {}
        self.callback_answers: dict[str, CallbackAnswer] = {}
        # Bot settings: commands per (scope key, language code); menu button per chat.
        self.commands: dict[tuple[tuple[Any, ...], str], list[dict[str, str]]] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.updates = UpdateQueue()
        self.signal = ChangeSignal()
        self._ids = itertools.count(1)

    def now(self) -> int:
        """Telegram dates are whole Unix seconds."""
        return int(self._clock())

    def next_id(self) -> int:
        """A fresh number for file ids and callback query ids."""
        return next(self._ids)

    def changed(self) -> None:
        self.signal.notify()

    # People and chats

    def add_account(self, account: Account) -> Chat:
        """Register a user (once) and their private chat with the bot."""
        known = self.accounts.setdefault(account.id, account)
        chat = self.chats.get(account.id)
        if chat is None:
            chat = self.chats[account.id] = Chat(id=account.id, type="private", owner=known)
        return chat

    def add_group(self, chat_id: int, title: str, chat_type: str, username: str | None) -> Chat:
        if chat_id >= 0:
            raise ValueError("group chat ids are negative in Telegram")
        chat = self.chats.setdefault(
            chat_id, Chat(id=chat_id, type=chat_type, title=title, username=username)
        )
        return chat

    def find_chat(self, chat_id: int | str) -> Chat | None:
        if isinstance(chat_id, str):
            name = chat_id.removeprefix("@").lower()
            return next(
                (c for c in self.chats.values() if c.username and c.username.lower() == name),
                None,
            )
        return self.chats.get(chat_id)

    def chat_for_bot(self, chat_id: int | str) -> Chat:
        """The chat the bot wants to act in, or the error Telegram gives it."""
        chat = self.find_chat(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def writable_chat(self, chat_id: int | str) -> Chat:
        """A chat the bot may post or edit in: not blocked, still a member."""
        chat = self.chat_for_bot(chat_id)
        if chat.is_private and chat.blocked_bot:
            raise blocked_by_user()
        if not chat.is_private and not chat.bot_is_member:
            kind = "supergroup" if chat.type == "supergroup" else "group"
            raise forbidden(f"bot is not a member of the {kind} chat")
        return chat

    # Messages

    def post(self, chat: Chat, message: ChatMessage) -> ChatMessage:
        """Add a new message; the bot's also go to the chat's feed that users read."""
        chat.messages[message.message_id] = message
        if message.from_bot:
            chat.bot_feed.append(message)
        self.changed()
        return message

    def replace_message(self, chat: Chat, message: ChatMessage) -> ChatMessage:
        """Store an edit of a bot message as a new snapshot, visible in the feed."""
        edited = replace(message, edited=True, edit_date=self.now())
        chat.messages[message.message_id] = edited
        chat.bot_feed.append(edited)
        self.changed()
        return edited

    def delete_message(self, chat: Chat, message_id: int) -> None:
        del chat.messages[message_id]
        self.changed()

    def message(self, chat: Chat, message_id: int, not_found: str) -> ChatMessage:
        found = chat.messages.get(message_id)
        if found is None:
            raise bad_request(not_found)
        return found

    def message_json(self, message: ChatMessage, *, with_reply: bool = True) -> dict[str, Any]:
        """The ``Message`` object the Bot API would return or deliver for this snapshot."""
        chat = self.chats[message.chat_id]
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "from": self.accounts[message.sender_id].to_json(),
            "chat": chat.to_json(),
            "date": message.date,
        }
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        data.update(_content_json(message))
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            data["reply_markup"] = message.reply_markup
        replied = chat.messages.get(message.reply_to_message_id or 0)
        if with_reply and replied is not None:
            data["reply_to_message"] = self.message_json(replied, with_reply=False)
        return data

    # Files

    def store_file(
        self,
        content: bytes | None,
        *,
        kind: str,
        file_name: str | None = None,
        mime_type: str | None = None,
        source_url: str | None = None,
    ) -> StoredFile:
        number = self.next_id()
        suffix = PurePosixPath(file_name).suffix if file_name else ""
        info = FileInfo(
            file_id=f"fake-{kind}-{number}",
            file_unique_id=f"unique-{number}",
            file_size=len(content) if content is not None else 0,
            file_name=file_name,
            mime_type=mime_type,
        )
        stored = StoredFile(info, content, f"{kind}s/file_{number}{suffix}", source_url)
        self.files[info.file_id] = stored
        return stored

    def file(self, file_id: str) -> StoredFile:
        stored = self.files.get(file_id)
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return stored

    def file_by_path(self, file_path: str) -> StoredFile | None:
        return next((f for f in self.files.values() if f.file_path == file_path), None)

    # Updates

    def emit(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for the bot (polling or webhook)."""
        update = self.updates.push(kind, payload)
        self.changed()
        return update

    def emit_bot_membership(self, chat: Chat, actor: Account, old: str, new: str) -> None:
        """A ``my_chat_member`` update: the bot's status in ``chat`` changed by ``actor``."""
        self.emit(
            "my_chat_member",
            {
                "chat": chat.to_json(),
                "from": actor.to_json(),
                "date": self.now(),
                "old_chat_member": _bot_member(self.bot, old),
                "new_chat_member": _bot_member(self.bot, new),
            },
        )

    def error_if_answered(self, query_id: str) -> ApiError | None:
        if query_id not in self.callback_queries or query_id in self.callback_answers:
            return bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        return None


def _content_json(message: ChatMessage) -> dict[str, Any]:
    """Text and entities, or media with caption and caption entities."""
    data: dict[str, Any] = {}
    if message.document is not None:
        data["document"] = message.document.document_json()
    if message.photo is not None:
        data["photo"] = message.photo.photo_json()
    if message.video is not None:
        data["video"] = message.video.video_json()
    if message.voice is not None:
        data["voice"] = message.voice.voice_json()
    text_key, entities_key = (
        ("caption", "caption_entities") if message.has_media else ("text", "entities")
    )
    if message.text or not message.has_media:
        data[text_key] = message.text
    if message.entities:
        data[entities_key] = list(message.entities)
    return data


def _bot_member(bot: Account, status: str) -> dict[str, Any]:
    member: dict[str, Any] = {"status": status, "user": bot.to_json()}
    if status == "kicked":
        member["until_date"] = 0
    return member
