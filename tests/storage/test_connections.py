"""PostgreSQL connections out of the pool (storage.db._ping_if_idle): one that sat idle
is checked before it is handed out, one that came back moments ago is not, and a
connection the database dropped costs at most one failed statement."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection
from sqlalchemy.exc import DBAPIError

from storage import db


@pytest.fixture
async def engine(postgres_url: str):
    engine = db.create_engine(postgres_url, pool_size=1)
    yield engine
    await engine.dispose()


@pytest.fixture
def pings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    made: list[int] = []
    original = AsyncAdapt_asyncpg_connection.ping

    def counted(self):
        made.append(1)
        return original(self)

    monkeypatch.setattr(AsyncAdapt_asyncpg_connection, "ping", counted)
    return made


async def _backend(engine) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(text("SELECT pg_backend_pid()"))


async def _drop(engine, pid: int) -> None:
    """What a database restart does to the pool's connection: the server closes it."""
    other = db.create_engine(str(engine.url.render_as_string(hide_password=False)))
    try:
        async with other.connect() as connection:
            assert await connection.scalar(text(f"SELECT pg_terminate_backend({pid})"))
    finally:
        await other.dispose()


async def test_a_connection_back_moments_ago_is_handed_out_without_a_ping(engine, pings) -> None:
    first = await _backend(engine)  # a new connection: pinged once
    pings.clear()
    assert [await _backend(engine) for _ in range(3)] == [first] * 3
    assert pings == []


async def test_an_idle_connection_is_pinged_and_replaced_when_the_database_dropped_it(
    engine, pings, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await _backend(engine)
    await _drop(engine, first)
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)  # it has sat idle long enough
    pings.clear()
    second = await _backend(engine)  # no error: the ping found it dead, a new one came
    assert second != first
    assert len(pings) >= 1


async def test_a_connection_dropped_right_after_use_fails_once_then_the_pool_recovers(
    engine, pings
) -> None:
    first = await _backend(engine)
    await _drop(engine, first)
    with pytest.raises(DBAPIError) as failed:
        await _backend(engine)
    assert failed.value.connection_invalidated
    assert await _backend(engine) not in (first, None)
