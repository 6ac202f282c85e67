"""A local Telegram Bot API server on loopback, for end-to-end tests and the sandbox.

The real python-telegram-bot stack talks to it over real HTTP
(``ApplicationBuilder().base_url(server.base_url)``), so request encoding, error
mapping, polling and webhooks are exercised exactly as in production; only the
people on the other side are fake (see ``FakeUser``).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self, TypeVar

import aiohttp
from aiohttp import web

from local_bot_api.client import FakeUser
from local_bot_api.errors import ApiError, not_found, too_many_requests, unauthorized
from local_bot_api.methods import Described, lookup
from local_bot_api.params import Params, read_params
from local_bot_api.state import Account, ApiCall, CallbackAnswer, Chat, ChatMessage
from local_bot_api.updates import WebhookConfig
from local_bot_api.world import World

T = TypeVar("T")

DEFAULT_TOKEN = "123456789:TEST-coach-fake-bot-api-token"
_TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@dataclass
class FailureRule:
    """Makes matching calls fail with a chosen Telegram error, for resilience tests.

    The ``every``-th matching call fails (1 = each one), until ``times`` failures
    have been produced (None = forever). ``fired`` counts the failures so far.
    """

    status: int
    description: str
    parameters: dict[str, Any] | None = None
    method: str | None = "sendMessage"
    chat_id: int | str | None = None
    times: int | None = 1
    every: int = 1
    matched: int = 0
    fired: int = 0

    def applies_to(self, method: str, params: Params) -> bool:
        if self.method is not None and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or params.get("chat_id") == self.chat_id

    def next_error(self) -> ApiError | None:
        """Count one matching call and return the error if this one must fail."""
        if self.times is not None and self.fired >= self.times:
            return None
        self.matched += 1
        if self.matched % self.every:
            return None
        self.fired += 1
        return ApiError(self.status, self.description, self.parameters)


class Hold:
    """Keeps matching calls waiting for their answer until ``release()``: a slow
    Telegram. ``arrived`` is set when the first one comes in."""

    def __init__(self, method: str, chat_id: int | str | None) -> None:
        self.method = method
        self.chat_id = chat_id
        self.arrived = asyncio.Event()
        self._released = asyncio.Event()

    def applies_to(self, method: str, params: Params) -> bool:
        if self.method.lower() != method.lower():
            return False
        return self.chat_id is None or params.get("chat_id") == self.chat_id

    async def wait(self) -> None:
        self.arrived.set()
        await self._released.wait()

    def release(self) -> None:
        self._released.set()


class FakeBotApiServer:
    """The Bot API for one bot token, plus the handles tests need to act and observe.

    Use it as ``async with FakeBotApiServer() as server:``; create people with
    ``server.user(...)`` and point python-telegram-bot at ``server.base_url`` and
    ``server.base_file_url``. It is meant to be started once and stopped once.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "coach_test_bot",
        bot_name: str = "Coach",
        clock: Callable[[], float] = time.time,
        webhook_retry_delay: float = 0.2,
    ) -> None:
        if not _TOKEN_SHAPE.match(token):
            raise ValueError(f"not a Bot API token: {token!r}")
        self._token = token
        bot = Account(int(token.split(":")[0]), bot_name, username=bot_username, is_bot=True)
        self._world = World(bot, clock)
        self._calls: list[ApiCall] = []
        self._counts: Counter[str] = Counter()  # calls per method, kept as they come
        self._chat_counts: Counter[tuple[str, str]] = Counter()  # and per method and chat
        self._failures: list[FailureRule] = []
        self._holds: list[Hold] = []
        self._webhook_retry_delay = webhook_retry_delay
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._port = 0

    # Lifecycle

    async def start(self) -> None:
        """Listen on a free loopback port and start pushing updates to webhooks."""
        app = web.Application(client_max_size=_MAX_UPLOAD_BYTES)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        # handler_cancellation drops a long poll whose client went away (python-telegram-bot
        # cancels its poll on stop); otherwise the next poll would end it with a 409.
        self._runner = web.AppRunner(
            app,
            access_log=None,
            handle_signals=False,
            handler_cancellation=True,
            shutdown_timeout=1.0,
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        self._webhook_task = asyncio.create_task(
            self._push_updates_to_webhook(), name="fake-bot-api-webhook"
        )

    async def stop(self) -> None:
        """Answer pending long polls with no updates and held calls, then close everything."""
        self._world.updates.close()
        for hold in self._holds:
            hold.release()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # Addresses and identity

    @property
    def token(self) -> str:
        return self._token

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        """python-telegram-bot's ``base_url``: it appends the token and the method."""
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        """python-telegram-bot's ``base_file_url``: it appends the token and file path."""
        return f"http://127.0.0.1:{self._port}/file/bot"

    @property
    def bot(self) -> Account:
        return self._world.bot

    @property
    def world(self) -> World:
        """The raw simulated state, for checks the helpers below do not cover."""
        return self._world

    # People and chats

    def user(
        self,
        id: int,
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> FakeUser:
        """A person in their private chat with the bot.

        The account is created on first use; later calls with the same id return the
        same person (with the details given first) reading from the chat's current end.
        """
        account = Account(id, first_name, last_name, username, language_code)
        chat = self._world.add_account(account)
        return FakeUser(self._world, self._world.accounts[id], chat)

    def group(
        self, id: int, title: str, *, supergroup: bool = True, username: str | None = None
    ) -> Chat:
        """A group chat the bot is a member of; people join it with ``user.in_group``."""
        chat_type = "supergroup" if supergroup else "group"
        return self._world.add_group(id, title, chat_type, username)

    def chat(self, chat_id: int) -> Chat:
        return self._world.chats[chat_id]

    def messages(self, chat_id: int) -> list[ChatMessage]:
        """A chat's messages as they stand now (after edits and deletions)."""
        return list(self._world.chats[chat_id].messages.values())

    # Observing the bot

    def calls(
        self, method: str | None = None, *, chat_id: int | str | None = None, ok: bool | None = None
    ) -> list[ApiCall]:
        """Recorded requests, optionally only one method, one chat, or (un)successful."""
        return [
            call
            for call in self._calls
            if (method is None or call.method.lower() == method.lower())
            and (chat_id is None or call.chat_id == chat_id)
            and (ok is None or call.ok == ok)
        ]

    def call_count(self, method: str, chat_id: int | str | None = None) -> int:
        """How many ``method`` requests were made so far, to one chat if given (kept as
        they come: no scan)."""
        if chat_id is None:
            return self._counts[method.lower()]
        return self._chat_counts[method.lower(), str(chat_id)]

    async def wait_for_calls(
        self,
        method: str,
        *,
        count: int = 1,
        chat_id: int | str | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - a per-wait deadline, like FakeUser's
    ) -> list[ApiCall]:
        """Wait until at least ``count`` matching requests were made; return them all."""

        def enough() -> bool:
            if self._counts[method.lower()] < count:
                return False  # re-checked on every change: no scan while there can't be enough
            return chat_id is None or len(self.calls(method, chat_id=chat_id)) >= count

        await self.wait_until(enough, timeout=timeout)
        return self.calls(method, chat_id=chat_id)

    async def wait_until(
        self,
        predicate: Callable[[], T],
        timeout: float = 5.0,  # noqa: ASYNC109 - a per-wait deadline, like FakeUser's
    ) -> T:
        """Wait until ``predicate()`` is truthy (re-checked on every change); return it."""
        return await self._world.signal.wait_for(predicate, timeout)

    def callback_answer(self, query_id: str) -> CallbackAnswer | None:
        return self._world.callback_answers.get(query_id)

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        """The commands set for a scope, e.g. ``{"type": "chat", "chat_id": 42}``."""
        scope = scope or {"type": "default"}
        key = tuple(scope[k] for k in ("type", "chat_id", "user_id") if k in scope)
        return list(self._world.commands.get((key, language_code), []))

    def menu_button(self, chat_id: int | None = None) -> dict[str, Any] | None:
        return self._world.menu_buttons.get(chat_id)

    @property
    def webhook(self) -> WebhookConfig | None:
        return self._world.updates.webhook

    @property
    def updates_sent(self) -> list[dict[str, Any]]:
        """Every update queued for the bot so far, confirmed or not."""
        return list(self._world.updates.history)

    def redeliver(self, update: dict[str, Any]) -> None:
        """Send an update again with the same update_id (an unconfirmed one, after a restart)."""
        self._world.updates.redeliver(update)

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot (by ``offset`` or a webhook answer)."""
        return self._world.updates.pending

    # Failure injection

    def fail(
        self,
        status: int,
        description: str,
        *,
        method: str | None = "sendMessage",
        chat_id: int | str | None = None,
        times: int | None = 1,
        every: int = 1,
        parameters: dict[str, Any] | None = None,
    ) -> FailureRule:
        """Make matching calls fail with any Telegram error (see ``FailureRule``)."""
        rule = FailureRule(status, description, parameters, method, chat_id, times, every)
        self._failures.append(rule)
        return rule

    def rate_limit(
        self,
        retry_after: int,
        *,
        method: str | None = "sendMessage",
        chat_id: int | str | None = None,
        times: int | None = 1,
        every: int = 1,
    ) -> FailureRule:
        """Answer matching calls with 429 ``Too Many Requests: retry after N``."""
        error = too_many_requests(retry_after)
        return self.fail(
            error.status,
            error.description,
            method=method,
            chat_id=chat_id,
            times=times,
            every=every,
            parameters=error.parameters,
        )

    def clear_failures(self) -> None:
        self._failures.clear()

    def hold(self, method: str, *, chat_id: int | str | None = None) -> Hold:
        """Answer matching calls only once ``release()`` is called on what this returns."""
        hold = Hold(method, chat_id)
        self._holds.append(hold)
        return hold

    def emit_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue any raw update, for kinds the fake users cannot produce."""
        return self._world.emit(kind, payload)

    # HTTP

    async def _handle_api(self, request: web.Request) -> web.Response:
        name = request.match_info["method"]
        params = Params({}, {})
        try:
            self._check_token(request.match_info["token"])
            params = await read_params(request)
            found = lookup(name)
            if found is None:
                raise not_found()
            name, method = found
            for hold in list(self._holds):
                if hold.applies_to(name, params):
                    await hold.wait()
            self._raise_injected_failure(name, params)
            result = await method(self._world, params)
        except ApiError as error:
            self._record(name, params, error.status, error.description)
            return web.json_response(error.to_payload(), status=error.status)
        self._record(name, params, 200)
        return web.json_response(_ok_payload(result))

    async def _handle_file(self, request: web.Request) -> web.Response:
        stored = self._world.file_by_path(request.match_info["path"])
        if request.match_info["token"] != self._token or stored is None or stored.content is None:
            return web.json_response(not_found().to_payload(), status=404)
        mime_type = stored.info.mime_type or "application/octet-stream"
        return web.Response(body=stored.content, content_type=mime_type)

    def _check_token(self, token: str) -> None:
        """Telegram: 401 for a well-formed foreign token, 404 for a malformed one."""
        if token != self._token:
            raise unauthorized() if _TOKEN_SHAPE.match(token) else not_found()

    def _raise_injected_failure(self, method: str, params: Params) -> None:
        for rule in self._failures:
            if rule.applies_to(method, params) and (error := rule.next_error()):
                raise error

    def _record(self, method: str, params: Params, status: int, description: str = "") -> None:
        files = {name: part.filename for name, part in params.files.items()}
        call = ApiCall(method, dict(params.values), status, description or None, files)
        self._calls.append(call)
        self._counts[call.method.lower()] += 1
        if call.chat_id is not None:
            self._chat_counts[call.method.lower(), str(call.chat_id)] += 1
        self._world.changed()

    # Webhook delivery

    async def _push_updates_to_webhook(self) -> None:
        """Deliver pending updates one at a time, in order, retrying failures."""
        while (work := await self._world.updates.next_for_webhook()) is not None:
            config, update = work
            if await self._post_update(config, update):
                self._world.updates.confirm(update["update_id"])
            else:
                await self._world.updates.wait_closed(self._webhook_retry_delay)

    async def _post_update(self, config: WebhookConfig, update: dict[str, Any]) -> bool:
        assert self._session is not None
        headers = {}
        if config.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = config.secret_token
        try:
            async with self._session.post(config.url, json=update, headers=headers) as response:
                if 200 <= response.status < 300:
                    return True
                error = f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            error = f"Connection failed: {exc.__class__.__name__}"
        self._world.updates.last_error = (self._world.now(), error)
        return False


def _ok_payload(result: Any) -> dict[str, Any]:
    if isinstance(result, Described):
        return {"ok": True, "result": result.result, "description": result.description}
    return {"ok": True, "result": result}
