"""SQLite's WAL checkpoints beside the bot's commits (storage/checkpoints.py), not in them."""

from __future__ import annotations

import asyncio

from storage.checkpoints import Checkpoints
from storage.db import CHECKPOINT_FALLBACK_PAGES, create_engine
from storage.inbox import IncomingUpdate, UpdateInbox
from tests.conftest import NOW


async def _autocheckpoint(engine) -> int:
    async with engine.connect() as connection:
        value = (await connection.exec_driver_sql("PRAGMA wal_autocheckpoint")).scalar()
        await connection.rollback()
    return value


async def _write_pages(engine, updates: int) -> None:
    """Updates with large payloads: about a page of the log each."""
    inbox = UpdateInbox(engine)
    for batch in range(0, updates, 100):
        await inbox.store(
            [
                IncomingUpdate(n, n % 50, {"update_id": n, "text": "x" * 4000})
                for n in range(batch, batch + 100)
            ],
            NOW,
        )


async def test_the_bot_s_commits_leave_the_log_to_the_background_checkpoint(
    sqlite_url: str,
) -> None:
    engine = create_engine(sqlite_url, background_checkpoints=True)
    try:
        assert await _autocheckpoint(engine) == CHECKPOINT_FALLBACK_PAGES
        await _write_pages(engine, 3000)  # about 3,000 pages of 4 KiB
        busy, frames, copied = await Checkpoints(engine).checkpoint()
        # No commit checkpointed on its way: the whole log was still there to copy.
        assert busy == 0 and frames > 3000 and copied == frames
        assert (await Checkpoints(engine).checkpoint())[2] == frames  # nothing new since
    finally:
        await engine.dispose()


async def test_other_engines_keep_sqlite_s_automatic_checkpoint(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    try:
        assert await _autocheckpoint(engine) == 1000
        await _write_pages(engine, 3000)
        _busy, frames, _copied = await Checkpoints(engine).checkpoint()
        # Commits checkpointed on the way (past 1,000 pages), and the log started over.
        assert frames < 1200
    finally:
        await engine.dispose()


async def test_the_checkpoints_run_every_second_and_once_more_at_the_stop(
    sqlite_url: str,
) -> None:
    engine = create_engine(sqlite_url, background_checkpoints=True)
    checkpoints = Checkpoints(engine, every_seconds=0.05)
    made: list[tuple[int, int, int]] = []
    original = checkpoints.checkpoint

    async def counted() -> tuple[int, int, int]:
        made.append(await original())
        return made[-1]

    checkpoints.checkpoint = counted  # type: ignore[method-assign]
    try:
        checkpoints.start()
        await _write_pages(engine, 200)
        for _ in range(100):
            if made:
                break
            await asyncio.sleep(0.02)
        assert made, "no checkpoint ran"
        before = len(made)
        await checkpoints.stop()
        assert len(made) == before + 1
    finally:
        await engine.dispose()


async def test_a_server_database_gets_no_checkpoint_task(postgres_url: str) -> None:
    engine = create_engine(postgres_url, background_checkpoints=True)
    checkpoints = Checkpoints(engine)
    try:
        checkpoints.start()
        assert checkpoints._task is None
        await checkpoints.stop()
    finally:
        await engine.dispose()
