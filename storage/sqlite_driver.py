"""SQLAlchemy's aiosqlite adapter, with one trip to the database thread per statement.

aiosqlite runs each SQLite call on a thread of its own, and every call is a round trip:
the event loop queues it, the thread wakes, runs it, and wakes the loop again (about
50 µs of CPU each on our machines, whatever the call does). SQLAlchemy's adapter makes
four such trips for a SELECT (open a cursor, execute, fetch all, close) and three for
any other statement. This one makes one: the cursor is opened, executed, read to the
end and closed on the database thread in a single call, and the rows, description,
row count and last row id come back together, with whether a transaction is open
afterwards. So a commit or rollback with no transaction open (SQLite would do nothing)
makes no trip either: SQLAlchemy's pool rolls back every connection it takes back,
after a commit too. And a transaction's BEGIN (storage.db sends its own) waits for the
transaction's first statement and goes in its trip: a committed transaction of one
statement is two trips, where SQLAlchemy's adapter makes eight.

Only what SQLAlchemy's cursor adapter does differently is replaced; the connection,
the dialect and aiosqlite's thread are the library's own. ``storage.db.create_engine``
passes this module's DBAPI to every SQLite engine (``module=``).
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_


def _run(raw: sqlite3.Connection, operation: str, parameters: Any, many: bool, begin: str | None):
    """On the database thread: the transaction's BEGIN if it waits to be sent, then the
    whole statement, start to end."""
    if begin is not None:
        raw.execute(begin)
    cursor = raw.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else ()
        return description, rows, cursor.rowcount, cursor.lastrowid, raw.in_transaction
    finally:
        cursor.close()


def _begin_now(raw: sqlite3.Connection, begin: str) -> None:
    raw.execute(begin).close()


def _end(raw: sqlite3.Connection, commit: bool) -> bool:
    """On the database thread: commit or roll back; whether a transaction is still open.

    A COMMIT that fails (a deferred foreign key, say) leaves SQLite's transaction open,
    while SQLAlchemy takes a failed commit as the end of it and would hand the
    connection out again still inside it: the next unit of work would commit both. So
    a failed commit is rolled back here, as on other databases."""
    if not commit:
        raw.rollback()
        return raw.in_transaction
    try:
        raw.commit()
    except BaseException:
        if raw.in_transaction:
            raw.rollback()
        raise
    return raw.in_transaction


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor that holds a finished statement's results; it opens nothing itself."""

    __slots__ = ("_arraysize", "_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # No aiosqlite cursor is opened here (that would be a trip of its own).
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description = None
        self._rowcount = -1
        self._lastrowid = None
        self._arraysize = 1  # the DB-API's default, as sqlite3's cursor has it

    @property
    def description(self):
        return self._description

    @property
    def arraysize(self) -> int:  # fetchmany() without a size reads it
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self):
        return self._lastrowid

    async def _execute_async(self, operation: str, parameters: Any) -> None:
        await self._statement(operation, parameters, many=False)

    async def _executemany_async(self, operation: str, seq_of_parameters: Any) -> None:
        await self._statement(operation, seq_of_parameters, many=True)

    async def _statement(self, operation: str, parameters: Any, *, many: bool) -> None:
        connection, adapted = self._connection, self._adapt_connection
        async with adapted._execute_mutex:
            if not parameters and not many and adapted.defers(operation):
                self._description, self._rowcount, self._lastrowid = None, -1, None
                self._rows = collections.deque()
                return
            begin, adapted.pending_begin = adapted.pending_begin, None
            try:
                (
                    description,
                    rows,
                    rowcount,
                    lastrowid,
                    adapted.in_transaction,
                ) = await connection._execute(
                    _run, connection._conn, operation, parameters, many, begin
                )
            except BaseException:
                adapted.in_transaction = True  # not known: the next rollback is made
                raise
        self._description, self._rowcount, self._lastrowid = description, rowcount, lastrowid
        self._rows = collections.deque(rows)

    async def _async_soft_close(self) -> None:
        return None  # nothing is open on the database thread

    def close(self) -> None:
        self._rows.clear()


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    # in_transaction: whether SQLite has a transaction open on this connection, as of
    # its last trip; True where that is not known (at first, after an error, a
    # server-side cursor). pending_begin: a BEGIN not sent yet; it goes with the
    # transaction's first statement, in that statement's trip.
    __slots__ = ("in_transaction", "pending_begin")
    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.in_transaction = True
        self.pending_begin: str | None = None

    def defers(self, operation: str) -> bool:
        """Keep a BEGIN for the next statement's trip, where no transaction is open (as
        far as is known; otherwise it goes now, and fails as SQLite would)."""
        if self.in_transaction or operation.lstrip()[:5].upper() != "BEGIN":
            return False
        self.pending_begin, self.in_transaction = operation, True
        return True

    def cursor(self, server_side: bool = False):
        if server_side:
            if self.pending_begin is not None:  # the library's cursor would not send it
                begin, self.pending_begin = self.pending_begin, None
                connection = self._connection
                try:
                    await_(connection._execute(_begin_now, connection._conn, begin))
                except Exception as error:
                    self._handle_exception(error)
            self.in_transaction = True  # the library's own cursor: it tells us nothing
        return super().cursor(server_side)

    def commit(self) -> None:
        self._end(commit=True)

    def rollback(self) -> None:
        self._end(commit=False)

    def _end(self, *, commit: bool) -> None:
        connection = self._connection
        if self.pending_begin is not None:  # begun and ended with nothing in between
            self.pending_begin, self.in_transaction = None, False
            return
        if not connection._connection or not self.in_transaction:
            return  # closed, or nothing to end: SQLite would do nothing either
        try:
            self.in_transaction = await_(connection._execute(_end, connection._conn, commit))
        except Exception as error:
            self.in_transaction = True
            self._handle_exception(error)


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def dbapi() -> OneTripDBAPI:
    return OneTripDBAPI(aiosqlite, sqlite3)
