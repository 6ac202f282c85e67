"""What the broadcast benchmarks share: a database of athletes with plans, filled in a
few bulk statements, the local Bot API, and measuring helpers."""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
from sqlalchemy import delete, event, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.motivation import WELCOME
from storage.db import create_engine
from storage.migrate import upgrade_async
from storage.tables import AthleteRow, DeliveryRow, ExerciseRow, PlanRow, WorkoutRow

MONDAY = date(2026, 11, 30)
MONDAY_8 = datetime(2026, 11, 30, 8, tzinfo=UTC)  # the weekly messages are due
BEFORE = datetime(2026, 11, 25, 12, tzinfo=UTC)  # when the plans were written
FIRST_TELEGRAM_ID = 10_000_000
# Tuesday, Thursday, Saturday: at Monday 08:00 only the week's message is due.
WORKOUTS = (
    (1, "Strength", 45, (("Push-ups", 3, 12, None), ("Row", 4, 10, "20kg"))),
    (3, "Run", 30, (("Run", 1, None, None),)),
    (5, "Legs", 40, (("Squat", 5, 5, "60kg"), ("Lunge", 3, 10, None))),
)
_CHUNK = 5000


def telegram_ids(count: int) -> range:
    return range(FIRST_TELEGRAM_ID, FIRST_TELEGRAM_ID + count)


@contextlib.asynccontextmanager
async def database(url: str | None) -> AsyncIterator[str]:
    """A migrated, empty database: a temporary SQLite file, or a fresh PostgreSQL database
    on the server of ``url`` (``postgresql://user@host:port/db``), dropped afterwards."""
    if url is None or url.startswith("sqlite"):
        with tempfile.TemporaryDirectory() as folder:
            path = url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
            await upgrade_async(path)
            yield path
        return
    server = url.replace("postgresql+asyncpg://", "postgresql://", 1)
    name = f"coach_bench_{uuid.uuid4().hex[:10]}"
    await _admin(server, f'CREATE DATABASE "{name}"')
    base = server.rpartition("/")[0]
    database_url = base.replace("postgresql://", "postgresql+asyncpg://", 1) + "/" + name
    try:
        await upgrade_async(database_url)
        yield database_url
    finally:
        await _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _admin(server: str, statement: str) -> None:
    connection = await asyncpg.connect(server, timeout=10)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def seed(
    engine: AsyncEngine,
    count: int,
    *,
    first: int = FIRST_TELEGRAM_ID,
    created_at: datetime = BEFORE,
) -> None:
    """``count`` athletes, each with a plan for ``MONDAY`` of three workouts."""
    async with engine.begin() as connection:
        ids: list[int] = []
        for start in range(0, count, _CHUNK):
            rows = [
                {
                    "telegram_id": first + n,
                    "name": f"Athlete {n:06d}",
                    "username": None,
                    "timezone": None,
                    "reminders_enabled": True,
                    "reachable": True,
                    "created_at": created_at,
                    "updated_at": created_at,
                }
                for n in range(start, min(count, start + _CHUNK))
            ]
            await connection.execute(insert(AthleteRow), rows)
        ids = list(
            (
                await connection.execute(
                    select(AthleteRow.id)
                    .where(AthleteRow.telegram_id >= first, AthleteRow.telegram_id < first + count)
                    .order_by(AthleteRow.id)
                )
            ).scalars()
        )
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            await connection.execute(
                insert(PlanRow),
                [
                    {
                        "athlete_id": athlete_id,
                        "trainer_id": None,
                        "week_start": MONDAY,
                        "week_end": MONDAY + timedelta(days=6),
                        "week_number": 1,
                        "motivational_message": WELCOME,
                        "created_at": created_at,
                        "updated_at": created_at,
                    }
                    for athlete_id in chunk
                ],
            )
            plan_ids = list(
                (
                    await connection.execute(
                        select(PlanRow.id).where(PlanRow.athlete_id.in_(chunk)).order_by(PlanRow.id)
                    )
                ).scalars()
            )
            await connection.execute(
                insert(WorkoutRow),
                [
                    {
                        "plan_id": plan_id,
                        "day_of_week": day,
                        "position": position,
                        "title": title,
                        "description": "",
                        "duration_minutes": minutes,
                        "completed": False,
                    }
                    for plan_id in plan_ids
                    for position, (day, title, minutes, _) in enumerate(WORKOUTS)
                ],
            )
            workouts = (
                await connection.execute(
                    select(WorkoutRow.id, WorkoutRow.position)
                    .where(WorkoutRow.plan_id.in_(plan_ids))
                    .order_by(WorkoutRow.id)
                )
            ).all()
            await connection.execute(
                insert(ExerciseRow),
                [
                    {
                        "workout_id": workout_id,
                        "position": index,
                        "name": name,
                        "sets": sets,
                        "reps": reps,
                        "duration_seconds": None if reps else 1800,
                        "load": load,
                        "notes": None,
                    }
                    for workout_id, position in workouts
                    for index, (name, sets, reps, load) in enumerate(WORKOUTS[position][3])
                ],
            )
    if engine.dialect.name == "postgresql":
        # As autovacuum would have by then: without statistics the planner scans every
        # athlete for each batch instead of walking the primary key from the last one.
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text("ANALYZE"))


async def clear_ledger(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(delete(DeliveryRow))


class Statements:
    """Counts the statements an engine executes (SQLAlchemy's cursor events)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.count = 0
        event.listen(engine.sync_engine, "before_cursor_execute", self._count)

    def _count(self, *args: object, **kwargs: object) -> None:
        self.count += 1


@dataclass
class Measured:
    wall: float
    cpu: float


@contextlib.contextmanager
def measure() -> Iterator[Measured]:
    """Wall time and this process's CPU time (all threads: aiosqlite's included)."""
    result = Measured(0.0, 0.0)
    wall, cpu = time.perf_counter(), time.process_time()
    yield result
    result.wall = time.perf_counter() - wall
    result.cpu = time.process_time() - cpu


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM). Not ``ru_maxrss``: Linux carries that
    over an exec from the parent, whose peak would be measured instead."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_count() -> int:
    return len(os.sched_getaffinity(0))


async def settle() -> None:
    await asyncio.sleep(0.05)


def make_engine(url: str) -> AsyncEngine:
    return create_engine(url)
