"""The local Bot API's media from users, replies and copyMessage, through python-telegram-bot."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden

from local_bot_api import FakeBotApiServer, render_message


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApiServer]:
    async with FakeBotApiServer() as running:
        yield running


@pytest.fixture
async def bot(server: FakeBotApiServer) -> AsyncIterator[Bot]:
    async with Bot(
        server.token, base_url=server.base_url, base_file_url=server.base_file_url
    ) as running:
        yield running


async def test_photos_videos_voice_and_replies_arrive_as_telegram_sends_them(
    server: FakeBotApiServer, bot: Bot
) -> None:
    ann = server.user(1, "Ann")
    await bot.send_message(ann.id, "hello")
    hello = await ann.next_message()
    await ann.send_photo(b"jpeg", caption="my setup")
    await ann.send_video(b"mp4", reply_to=hello.message_id)
    await ann.send_voice(b"ogg")
    await ann.send_document("a.txt", b"notes", caption="read", reply_to=hello.message_id)

    photo, video, voice, document = [u.message for u in await bot.get_updates(timeout=1)]
    assert photo.photo[-1].file_id and photo.caption == "my setup" and photo.text is None
    assert video.video.file_id and video.reply_to_message.text == "hello"
    assert voice.voice.file_id and voice.caption is None
    assert document.document.file_name == "a.txt" and document.reply_to_message.text == "hello"
    assert (await (await bot.get_file(voice.voice.file_id)).download_as_bytearray()) == b"ogg"


async def test_copy_message_copies_media_with_a_new_caption(
    server: FakeBotApiServer, bot: Bot
) -> None:
    ann, tom = server.user(1, "Ann"), server.user(2, "Tom")
    sent = await ann.send_video(b"mp4", caption="depth?")
    text = await ann.send("plain")

    copied = await bot.copy_message(
        tom.id, ann.id, sent.message_id, caption="💬 <b>Ann</b>: depth?", parse_mode=ParseMode.HTML
    )
    landed = await tom.next_message()
    assert landed.message_id == copied.message_id and landed.from_bot
    assert landed.video == sent.video and landed.text == "💬 Ann: depth?"
    assert "[video]" in render_message(landed)
    await bot.copy_message(tom.id, ann.id, text.message_id, caption="ignored for text")
    assert (await tom.next_message()).text == "plain"

    with pytest.raises(BadRequest, match=r"(?i)message to copy not found"):
        await bot.copy_message(tom.id, ann.id, 999)
    await tom.block_bot(notify=False)
    with pytest.raises(Forbidden, match=r"(?i)blocked by the user"):
        await bot.copy_message(tom.id, ann.id, sent.message_id)


async def test_calls_are_counted_per_method_and_per_chat(
    server: FakeBotApiServer, bot: Bot
) -> None:
    """The benchmarks wait on these counters (bench/updates.py tells the athletes'
    redrawn messages from the trainer's corrected notices by the chat)."""
    ann, tom = server.user(1, "Ann"), server.user(2, "Tom")
    to_ann = await bot.send_message(ann.id, "one")
    to_tom = await bot.send_message(tom.id, "two")
    await bot.edit_message_text("one, edited", chat_id=ann.id, message_id=to_ann.message_id)
    await bot.edit_message_text("two, edited", chat_id=tom.id, message_id=to_tom.message_id)
    await bot.edit_message_text("two, again", chat_id=tom.id, message_id=to_tom.message_id)

    assert server.call_count("editMessageText") == 3
    assert server.call_count("editMessageText", chat_id=tom.id) == 2
    assert server.call_count("editMessageText", chat_id=str(ann.id)) == 1
    assert server.call_count("sendMessage", chat_id=ann.id) == 1
    assert server.call_count("editMessageText", chat_id=3) == 0
