"""End-to-end harness: the real python-telegram-bot stack over HTTP against the local Bot API."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from telegram.ext import Application

from bot.clock import SettableClock
from bot.service import TelegramService
from bot.settings import Settings
from local_bot_api import FakeBotApiServer, FakeUser
from storage.db import create_engine
from storage.tables import Base
from tests.sample_plans import PRODUCT_EXAMPLE

os.environ.setdefault("PTB_TIMEDELTA", "true")

ADMIN_ID = 1
START = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday morning


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApiServer]:
    async with FakeBotApiServer() as server:
        yield server


@pytest.fixture
def bot_database_url(sqlite_url: str) -> str:
    return sqlite_url


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
    """``coach run`` in-process: the same TelegramService, polling through the update inbox."""

    def __init__(self, settings: Settings, clock: SettableClock) -> None:
        self.settings = settings
        self.clock = clock
        self.service: TelegramService | None = None

    @property
    def application(self) -> Application | None:
        return self.service.application if self.service else None

    async def start(self) -> RunningBot:
        self.service = await TelegramService(self.settings, clock=self.clock).start()
        return self

    async def stop(self) -> None:
        service, self.service = self.service, None
        if service is not None:
            await service.stop()

    async def settled(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Until every update received so far is processed. Different chats are handled
        in parallel, so a test that needs one chat's update to land before another
        chat's acts waits for this first."""
        assert self.service is not None and self.service.inbox is not None
        async with asyncio.timeout(timeout):
            # The inbox is a database table: a bounded re-check is what there is.
            while (await self.service.inbox.inbox.counts()).pending:  # noqa: ASYNC110
                await asyncio.sleep(0.02)

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
async def any_coach_bot(
    api: FakeBotApiServer, any_bot_database_url: str, clock: SettableClock
) -> AsyncIterator[RunningBot]:
    """``coach_bot`` on each database in turn, SQLite and PostgreSQL."""
    running = RunningBot(make_settings(api, any_bot_database_url), clock)
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


async def wait_text(user: FakeUser, fragment: str, timeout: float = 5.0):  # noqa: ASYNC109
    """Read on until a bot message (new or edited) contains ``fragment``."""
    return await user.wait_for(lambda m: fragment in m.text, timeout)


def start_payload(link_message_text: str) -> str:
    """The payload of the first https://t.me/...?start=... link in a message."""
    return link_message_text.split("?start=", 1)[1].split()[0]


async def committed(user: FakeUser) -> None:
    """Returns once everything ``user`` sent so far is committed.

    On PostgreSQL an update's replies go out just before its transaction commits, so
    another chat can act on a reply before the change is visible to it. A chat's updates
    are handled in order, each only after the one before it committed. So the bot's
    answer to a press sent now (a button nobody handles: it only answers, "expired")
    comes after that commit."""
    press = await user.press_data("committed?")
    await press.answer()


async def make_trainer(admin: FakeUser, person: FakeUser) -> None:
    """The admin's /addtrainer link, opened by ``person``."""
    await admin.send("/addtrainer")
    link = await wait_text(admin, "?start=")
    await committed(admin)  # the link is sent just before its invite commits
    await person.send(f"/start {start_payload(link.text)}")
    await wait_text(person, "You're a trainer now")
    await committed(person)


async def invite_athletes(trainer: FakeUser, *athletes: FakeUser) -> None:
    await trainer.send("/invite")
    link = await wait_text(trainer, "?start=")
    await committed(trainer)  # the link is sent just before its invite commits
    payload = start_payload(link.text)
    for athlete in athletes:
        await athlete.send(f"/start {payload}")
        await wait_text(athlete, "You're now coached by")
        await wait_text(trainer, f"{athlete.account.first_name} joined you")
        await committed(athlete)


PLAN = PRODUCT_EXAMPLE


async def pick_week(trainer: FakeUser, athlete_name: str, week: str):
    """/plan up to the week choice; returns the bot's answer to that choice."""
    await trainer.send("/plan")
    await wait_text(trainer, "Whose week")
    await trainer.press(athlete_name)
    await wait_text(trainer, "Which week")
    await trainer.press(week)
    return await trainer.wait_for(lambda m: "Send the plan" in m.text or "can't be" in m.text)


async def publish_plan(
    trainer: FakeUser, athlete_name: str, week: str = "This week", text: str = PLAN
):
    await pick_week(trainer, athlete_name, week)
    await trainer.send(text)
    await wait_button(trainer, "✅ Publish")  # a long preview comes in several messages
    await trainer.press("✅ Publish")
    return await wait_text(trainer, "Published")


async def wait_button(user: FakeUser, label: str, timeout: float = 5.0):  # noqa: ASYNC109
    """Read on until a bot message (new or edited) shows a button labelled ``label``."""
    return await user.wait_for(lambda m: any(label in row for row in m.button_labels), timeout)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_bot_database_url(request: pytest.FixtureRequest) -> str:
    """The bot's database, on SQLite and (emptied) on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    url = request.getfixturevalue("postgres_url")
    asyncio.run(_truncate(url))
    return url


async def _truncate(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await engine.dispose()
