"""People on the other side of the chat: they type, upload, tap buttons and read.

A ``FakeUser`` produces the updates a Telegram app would (with the same entities and
message objects) and reads the bot's messages in order. Reading uses a cursor over
the chat's feed of bot messages (new ones and edits), so nothing the bot sends is
missed or read twice, and waiting always ends on an event or a timeout, never a sleep.

The waiting helpers take ``timeout=`` (hence the ASYNC109 exemptions): every wait in a
test needs its own deadline, and one keyword reads better than an ``asyncio.timeout``
block around each line.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from local_bot_api.keyboards import Button
from local_bot_api.render import render_message
from local_bot_api.state import (
    Account,
    CallbackAnswer,
    CallbackQueryRecord,
    Chat,
    ChatMessage,
    FileInfo,
)
from local_bot_api.text_format import find_bot_commands
from local_bot_api.world import World

DEFAULT_TIMEOUT = 5.0
MessagePredicate = Callable[[ChatMessage], bool]


@dataclass(frozen=True)
class ButtonPress:
    """A callback query the user started; the bot should answer it."""

    query_id: str
    data: str
    message: ChatMessage
    _world: World

    @property
    def answer_so_far(self) -> CallbackAnswer | None:
        return self._world.callback_answers.get(self.query_id)

    async def answer(self, timeout: float = DEFAULT_TIMEOUT) -> CallbackAnswer:  # noqa: ASYNC109
        """Wait for the bot's answerCallbackQuery for this press."""
        try:
            return await self._world.signal.wait_for(lambda: self.answer_so_far, timeout)
        except TimeoutError:
            raise TimeoutError(
                f"the bot did not answer the press of {self.data!r} within {timeout}s"
            ) from None


