"""The SQLite adapter (storage/sqlite_driver.py): one trip to aiosqlite's thread per
statement, results as SQLAlchemy's own adapter gives them, and transactions that end
exactly as before. Counted by wrapping aiosqlite's one door to its thread."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError

from storage.db import ONE_STATEMENT, create_engine
from storage.tables import AthleteRow, TrainerRow
from tests.conftest import NOW, round_trips


@pytest.fixture
def trips() -> Iterator[list[str]]:
    """The name of every call that went to a database thread."""
    with round_trips("sqlite") as made:
        yield made


@pytest.fixture
async def engine(sqlite_url: str):
    engine = create_engine(sqlite_url)
    async with engine.connect() as connection:  # the pool holds one connection now
        await connection.scalar(text("SELECT 1"))
    yield engine
    await engine.dispose()


def _athlete(telegram_id: int) -> dict:
    return {
        "telegram_id": telegram_id,
        "name": f"Athlete {telegram_id}",
        "created_at": NOW,
        "updated_at": NOW,
    }


async def test_a_select_is_one_trip_and_returns_its_rows(engine, trips) -> None:
    async with engine.connect() as connection:
        await connection.scalar(text("SELECT 0"))  # after the BEGIN: one trip of its own
        trips.clear()
        rows = (await connection.execute(text("SELECT 1 AS one, 'x' AS two"))).all()
        assert trips == ["_run"]  # SQLAlchemy's own adapter: cursor, execute, fetch, close
    assert rows == [(1, "x")]
    assert rows[0]._fields == ("one", "two")


async def test_a_committed_transaction_of_one_statement_is_two_trips(engine, trips) -> None:
    trips.clear()
    async with engine.begin() as connection:
        result = await connection.execute(insert(AthleteRow).values(_athlete(1)))
        assert result.inserted_primary_key[0] is not None  # the last row id came back
    # BEGIN IMMEDIATE with the INSERT, then COMMIT; the pool's rollback-on-return finds
    # no transaction open and makes no trip.
    assert trips == ["_run", "_end"]


async def test_row_counts_of_one_statement_and_of_many(engine) -> None:
    async with engine.begin() as connection:
        await connection.execute(insert(AthleteRow), [_athlete(n) for n in range(10, 15)])
        changed = await connection.execute(
            update(AthleteRow).where(AthleteRow.telegram_id >= 12).values(name="Renamed")
        )
        assert changed.rowcount == 3
        many = await connection.execute(
            text("UPDATE athletes SET name = :name WHERE telegram_id = :tid"),
            [{"name": "A", "tid": 10}, {"name": "B", "tid": 11}, {"name": "C", "tid": 99}],
        )
        assert many.rowcount == 2


async def test_work_not_committed_is_rolled_back_when_the_connection_goes_back(
    engine, trips
) -> None:
    async with engine.connect() as connection:
        await connection.begin()
        await connection.execute(insert(AthleteRow).values(_athlete(2)))
        trips.clear()
    assert trips == ["_end"]  # the open transaction is rolled back, in one trip
    async with engine.connect() as connection:
        found = await connection.scalar(select(AthleteRow.id).where(AthleteRow.telegram_id == 2))
    assert found is None


async def test_a_failed_statement_still_lets_its_transaction_be_rolled_back(engine, trips) -> None:
    async with engine.connect() as connection:
        await connection.begin()
        await connection.execute(insert(AthleteRow).values(_athlete(3)))
        with pytest.raises(IntegrityError):
            await connection.execute(insert(AthleteRow).values(_athlete(3)))
        trips.clear()
        await connection.rollback()
        assert trips == ["_end"]
        with pytest.raises(OperationalError, match="no such table"):
            await connection.execute(text("SELECT * FROM no_such_table"))
    async with engine.connect() as connection:
        found = await connection.scalar(select(AthleteRow.id).where(AthleteRow.telegram_id == 3))
    assert found is None


async def test_a_commit_that_fails_leaves_nothing_behind(engine) -> None:
    """With foreign keys checked at COMMIT, a COMMIT can fail, and SQLite keeps that
    transaction open; SQLAlchemy takes it as ended. The connection must not go back to
    the pool inside it: the next unit of work would fail to begin, or commit its rows
    (SQLAlchemy's own aiosqlite adapter fails this)."""
    async with engine.connect() as connection:
        await connection.begin()
        await connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        await connection.execute(insert(AthleteRow).values(_athlete(4)))
        await connection.execute(
            insert(TrainerRow).values(
                athlete_id=999_999, name="Nobody", created_at=NOW, updated_at=NOW
            )
        )
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            await connection.commit()
    async with engine.begin() as connection:
        await connection.execute(insert(AthleteRow).values(_athlete(5)))
    async with engine.connect() as connection:
        found = set(await connection.scalars(select(AthleteRow.telegram_id)))
    assert found == {5}


async def test_one_read_begins_nothing_and_reads_while_another_writes(engine, trips) -> None:
    """The inbox's claim: one statement, one trip, and no wait for the write lock."""
    async with engine.begin() as writer:
        await writer.execute(insert(AthleteRow).values(_athlete(6)))  # holds the lock
        async with engine.connect() as reader:
            await reader.execution_options(**{ONE_STATEMENT: True})
            trips.clear()
            found = await reader.scalar(select(func.count()).select_from(AthleteRow))
            assert trips == ["_run"]
            assert found == 0  # the writer's row is not committed yet
            await reader.rollback()
            assert trips == ["_run"]  # nothing was begun, so nothing is rolled back


async def test_a_deferred_begin_still_takes_the_write_lock_before_the_statement(
    engine, sqlite_url: str
) -> None:
    """BEGIN IMMEDIATE goes with the first statement, and still comes first: while our
    transaction is open, another connection cannot take the write lock."""
    path = sqlite_url.removeprefix("sqlite+aiosqlite:///")
    async with engine.begin() as writer:
        await writer.execute(select(AthleteRow.id).limit(1))  # a read: BEGIN IMMEDIATE went
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


async def test_a_transaction_begun_and_ended_with_nothing_in_it_makes_no_trip(
    engine, trips
) -> None:
    trips.clear()
    async with engine.begin():
        pass
    async with engine.connect() as connection:
        await connection.begin()
        await connection.rollback()
    assert trips == []


async def test_a_begin_inside_an_open_transaction_fails_as_sqlite_would(engine) -> None:
    async with engine.connect() as connection:
        await connection.scalar(text("SELECT 1"))  # begun, and sent with this statement
        with pytest.raises(OperationalError, match="within a transaction"):
            await connection.exec_driver_sql("BEGIN")


async def test_results_read_in_parts_as_with_sqlalchemy_s_own_adapter(engine) -> None:
    """fetchmany() without a size reads the cursor's arraysize (1, the DB-API's
    default); partitions() too. Streaming (a server-side cursor) sends the BEGIN that
    waited, and reads the rows it committed before."""
    async with engine.begin() as connection:
        await connection.execute(insert(AthleteRow), [_athlete(n) for n in range(20, 25)])
    query = select(AthleteRow.telegram_id).order_by(AthleteRow.telegram_id)
    async with engine.connect() as connection:
        result = await connection.execute(query)
        assert result.fetchmany() == [(20,)]
        assert [len(part) for part in (await connection.execute(query)).partitions(2)] == [
            2,
            2,
            1,
        ]
        streamed = await connection.stream(query)
        assert [row[0] async for row in streamed] == [20, 21, 22, 23, 24]
