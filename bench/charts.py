"""`python -m bench.charts [--charts N] [--pings N]`: does drawing charts block the chat?

The real bot runs against the local Bot API server. An athlete has logged ten
exercises; she taps ten chart buttons at once (ten different charts, so none comes
from the cache) and, while they are drawn, sends /units again and again. The median
reply latency during the drawing is compared with the median measured idle, in the
same run: the ratio is what the benchmark prints. For contrast it does the same with
the charts drawn in a thread of the bot's own process, where the GIL is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.charts import ChartRenderer, shared_executor
from bot.clock import SettableClock
from bot.handlers.progress import RENDERER_KEY
from bot.service import TelegramService
from bot.settings import Settings
from core.log_entry import parse_log_entry
from core.plan_text import parse_plan_text
from core.services import completion, people, plans
from local_bot_api import FakeBotApiServer
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade_async
from storage.uow import SqlUnitOfWork

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
MONDAY = NOW.date() - timedelta(days=2)
ATHLETE_ID = 20


async def _seed(database_url: str, exercises: int) -> None:
    engine = create_engine(database_url)
    uow = lambda: SqlUnitOfWork(create_session_factory(engine))  # noqa: E731
    try:
        admin = await people.identify(
            uow(), telegram_id=1, name="Ada", username=None, is_admin=True, now=NOW
        )
        ann = await people.identify(
            uow(), telegram_id=ATHLETE_ID, name="Ann", username=None, is_admin=False, now=NOW
        )
        lines = "\n".join(f"- Lift {n} 3x5 @ 60kg" for n in range(exercises))
        plan = await plans.create_plan(
            uow(),
            admin,
            athlete_id=ann.athlete.id,
            week_start=MONDAY,
            spec=parse_plan_text(f"Wed: Strength\n{lines}"),
            now=NOW,
        )
        for exercise in plan.workouts[0].exercises:
            for week in range(12):
                entry = parse_log_entry(f"3x5 @ {60 + 2.5 * week}kg")
                await completion.log_exercise(
                    uow(), ann, exercise.id, entry, NOW - timedelta(weeks=12 - week)
                )
    finally:
        await engine.dispose()


async def _latency(user) -> float:
    started = time.perf_counter()
    await user.send("/units")
    await user.wait_for(lambda m: "Loads are shown" in m.text, timeout=30)
    return time.perf_counter() - started


async def _measure(
    api: FakeBotApiServer, application, executor: Executor, charts: int, pings: int
) -> tuple[float, float]:
    application.bot_data[RENDERER_KEY] = ChartRenderer(executor)  # a fresh, empty cache
    ann = api.user(ATHLETE_ID, "Ann")
    idle = [await _latency(ann) for _ in range(pings)]
    await ann.send("/progress")
    menu = await ann.wait_for(lambda m: "which chart" in m.text, timeout=30)
    buttons = [row[0] for row in menu.buttons if row[0].callback_data.startswith("prog:ex:")]
    photos_before = sum(1 for m in api.messages(ann.id) if m.photo is not None)
    for button in buttons[:charts]:
        await ann.press_data(button.callback_data, menu.message_id)
    busy = []

    def photos() -> int:
        return sum(1 for m in api.messages(ann.id) if m.photo is not None) - photos_before

    while photos() < min(charts, len(buttons)):
        busy.append(await _latency(ann))
    return statistics.median(idle), statistics.median(busy) if busy else float("nan")


async def run(charts: int, pings: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        database_url = f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}"
        await upgrade_async(database_url)
        await _seed(database_url, charts)
        async with FakeBotApiServer() as api:
            settings = Settings(
                _env_file=None,
                TELEGRAM_BOT_TOKEN=api.token,
                TELEGRAM_API_BASE_URL=api.base_url,
                DATABASE_URL=database_url,
            )
            service = await TelegramService(
                settings, clock=SettableClock(NOW), rate_limit=False
            ).start()
            application = service.application
            try:
                # Warm the worker (spawning it imports matplotlib) outside the measurement.
                await asyncio.get_running_loop().run_in_executor(shared_executor(), int)
                print(f"{charts} charts drawn while /units is sent again and again")
                print(f"cpus: {os.cpu_count()}")
                for label, executor in (
                    ("worker process (as shipped)", shared_executor()),
                    ("thread in the bot's process (contrast)", ThreadPoolExecutor(charts)),
                ):
                    idle, busy = await _measure(api, application, executor, charts, pings)
                    print(
                        f"{label}: idle {idle * 1000:.1f} ms, while drawing "
                        f"{busy * 1000:.1f} ms, ratio {busy / idle:.2f}"
                    )
            finally:
                await service.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.charts")
    parser.add_argument("--charts", type=int, default=10)
    parser.add_argument("--pings", type=int, default=15)
    args = parser.parse_args()
    asyncio.run(run(args.charts, args.pings))


if __name__ == "__main__":
    main()
