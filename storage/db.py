"""Engine and session factories. ``DATABASE_URL`` picks SQLite or PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
import weakref
from collections.abc import AsyncIterator

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from storage import sqlite_driver

SQLITE_BUSY_TIMEOUT_MS = 5000
# Execution option of a session that only reads (SqlUnitOfWork.reading()).
READ_ONLY = "coach_read_only"
# Execution option of a connection that runs one statement and nothing else (the inbox's
# claim, store and mark): on SQLite it begins no transaction, as one statement is atomic
# and a snapshot of its own (two trips to the database thread fewer).
ONE_STATEMENT = "coach_one_statement"
# A server connection back in the pool for longer than this gets a round trip before it
# is handed out again (a firewall's idle timeout drops a connection silently); see
# _check_out.
PING_AFTER_IDLE_SECONDS = 5.0
PING_TIMEOUT_SECONDS = 5.0  # a connection dropped without a word may never answer
# The bot's SQLite connections checkpoint from a task of their own
# (storage/checkpoints.py); should it stop, a commit still checkpoints once the log
# holds this many pages (40 MB), where SQLite's own default is 1,000.
CHECKPOINT_FALLBACK_PAGES = 10_000
_RETURNED_AT = "coach_returned_at"
_AUTOCOMMITTING = "_coach_autocommitting"


def create_engine(
    database_url: str,
    *,
    echo: bool = False,
    pool_size: int | None = None,
    background_checkpoints: bool = False,
) -> AsyncEngine:
    """An async engine; SQLite connections get WAL, foreign keys and a busy timeout.

    ``pool_size``: connections kept for a server database (the bot passes one per inbox
    worker, each held for a whole update, plus a few for everything else).
    ``background_checkpoints``: SQLite's connections leave WAL checkpoints to
    ``storage.checkpoints.Checkpoints``, which the caller runs."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        engine = create_async_engine(
            url,
            echo=echo,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            module=sqlite_driver.dbapi(),  # a statement is one trip to aiosqlite's thread
        )
        event.listen(engine.sync_engine, "connect", _configure_sqlite_connection)
        if background_checkpoints:
            event.listen(engine.sync_engine, "connect", _no_automatic_checkpoints)
        # aiosqlite's own transaction handling would begin lazily; we start
        # transactions ourselves so that BEGIN is issued before the first read.
        event.listen(engine.sync_engine, "begin", _begin_sqlite_transaction)
        return engine
    sizing = {} if pool_size is None else {"pool_size": pool_size, "max_overflow": pool_size}
    engine = create_async_engine(url, echo=echo, **sizing)
    event.listen(engine.sync_engine, "checkout", _check_out)
    event.listen(engine.sync_engine, "checkin", _note_returned)
    event.listen(engine.sync_engine, "connect", _note_returned)  # new: alive, unpinged
    return engine


def _check_out(dbapi_connection, record, _proxy) -> None:
    """SQLAlchemy's ``pool_pre_ping``, made cheap for the connections that need none.

    Its ping on asyncpg is three round trips (BEGIN, ``;``, ROLLBACK) on every checkout,
    and a Done tap takes two connections: 0.9 of its 3.3 ms, one tap at a time. Here a
    connection the database closed (a restart, ``pg_terminate_backend``) is known
    without a round trip: asyncpg saw the socket close. Only one that sat in the pool
    for a while, which a firewall may have dropped without a word, is pinged, with one
    round trip. Either way a dead connection is replaced before anyone uses it
    (``DisconnectionError`` makes the pool open a new one); a connection that dies
    between its check and its first statement fails that statement, and SQLAlchemy
    discards the pool's older connections with it.
    """
    if _closed_by_database(dbapi_connection.driver_connection):
        raise DisconnectionError("the database closed this connection")
    returned_at = record.info.get(_RETURNED_AT)
    if returned_at is not None and time.monotonic() - returned_at < PING_AFTER_IDLE_SECONDS:
        return
    try:
        dbapi_connection.run_async(
            lambda connection: connection.fetchrow(";", timeout=PING_TIMEOUT_SECONDS)
        )
    except Exception as error:
        raise DisconnectionError("the database closed this connection") from error


def _closed_by_database(driver_connection) -> bool:
    return driver_connection.is_closed()


def _note_returned(_dbapi_connection, record) -> None:
    if record is not None:
        record.info[_RETURNED_AT] = time.monotonic()


def autocommitting(engine: AsyncEngine) -> AsyncEngine:
    """``engine`` with connections that commit each statement by itself (PostgreSQL's
    AUTOCOMMIT: no BEGIN and COMMIT round trips), sharing its pool. Made once per engine:
    it is asked for on every Done tap, and making one adds event listeners each time."""
    made = engine.sync_engine.__dict__.get(_AUTOCOMMITTING)
    if made is None:
        made = engine.execution_options(isolation_level="AUTOCOMMIT")
        engine.sync_engine.__dict__[_AUTOCOMMITTING] = made
    return made


def _configure_sqlite_connection(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the driver, decide when transactions begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")  # an in-memory database answers "memory"
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # SQLite's own lower() folds ASCII only; names like "Жим лёжа" must match as on
    # PostgreSQL, so lower() is Python's.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _no_automatic_checkpoints(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_FALLBACK_PAGES}")
    cursor.close()


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _begin_sqlite_transaction(connection) -> None:
    # IMMEDIATE takes the write lock at BEGIN, so two writers wait on the busy
    # timeout instead of failing later with "database is locked" on upgrade. A unit of
    # work that only reads begins DEFERRED: under WAL it reads its snapshot while
    # someone else writes, without waiting for the lock. A single read needs no BEGIN
    # at all, nor does a single write (two trips to the database thread fewer,
    # storage/sqlite_driver.py).
    options = connection.get_execution_options()
    if options.get(ONE_STATEMENT):
        return  # SQLite runs the one statement in a transaction of its own
    if options.get(READ_ONLY):
        connection.exec_driver_sql("BEGIN DEFERRED")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


_WRITE_LOCKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@contextlib.asynccontextmanager
async def writing(engine: AsyncEngine) -> AsyncIterator[None]:
    """Hold this process's turn to write, around a transaction that will write.

    SQLite has one writer at a time. Writers that meet at its lock wait in its busy
    handler, which sleeps in growing steps (up to 100 ms) rather than waking when the
    lock is free: under a burst of updates most of the time went to those sleeps. So
    this process's writers queue here instead, in order, and meet SQLite's lock only
    when another process writes. On a server database (row locks, no single writer)
    this does nothing."""
    if engine.dialect.name != "sqlite":
        yield
        return
    per_loop = _WRITE_LOCKS.setdefault(engine.sync_engine, weakref.WeakKeyDictionary())
    lock = per_loop.setdefault(asyncio.get_running_loop(), asyncio.Lock())
    try:
        await asyncio.wait_for(lock.acquire(), SQLITE_BUSY_TIMEOUT_MS / 1000)
    except TimeoutError:
        # What SQLite itself says after its busy timeout; a nested writer (a bug) ends here.
        raise sqlite3.OperationalError("database is locked") from None
    try:
        yield
    finally:
        lock.release()


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)
