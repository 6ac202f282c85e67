"""The update inbox on SQLite and PostgreSQL: stored once, claimed in order per chat."""

from __future__ import annotations

import uuid
from datetime import timedelta

import asyncpg
import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine, create_session_factory
from storage.inbox import MAX_ATTEMPTS, IncomingUpdate, PollingLeadership, UpdateInbox
from storage.migrate import upgrade_async
from storage.tables import AthleteRow, InboxRow
from storage.uow import SqlUnitOfWork, joined
from tests.conftest import NOW, POSTGRES_SERVER


def _update(update_id: int, chat_id: int, text: str = "hi") -> IncomingUpdate:
    return IncomingUpdate(update_id, chat_id, {"update_id": update_id, "message": {"text": text}})


async def _claim_and_finish(inbox: UpdateInbox, engine: AsyncEngine, state=None):
    async with engine.connect() as connection:
        claimed = await inbox.claim(connection)
        if claimed is not None:
            await inbox.finish(connection, claimed, NOW, state)
        await connection.commit()
    return claimed


async def test_a_repeated_update_id_is_stored_once(engine: AsyncEngine) -> None:
    inbox = UpdateInbox(engine)
    await inbox.store([_update(1, 10), _update(2, 10)], NOW)
    await inbox.store([_update(2, 10, "again"), _update(3, 11)], NOW)
    counts = await inbox.counts()
    assert (counts.pending, counts.processed) == (3, 0)
    second = [await _claim_and_finish(inbox, engine) for _ in range(3)][1]
    assert second.payload["message"]["text"] == "hi"  # the first copy, not the repeat


async def test_updates_are_claimed_oldest_first_and_each_once(engine: AsyncEngine) -> None:
    inbox = UpdateInbox(engine)
    await inbox.store([_update(5, 20), _update(3, 10), _update(4, 10)], NOW)
    order = [(await _claim_and_finish(inbox, engine)).update_id for _ in range(3)]
    assert order == [3, 4, 5]
    assert await _claim_and_finish(inbox, engine) is None
    assert (await inbox.counts()).processed == 3


async def test_a_claim_walks_pending_updates_in_order_instead_of_sorting_them(
    engine: AsyncEngine,
) -> None:
    """A claim's cost must not grow with the backlog: the planner walks the pending
    updates' own index in update_id order and stops at the first claimable one, instead
    of fetching every pending update and sorting them (what it did with processed_at
    indexed as a whole: 1.9 ms a claim on SQLite with 2,000 waiting)."""
    inbox = UpdateInbox(engine)
    await inbox.store([_update(n, 10 + n % 7) for n in range(1, 200)], NOW)
    sql = str(
        inbox.claim_statement().compile(
            dialect=engine.dialect, compile_kwargs={"literal_binds": True}
        )
    )
    async with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            plan = " | ".join(
                row[-1] for row in await connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)
            )
            assert "SCAN update_inbox USING INDEX ix_update_inbox_queue" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
        else:
            # With the statistics autovacuum keeps (a backlog of 200, not the empty
            # table it was created as); a table this small would be read whole, and
            # the question is which index wins.
            await connection.exec_driver_sql("ANALYZE update_inbox")
            await connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = "\n".join(row[0] for row in await connection.exec_driver_sql("EXPLAIN " + sql))
            assert "ix_update_inbox_queue on update_inbox" in plan, plan
            assert "Sort" not in plan, plan
        await connection.rollback()


@pytest.mark.parametrize("statistics", ["never gathered", "gathered while the inbox was quiet"])
async def test_a_backlog_is_claimed_by_walking_in_order_whatever_the_planner_knows(
    postgres_url: str, statistics: str
) -> None:
    """PostgreSQL plans by its statistics, and a backlog is what they know least about: a
    database created a moment ago has none, and one analyzed in a quiet hour has seen
    almost no pending updates. The claim once fetched and sorted every pending update
    there (2.5 ms a claim with 2,000 waiting), or joined every one with its person
    before sorting (7.7 to 9 ms), where its walk in order takes 0.4 (docs/updates.md)."""
    name = f"coach_plan_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(POSTGRES_SERVER)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{postgres_url.rpartition('/')[0]}/{name}"
    engine = create_engine(url)
    try:
        await upgrade_async(url)
        inbox = UpdateInbox(engine)
        chats = range(700_000, 700_200)
        async with engine.begin() as connection:
            await connection.execute(
                insert(AthleteRow),
                [
                    {
                        "telegram_id": chat,
                        "name": f"A{chat}",
                        "reminders_enabled": True,
                        "reachable": True,
                        "created_at": NOW,
                        "updated_at": NOW,
                    }
                    for chat in chats
                ],
            )
        if statistics != "never gathered":
            await inbox.store([_update(n, chats[n % 200]) for n in range(1, 5001)], NOW)
            async with engine.begin() as connection:
                await connection.execute(update(InboxRow).values(processed_at=NOW))
                await connection.exec_driver_sql("ANALYZE")
        await inbox.store([_update(n, chats[n % 200]) for n in range(10_001, 12_001)], NOW)
        sql = str(
            inbox.claim_statement().compile(
                dialect=engine.dialect, compile_kwargs={"literal_binds": True}
            )
        )
        async with engine.connect() as connection:
            plan = "\n".join(row[0] for row in await connection.exec_driver_sql("EXPLAIN " + sql))
            await connection.rollback()
    finally:
        await engine.dispose()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    assert "Index Scan using ix_update_inbox_queue on update_inbox" in plan, plan
    assert "Sort Key: update_inbox.update_id" not in plan, plan
    assert "Bitmap Heap Scan on update_inbox" not in plan, plan


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # SQLite: one processor
async def test_a_chat_being_processed_is_skipped_and_others_go_on(engine: AsyncEngine) -> None:
    """Two processors at once: the second gets the next chat, never the same chat's next."""
    inbox = UpdateInbox(engine)
    await inbox.store([_update(1, 10), _update(2, 10), _update(3, 20), _update(4, 10)], NOW)
    async with engine.connect() as first, engine.connect() as second:
        mine = await inbox.claim(first)
        theirs = await inbox.claim(second)
        assert (mine.update_id, theirs.update_id) == (1, 3)
        async with engine.connect() as third:
            assert await inbox.claim(third) is None  # chat 10 is busy, chat 20 too
            await third.rollback()
        await inbox.finish(first, mine, NOW, None)
        await first.commit()
        follow_up = await inbox.claim(first)
        assert follow_up.update_id == 2  # chat 10's next, now that 1 is done
        await first.rollback()
        await second.rollback()  # a processor that died: its update is pending again
    async with engine.connect() as connection:
        assert (await inbox.claim(connection)).update_id == 2
        await connection.rollback()
    assert (await inbox.counts()).pending == 3


