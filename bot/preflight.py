"""Checks before a command does its work: is the database there, does Telegram take the token.

Each returns None when all is well, or one line saying what is wrong in terms an operator
can act on: which host, which variable. A line never holds a secret (the token, the
database password), whatever the underlying error said.
"""

from __future__ import annotations

import asyncio
import sqlite3
from urllib.parse import urlsplit

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.request import HTTPXRequest

from bot.logs import redact
from bot.settings import Settings
from storage.db import create_engine

DATABASE_TIMEOUT_SECONDS = 10.0
TELEGRAM_TIMEOUT_SECONDS = 10.0


def database_location(database_url: str) -> str:
    """``host:port`` of a server database, or the SQLite file: never the password."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return f"the SQLite file {url.database}" if url.database else "an in-memory SQLite"
    return f"{url.host or 'localhost'}:{url.port or 5432}"


def database_problem(database_url: str, timeout: float = DATABASE_TIMEOUT_SECONDS) -> str | None:
    """Why the database can't be reached (one line), or None."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        # The stdlib first: a file aiosqlite can't open leaves its worker thread behind,
        # which then prints a second, confusing, traceback as the process exits.
        try:
            sqlite3.connect(url.database).close()
        except sqlite3.Error as error:
            return f"cannot reach the database at {database_location(database_url)}: " + (
                _reason(error)
            )

    async def probe() -> None:
        engine = create_engine(database_url)
        try:
            async with asyncio.timeout(timeout), engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        finally:
            await engine.dispose()

    try:
        asyncio.run(probe())
    except TimeoutError:
        reason = f"no answer within {timeout:g} s"
    except (OSError, SQLAlchemyError, sqlite3.Error) as error:
        reason = _reason(error)
    else:
        return None
    return f"cannot reach the database at {database_location(database_url)}: {reason}"


def _reason(error: BaseException) -> str:
    cause: BaseException = error
    if isinstance(error, DBAPIError) and error.orig is not None:
        cause = error.orig
        # SQLAlchemy's async adapters wrap the driver's own error (asyncpg's
        # InvalidCatalogNameError) in a generic one; the driver's names the problem.
        if cause.__cause__ is not None:
            cause = cause.__cause__
    if isinstance(cause, OSError) and cause.strerror:
        detail = cause.strerror
    else:
        detail = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
    detail = redact(detail)[:200]
    return f"{type(cause).__name__}: {detail}" if detail else type(cause).__name__


def telegram_host(base_url: str) -> str:
    """The Bot API server's host[:port], as the operator configured it (no path, no token)."""
    parts = urlsplit(base_url)
    if not parts.hostname:
        return "?"
    return f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname


def telegram_problem(settings: Settings, timeout: float = TELEGRAM_TIMEOUT_SECONDS) -> str | None:
    """Ask Telegram who the bot is (getMe); why that failed, in one line, or None."""
    try:
        asyncio.run(_get_me(settings, timeout))
    except (TelegramError, TimeoutError) as error:
        return telegram_error_line(error, settings)
    return None


def telegram_error_line(error: BaseException, settings: Settings) -> str:
    """One line for a failure to talk to Telegram at all (the token, the network)."""
    host = telegram_host(settings.telegram_api_base_url)
    if isinstance(error, InvalidToken):
        hint = "get the current token from @BotFather"
        if host != "api.telegram.org":
            hint += f", and check TELEGRAM_API_BASE_URL ({host})"
        return f"Telegram rejected TELEGRAM_BOT_TOKEN ({_server_reason(error)}): {hint}"
    if isinstance(error, TimedOut | TimeoutError):
        return f"cannot reach Telegram at {host} (TELEGRAM_API_BASE_URL): no answer in time"
    if isinstance(error, NetworkError):
        return f"cannot reach Telegram at {host} (TELEGRAM_API_BASE_URL): {_server_reason(error)}"
    return f"Telegram at {host} refused getMe: {_server_reason(error)}"


def _server_reason(error: BaseException) -> str:
    # PTB's own InvalidToken message from Bot.initialize holds the whole token; the
    # server's reason (what get_me raises with) does not. Redacted either way.
    message = str(error)
    if "was rejected by the server" in message:  # PTB's wording around the whole token
        return "Unauthorized"
    return redact(message.strip().splitlines()[0] if message.strip() else type(error).__name__)


async def _get_me(settings: Settings, timeout: float) -> None:  # noqa: ASYNC109
    assert settings.token is not None

    def request() -> HTTPXRequest:
        return HTTPXRequest(
            connect_timeout=timeout,
            read_timeout=timeout,
            write_timeout=timeout,
            pool_timeout=timeout,
        )

    api, updates = request(), request()
    bot = Bot(
        settings.token,
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.file_base_url,
        request=api,
        get_updates_request=updates,
    )
    await api.initialize()
    try:
        async with asyncio.timeout(timeout * 2):
            await bot.get_me()
    finally:
        await api.shutdown()
