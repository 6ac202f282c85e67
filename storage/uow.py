"""The unit of work: one session, its repositories, rollback unless committed.

Inside ``joined(connection)`` (the update inbox on PostgreSQL), every unit of work
joins that connection's transaction instead: ``commit`` makes its changes part of the
update's transaction, which commits once, with the update's processed mark. A unit
of work that wrote and did not commit (a failed step) rolls the whole transaction
back, and ``JoinedTransaction.broken`` says so to the inbox.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from types import TracebackType

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from storage.api_tokens import ApiTokenRepository
from storage.attention import AttentionRepository
from storage.db import READ_ONLY, autocommitting, writing
from storage.deliveries import DeliveryRepository
from storage.direct import WROTE
from storage.exports import ExportRepository
from storage.messages import MessageRepository
from storage.plan_edits import PlanEditRepository
from storage.programs import ProgramRepository
from storage.repositories import (
    AthleteRepository,
    InviteRepository,
    LogRepository,
    PlanRepository,
    SummaryRepository,
    TrainerRepository,
)
from storage.rosters import GroupRepository, PublishingRepository, TemplateRepository
from storage.weekly import CheckInRepository, NoticeRepository, WeekLogRepository


@dataclass
class JoinedTransaction:
    connection: AsyncConnection
    task: asyncio.Task | None  # only this task joins: one connection, one user at a time
    # Run at once after a failed step rolled the whole transaction back: the inbox takes
    # its update's row lock again, in the new transaction, before anything else runs.
    relock: Callable[[AsyncConnection], Awaitable[bool]] | None = None
    active: bool = True
    broken: bool = False  # rolled back by a unit of work that failed after writing
    lost: bool = False  # ... and someone else holds the update now: this run must stop

    def joins(self) -> bool:
        return self.active and not self.lost and asyncio.current_task() is self.task

    async def rolled_back(self) -> None:
        self.broken = True
        if self.relock is not None and not await self.relock(self.connection):
            self.lost = True


_joined: ContextVar[JoinedTransaction | None] = ContextVar("coach_joined_uow", default=None)


@contextlib.contextmanager
def joined(
    connection: AsyncConnection,
    relock: Callable[[AsyncConnection], Awaitable[bool]] | None = None,
) -> Iterator[JoinedTransaction]:
    """Units of work opened in this task join ``connection``'s transaction. Tasks spawned
    from it (a handler with block=False) inherit the context but use their own sessions."""
    transaction = JoinedTransaction(connection, asyncio.current_task(), relock)
    token = _joined.set(transaction)
    try:
        yield transaction
    finally:
        transaction.active = False
        _joined.reset(token)


def _note_write(session, _flush_context) -> None:
    session.info[WROTE] = True


def _note_statement(state) -> None:
    """An UPDATE, DELETE or INSERT run directly (no flush) is a write too."""
    if state.is_update or state.is_delete or state.is_insert:
        state.session.info[WROTE] = True


def _refuse_writes(session, _flush_context, _instances) -> None:
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("a unit of work opened with reading() cannot change anything")


# Listeners on a session class are registered once; event.listen on each session took
# 0.1 ms a unit of work, and a Done tap opens them inside the update's transaction.
class _JoinedSession(Session):
    """A unit of work's session inside the inbox's update transaction."""


class _ReadingSession(Session):
    """A unit of work's session opened with ``reading()``."""


event.listen(_JoinedSession, "after_flush", _note_write)
event.listen(_JoinedSession, "do_orm_execute", _note_statement)
event.listen(_ReadingSession, "before_flush", _refuse_writes)


