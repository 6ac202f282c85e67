"""What the fake Telegram remembers: people, chats, messages, files, button answers.

Messages are frozen snapshots: an edit stores a new snapshot instead of mutating the
old one, so a test that holds a message keeps seeing what it saw, while the chat shows
each message as it stands now.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from local_bot_api.keyboards import Button, inline_buttons, reply_keyboard_labels

T = TypeVar("T")


class ChangeSignal:
    """Wakes every waiter on each change; each waiter then re-checks its own condition.

    Notifying is synchronous (no lock to take), so plain state mutations can signal,
    and waiting never polls: a waiter sleeps until the next change or its timeout.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_for(self, predicate: Callable[[], T], within: float | None) -> T:
        """Return the predicate's first truthy value; TimeoutError after ``within`` s."""
        async with asyncio.timeout(within):
            while not (result := predicate()):
                await self._event.wait()
            return result


@dataclass
class Account:
    """A Telegram user (or the bot itself) as ``User`` objects describe it."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if (value := getattr(self, key)) is not None:
                data[key] = value
        return data


@dataclass(frozen=True)
class FileInfo:
    """A file as messages refer to it (``Document`` / ``PhotoSize`` fields)."""

    file_id: str
    file_unique_id: str
    file_size: int
    file_name: str | None = None
    mime_type: str | None = None

    def document_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
        }
        if self.file_name is not None:
            data["file_name"] = self.file_name
        if self.mime_type is not None:
            data["mime_type"] = self.mime_type
        return data

    def video_json(self) -> dict[str, Any]:
        # Like photos, videos are not decoded: unknown dimensions, a one-second length.
        return {**self.document_json(), "width": 0, "height": 0, "duration": 1}

    def voice_json(self) -> dict[str, Any]:
        data = {**self.document_json(), "duration": 1}
        data.pop("file_name", None)
        return data

    def photo_json(self) -> list[dict[str, Any]]:
        # The fake does not decode images, so it reports one size of unknown dimensions.
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "file_size": self.file_size,
                "width": 0,
                "height": 0,
            }
        ]


@dataclass(frozen=True)
class StoredFile:
    """A file's bytes, kept so that getFile and the file download URL can serve them."""

    info: FileInfo
    content: bytes | None  # None for a file sent by URL: the fake does not fetch it
    file_path: str
    source_url: str | None = None


@dataclass(frozen=True)
class ChatMessage:
    """One message as it stands at one moment (an edit produces a new snapshot).

    ``text`` is what the reader sees (markup removed, entities decoded; the caption for
    a document or photo); ``raw_text`` and ``parse_mode`` are what the sender sent.
    """

    chat_id: int
    message_id: int
    sender_id: int
    from_bot: bool
    date: int
    text: str
    raw_text: str | None = None
    parse_mode: str | None = None
    entities: tuple[dict[str, Any], ...] = ()
    reply_markup: dict[str, Any] | None = None
    document: FileInfo | None = None
    photo: FileInfo | None = None
    reply_to_message_id: int | None = None
    video: FileInfo | None = None
    voice: FileInfo | None = None
    edit_date: int | None = None
    edited: bool = False

    @property
    def has_media(self) -> bool:
        return any(info is not None for info in self.media.values())

    @property
    def media(self) -> dict[str, FileInfo | None]:
        """Attachments by Bot API field name (at most one is set)."""
        return {
            "document": self.document,
            "photo": self.photo,
            "video": self.video,
            "voice": self.voice,
        }

    @property
    def buttons(self) -> list[list[Button]]:
        """The inline keyboard as rows of ``Button(label, callback_data, url)``."""
        return inline_buttons(self.reply_markup)

    @property
    def button_labels(self) -> list[list[str]]:
        return [[button.label for button in row] for row in self.buttons]

    @property
    def reply_keyboard(self) -> list[list[str]]:
        """Labels of a custom reply keyboard sent with this message, if any."""
        return reply_keyboard_labels(self.reply_markup)

    def find_button(self, label: str) -> Button | None:
        return next((b for row in self.buttons for b in row if b.label == label), None)


@dataclass
class Chat:
    """A private chat (id = the user's id) or a group; holds its messages in order."""

    id: int
    type: str
    title: str | None = None
    username: str | None = None
    owner: Account | None = None  # the other side of a private chat
    blocked_bot: bool = False
    bot_is_member: bool = True
    member_ids: set[int] = field(default_factory=set)
    messages: dict[int, ChatMessage] = field(default_factory=dict)
    bot_feed: list[ChatMessage] = field(default_factory=list)
    last_message_id: int = 0

    @property
    def is_private(self) -> bool:
        return self.type == "private"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.owner is not None:
            data["first_name"] = self.owner.first_name
            if self.owner.last_name:
                data["last_name"] = self.owner.last_name
            if self.owner.username:
                data["username"] = self.owner.username
        if self.title is not None:
            data["title"] = self.title
        if self.username is not None and self.owner is None:
            data["username"] = self.username
        return data

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id


@dataclass(frozen=True)
class CallbackQueryRecord:
    """A button press the bot should answer (Telegram keeps the spinner until it does)."""

    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str


@dataclass(frozen=True)
class CallbackAnswer:
    """What the bot answered to a button press (a toast, an alert, or nothing)."""

    query_id: str
    text: str | None = None
    show_alert: bool = False
    url: str | None = None
    cache_time: int | None = None


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made: the method, its decoded parameters, and the outcome."""

    method: str
    params: dict[str, Any]
    status: int
    description: str | None = None
    files: dict[str, str] = field(default_factory=dict)  # part name -> file name

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")
