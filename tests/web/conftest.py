"""The web app over HTTP (httpx's ASGI transport) on a real database, both of them."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime

import httpx
import pytest

from bot.clock import SettableClock
from core import models
from core.services.completion import LoggedExercise, WorkoutChange
from local_bot_api import FakeBotApiServer
from storage.uow import SqlUnitOfWork
from tests.conftest import NOW, People
from web.app import create_app, web_routes
from web.auth import sign_init_data
from web.context import WebContext

BOT_TOKEN = "123456:TEST-token_for-the-mini-app"
OTHER_TOKEN = "654321:another-bots-token"


@dataclass
class RecordedNotices:
    """The web adapter's notices, kept: what the bot would have been asked to send."""

    plans: list[tuple[int, int]] = field(default_factory=list)  # (athlete id, plan id)
    changes: list[WorkoutChange] = field(default_factory=list)
    logs: list[LoggedExercise] = field(default_factory=list)

    async def plan_published(self, actor, plan, athlete) -> bool:
        self.plans.append((athlete.id, plan.id))
        return True

    async def workout_changed(self, change: WorkoutChange) -> None:
        self.changes.append(change)

    async def exercise_logged(self, actor, logged: LoggedExercise) -> None:
        self.logs.append(logged)


def init_data(
    actor: models.Actor | int,
    *,
    token: str = BOT_TOKEN,
    auth_date: datetime = NOW,
    first_name: str | None = None,
    language_code: str = "en",
) -> str:
    telegram_id = actor if isinstance(actor, int) else actor.athlete.telegram_id
    name = first_name or (str(telegram_id) if isinstance(actor, int) else actor.athlete.name)
    user = {"id": telegram_id, "first_name": name, "language_code": language_code}
    if not isinstance(actor, int) and actor.athlete.username:
        user["username"] = actor.athlete.username
    return sign_init_data(
        {
            "query_id": "AAH-test",
            "user": json.dumps(user, separators=(",", ":")),
            "auth_date": str(int(auth_date.timestamp())),
        },
        token,
    )


def tma(actor: models.Actor | int, **kwargs) -> dict[str, str]:
    return {"Authorization": f"tma {init_data(actor, **kwargs)}"}


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApiServer]:
    async with FakeBotApiServer() as server:
        yield server


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(NOW)


@pytest.fixture
def notices() -> RecordedNotices:
    return RecordedNotices()


@pytest.fixture
def web_context(
    uow: Callable[[], SqlUnitOfWork], clock: SettableClock, notices: RecordedNotices
) -> WebContext:
    return WebContext(uow=uow, clock=clock, bot_token=BOT_TOKEN, notices=notices)


@pytest.fixture
async def client(web_context: WebContext) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(web_routes(web_context))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://coach.test") as http:
        yield http


@dataclass
class Team:
    """The people the API tests act as."""

    tom: models.Actor  # a trainer
    ann: models.Actor  # Tom's athletes
    ben: models.Actor
    kim: models.Actor  # another trainer
    cid: models.Actor  # Kim's athlete
    ada: models.Actor  # an admin who is no trainer


@pytest.fixture
async def team(users: People) -> Team:
    tom = await users.trainer("Tom")
    kim = await users.trainer("Kim")
    return Team(
        tom=tom,
        ann=await users.athlete_of(tom, "Ann"),
        ben=await users.athlete_of(tom, "Ben"),
        kim=kim,
        cid=await users.athlete_of(kim, "Cid"),
        ada=await users.person("Ada", admin=True),
    )


@pytest.fixture
def admin_context(web_context, team: Team):
    web_context.admin_ids = frozenset({team.ada.athlete.telegram_id})
    return web_context


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Marks a test whose body failed, so that its fixtures can keep evidence (screenshots)."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        item.failed_call = True
