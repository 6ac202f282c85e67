"""SQLite's WAL checkpoints, moved off the commits that used to wait for them.

In WAL mode SQLite copies the log back into the database file (a checkpoint) from
inside whichever commit takes the log past 1,000 pages, and that commit waits: about
4 ms here, with the fsync that ``synchronous=NORMAL`` spares every other commit. On the
update path that was one tap in every couple of hundred, enough to set the tap
latency's 99th percentile (docs/updates.md, "Measured"). SQLite's documentation offers
the way out ("Application-Initiated Checkpoints", https://www.sqlite.org/wal.html):
the bot's connections put the automatic checkpoint off to 10,000 pages, a fallback
should this task stop (``storage.db.create_engine``, ``background_checkpoints=True``),
and this task checkpoints every second instead, on a pooled connection, whose own
thread does the work while the event loop goes on.

A PASSIVE checkpoint waits for no reader and no writer: it copies what it can and
leaves the rest for the next one. Other processes on the file (``coach serve``, the
command line) keep the automatic checkpoint, and SQLite checkpoints when the last
connection closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import ONE_STATEMENT

log = logging.getLogger(__name__)

CHECKPOINT_EVERY_SECONDS = 1.0


class Checkpoints:
    """Started and stopped with the bot; does nothing on a server database."""

    def __init__(self, engine: AsyncEngine, every_seconds: float = CHECKPOINT_EVERY_SECONDS):
        self._engine = engine
        # Outside any transaction: SQLite refuses to checkpoint inside one.
        self._one_statement = engine.execution_options(**{ONE_STATEMENT: True})
        self._every = every_seconds
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._engine.dialect.name == "sqlite" and self._task is None:
            self._task = asyncio.create_task(self._run(), name="sqlite-checkpoints")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await self.checkpoint()  # what the last second wrote

    async def checkpoint(self) -> tuple[int, int, int]:
        """One PASSIVE checkpoint: (busy, frames in the log, frames checkpointed)."""
        async with self._one_statement.connect() as connection:
            busy, frames, copied = (
                await connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
            ).one()
            await connection.rollback()
        return busy, frames, copied

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._every)
            try:
                await self.checkpoint()
            except asyncio.CancelledError:
                raise
            except Exception:  # the next second tries again; the log just grows meanwhile
                log.exception("the SQLite checkpoint failed")
