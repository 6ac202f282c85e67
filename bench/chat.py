"""Chat replies during a broadcast: the p99 of a /week reply while a tick sends to
5,000 athletes, against its p99 when idle, measured in the same run (goal: at most 2x).

The whole bot as ``coach run`` starts it (``TelegramService``: handlers, the update
inbox and its workers, the production rate limiter), polling the local Bot API in this
process; a user sends /week and waits for the answer, one after another. The broadcast
is a tick run in the same event loop, as ``coach run``'s job runs. By default it is a
free broadcast (30 a second, sharing that budget with the chat), sampled for
``--seconds``; ``--paid`` sends it with allow_paid_broadcast (up to 1,000 a second),
sampled until it is done.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from datetime import timedelta

from bench._fixtures import MONDAY_8, database, make_engine, seed, telegram_ids
from bot.clock import SettableClock
from bot.context import runtime_of
from bot.jobs import run_tick, sender_for
from bot.service import TelegramService
from bot.settings import Settings
from local_bot_api import FakeBotApiServer

CHAT_USER = 42


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        default=None,
        help="a PostgreSQL server to create a scratch database on (default: SQLite)",
    )
    parser.add_argument("--athletes", type=int, default=5_000, help="broadcast size (5,000)")
    parser.add_argument("--idle-samples", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=40.0, help="sampling, free broadcast")
    parser.add_argument(
        "--gap", type=float, default=0.15, help="pause between two /week (chat at ~5 msg/s)"
    )
    parser.add_argument("--paid", action="store_true", help="a paid broadcast (1,000/s)")


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[98]


async def main(args: argparse.Namespace) -> None:
    moment = MONDAY_8 + timedelta(minutes=5)
    async with database(args.database_url) as url, FakeBotApiServer() as api:
        engine = make_engine(url)
        try:
            await seed(engine, args.athletes)
            # The chatting athlete's plan was written after 08:00: no weekly message for them.
            await seed(engine, 1, first=CHAT_USER, created_at=moment)
            dialect = engine.dialect.name
        finally:
            await engine.dispose()
        for tid in telegram_ids(args.athletes):
            api.user(tid, f"Athlete {tid}")
        settings = Settings(
            _env_file=None,
            TELEGRAM_BOT_TOKEN=api.token,
            TELEGRAM_API_BASE_URL=api.base_url,
            DATABASE_URL=url,
            COACH_TICK_SECONDS=3600,  # the bench runs the tick itself
            COACH_PAID_BROADCAST=args.paid,
        )
        clock = SettableClock(moment)
        # As coach run starts it: the update inbox, its workers, the production rate limiter.
        service = await TelegramService(settings, clock=clock).start()
        application = service.application
        user = api.user(CHAT_USER, "Chatty")
        try:

            async def reply_time() -> float:
                started = time.perf_counter()
                await user.send("/week")
                await user.wait_for(lambda m: "Week 1" in m.text, timeout=30)
                elapsed = time.perf_counter() - started
                await asyncio.sleep(args.gap)
                return elapsed

            for _ in range(10):  # warm up
                await reply_time()
            idle = [await reply_time() for _ in range(args.idle_samples)]

            stopping = False
            runtime = runtime_of(application)
            broadcast = asyncio.create_task(
                run_tick(
                    settings,
                    runtime.uow(),
                    sender_for(application.bot, settings),
                    clock,
                    should_stop=lambda: stopping,
                )
            )
            await api.wait_for_calls("sendMessage", count=50, timeout=30)
            during: list[float] = []
            started = time.perf_counter()
            while not broadcast.done() and (
                args.paid or time.perf_counter() - started < args.seconds
            ):
                during.append(await reply_time())
            stopping = True
            report = await broadcast
            elapsed = time.perf_counter() - started
        finally:
            await service.stop()
    kind = "paid" if args.paid else "free"
    print(
        f"/week reply during a {kind} broadcast to {args.athletes} athletes on {dialect} "
        f"(production rate limiter; {report.sent} broadcast messages sent while sampling "
        f"for {elapsed:.1f} s)"
    )
    print(
        f"  idle:             p50 {statistics.median(idle) * 1000:6.1f} ms, "
        f"p99 {p99(idle) * 1000:6.1f} ms ({len(idle)} replies)"
    )
    print(
        f"  during broadcast: p50 {statistics.median(during) * 1000:6.1f} ms, "
        f"p99 {p99(during) * 1000:6.1f} ms ({len(during)} replies)"
    )
    print(f"  ratio p99 during/idle: {p99(during) / p99(idle):.2f}x (goal <= 2)")
