"""Weekly summaries of many plans (the Sunday digest's shape).

Baseline: what a naive implementation does, one plan loaded whole per athlete and
counted in Python. Measured: ``summaries_for_plans``, a constant number of queries
whatever the number of plans. Prints wall time and statements per variant, and the ratio.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import event

from core.plan_text import parse_plan_text
from core.services import summaries
from core.summary_rules import completion_percentage
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade_async
from storage.uow import SqlUnitOfWork

NOW = datetime(2026, 11, 29, 20, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 23)
WEEK = parse_plan_text(
    "Mon: Strength (45 min)\n- Push-ups 3x12\n- Row 4x10 @ 20kg\n- Plank 3x60s\n"
    "Wed: Run (30 min)\n- Run 1x30min\n"
    "Fri: Legs (40 min)\n- Squat 5x5 @ 60kg\n- Lunge 3x10\n"
)


def add_arguments(parser) -> None:
    parser.add_argument("--plans", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--database-url",
        default=None,
        help="an empty database to fill (default: a temporary SQLite file)",
    )


async def main(args) -> None:
    await run(plans=args.plans, rounds=args.rounds, database_url=args.database_url)


async def run(*, plans: int, rounds: int, database_url: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await upgrade_async(url)
        engine = create_engine(url)
        try:
            uow = _factory(engine)
            plan_ids = await _seed(uow, plans)
            statements = _Counter(engine)
            baseline = await _time(lambda: _naive(uow, plan_ids), rounds, statements)
            batched = await _time(
                lambda: summaries.summaries_for_plans(uow(), plan_ids, NOW), rounds, statements
            )
        finally:
            await engine.dispose()
    print(f"summaries of {plans} plans on {engine.dialect.name}, median of {rounds} rounds")
    print(f"  baseline (plan by plan): {baseline[0] * 1000:8.1f} ms, {baseline[1]:5d} statements")
    print(f"  summaries_for_plans:     {batched[0] * 1000:8.1f} ms, {batched[1]:5d} statements")
    print(
        f"  ratio baseline/batched:  {baseline[0] / batched[0]:8.1f}x time, "
        f"{baseline[1] / batched[1]:.0f}x statements"
    )


def _factory(engine):
    session_factory = create_session_factory(engine)
    return lambda: SqlUnitOfWork(session_factory)


async def _seed(uow, count: int) -> list[int]:
    ids = []
    async with uow() as u:
        for n in range(count):
            athlete = await u.athletes.add(
                telegram_id=10_000 + n, name=f"A{n}", username=None, now=NOW
            )
            plan = await u.plans.add(
                athlete_id=athlete.id,
                trainer_id=None,
                week_start=MONDAY,
                week_end=MONDAY,
                week_number=1,
                motivational_message="",
                spec=WEEK,
                now=NOW,
            )
            ids.append(plan.id)
        await u.commit()
    return ids


async def _naive(uow, plan_ids: list[int]) -> list[int]:
    percentages = []
    async with uow() as u:
        for plan_id in plan_ids:
            plan = await u.plans.get(plan_id)
            percentages.append(completion_percentage(plan.completed_workouts, len(plan.workouts)))
    return percentages


class _Counter:
    def __init__(self, engine) -> None:
        self.count = 0
        event.listen(engine.sync_engine, "before_cursor_execute", self._count)

    def _count(self, *args) -> None:
        self.count += 1


async def _time(work, rounds: int, counter: _Counter) -> tuple[float, int]:
    await work()  # warm up caches and the connection pool
    times = []
    counter.count = 0
    for _ in range(rounds):
        start = time.perf_counter()
        await work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), counter.count // rounds
