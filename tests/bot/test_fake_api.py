"""The local Bot API server, driven by the real python-telegram-bot stack over HTTP.

These tests pin down the fake itself: if it drifts from Telegram, every end-to-end
test built on it would be testing the wrong thing.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, EndPointNotFound, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from local_bot_api import (
    Button,
    EntityParseError,
    FakeBotApiServer,
    FakeUser,
    numbered_buttons,
    parse_html,
    render_message,
)

ANN_ID = 1001
DOCS_URL = "https://example.com/docs"
LONG_POLL = dtm.timedelta(seconds=5)


# The bot under test: a handful of trivial handlers


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    payload = " ".join(context.args or []) or "none"
    await update.effective_message.reply_text(
        f"Hello {update.effective_user.first_name}, payload {payload}"
    )


async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Done", callback_data="done:1")],
            [InlineKeyboardButton("Docs", url=DOCS_URL)],
        ]
    )
    await update.effective_message.reply_text(
        "<b>Workout</b> ready", parse_mode=ParseMode.HTML, reply_markup=keyboard
    )


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer("Saved")
    await query.edit_message_text(f"Done: {query.data}")


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    file = await update.effective_message.document.get_file()
    content = bytes(await file.download_as_bytearray())
    await update.effective_message.reply_text(f"got {len(content)} bytes: {content.decode()}")


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(update.effective_message.text)


def build_application(
    server: FakeBotApiServer, membership_changes: asyncio.Queue[ChatMemberUpdated] | None = None
) -> Application:
    application = (
        Application.builder()
        .token(server.token)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("menu", menu))
    application.add_handler(CallbackQueryHandler(on_press))
    application.add_handler(MessageHandler(filters.Document.ALL, on_document))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    if membership_changes is not None:

        async def on_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            await membership_changes.put(update.my_chat_member)

        application.add_handler(ChatMemberHandler(on_membership))
    return application


# Fixtures


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApiServer]:
    async with FakeBotApiServer(bot_username="coach_test_bot") as running:
        yield running


@pytest.fixture
def membership_changes() -> asyncio.Queue[ChatMemberUpdated]:
    return asyncio.Queue()


@pytest.fixture
async def app(
    server: FakeBotApiServer, membership_changes: asyncio.Queue[ChatMemberUpdated]
) -> AsyncIterator[Application]:
    application = build_application(server, membership_changes)
    await application.initialize()
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=LONG_POLL)
    yield application
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


@pytest.fixture
def ann(server: FakeBotApiServer) -> FakeUser:
    return server.user(ANN_ID, "Ann", username="ann")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# Conversations through the real stack


async def test_a_command_gets_its_reply_with_the_payload(app: Application, ann: FakeUser) -> None:
    sent = await ann.send("/start abc")

    reply = await ann.next_message()

    assert sent.entities == ({"type": "bot_command", "offset": 0, "length": 6},)
    assert reply.text == "Hello Ann, payload abc"
    assert reply.from_bot and not reply.edited


async def test_plain_text_is_echoed(app: Application, ann: FakeUser) -> None:
    await ann.send("  hello there ")

    assert (await ann.next_message()).text == "hello there"


async def test_pressing_a_button_edits_the_message_in_place(
    app: Application, server: FakeBotApiServer, ann: FakeUser
) -> None:
    await ann.send("/menu")
    menu_message = await ann.next_message()

    press = await ann.press("Done")
    answer = await press.answer()
    edited = await ann.wait_for_edit(menu_message.message_id)

    assert menu_message.raw_text == "<b>Workout</b> ready"
    assert menu_message.parse_mode == "HTML"
    assert menu_message.text == "Workout ready"
    assert menu_message.entities == ({"type": "bold", "offset": 0, "length": 7},)
    assert menu_message.buttons == [[Button("Done", "done:1")], [Button("Docs", url=DOCS_URL)]]
    assert answer.text == "Saved" and not answer.show_alert
    assert edited.text == "Done: done:1" and edited.edited and edited.buttons == []
    assert [m.text for m in ann.bot_messages] == ["Done: done:1"]
    assert len(server.calls("sendMessage", chat_id=ANN_ID)) == 1


async def test_a_forged_callback_reaches_the_bot(app: Application, ann: FakeUser) -> None:
    await ann.send("/menu")
    menu_message = await ann.next_message()

    await ann.press_data("done:999", menu_message.message_id)

    assert (await ann.next_message()).text == "Done: done:999"


async def test_an_uploaded_document_can_be_downloaded_by_the_bot(
    app: Application, ann: FakeUser
) -> None:
    await ann.send_document("plan.txt", b"Mon: Run", caption="my plan")

    assert (await ann.next_message()).text == "got 8 bytes: Mon: Run"


async def test_a_group_member_talks_to_the_bot_in_the_group(
    app: Application, server: FakeBotApiServer, ann: FakeUser
) -> None:
    group = server.group(-100500, "Runners")
    ann_in_group = ann.in_group(group)

    await ann_in_group.send("/start@coach_test_bot")

    reply = await ann_in_group.next_message()
    assert reply.chat_id == group.id and reply.text == "Hello Ann, payload none"
    assert ann.bot_messages == []


async def test_blocking_the_bot_is_announced_and_makes_sends_forbidden(
    app: Application,
    ann: FakeUser,
    membership_changes: asyncio.Queue[ChatMemberUpdated],
) -> None:
    await ann.block_bot()
    blocked = await asyncio.wait_for(membership_changes.get(), timeout=5)

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await app.bot.send_message(ANN_ID, "still there?")

    await ann.unblock_bot()
    unblocked = await asyncio.wait_for(membership_changes.get(), timeout=5)
    await app.bot.send_message(ANN_ID, "welcome back")

    assert (blocked.old_chat_member.status, blocked.new_chat_member.status) == ("member", "kicked")
    assert unblocked.new_chat_member.status == "member"
    assert [m.text for m in ann.bot_messages] == ["welcome back"]


# Errors as Telegram words them, as python-telegram-bot raises them


async def test_unknown_method_is_not_found(app: Application, server: FakeBotApiServer) -> None:
    with pytest.raises(EndPointNotFound):
        await app.bot.do_api_request("nonexistentMethod")

    async with httpx.AsyncClient() as client:
        response = await client.post(f"{server.base_url}{server.token}/nonexistentMethod")
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_a_foreign_token_is_unauthorized(server: FakeBotApiServer) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{server.base_url}42:not-this-bot/getMe")

    assert response.status_code == 401
    assert response.json()["description"] == "Unauthorized"


async def test_html_with_an_unclosed_tag_is_refused(app: Application, ann: FakeUser) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities: can't find end tag"):
        await app.bot.send_message(ANN_ID, "<b>bold", parse_mode=ParseMode.HTML)

    assert ann.bot_messages == []


async def test_text_limits_are_enforced(app: Application, server: FakeBotApiServer) -> None:
    server.user(ANN_ID, "Ann")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await app.bot.send_message(ANN_ID, "<b>x</b>" * 4097, parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await app.bot.send_message(ANN_ID, "<i> </i>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await app.bot.send_message(999, "hello?")

    # 4096 characters once the tags are gone is fine.
    await app.bot.send_message(ANN_ID, "<b>x</b>" * 4096, parse_mode=ParseMode.HTML)


async def test_an_edit_that_changes_nothing_is_not_modified(
    app: Application, ann: FakeUser
) -> None:
    sent = await app.bot.send_message(ANN_ID, "same")

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await app.bot.edit_message_text("same", chat_id=ANN_ID, message_id=sent.message_id)


async def test_callback_data_over_64_bytes_is_refused(app: Application, ann: FakeUser) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Big", callback_data="x" * 65)]])

    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await app.bot.send_message(ANN_ID, "pick", reply_markup=keyboard)


async def test_rate_limits_surface_as_retry_after(
    app: Application, server: FakeBotApiServer, ann: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without PTB_TIMEDELTA, RetryAfter warns about its int retry_after on construction.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    rule = server.rate_limit(7, times=1)

    with pytest.raises(RetryAfter) as raised:
        await app.bot.send_message(ANN_ID, "first")
    await app.bot.send_message(ANN_ID, "second")

    assert raised.value.retry_after == dtm.timedelta(seconds=7)
    assert rule.fired == 1
    assert [c.status for c in server.calls("sendMessage")] == [429, 200]
    assert [m.text for m in ann.bot_messages] == ["second"]


async def test_every_kth_call_can_fail(
    app: Application, server: FakeBotApiServer, ann: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    server.rate_limit(1, every=2, times=None, chat_id=ANN_ID)

    outcomes = []
    for number in range(4):
        try:
            await app.bot.send_message(ANN_ID, f"message {number}")
            outcomes.append("sent")
        except RetryAfter:
            outcomes.append("429")

    assert outcomes == ["sent", "429", "sent", "429"]


# Update delivery


async def test_long_polling_waits_for_an_update_and_honours_the_offset(
    server: FakeBotApiServer, ann: FakeUser
) -> None:
    async with Bot(server.token, base_url=server.base_url) as bot:
        assert await bot.get_updates(timeout=0) == ()
        polling = asyncio.create_task(bot.get_updates(timeout=5))
        await server.wait_for_calls("getUpdates")  # the first, immediate poll
        await ann.send("hi")
        updates = await asyncio.wait_for(polling, timeout=2)

        assert [u.message.text for u in updates] == ["hi"]
        assert len(server.pending_updates) == 1  # not confirmed yet
        assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()
        assert server.pending_updates == []


async def test_a_webhook_receives_updates_with_the_secret_and_blocks_polling(
    server: FakeBotApiServer, ann: FakeUser
) -> None:
    received: asyncio.Queue[tuple[str | None, dict]] = asyncio.Queue()

    async def receive(request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        await received.put((secret, await request.json()))
        return web.Response()

    receiver = web.Application()
    receiver.router.add_post("/hook", receive)
    runner = web.AppRunner(receiver)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with Bot(server.token, base_url=server.base_url) as bot:
            await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
            await ann.send("via webhook")
            secret, update = await asyncio.wait_for(received.get(), timeout=5)
            with pytest.raises(Conflict, match="webhook is active"):
                await bot.get_updates()
            await server.wait_until(lambda: not server.pending_updates)
            info = await bot.get_webhook_info()
    finally:
        await runner.cleanup()

    assert secret == "s3cret"
    assert update["message"]["text"] == "via webhook"
    assert info.url == f"http://127.0.0.1:{port}/hook" and info.pending_update_count == 0


async def test_python_telegram_bot_webhook_mode_works_end_to_end(
    server: FakeBotApiServer, ann: FakeUser
) -> None:
    application = build_application(server)
    port = free_port()
    async with application:
        await application.start()
        await application.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{port}/hook",
            secret_token="s3cret",
        )
        await ann.send("/start hooked")
        reply = await ann.next_message()
        await application.updater.stop()
        await application.stop()

    assert reply.text == "Hello Ann, payload hooked"
    assert server.webhook is not None and server.webhook.secret_token == "s3cret"


# Bot settings and other methods


async def test_commands_are_stored_per_scope(app: Application, server: FakeBotApiServer) -> None:
    server.user(ANN_ID, "Ann")
    bot = app.bot
    await bot.set_my_commands([BotCommand("start", "Start")])
    await bot.set_my_commands([BotCommand("plan", "Plan")], scope=BotCommandScopeChat(ANN_ID))

    chat_commands = await bot.get_my_commands(scope=BotCommandScopeChat(ANN_ID))
    await bot.delete_my_commands(scope=BotCommandScopeChat(ANN_ID))

    assert [c.command for c in chat_commands] == ["plan"]
    assert server.commands() == [{"command": "start", "description": "Start"}]
    assert server.commands({"type": "chat", "chat_id": ANN_ID}) == []


async def test_photos_chat_actions_and_chat_info(app: Application, ann: FakeUser) -> None:
    bot = app.bot
    await bot.send_chat_action(ANN_ID, "typing")
    photo = await bot.send_photo(ANN_ID, b"\x89PNG fake", caption="<i>form</i>", parse_mode="HTML")
    chat = await bot.get_chat(ANN_ID)
    document = await bot.send_document(ANN_ID, b"a,b\n", filename="week.csv")
    downloaded = await (await bot.get_file(document.document.file_id)).download_as_bytearray()

    assert photo.caption == "form" and photo.photo
    assert (await ann.next_message()).photo is not None
    assert chat.first_name == "Ann" and chat.username == "ann"
    assert document.document.file_name == "week.csv" and bytes(downloaded) == b"a,b\n"


# Pieces without a network


@pytest.mark.parametrize(
    ("markup", "error"),
    [
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("<x>y</x>", 'Unsupported start tag "x" at byte offset 0'),
        ("<b>a</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("a</b>", "Unexpected end tag at byte offset 1"),
        ("é<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 2'),
    ],
)
def test_html_errors_match_telegram(markup: str, error: str) -> None:
    with pytest.raises(EntityParseError) as raised:
        parse_html(markup)

    assert str(raised.value) == error


def test_html_is_decoded_into_text_and_utf16_entities() -> None:
    formatted = parse_html('🏋 <b>Push&amp;pull</b> &lt3 <a href="https://x.io/a">go</a> &nbsp;')

    assert formatted.text == "🏋 Push&pull <3 go &nbsp;"
    assert formatted.entities == (
        {"type": "bold", "offset": 3, "length": 9},
        {"type": "text_link", "offset": 16, "length": 2, "url": "https://x.io/a"},
    )


async def test_render_message_numbers_the_buttons(app: Application, ann: FakeUser) -> None:
    await ann.send("/menu")
    message = await ann.next_message()

    assert render_message(message) == "Workout ready\n[1] Done\n[2] Docs -> " + DOCS_URL
    assert numbered_buttons(message)[0] == Button("Done", "done:1")
