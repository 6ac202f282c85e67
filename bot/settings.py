"""Configuration from the environment or ``.env`` (see ``.env.example``)."""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated, Literal

from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from core.errors import UnknownTimezone
from core.weeks import resolve_timezone

# How long one scheduled send may take (bot.jobs): python-telegram-bot waits out a 429 itself
# only when Telegram asks for at most MAX_RETRY_AFTER_SECONDS, at most SEND_RETRIES
# times, and the send is cut off after SEND_BUDGET_SECONDS whatever happens. So a claim
# is held for at most about SEND_BUDGET_SECONDS (plus two short transactions), and the
# lease must be well longer than that.
MAX_RETRY_AFTER_SECONDS = 20.0
SEND_RETRIES = 3
SEND_BUDGET_SECONDS = 90.0
MIN_LEASE_SECONDS = 2 * SEND_BUDGET_SECONDS

# What @BotFather hands out: the bot's numeric id, a colon, then the secret part.
TOKEN_FORMAT = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
# Telegram's rule for setWebhook's secret_token.
WEBHOOK_SECRET_FORMAT = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# The databases Coach runs on, each with its async driver; a URL without a driver gets it.
DRIVERS = {"sqlite": "aiosqlite", "postgresql": "asyncpg"}
_BACKEND_ALIASES = {"postgres": "postgresql"}
_TIME_FORMAT = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LOG_FORMATS = ("text", "json")
# Never echoed back in an error message.
_SECRET_VARIABLES = frozenset({"TELEGRAM_BOT_TOKEN", "COACH_WEBHOOK_SECRET", "DATABASE_URL"})


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org/bot", alias="TELEGRAM_API_BASE_URL"
    )
    database_url: str = Field(default="sqlite+aiosqlite:///coach.db", alias="DATABASE_URL")
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), alias="COACH_ADMIN_IDS"
    )
    default_timezone: str = Field(default="UTC", alias="COACH_DEFAULT_TIMEZONE")
    webhook_url: str | None = Field(default=None, alias="COACH_WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(default=None, alias="COACH_WEBHOOK_SECRET")
    port: int = Field(default=8443, alias="COACH_PORT")
    # Where the web server (webhook) listens; 0.0.0.0 to be reached from other hosts.
    http_host: str = Field(default="127.0.0.1", alias="COACH_HTTP_HOST")
    # Where people reach the web server (HTTPS for Telegram): the Mini App is at /app/.
    public_url: str | None = Field(default=None, alias="COACH_PUBLIC_URL")
    # `coach run` upgrades a PostgreSQL database itself first (as it always does SQLite):
    # for a container. With several processes on one database, give it to one of them.
    migrate_on_start: bool = Field(default=False, alias="COACH_MIGRATE_ON_START")

    # Scheduled messages, each in the recipient's own timezone.
    weekly_message_time: time = Field(default=time(8, 0), alias="COACH_WEEKLY_MESSAGE_TIME")
    reminder_time: time = Field(default=time(7, 0), alias="COACH_REMINDER_TIME")
    summary_time: time = Field(default=time(20, 0), alias="COACH_SUMMARY_TIME")
    attention_time: time = Field(default=time(12, 0), alias="COACH_ATTENTION_TIME")
    tick_seconds: float = Field(default=60.0, alias="COACH_TICK_SECONDS", gt=0)
    # How long a claimed delivery stays claimed: after this, another tick takes over a
    # claim whose process died. Well longer than any single send (SEND_BUDGET_SECONDS).
    delivery_lease_seconds: float = Field(default=300.0, alias="COACH_DELIVERY_LEASE_SECONDS", gt=0)
    # Broadcasts at Telegram's paid speed (allow_paid_broadcast): up to 1,000 messages/s.
    paid_broadcast: bool = Field(default=False, alias="COACH_PAID_BROADCAST")

    # The update inbox (bot.inbox): how many updates one process handles at once (each
    # for a different chat), how long handled updates are kept, and how long an open
    # dialogue waits for its next step.
    workers: int = Field(default=4, alias="COACH_WORKERS", ge=1, le=64)
    # At most 6 days: Telegram may restart update ids after a week without updates, and a
    # new id must not meet an old row.
    inbox_retention_hours: float = Field(
        default=72.0, alias="COACH_INBOX_RETENTION_HOURS", gt=0, le=144
    )
    dialogue_timeout_seconds: float = Field(
        default=24 * 3600.0, alias="COACH_DIALOGUE_TIMEOUT", gt=0
    )

    # Logging (bot.logs): the level and the form of each line on stderr.
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", alias="COACH_LOG_LEVEL"
    )
    log_format: Literal["text", "json"] = Field(default="text", alias="COACH_LOG_FORMAT")

    @model_validator(mode="after")
    def _lease_outlasts_a_send(self) -> Settings:
        if self.delivery_lease_seconds < MIN_LEASE_SECONDS:
            raise ValueError(
                f"COACH_DELIVERY_LEASE_SECONDS must be at least {MIN_LEASE_SECONDS:g}: twice "
                f"the {SEND_BUDGET_SECONDS:g} s one scheduled send may take, so that a claim "
                "never lapses while its message is still being sent"
            )
        return self

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",")]
            try:
                return frozenset(int(p) for p in parts if p)
            except ValueError as error:
                raise ValueError(
                    "COACH_ADMIN_IDS must be comma-separated Telegram user ids, e.g. 12345,67890"
                ) from error
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            return resolve_timezone(value)
        except UnknownTimezone as error:
            raise ValueError(
                f"COACH_DEFAULT_TIMEZONE {value!r} is not an IANA timezone, e.g. Europe/Berlin"
            ) from error

    @field_validator("telegram_api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        return value.rstrip("/") if value.rstrip("/").endswith("/bot") else value

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _token_shape(cls, value: object) -> object:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            value = value.strip()
            if value and not TOKEN_FORMAT.match(value):
                # Never echo it: a token with a typo is still most of a secret.
                raise ValueError(
                    "TELEGRAM_BOT_TOKEN is malformed: a bot token is digits, a colon and "
                    "letters, e.g. 123456789:AAEh..., exactly as @BotFather gives it"
                )
        return value

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _webhook_secret_shape(cls, value: object) -> object:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            value = value.strip()
            if value and not WEBHOOK_SECRET_FORMAT.match(value):
                raise ValueError(
                    "COACH_WEBHOOK_SECRET may hold only letters, digits, _ and - "
                    "(1 to 256 of them), as Telegram requires"
                )
        return value

    @field_validator("public_url", mode="before")
    @classmethod
    def _public_url(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().rstrip("/")
            if not value:
                return None
            if not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
                raise ValueError(
                    "COACH_PUBLIC_URL must be the web server's public URL, "
                    "e.g. https://coach.example.com (Telegram opens Mini Apps over HTTPS only)"
                )
        return value

    @field_validator("database_url", mode="before")
    @classmethod
    def _database_url(cls, value: object) -> object:
        return normalise_database_url(value) if isinstance(value, str) else value

    @field_validator(
        "weekly_message_time", "reminder_time", "summary_time", "attention_time", mode="before"
    )
    @classmethod
    def _time_of_day(cls, value: object, info: ValidationInfo) -> object:
        if not isinstance(value, str):
            return value
        match = _TIME_FORMAT.match(value.strip())
        hour, minute, second = [int(g) for g in match.groups("0")] if match else [99, 0, 0]
        if hour > 23 or minute > 59 or second > 59:
            variable = cls.model_fields[str(info.field_name)].alias
            raise ValueError(
                f"{variable} must be a time of day as HH:MM (24-hour), e.g. 08:00; got {value!r}"
            )
        return time(hour, minute, second)

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value: object) -> object:
        if isinstance(value, str):
            level = value.strip().upper() or "INFO"
            if level not in LOG_LEVELS:
                raise ValueError(
                    f"COACH_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}; got {value!r}"
                )
            return level
        return value

    @field_validator("log_format", mode="before")
    @classmethod
    def _log_format(cls, value: object) -> object:
        if isinstance(value, str):
            form = value.strip().lower() or "text"
            if form not in LOG_FORMATS:
                raise ValueError(
                    f"COACH_LOG_FORMAT must be {' or '.join(LOG_FORMATS)}; got {value!r}"
                )
            return form
        return value

    @property
    def token(self) -> str | None:
        token = self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None
        return token or None

    @property
    def mini_app_url(self) -> str | None:
        return f"{self.public_url}/app/" if self.public_url else None

    @property
    def file_base_url(self) -> str:
        """PTB's file URL for the same server: ``.../bot`` becomes ``.../file/bot``."""
        base = self.telegram_api_base_url
        head, _, _ = base.rpartition("/bot")
        return f"{head}/file/bot"


def normalise_database_url(text: str) -> str:
    """The URL with its async driver: ``postgres://`` and ``postgresql://`` become
    ``postgresql+asyncpg://``, ``sqlite:///x.db`` becomes ``sqlite+aiosqlite:///x.db``.

    Raises ValueError (naming DATABASE_URL, never echoing the URL, which may hold a
    password) for a URL that is not one or names a database or driver Coach can't use.
    """
    example = "e.g. sqlite+aiosqlite:///coach.db or postgresql+asyncpg://user:password@host/coach"
    try:
        url = make_url(text.strip())
    except ArgumentError:
        raise ValueError(f"DATABASE_URL is not a database URL, {example}") from None
    backend, _, driver = url.drivername.partition("+")
    backend = _BACKEND_ALIASES.get(backend, backend)
    supported = ", ".join(f"{b}+{d}" for b, d in DRIVERS.items())
    if backend not in DRIVERS:
        raise ValueError(f"DATABASE_URL names the database {backend!r}; Coach runs on {supported}")
    if driver and driver != DRIVERS[backend]:
        raise ValueError(
            f"DATABASE_URL names the driver {backend}+{driver}, which Coach can't use; "
            f"use {backend}+{DRIVERS[backend]}"
        )
    # Only the scheme changes: the rest (a %-encoded password) stays exactly as given.
    _, _, rest = text.strip().partition("://")
    return f"{backend}+{DRIVERS[backend]}://{rest}"


def configuration_problems(error: ValidationError) -> list[str]:
    """One line per problem, each naming its variable; secret values are never shown."""
    lines = []
    for problem in error.errors(include_url=False):
        message = str(problem["msg"]).removeprefix("Value error, ")
        variable = ".".join(str(part) for part in problem["loc"])
        if problem["type"] == "value_error" or not variable:
            lines.append(message)  # our own messages name the variable already
        else:
            shown = "" if variable in _SECRET_VARIABLES else f" (got {problem['input']!r})"
            lines.append(f"{variable}: {message[0].lower()}{message[1:]}{shown}")
    return lines
