"""Logging, and tracebacks, that never print a secret.

The secrets are the bot token, the webhook secret and the database password, plus
anything shaped like a bot token. python-telegram-bot logs request parameters (the
webhook's ``secret_token`` among them) and its base URL (which holds the token) at
DEBUG, and httpx logs every request URL at INFO: so the redaction sits in the
formatter, where every record of every logger ends as text, and in the exception
hooks, which print what nothing caught.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from collections.abc import Iterable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from pythonjsonlogger.json import JsonFormatter

if TYPE_CHECKING:
    from bot.settings import Settings

TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")  # in any text
_BOT_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")  # a secret that is a (short) token
# A secret token logged under its own name (setWebhook's parameters, a wrong secret a
# client sent), whatever its value: a random one nobody registered is hidden too.
_NAMED_SECRET = re.compile(
    r"""((?:secret[ _-]?token|X-Telegram-Bot-Api-Secret-Token)['"]?\s*[:=]\s*['"]?)"""
    r"""[^'"\s,;}]+""",
    re.IGNORECASE,
)
REDACTED = "<redacted>"
TOKEN_REDACTED = "<token>"

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"

# Loggers that are noise at INFO (and below DEBUG at any level we offer).
_QUIET_UNLESS_DEBUG = ("httpx", "apscheduler", "alembic")
_QUIET_ALWAYS = ("httpcore", "aiosqlite")  # one line per socket event or SQL call


class Redactor:
    """Replaces known secrets and anything token-shaped in a text."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        self._secrets: list[str] = []
        self.add(*secrets)

    def add(self, *secrets: str | None) -> None:
        for secret in secrets:
            if secret and secret not in self._secrets:
                self._secrets.append(secret)
        # Longest first, so that a secret containing another is hidden whole.
        self._secrets.sort(key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            placeholder = TOKEN_REDACTED if _BOT_TOKEN.match(secret) else REDACTED
            text = text.replace(secret, placeholder)
        text = TOKEN_SHAPE.sub(TOKEN_REDACTED, text)
        return _NAMED_SECRET.sub(rf"\1{REDACTED}", text)


# The one redactor of this process: the hooks and formatters below all use it, so a
# secret learnt late (add_secret) is hidden everywhere at once.
_redact = Redactor()


def add_secret(*secrets: str | None) -> None:
    """Never print these from now on (e.g. a webhook secret generated at start-up)."""
    _redact.add(*secrets)


def redact(text: str) -> str:
    return _redact(text)


class RedactTokens(logging.Filter):
    """Redact secrets in a record's message and exception text, for a handler of one's own.

    ``configure_logging`` does not need it (its formatters redact what they print).
    """

    def __init__(self, secrets: str | Iterable[str | None] | None = None) -> None:
        super().__init__()
        if secrets is None or isinstance(secrets, str):
            secrets = [secrets]
        self._redactor = Redactor(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True

    def redact(self, text: str) -> str:
        return _redact(self._redactor(text))


class RedactingFormatter(logging.Formatter):
    """The usual one-line text format, redacted after formatting (traceback included)."""

    def format(self, record: logging.LogRecord) -> str:
        return _redact(super().format(record))


class RedactingJsonFormatter(JsonFormatter):
    """One JSON object per line; every string in it redacted, the exception text too."""

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        return {key: _redact_value(value) for key, value in log_data.items()}

    def format(self, record: logging.LogRecord) -> str:
        # Values json renders with str() (extra objects) are only text after serializing.
        return _redact(super().format(record))


def _redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return _redact(value)
    if isinstance(value, dict):
        return {key: _redact_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_value(item) for item in value]
    return value


def secrets_of(settings: Settings) -> list[str | None]:
    """What of the settings must never be printed."""
    from sqlalchemy.engine import make_url

    webhook = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    password = make_url(settings.database_url).password  # the settings checked the URL
    return [settings.token, webhook, str(password) if password else None]


def configure_logging(settings: Settings) -> None:
    """Log to stderr at COACH_LOG_LEVEL as COACH_LOG_FORMAT, never printing a secret.

    Also installs exception hooks that redact what an uncaught exception prints.
    """
    add_secret(*secrets_of(settings))
    install_excepthooks()
    level = logging.getLevelNamesMapping()[settings.log_level]
    handler = logging.StreamHandler()
    if settings.log_format == "json":
        handler.setFormatter(
            RedactingJsonFormatter(
                JSON_FIELDS,
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(RedactingFormatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.captureWarnings(True)  # warnings too go through the redacting formatter
    quiet = logging.DEBUG if level <= logging.DEBUG else logging.WARNING
    for name in _QUIET_UNLESS_DEBUG:
        logging.getLogger(name).setLevel(max(level, quiet))
    for name in _QUIET_ALWAYS:
        logging.getLogger(name).setLevel(max(level, logging.INFO))


def install_excepthooks() -> None:
    """Uncaught exceptions, in the main thread or any other, are printed redacted."""
    sys.excepthook = _print_redacted
    threading.excepthook = _print_redacted_thread


def _print_redacted(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    text = "".join(traceback.format_exception(kind, error, tb))
    sys.stderr.write(_redact(text))
    sys.stderr.flush()


def _print_redacted_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    name = args.thread.name if args.thread is not None else "?"
    sys.stderr.write(f"Exception in thread {name}:\n")
    _print_redacted(args.exc_type, args.exc_value, args.exc_traceback)
