"""python-telegram-bot's HTTP transport on aiohttp instead of httpx.

Every Bot API call of a Done tap (the toast, the redrawn message, the trainer's notice)
went through PTB's default ``HTTPXRequest``. httpx with httpcore costs about 1.2 ms of
CPU a call here, and more as calls overlap: httpcore scans every pooled connection on
each request (encode/httpcore#1035, #929). aiohttp, already a dependency (the local
Bot API and the webhook tests use it), does the same call in about 0.4 ms: measured
with ``bench/updates.py``'s no-op pipeline, 2.83 against 1.27 ms of process CPU per tap
(docs/updates.md, "Transport"). PTB's documented extension point for this is
``BaseRequest``: ``do_request`` sends one request and returns the status and body;
PTB parses Telegram's answer and maps its errors itself.

What this class owes PTB, as ``HTTPXRequest`` does it:
- parameters form-encoded (PTB has JSON-encoded each value already), or multipart with
  the files when there are any;
- the timeouts: pool (waiting for a free connection), connect, and each read, as
  httpx's; aiohttp has no write timeout, so an upload as a whole may take connect,
  ``media_write_timeout`` and read together (a form is sent in one write); a missed one
  raises ``TimedOut``;
- any other transport failure raises ``NetworkError``, and neither names the URL: it
  holds the bot's token.
"""

from __future__ import annotations

import asyncio
import re
import urllib.request
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue  # as PTB's HTTPXRequest imports it
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.request import BaseRequest, RequestData

# Told the ``chat_id`` of each request sent from a context that sets it (None when the
# request has none), before the request goes: the update inbox holds a chat's next
# update until the update that wrote to it has committed (bot/inbox.py).
BEFORE_SENDING: ContextVar[Callable[[object], None] | None] = ContextVar(
    "coach_before_sending", default=None
)


class AiohttpRequest(BaseRequest):
    """One aiohttp session with a bounded connection pool; made in ``initialize`` (it
    belongs to the running event loop) and closed in ``shutdown``."""

    __slots__ = (
        "_connect_timeout",
        "_media_write_timeout",
        "_pool_size",
        "_pool_timeout",
        "_read_timeout",
        "_session",
        "_slots",
    )

    def __init__(
        self,
        connection_pool_size: int = 256,
        *,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        # PTB's own defaults (ApplicationBuilder's HTTPXRequest), so that behaviour under
        # a slow or unreachable Telegram stays what it was.
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        # aiohttp's connect timeout covers waiting for a free connection and connecting
        # alike; PTB's pool timeout is the wait alone, so the pool's slots are counted here.
        self._slots = asyncio.Semaphore(connection_pool_size)  # made anew in initialize

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._slots = asyncio.Semaphore(self._pool_size)  # of this event loop
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
                # Telegram's answers are read by PTB; a 4xx/5xx body is its error.
                raise_for_status=False,
                # HTTPS_PROXY and the like, as httpx honours them; looked up only when
                # one is set (aiohttp reads the environment on every request: half the
                # no-op benchmark's throughput).
                trust_env=_proxy_in_environment(),
            )

    async def shutdown(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        if request_data is not None and (tell := BEFORE_SENDING.get()) is not None:
            tell(request_data.parameters.get("chat_id"))
        files = request_data is not None and request_data.contains_files
        data = _body(request_data) if request_data is not None else None
        timeout = _timeout(
            connect=_given(connect_timeout, self._connect_timeout),
            # Only an upload's writing is bounded (see _timeout); a form is one write.
            write=_given(write_timeout, self._media_write_timeout) if files else None,
            read=_given(read_timeout, self._read_timeout),
        )
        slots = self._slots  # the one this request takes from, if initialize() runs anew
        await _take_a_slot(slots, _given(pool_timeout, self._pool_timeout))
        try:
            async with session.request(method, url, data=data, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError:  # aiohttp's own (ServerTimeoutError) are TimeoutErrors too
            failure: TelegramError = TimedOut()
        except (aiohttp.ClientError, ValueError) as error:  # ValueError: yarl's, a bad URL
            failure = NetworkError(f"aiohttp.{type(error).__name__}: {_without_url(error, url)}")
        finally:
            slots.release()
        # Raised out here, neither chained nor with aiohttp's error as its context:
        # those can carry the request's URL, and with it the token.
        raise failure


async def _take_a_slot(slots: asyncio.Semaphore, pool_timeout: float | None) -> None:
    if not slots.locked():
        await slots.acquire()  # free: no timer to set up
        return
    try:
        async with asyncio.timeout(pool_timeout):
            await slots.acquire()
    except TimeoutError:
        raise TimedOut(
            "Pool timeout: all connections in the connection pool are occupied; the "
            "request was not sent to Telegram"
        ) from None


def _body(request_data: RequestData) -> aiohttp.FormData | dict[str, str]:
    """Form fields as PTB encoded them; multipart with the files when there are any."""
    fields = request_data.json_parameters
    if not request_data.contains_files:
        return fields
    # Names as they are (not percent-encoded): Telegram shows a document's file name
    # as sent (aio-libs/aiohttp#3910).
    form = aiohttp.FormData(quote_fields=False)
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form


def _proxy_in_environment() -> bool:
    return any(scheme != "no" for scheme in urllib.request.getproxies())


def _given(value: Any, default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


def _timeout(
    *, connect: float | None, write: float | None, read: float | None
) -> aiohttp.ClientTimeout:
    """As httpx's, the timeouts bound each step, not the whole transfer: connecting,
    and each read of the answer (a long poll's wait included in it; a download reads
    chunk by chunk). aiohttp has no write timeout of its own, so an upload (``write``
    given) may take the sum of the three as a whole; other requests write a form."""
    total = None if write is None or connect is None or read is None else connect + write + read
    return aiohttp.ClientTimeout(total=total, connect=connect, sock_read=read)


def _without_url(error: Exception, url: str) -> str:
    if isinstance(error, aiohttp.ClientConnectorError):
        return f"cannot connect to {error.host}:{error.port} ({error.os_error})"
    if isinstance(error, aiohttp.InvalidURL | aiohttp.NonHttpUrlClientError | ValueError):
        return "the Bot API URL is not valid"
    # Whatever else names the URL, or just the token in it.
    return _TOKEN_SHAPE.sub("<token>", str(error).replace(url, "<url>"))


_TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")  # bot/logs.py's, for the same reason