async def test_dialogue_state_comes_with_the_claim_and_is_written_when_it_changes(
    engine: AsyncEngine,
) -> None:
    inbox = UpdateInbox(engine)
    await inbox.store([_update(1, 10), _update(2, 10), _update(3, 10)], NOW)
    first = await _claim_and_finish(inbox, engine, {"dialogue": "plan:wait_text", "user": {"a": 1}})
    assert first.state == {}
    second = await _claim_and_finish(inbox, engine, None)  # unchanged: nothing written
    assert second.state == {"dialogue": "plan:wait_text", "user": {"a": 1}}
    await _claim_and_finish(inbox, engine, {})  # the dialogue ended: the row goes
    await inbox.store([_update(4, 10)], NOW)
    assert (await _claim_and_finish(inbox, engine)).state == {}


async def test_an_update_that_keeps_failing_is_set_aside(engine: AsyncEngine) -> None:
    inbox = UpdateInbox(engine)
    await inbox.store([_update(1, 10), _update(2, 10)], NOW)
    results = [
        await inbox.record_failure(1, "RuntimeError('boom')", NOW) for _ in range(MAX_ATTEMPTS)
    ]
    assert results == [False] * (MAX_ATTEMPTS - 1) + [True]
    counts = await inbox.counts()
    assert (counts.pending, counts.failed) == (1, 1)
    assert (await _claim_and_finish(inbox, engine)).update_id == 2  # the chat goes on


async def test_processed_updates_are_pruned_after_the_retention(engine: AsyncEngine) -> None:
    inbox = UpdateInbox(engine)
    await inbox.store([_update(1, 10), _update(2, 11), _update(3, 12)], NOW)
    async with engine.connect() as connection:
        claimed = await inbox.claim(connection)
        await inbox.finish(connection, claimed, NOW - timedelta(days=4), None)
        await connection.commit()
    await _claim_and_finish(inbox, engine)
    assert await inbox.prune(NOW - timedelta(days=3)) == 1  # only the old processed one
    counts = await inbox.counts()
    assert (counts.pending, counts.processed) == (1, 1)


async def test_one_process_polls_at_a_time(engine: AsyncEngine) -> None:
    first, second = PollingLeadership(engine), PollingLeadership(engine)
    try:
        assert await first.try_acquire()
        if engine.dialect.name == "postgresql":
            assert not await second.try_acquire()
            await first.release()  # the leader stops (or dies): another takes over
            assert await second.try_acquire()
            assert await second.still_held()
        else:
            assert await second.try_acquire()  # SQLite: one process, always the leader
    finally:
        await first.release()
        await second.release()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # SQLite: no joining
async def test_a_failed_step_keeps_the_update_locked_and_its_later_steps_in_its_transaction(
    engine: AsyncEngine, users
) -> None:
    """A step that wrote and failed rolls the update's transaction back (PostgreSQL allows
    nothing else after an error); the update's row lock is taken again at once, so no
    other worker can claim it, and what comes after joins the new transaction."""
    ann = await users.person("Ann")
    inbox = UpdateInbox(engine)
    await inbox.store([_update(1, 10)], NOW)
    factory = create_session_factory(engine)
    async with engine.connect() as connection:
        claimed = await inbox.claim(connection)

        async def relock(connection):
            return await inbox.relock(connection, claimed.update_id)

        with joined(connection, relock) as transaction:
            with pytest.raises(RuntimeError):
                async with SqlUnitOfWork(factory) as uow:
                    # A plain UPDATE (no flush) is a write as much as an ORM change.
                    await uow.athletes.set_reachable_by_telegram_id(
                        ann.athlete.telegram_id, False, NOW
                    )
                    raise RuntimeError("the step fails after writing")
            assert transaction.broken and not transaction.lost
            async with engine.connect() as other:
                assert await inbox.claim(other) is None  # still locked: ours
                await other.rollback()
            async with SqlUnitOfWork(factory) as uow:  # a later step joins the new one
                await uow.athletes.update(ann.athlete.id, now=NOW, name="Ann B")
                await uow.commit()
        async with engine.connect() as other:  # nothing of it is visible before the mark
            assert (
                await other.scalar(select(AthleteRow.name).where(AthleteRow.id == ann.athlete.id))
                == "Ann"
            )
            await other.rollback()
        assert await inbox.finish(connection, claimed, NOW, None) == 0
        await connection.commit()
    async with engine.connect() as other:
        row = (
            await other.execute(
                select(AthleteRow.name, AthleteRow.reachable).where(AthleteRow.id == ann.athlete.id)
            )
        ).one()
    assert tuple(row) == ("Ann B", True)  # the failed step's write is gone, the later one kept
    assert (await inbox.counts()).processed == 1