class FakeUser:
    """One person in one chat (their private chat, or a group via ``in_group``)."""

    def __init__(self, world: World, account: Account, chat: Chat) -> None:
        self._world = world
        self.account = account
        self.chat = chat
        self._cursor = len(chat.bot_feed)

    def __repr__(self) -> str:
        return f"FakeUser(id={self.id}, name={self.account.first_name!r}, chat={self.chat.id})"

    @property
    def id(self) -> int:
        return self.account.id

    def in_group(self, group: Chat) -> FakeUser:
        """The same person, writing in ``group`` (joining it if needed)."""
        if group.is_private:
            raise ValueError("in_group needs a group chat; use server.group(...)")
        group.member_ids.add(self.id)
        return FakeUser(self._world, self.account, group)

    # Acting

    async def send(self, text: str, *, reply_to: int | None = None) -> ChatMessage:
        """Type and send ``text``; commands get ``bot_command`` entities like in Telegram."""
        message = self._new_message(text, find_bot_commands(text), reply_to=reply_to)
        self._world.emit("message", self._world.message_json(message))
        return message

    async def send_document(
        self,
        filename: str,
        content: bytes,
        *,
        caption: str | None = None,
        mime_type: str | None = None,
        reply_to: int | None = None,
    ) -> ChatMessage:
        """Upload a file; the bot can fetch it with getFile and download it."""
        mime_type = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        stored = self._world.store_file(
            content, kind="document", file_name=filename, mime_type=mime_type
        )
        return self._send_media("document", stored.info, caption, reply_to)

    async def send_photo(
        self, content: bytes = b"photo", *, caption: str | None = None, reply_to: int | None = None
    ) -> ChatMessage:
        """Send a photo (with an optional caption), as the camera button does."""
        stored = self._world.store_file(content, kind="photo")
        return self._send_media("photo", stored.info, caption, reply_to)

    async def send_video(
        self, content: bytes = b"video", *, caption: str | None = None, reply_to: int | None = None
    ) -> ChatMessage:
        stored = self._world.store_file(content, kind="video", mime_type="video/mp4")
        return self._send_media("video", stored.info, caption, reply_to)

    async def send_voice(
        self, content: bytes = b"voice", *, caption: str | None = None, reply_to: int | None = None
    ) -> ChatMessage:
        """A voice message (the microphone button)."""
        stored = self._world.store_file(content, kind="voice", mime_type="audio/ogg")
        return self._send_media("voice", stored.info, caption, reply_to)

    def _send_media(
        self, kind: str, info: FileInfo, caption: str | None, reply_to: int | None
    ) -> ChatMessage:
        text = caption or ""
        message = self._new_message(
            text, find_bot_commands(text), reply_to=reply_to, media={kind: info}
        )
        self._world.emit("message", self._world.message_json(message))
        return message

    async def send_other(self, kind: str, content: dict[str, Any]) -> dict[str, Any]:
        """A message of a kind the bot may not expect: ``send_other("sticker", {...})``,
        ``"voice"``, ``"location"``, ``"contact"``... ``content`` is its Bot API object."""
        message = self._new_message("", ())
        payload = self._world.message_json(message)
        payload.pop("text", None)
        payload.pop("entities", None)
        payload[kind] = content
        self._world.emit("message", payload)
        return payload

    async def press(
        self, label: str | re.Pattern[str], *, message: ChatMessage | int | None = None
    ) -> ButtonPress:
        """Tap the inline button labelled ``label`` (exact text, or a regex).

        Without ``message``, the newest bot message that shows such a button is used,
        as a person would tap the latest one on screen.
        """
        target, button = self._find_button(label, message)
        if button.callback_data is None:
            raise ValueError(f"button {button.label!r} opens {button.url}; the bot gets nothing")
        return await self.press_data(button.callback_data, target.message_id)

    async def press_data(self, data: str, message_id: int | None = None) -> ButtonPress:
        """Send a callback query with any data, as a modified client could."""
        message = self._current(message_id) if message_id is not None else self.last_message
        if message is None:
            raise LookupError(f"no bot message to press a button on in chat {self.chat.id}")
        query = CallbackQueryRecord(
            str(self._world.next_id()), self.id, self.chat.id, message.message_id, data
        )
        self._world.callback_queries[query.id] = query
        payload: dict[str, Any] = {
            "id": query.id,
            "from": self.account.to_json(),
            "message": self._world.message_json(message),
            "chat_instance": f"instance{self.chat.id}",
            "data": data,
        }
        self._world.emit("callback_query", payload)
        return ButtonPress(query.id, data, message, self._world)

    async def block_bot(self, *, notify: bool = True) -> None:
        """Block the bot: sends to this person fail with 403 from now on.

        Telegram tells the bot with a ``my_chat_member`` update; ``notify=False``
        skips it, for a bot that only finds out when sending fails.
        """
        chat = self._world.chats[self.id]
        chat.blocked_bot = True
        if notify:
            self._world.emit_bot_membership(chat, self.account, "member", "kicked")
        self._world.changed()

    async def unblock_bot(self, *, notify: bool = True) -> None:
        chat = self._world.chats[self.id]
        chat.blocked_bot = False
        if notify:
            self._world.emit_bot_membership(chat, self.account, "kicked", "member")
        self._world.changed()

    # Reading

    @property
    def messages(self) -> list[ChatMessage]:
        """Everything in this chat as it stands now, the person's messages included."""
        return list(self.chat.messages.values())

    @property
    def bot_messages(self) -> list[ChatMessage]:
        return [m for m in self.chat.messages.values() if m.from_bot]

    @property
    def last_message(self) -> ChatMessage | None:
        """The bot's newest message in this chat, as it stands now."""
        bot_messages = self.bot_messages
        return bot_messages[-1] if bot_messages else None

    async def next_message(self, timeout: float = DEFAULT_TIMEOUT) -> ChatMessage:  # noqa: ASYNC109
        """The next bot message not read yet: a new one or an edit (``edited=True``)."""
        return await self.wait_for(lambda _: True, timeout)

    async def wait_for(
        self,
        predicate: MessagePredicate,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> ChatMessage:
        """Read on until a bot message (new or edited) satisfies ``predicate``."""

        def read_until_match() -> ChatMessage | None:
            feed = self.chat.bot_feed
            while self._cursor < len(feed):
                message = feed[self._cursor]
                self._cursor += 1
                if predicate(message):
                    return message
            return None

        try:
            return await self._world.signal.wait_for(read_until_match, timeout)
        except TimeoutError:
            raise TimeoutError(self._timeout_report(timeout)) from None

    async def wait_for_edit(
        self,
        message_id: int,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> ChatMessage:
        return await self.wait_for(lambda m: m.edited and m.message_id == message_id, timeout)

    def drain(self) -> list[ChatMessage]:
        """Everything unread, without waiting; marks it read."""
        unread = self.chat.bot_feed[self._cursor :]
        self._cursor = len(self.chat.bot_feed)
        return unread

    # Helpers

    def _new_message(
        self,
        text: str,
        entities: tuple[dict[str, Any], ...],
        *,
        reply_to: int | None = None,
        media: dict[str, FileInfo] | None = None,
    ) -> ChatMessage:
        message = ChatMessage(
            chat_id=self.chat.id,
            message_id=self.chat.next_message_id(),
            sender_id=self.id,
            from_bot=False,
            date=self._world.now(),
            text=text,
            raw_text=text,
            entities=entities,
            reply_to_message_id=reply_to,
            **(media or {}),
        )
        return self._world.post(self.chat, message)

    def _current(self, message_id: int) -> ChatMessage:
        message = self.chat.messages.get(message_id)
        if message is None:
            raise LookupError(f"no message {message_id} in chat {self.chat.id}")
        return message

    def _find_button(
        self, label: str | re.Pattern[str], message: ChatMessage | int | None
    ) -> tuple[ChatMessage, Button]:
        if message is not None:
            message_id = message if isinstance(message, int) else message.message_id
            candidates = [self._current(message_id)]
        else:
            candidates = list(reversed(self.bot_messages))
        for candidate in candidates:
            for row in candidate.buttons:
                for button in row:
                    if _label_matches(label, button.label):
                        return candidate, button
        shown = [b.label for m in candidates for row in m.buttons for b in row]
        raise LookupError(f"no button {label!r} in chat {self.chat.id}; buttons shown: {shown}")

    def _timeout_report(self, timeout: float) -> str:
        last = self.last_message
        seen = render_message(last) if last else "(the bot has sent nothing here)"
        return (
            f"{self!r}: no matching bot message within {timeout}s. "
            f"The bot's last message in this chat:\n{seen}"
        )


def _label_matches(label: str | re.Pattern[str], text: str) -> bool:
    if isinstance(label, re.Pattern):
        return label.search(text) is not None
    return label == text
