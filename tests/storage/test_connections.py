"""PostgreSQL connections out of the pool (``storage.db._check_out``): one the database
closed is replaced without a round trip, one that sat idle is pinged first, one that
came back moments ago is handed out as it is."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from sqlalchemy import event, text

from storage import db


@pytest.fixture
async def engine(postgres_url: str):
    engine = db.create_engine(postgres_url, pool_size=1)
    yield engine
    await engine.dispose()


class RoundTrips:
    """Everything sent on the pool's connections, statements and pings alike (asyncpg's
    own ``fetchrow``, which the ping uses, is below SQLAlchemy's events)."""

    def __init__(self, engine, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sent: list[str] = []
        original = asyncpg.Connection.fetchrow

        async def fetchrow(connection, query, *args, **kwargs):
            self.sent.append(query)
            return await original(connection, query, *args, **kwargs)

        monkeypatch.setattr(asyncpg.Connection, "fetchrow", fetchrow)
        event.listen(engine.sync_engine, "before_cursor_execute", self._statement)

    def _statement(self, _conn, _cursor, statement: str, *_args: object) -> None:
        self.sent.append(statement)


async def _backend(engine) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(text("SELECT pg_backend_pid()"))


async def _drop(engine, pid: int) -> None:
    """What a database restart does to the pool's connection: the server closes it."""
    other = db.create_engine(engine.url.render_as_string(hide_password=False))
    try:
        async with other.connect() as connection:
            assert await connection.scalar(text(f"SELECT pg_terminate_backend({pid})"))
    finally:
        await other.dispose()


async def test_a_connection_back_moments_ago_is_handed_out_without_a_ping(
    engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await _backend(engine)  # a new connection: alive, not pinged
    trips = RoundTrips(engine, monkeypatch)
    assert [await _backend(engine) for _ in range(3)] == [first] * 3
    assert trips.sent == ["SELECT pg_backend_pid()"] * 3


async def test_a_connection_the_database_closed_is_replaced_before_anyone_uses_it(
    engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with engine.connect() as connection:
        first = await connection.scalar(text("SELECT pg_backend_pid()"))
        driver = (await connection.get_raw_connection()).driver_connection
    await _drop(engine, first)
    for _ in range(100):  # asyncpg notices the closed socket as its event loop runs
        if driver.is_closed():
            break
        await asyncio.sleep(0.01)
    trips = RoundTrips(engine, monkeypatch)
    second = await _backend(engine)  # no error, and no ping: the socket said it
    assert second not in (first, None)
    assert trips.sent == ["SELECT pg_backend_pid()"]


async def test_an_idle_connection_is_pinged_and_replaced_when_dead(
    engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await _backend(engine)
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)  # it has sat idle long enough
    trips = RoundTrips(engine, monkeypatch)
    assert await _backend(engine) == first  # pinged, alive, handed out
    assert trips.sent == [";", "SELECT pg_backend_pid()"]

    # A connection dropped without a word (a firewall's idle timeout): the socket looks
    # open, and only the ping finds it dead.
    monkeypatch.setattr(db, "_closed_by_database", lambda driver: False)
    await _drop(engine, first)
    trips.sent.clear()
    second = await _backend(engine)
    assert second not in (first, None)
    assert trips.sent[0] == ";" and trips.sent[-1] == "SELECT pg_backend_pid()"
