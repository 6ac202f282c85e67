"""Coach's Bot API transport (bot/telegram_http.py, aiohttp) under python-telegram-bot:
the local Bot API over real HTTP for what succeeds, small real servers for what fails."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.telegram_http import AiohttpRequest
from local_bot_api import FakeBotApiServer

TOKEN = "123456:ABCdefGhIJKlmNoPQRstuVWxyz_0123456789"


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApiServer]:
    async with FakeBotApiServer() as running:
        yield running


def coach_bot(base_url: str, base_file_url: str = "", **request: float) -> Bot:
    return Bot(
        TOKEN,
        base_url=base_url,
        base_file_url=base_file_url or base_url,
        request=AiohttpRequest(**request),
        get_updates_request=AiohttpRequest(connection_pool_size=1),
    )


async def test_messages_buttons_uploads_and_downloads_arrive_as_with_httpx(
    server: FakeBotApiServer,
) -> None:
    ann = server.user(1, "Ann")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("✅ Done", callback_data="done:1:1")]])
    async with Bot(
        server.token,
        base_url=server.base_url,
        base_file_url=server.base_file_url,
        request=AiohttpRequest(),
    ) as bot:
        await bot.send_message(
            ann.id, "<b>Week 1</b> — Ann", parse_mode=ParseMode.HTML, reply_markup=markup
        )
        shown = await ann.next_message()
        assert shown.text == "Week 1 — Ann"
        assert [b.label for row in shown.buttons for b in row] == ["✅ Done"]

        sent = await bot.send_document(
            ann.id, b"plan,week\n1,2\n", filename="планы недели.csv", caption="Export"
        )
        # Shown as sent, not percent-encoded.
        assert sent.document.file_name == "планы недели.csv" and sent.caption == "Export"
        downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
        assert bytes(downloaded) == b"plan,week\n1,2\n"

        press = await ann.press("✅ Done")
        (update,) = await bot.get_updates(timeout=1)
        await update.callback_query.answer("Nice")
        assert (await press.answer()).text == "Nice"


async def test_telegram_s_refusals_are_python_telegram_bot_s_errors(
    server: FakeBotApiServer,
) -> None:
    server.fail(400, "Bad Request: message is too long")
    async with Bot(server.token, base_url=server.base_url, request=AiohttpRequest()) as bot:
        with pytest.raises(BadRequest, match=r"(?i)message is too long"):
            await bot.send_message(1, "x")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("base_url", "said"),
    [
        (f"http://127.0.0.1:{_closed_port()}/bot", "cannot connect to 127.0.0.1"),
        ("http://127.0.0.1:notaport/bot", "the Bot API URL is not valid"),
        ("ftp://127.0.0.1/bot", "the Bot API URL is not valid"),
    ],
)
async def test_an_unreachable_or_malformed_bot_api_is_a_network_error_that_never_names_the_token(
    base_url: str, said: str
) -> None:
    bot = coach_bot(base_url)
    await bot.request.initialize()  # Bot.initialize would call getMe first
    try:
        with pytest.raises(NetworkError) as raised:
            await bot.send_message(1, "x")
    finally:
        await bot.request.shutdown()
    assert not isinstance(raised.value, TimedOut)
    assert said in raised.value.message
    # Not in the error, nor in what a traceback or an error tracker could walk to.
    assert raised.value.__cause__ is None and raised.value.__context__ is None
    assert TOKEN not in repr(raised.value)


@pytest.fixture
async def slow_server() -> AsyncIterator[tuple[str, asyncio.Event, asyncio.Event]]:
    """Answers every request only once told to (or never): for timeouts. Yields its URL,
    the event that releases the answers, and one set when a request has arrived."""
    release, arrived = asyncio.Event(), asyncio.Event()

    async def hold(request: web.Request) -> web.Response:
        arrived.set()
        await release.wait()
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", hold)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/bot", release, arrived
    finally:
        release.set()
        await runner.cleanup()


async def test_a_slow_answer_times_out_after_the_read_timeout(slow_server) -> None:
    url, _release, _arrived = slow_server
    bot = coach_bot(url)
    await bot.request.initialize()
    try:
        with pytest.raises(TimedOut):
            await bot.delete_message(1, 1, read_timeout=0.2)
    finally:
        await bot.request.shutdown()


async def test_a_full_pool_times_out_after_the_pool_timeout_and_frees_when_answered(
    slow_server,
) -> None:
    url, release, arrived = slow_server
    request = AiohttpRequest(connection_pool_size=1, pool_timeout=0.2, read_timeout=5)
    bot = Bot(TOKEN, base_url=url, request=request)
    await request.initialize()
    try:
        holding = asyncio.create_task(bot.delete_message(1, 1))
        await asyncio.wait_for(arrived.wait(), 5)  # it holds the one connection
        with pytest.raises(TimedOut):
            await bot.delete_message(1, 2)
        release.set()
        assert (await holding) is True
        assert await bot.delete_message(1, 3) is True  # the connection is free again
    finally:
        await request.shutdown()


async def test_a_request_shut_down_can_be_initialized_again(server: FakeBotApiServer) -> None:
    request = AiohttpRequest()
    bot = Bot(server.token, base_url=server.base_url, request=request)
    for _ in range(2):
        async with bot:
            await bot.send_message(server.user(1, "Ann").id, "hello")
    assert len(server.calls("sendMessage")) == 2
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request(server.base_url + "/getMe", "POST")


async def test_a_proxy_in_the_environment_is_used_and_otherwise_not_looked_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    plain = AiohttpRequest()
    await plain.initialize()
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    proxied = AiohttpRequest()
    await proxied.initialize()
    try:
        assert plain._session.trust_env is False
        assert proxied._session.trust_env is True
    finally:
        await plain.shutdown()
        await proxied.shutdown()
