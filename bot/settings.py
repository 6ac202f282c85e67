"""Configuration from the environment or ``.env`` (see ``.env.example``)."""

from __future__ import annotations

from datetime import time
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

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

    # Scheduled messages, each in the recipient's own timezone.
    weekly_message_time: time = Field(default=time(8, 0), alias="COACH_WEEKLY_MESSAGE_TIME")
    reminder_time: time = Field(default=time(7, 0), alias="COACH_REMINDER_TIME")
    summary_time: time = Field(default=time(20, 0), alias="COACH_SUMMARY_TIME")
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
    inbox_retention_hours: float = Field(default=72.0, alias="COACH_INBOX_RETENTION_HOURS", gt=0)
    dialogue_timeout_seconds: float = Field(
        default=24 * 3600.0, alias="COACH_DIALOGUE_TIMEOUT", gt=0
    )

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

    @property
    def token(self) -> str | None:
        token = self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None
        return token or None

    @property
    def file_base_url(self) -> str:
        """PTB's file URL for the same server: ``.../bot`` becomes ``.../file/bot``."""
        base = self.telegram_api_base_url
        head, _, _ = base.rpartition("/bot")
        return f"{head}/file/bot"