class SqlUnitOfWork:
    """Reusable: each ``async with`` opens a fresh session."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory
        self._session: AsyncSession | None = None
        self._joined: JoinedTransaction | None = None
        self._committed = False
        self._reading_next = False
        self._reading = False
        self._autocommit_next = False
        self._writing: contextlib.AbstractAsyncContextManager | None = None

    def reading(self) -> SqlUnitOfWork:
        if self._session is not None:
            raise RuntimeError("reading() comes before 'async with', not inside it")
        self._reading_next = True
        return self

    def autocommitting(self) -> SqlUnitOfWork:
        if self._session is not None:
            raise RuntimeError("autocommitting() comes before 'async with', not inside it")
        self._autocommit_next = True
        return self

    def _autocommitting_bind(self) -> AsyncEngine | None:
        """PostgreSQL: the engine whose connections commit each statement by itself (no
        BEGIN and COMMIT round trips). SQLite keeps its transaction: its writes take one
        lock either way, and one commit for a group is cheaper than one for each."""
        engine = self._session_factory.kw["bind"]
        return autocommitting(engine) if engine.dialect.name == "postgresql" else None

    async def __aenter__(self) -> SqlUnitOfWork:
        if self._session is not None:
            raise RuntimeError("this unit of work is already open")
        self._reading, self._reading_next = self._reading_next, False
        autocommit, self._autocommit_next = self._autocommit_next, False
        joined_transaction = _joined.get()
        if joined_transaction is not None and joined_transaction.joins():
            self._joined = joined_transaction
            self._committed = False
            session = self._session_factory(
                bind=joined_transaction.connection,
                join_transaction_mode="rollback_only",
                sync_session_class=_ReadingSession if self._reading else _JoinedSession,
            )
            if self._reading:  # rare: a read inside the update's transaction
                event.listen(session.sync_session, "after_flush", _note_write)
                event.listen(session.sync_session, "do_orm_execute", _note_statement)
        else:
            self._joined = None
            if self._reading:
                session = self._session_factory(
                    execution_options={READ_ONLY: True}, sync_session_class=_ReadingSession
                )
            elif autocommit and (bind := self._autocommitting_bind()) is not None:
                session = self._session_factory(bind=bind)
            else:
                # SQLite: this process's writers take turns here, not in SQLite's lock.
                self._writing = writing(self._session_factory.kw["bind"])
                await self._writing.__aenter__()
                session = self._session_factory()
        self._session = session
        self.athletes = AthleteRepository(session)
        self.trainers = TrainerRepository(session)
        self.invites = InviteRepository(session)
        self.plans = PlanRepository(session)
        self.logs = LogRepository(session)
        self.summaries = SummaryRepository(session)
        self.deliveries = DeliveryRepository(session)
        self.exports = ExportRepository(session)
        self.api_tokens = ApiTokenRepository(session)
        self.messages = MessageRepository(session)
        self.programs = ProgramRepository(session)
        self.templates = TemplateRepository(session)
        self.groups = GroupRepository(session)
        self.publishing = PublishingRepository(session)
        self.plan_edits = PlanEditRepository(session)
        self.attention = AttentionRepository(session)
        self.notices = NoticeRepository(session)
        self.week_logs = WeekLogRepository(session)
        self.checkins = CheckInRepository(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        assert session is not None
        if self._joined is not None:
            await self._leave_joined(session)
            return
        try:
            await session.rollback()
        finally:
            try:
                await session.close()
            finally:
                turn, self._writing = self._writing, None
                if turn is not None:
                    await turn.__aexit__(None, None, None)

    async def _leave_joined(self, session: AsyncSession) -> None:
        joined_transaction, self._joined = self._joined, None
        assert joined_transaction is not None
        try:
            if self._committed:
                return
            if session.info.get(WROTE) or session.new or session.dirty or session.deleted:
                # Half-made changes can't be taken back alone without a savepoint, and
                # after an error PostgreSQL refuses the rest of the transaction anyway.
                await session.rollback()  # rolls back the update's whole transaction
                await session.close()
                await joined_transaction.rolled_back()
        finally:
            await session.close()  # leaves the joined transaction as it is

    async def commit(self) -> None:
        assert self._session is not None, "commit outside of 'async with'"
        if self._reading:
            raise RuntimeError("a unit of work opened with reading() cannot commit")
        await self._session.commit()  # joined: flushes into the update's transaction
        if self._joined is not None:
            self._committed = True
            self._session.info[WROTE] = False

    async def rollback(self) -> None:
        assert self._session is not None, "rollback outside of 'async with'"
        await self._session.rollback()
        if self._joined is not None:
            await self._joined.rolled_back()
