"""End-to-end harness: the real python-telegram-bot stack over HTTP against the local Bot API."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.app import ALLOWED_UPDATES, build_application
from bot.clock import SettableClock
from bot.fake_api import FakeBotApiServer, FakeUser
from bot.settings import Settings

os.environ.setdefault("PTB_TIMEDELTA", "true")

ADMIN_ID = 1
START = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday morning


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApiServer]:
    async with FakeBotApiServer() as server:
        yield server


@pytest.fixture
def bot_database_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "bot.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(START)


def make_settings(api: FakeBotApiServer, database_url: str, **extra: object) -> Settings:
    values = {
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "DATABASE_URL": database_url,
        "COACH_ADMIN_IDS": str(ADMIN_ID),
        **extra,
    }
    return Settings(_env_file=None, **values)


class RunningBot:
    """``coach run`` in-process: build, start polling, stop cleanly (flushing persistence)."""

    def __init__(self, settings: Settings, clock: SettableClock) -> None:
        self.settings = settings
        self.clock = clock
        self.application: Application | None = None

    async def start(self) -> RunningBot:
        self.application = build_application(self.settings, clock=self.clock)
        await self.application.initialize()
        await self.application.start()
        await self.application.updater.start_polling(
            poll_interval=0, timeout=5, allowed_updates=ALLOWED_UPDATES
        )
        return self

    async def stop(self) -> None:
        if self.application is None:
            return
        application, self.application = self.application, None
        await application.updater.stop()
        await application.stop()
        await application.shutdown()

    async def restart(self) -> None:
        await self.stop()
        await self.start()


@pytest.fixture
async def coach_bot(
    api: FakeBotApiServer, bot_database_url: str, clock: SettableClock
) -> AsyncIterator[RunningBot]:
    running = RunningBot(make_settings(api, bot_database_url), clock)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
def admin(api: FakeBotApiServer) -> FakeUser:
    return api.user(ADMIN_ID, "Ada", username="ada_admin")


async def ask(user: FakeUser, text: str):
    """Send a message and return the bot's next message to that user."""
    await user.send(text)
    return await user.next_message()
