"""The update inbox: Telegram updates stored before they are confirmed, processed once each.

Receiving and processing are separate. The receiver (the polling leader, or any process
behind the webhook) stores each batch in one statement and commits; only then is the
batch confirmed to Telegram. Processors claim one update at a time: the oldest
unprocessed update of a chat none of them is working on, so one chat's updates run in
order and different chats in parallel.

On PostgreSQL a claim is a row lock (``FOR UPDATE SKIP LOCKED``) held by a transaction
that the update's handlers join (see ``storage.uow.joined``): their effects, the new
dialogue state and the processed mark commit together, or not at all. A process that
dies mid-update loses its lock with its connection, and the update is processed again
elsewhere, as if for the first time. On SQLite (one process, one writer, so no
transaction may wait on Telegram while it holds the write lock) the handlers commit as
they go and the mark follows right after; a hard kill in between processes the updates
in hand again, which is harmless for everything idempotent (Done carries the state it
sets), and the process itself keeps two workers off one chat.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core import models
from storage import mapping
from storage.db import ONE_STATEMENT, autocommitting, writing
from storage.tables import AthleteRow, ChatStateRow, InboxRow, TrainerRow, UTCDateTime

# Arbitrary, fixed: the advisory lock whose holder is the one process polling Telegram.
POLLING_LEADER_LOCK = 0x0C0AC4_0001
# An update whose processing failed this often (an error outside every handler, say a
# database outage mid-update) is set aside with its error instead of blocking its chat.
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class IncomingUpdate:
    update_id: int
    chat_id: int
    payload: dict[str, Any]


@dataclass(frozen=True)
class ClaimedUpdate:
    update_id: int
    chat_id: int
    payload: dict[str, Any]
    state: dict[str, Any]  # the chat's dialogue state ({} when it has none)
    attempts: int
    # The private chat's person and their trainer profile, read with the claim so that
    # identifying who is acting costs no statement of its own (None: not known yet).
    person: tuple[models.Athlete, models.Trainer | None] | None = None


_PERSON_COLUMNS = mapping.labelled(AthleteRow, "a_")
_PROFILE_COLUMNS = mapping.labelled(TrainerRow, "t_")


def _person(values: dict[str, Any]) -> tuple[models.Athlete, models.Trainer | None] | None:
    if values["a_id"] is None:
        return None
    person = mapping.fields(AthleteRow, "a_", values)
    profile = None
    if values["t_id"] is not None:
        profile = mapping.trainer(
            mapping.fields(TrainerRow, "t_", values),
            person.telegram_id,
            person.language or person.language_code,
        )
    return mapping.athlete(person), profile


@dataclass(frozen=True)
class InboxCounts:
    pending: int
    processed: int
    failed: int


class UpdateInbox:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.locks_rows = engine.dialect.name == "postgresql"
        # For work that is one statement (a batch stored, an update marked with no new
        # state): no BEGIN and COMMIT around it (one round trip instead of three on
        # PostgreSQL, one trip to SQLite's thread instead of two); it is atomic alone.
        self.one_statement = (
            autocommitting(engine)
            if self.locks_rows
            else engine.execution_options(**{ONE_STATEMENT: True})
        )
        # Built once: they run for every update.
        self._claim = self.claim_statement()
        self._claim_skipping = self.claim_statement(skipping_busy_chats=True)
        self._finish = self.finish_statement()
        # One statement with a parameter set per update (compiled once, unlike a VALUES
        # list of each batch's length); atomic alone, so it needs no transaction.
        insert = pg_insert if self.locks_rows else sqlite_insert
        self._store = insert(InboxRow).on_conflict_do_nothing(index_elements=["update_id"])

    # --- receiving ---------------------------------------------------------------

    async def store(self, updates: Sequence[IncomingUpdate], now: datetime) -> None:
        """Store a batch in one statement and commit; an update_id seen before is ignored."""
        if not updates:
            return
        rows = [
            {
                "update_id": u.update_id,
                "chat_id": u.chat_id,
                "payload": json.dumps(u.payload, ensure_ascii=False, separators=(",", ":")),
                "received_at": now,
                "attempts": 0,
            }
            for u in updates
        ]
        async with writing(self.engine), self.one_statement.begin() as connection:
            await connection.execute(self._store, rows)

    # --- processing ----------------------------------------------------------------

    def claim_statement(self, *, skipping_busy_chats: bool = False):
        """The oldest unprocessed update of a chat that nobody else is processing now,
        with its chat's dialogue state and the person behind it.

        The update is chosen (and on PostgreSQL locked) in a subquery of its own, which
        reads the inbox alone, and only the one row it yields is joined with the rest.
        With the joins beside its ORDER BY and LIMIT, PostgreSQL chose its plan by the
        statistics it had: a plan that joined every pending update before sorting them
        took 9 ms a claim with 2,000 waiting, under statistics gathered while the inbox
        was small, and a never-analyzed inbox got a sort of every pending update, 2.6 ms
        (docs/updates.md, "Measured"); a LIMIT keeps a subquery apart from the joins.
        ``skipping_busy_chats``: the chats this process is handling are left out (the
        ``busy`` parameter; SQLite, which has no row locks to tell).
        """
        older = InboxRow.__table__.alias("older")
        first_of_its_chat = (
            select(func.min(older.c.update_id))
            .where(older.c.chat_id == InboxRow.chat_id, older.c.processed_at.is_(None))
            .scalar_subquery()
        )
        head = (
            select(InboxRow.update_id, InboxRow.chat_id, InboxRow.payload, InboxRow.attempts)
            # "<=" means "=" here (no pending update of a chat comes before its first),
            # and tells the planner so: it takes "=" to keep one row of all, so that
            # the walk in order would read every pending update before its LIMIT, and
            # chose to fetch and sort them all; "<=" it takes to keep a third.
            .where(InboxRow.processed_at.is_(None), InboxRow.update_id <= first_of_its_chat)
            .order_by(InboxRow.update_id)
            .limit(1)
        )
        if skipping_busy_chats:
            head = head.where(InboxRow.chat_id.not_in(bindparam("busy", expanding=True)))
        if self.locks_rows:
            # The claimed row stays unprocessed while locked, so it stays the first of
            # its chat: the chat's later updates are not eligible until it is done.
            head = head.with_for_update(skip_locked=True)
        claimed = head.subquery("claimed")
        return (
            select(
                claimed.c.update_id,
                claimed.c.chat_id,
                claimed.c.payload,
                claimed.c.attempts,
                ChatStateRow.data,
                *_PERSON_COLUMNS,
                *_PROFILE_COLUMNS,
            )
            .select_from(claimed)
            .outerjoin(ChatStateRow, ChatStateRow.chat_id == claimed.c.chat_id)
            # In a private chat the chat id is the user's id: who is acting, read now.
            .outerjoin(AthleteRow, AthleteRow.telegram_id == claimed.c.chat_id)
            .outerjoin(TrainerRow, TrainerRow.athlete_id == AthleteRow.id)
        )

    @staticmethod
    def finish_statement():
        """Mark an update processed (unmarked only: after a lost claim someone else may
        have marked it), returning how many other updates wait, counted up to
        ``b_enough`` (its worker claims again at once when more wait than the updates
        its process has in hand, or sleeps until woken)."""
        others = InboxRow.__table__.alias("others")
        waiting = (
            select(func.count())
            .select_from(
                select(others.c.update_id)
                .where(
                    others.c.processed_at.is_(None),
                    others.c.update_id != bindparam("b_update_id"),
                )
                .limit(bindparam("b_enough"))
                .subquery()
            )
            .scalar_subquery()
        )
        return (
            update(InboxRow)
            .where(InboxRow.update_id == bindparam("b_update_id"), InboxRow.processed_at.is_(None))
            .values(
                processed_at=bindparam("b_now", type_=UTCDateTime()),
                attempts=InboxRow.attempts + 1,
            )
            .returning(waiting)
        )

    async def claim(
        self, connection: AsyncConnection, skip_chats: set[int] | frozenset[int] = frozenset()
    ) -> ClaimedUpdate | None:
        """``skip_chats``: chats this process is handling already (SQLite, which has no row
        locks to tell; on PostgreSQL the locks do it across processes)."""
        if skip_chats:
            statement = self._claim_skipping.params(busy=list(skip_chats))
        else:
            statement = self._claim
        row = (await connection.execute(statement)).first()
        if row is None:
            return None
        values = row._asdict()
        state = values["data"]
        return ClaimedUpdate(
            update_id=values["update_id"],
            chat_id=values["chat_id"],
            payload=json.loads(values["payload"]),
            state=json.loads(state) if state else {},
            attempts=values["attempts"],
            person=_person(values),
        )

    async def finish(
        self,
        connection: AsyncConnection,
        claimed: ClaimedUpdate,
        now: datetime,
        new_state: dict[str, Any] | None,
        *,
        others_in_hand: int = 0,
        enough: int = 1,
    ) -> int:
        """Mark the update processed and store the chat's new dialogue state if it changed.

        ``new_state`` None means unchanged; ``{}`` deletes the chat's row. Returns how many
        more updates wait than the ``others_in_hand`` (of this process, still pending
        while they are handled), counted up to ``enough``: in any chat, its own next ones
        included, which could not be claimed while this one was in hand. In the same
        statement as the mark; 0 when the update was not ours to mark.
        """
        marked = (
            await connection.execute(
                self._finish,
                {
                    "b_update_id": claimed.update_id,
                    "b_now": now,
                    "b_enough": others_in_hand + enough,
                },
            )
        ).first()
        if marked is None:
            return 0  # not ours any more: its state is not ours to write either
        if new_state is not None:
            await self._save_state(connection, claimed.chat_id, new_state, now)
        return max(0, marked[0] - others_in_hand)

    async def relock(self, connection: AsyncConnection, update_id: int) -> bool:
        """Take a claimed update's row lock again, in a new transaction on ``connection``
        (after a failed step rolled the first one back). False: someone else has it."""
        try:
            still_ours = await connection.scalar(
                select(InboxRow.update_id)
                .where(InboxRow.update_id == update_id, InboxRow.processed_at.is_(None))
                .with_for_update(nowait=True)
            )
        except DBAPIError:
            await connection.rollback()
            return False
        return still_ours is not None

    async def _save_state(
        self, connection: AsyncConnection, chat_id: int, state: dict[str, Any], now: datetime
    ) -> None:
        if not state:
            await connection.execute(delete(ChatStateRow).where(ChatStateRow.chat_id == chat_id))
            return
        data = json.dumps(state, sort_keys=True, ensure_ascii=False, default=str)
        insert = pg_insert if self.locks_rows else sqlite_insert
        statement = insert(ChatStateRow).values(chat_id=chat_id, data=data, updated_at=now)
        await connection.execute(
            statement.on_conflict_do_update(
                index_elements=["chat_id"], set_={"data": data, "updated_at": now}
            )
        )

    async def record_failure(self, update_id: int, error: str, now: datetime) -> bool:
        """Count a failed attempt; after MAX_ATTEMPTS the update is set aside. True: set aside."""
        async with writing(self.engine), self.engine.begin() as connection:
            attempts = await connection.scalar(
                update(InboxRow)
                .where(InboxRow.update_id == update_id, InboxRow.processed_at.is_(None))
                .values(attempts=InboxRow.attempts + 1, last_error=error[:2000])
                .returning(InboxRow.attempts)
            )
            if attempts is not None and attempts >= MAX_ATTEMPTS:
                await connection.execute(
                    update(InboxRow).where(InboxRow.update_id == update_id).values(processed_at=now)
                )
                return True
        return False

    # --- housekeeping ----------------------------------------------------------------

    async def prune(self, processed_before: datetime) -> int:
        """Delete processed updates older than the retention (kept for inspection and to
        recognise a repeated update_id; Telegram repeats only unconfirmed ones, within 24 h)."""
        async with writing(self.engine), self.engine.begin() as connection:
            result = await connection.execute(
                delete(InboxRow).where(
                    InboxRow.processed_at.is_not(None), InboxRow.processed_at < processed_before
                )
            )
        return result.rowcount

    async def forget_everything(self) -> None:
        """For a new Telegram (the sandbox's local one starts its update ids afresh)."""
        async with writing(self.engine), self.engine.begin() as connection:
            await connection.execute(delete(InboxRow))

    async def counts(self) -> InboxCounts:
        async with self.engine.connect() as connection:
            rows = await connection.execute(
                select(
                    func.count().filter(InboxRow.processed_at.is_(None)),
                    func.count().filter(InboxRow.processed_at.is_not(None)),
                    func.count().filter(InboxRow.last_error.is_not(None)),
                )
            )
            pending, processed, failed = rows.one()
        return InboxCounts(pending=pending, processed=processed, failed=failed)


class PollingLeadership:
    """Who polls Telegram: on PostgreSQL the holder of an advisory lock, which its
    connection keeps for as long as the process lives; on SQLite, the one process."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None

    async def try_acquire(self) -> bool:
        if self._engine.dialect.name != "postgresql":
            return True
        if self._connection is None:
            self._connection = await self._engine.connect()
        try:
            acquired = await self._connection.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": POLLING_LEADER_LOCK}
            )
            await self._connection.commit()
        except Exception:
            await self.release()
            raise
        return bool(acquired)

    async def still_held(self) -> bool:
        """A leader checks its connection is alive (a dead one has lost the lock)."""
        if self._engine.dialect.name != "postgresql":
            return True
        if self._connection is None:
            return False
        try:
            await self._connection.execute(text("SELECT 1"))
            await self._connection.commit()
        except Exception:
            await self.release()
            return False
        return True

    async def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            # A session-level lock outlives the checkout: unlock before the pool takes it.
            await connection.execute(
                text("SELECT pg_advisory_unlock(:key)"), {"key": POLLING_LEADER_LOCK}
            )
            await connection.commit()
            await connection.close()
        except Exception:
            await connection.invalidate()  # a dead connection has lost the lock anyway
