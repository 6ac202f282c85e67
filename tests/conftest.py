"""Databases for the tests: every storage and service test runs on SQLite and PostgreSQL.

PostgreSQL tests use a database of their own with a random name, created once per
run and dropped at the end, so that runs never collide. Where no server answers
they are skipped with the reason, unless COACH_REQUIRE_POSTGRES=1 (CI) makes that
a failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import aiosqlite
import asyncpg
import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from core import models
from core.plan_sources import SourceRef
from core.services import invites, publishing, trainers
from core.services import people as people_service
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.tables import Base
from storage.uow import SqlUnitOfWork

POSTGRES_SERVER = os.environ.get("COACH_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("COACH_REQUIRE_POSTGRES") == "1"

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(POSTGRES_SERVER, timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _asyncpg_url(database: str) -> str:
    base, _, _ = POSTGRES_SERVER.rpartition("/")
    return base.replace("postgresql://", "postgresql+asyncpg://", 1) + "/" + database


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh migrated PostgreSQL database for this run (skipped where no server answers)."""
    name = f"coach_test_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError) as error:
        message = f"PostgreSQL not reachable at {POSTGRES_SERVER}: {error!r}"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    url = _asyncpg_url(name)
    try:
        upgrade(url)
        yield url
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (cheaper than migrating each time)."""
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A migrated SQLite database of this test's own."""
    path = tmp_path / "coach.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    if engine.dialect.name == "postgresql":
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        async with engine.begin() as connection:
            await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield engine
    await engine.dispose()


@pytest.fixture
def uow(engine: AsyncEngine) -> Callable[[], SqlUnitOfWork]:
    """A factory of units of work: services get a fresh one per call."""
    session_factory = create_session_factory(engine)
    return lambda: SqlUnitOfWork(session_factory)


class StatementCounter:
    def __init__(self, engine: AsyncEngine) -> None:
        self.count = 0
        self._engine = engine

    def __enter__(self) -> StatementCounter:
        event.listen(self._engine.sync_engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc_info: object) -> None:
        event.remove(self._engine.sync_engine, "before_cursor_execute", self._count)

    def _count(self, *args: object, **kwargs: object) -> None:
        self.count += 1


@pytest.fixture
def count_statements(engine: AsyncEngine) -> Callable[[], StatementCounter]:
    return lambda: StatementCounter(engine)


class People:
    """Registers users through the services, as the bot would on first contact."""

    def __init__(self, uow: Callable[[], SqlUnitOfWork]) -> None:
        self._uow = uow
        self._next_telegram_id = 1000

    async def person(self, name: str, *, admin: bool = False) -> models.Actor:
        self._next_telegram_id += 1
        return await people_service.identify(
            self._uow(),
            telegram_id=self._next_telegram_id,
            name=name,
            username=name.lower(),
            is_admin=admin,
            now=NOW,
        )

    async def refresh(self, actor: models.Actor) -> models.Actor:
        """The actor as the database knows them now (trainer links change)."""
        return await people_service.identify(
            self._uow(),
            telegram_id=actor.athlete.telegram_id,
            name=actor.athlete.name,
            username=actor.athlete.username,
            is_admin=actor.is_admin,
            now=NOW,
        )

    async def trainer(self, name: str) -> models.Actor:
        self._next_telegram_id += 1
        await trainers.add_trainer(
            self._uow(), telegram_id=self._next_telegram_id, name=name, now=NOW
        )
        return await self.refresh_by_telegram_id(self._next_telegram_id, name)

    async def refresh_by_telegram_id(self, telegram_id: int, name: str) -> models.Actor:
        return await people_service.identify(
            self._uow(),
            telegram_id=telegram_id,
            name=name,
            username=name.lower(),
            is_admin=False,
            now=NOW,
        )

    async def athlete_of(self, trainer: models.Actor, name: str) -> models.Actor:
        """A new athlete who joined ``trainer`` through their invite link."""
        athlete = await self.person(name)
        invite = await invites.create_athlete_invite(self._uow(), trainer, NOW)
        await invites.redeem(self._uow(), athlete, invite.payload, NOW)
        return await self.refresh(athlete)


@pytest.fixture
def users(uow: Callable[[], SqlUnitOfWork]) -> People:
    return People(uow)


async def publish_program(
    uow: SqlUnitOfWork,
    actor,
    *,
    program_id: int,
    athlete_id: int,
    week_start: date,
    now: datetime,
    start_index: int = 1,
) -> publishing.AthleteOutcome:
    """The one-athlete case of publishing to many: the program week and its outcome."""
    outcomes = [
        outcome
        async for outcome in publishing.publish(
            uow,
            actor,
            SourceRef("program", program_id, start_index),
            athlete_ids=[athlete_id],
            group_ids=[],
            first_week=week_start,
            now=now,
        )
    ]
    assert len(outcomes) == 1
    return outcomes[0]


@contextlib.contextmanager
def round_trips(dialect: str) -> Iterator[list[str]]:
    """Trips to the database meanwhile, by anyone: on SQLite the calls that go to
    aiosqlite's thread (by the function sent); on PostgreSQL what asyncpg sends besides
    the statements (BEGIN, COMMIT, ROLLBACK, and PING for the liveness ping)."""
    made: list[str] = []
    with pytest.MonkeyPatch.context() as patch:

        def counting(cls: type, name: str, label: Callable[[tuple], str]) -> None:
            original = getattr(cls, name)

            async def counted(driver, *args, **kwargs):
                made.append(label(args))
                return await original(driver, *args, **kwargs)

            patch.setattr(cls, name, counted)

        if dialect == "sqlite":
            counting(
                aiosqlite.Connection, "_execute", lambda a: getattr(a[0], "__name__", repr(a[0]))
            )
        else:
            # "COMMIT;" is COMMIT
            counting(asyncpg.Connection, "execute", lambda a: a[0].split()[0].rstrip(";").upper())
            counting(asyncpg.Connection, "fetchrow", lambda args: "PING")
        yield made
