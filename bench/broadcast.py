"""Scheduled broadcasts: what the tick costs beyond the sends themselves, how close it
keeps to Telegram's rates, and how its memory grows with the number of recipients.

- ``tick``: a weekly tick of N athletes (default 10,000) against the local Bot API (in
  this process, answering at once) with no rate limiter, beside a bare loop of the
  same sends (the same messages, built beforehand, sent one after another through the
  same ``TelegramSender``). Prints CPU per message of both, the difference (goal: at
  most 1 ms), and the tick's statements per message (goal: at most 2).
- ``rates``: 1,000 athletes through the production rate limiter: wall time against
  N/30 s (goal: at most 1.05 x), and with paid broadcasts against N/1000 s plus the
  bare loop's time measured in the same run (goal: at most 1.1 x N/1000 s + bare).
- ``memory``: the peak RSS of a tick of 100,000 recipients against one of 1,000, each
  in a fresh process of its own (goal: at most 1.2 x). The sends are rendered but not
  posted (no HTTP): the point is what the tick itself holds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import subprocess
import sys
from datetime import timedelta

from telegram.ext import ExtBot

from bench._fixtures import (
    MONDAY,
    MONDAY_8,
    Statements,
    clear_ledger,
    database,
    make_engine,
    measure,
    peak_rss_mb,
    seed,
    telegram_ids,
)
from bot import screens
from bot.clock import ShiftedClock
from bot.jobs import (
    FREE_BATCH,
    FREE_IN_FLIGHT,
    PAID_BATCH,
    PAID_IN_FLIGHT,
    CappedRateLimiter,
    TelegramSender,
)
from core import models
from core.schedule import ScheduleTimes
from core.services import deliveries
from local_bot_api import FakeBotApiServer
from storage.db import create_session_factory
from storage.uow import SqlUnitOfWork

LEASE = timedelta(seconds=300)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        default=None,
        help="a PostgreSQL server to create a scratch database on, e.g. "
        "postgresql://postgres@127.0.0.1:5432/test (default: a temporary SQLite file)",
    )
    parser.add_argument("--athletes", type=int, default=10_000, help="for the tick (10,000)")
    parser.add_argument("--rate-athletes", type=int, default=1_000, help="for the rates (1,000)")
    parser.add_argument("--small", type=int, default=1_000, help="memory: the small tick")
    parser.add_argument("--large", type=int, default=100_000, help="memory: the large tick")
    parser.add_argument(
        "--in-flight", type=int, default=FREE_IN_FLIGHT, help="tick: messages sent at once"
    )
    parser.add_argument(
        "--only", choices=["tick", "rates", "memory"], action="append", help="run only these"
    )


async def main(args: argparse.Namespace) -> None:
    chosen = args.only or ["tick", "rates", "memory"]
    if "tick" in chosen:
        await tick_cost(args.athletes, args.database_url, args.in_flight)
    if "rates" in chosen:
        await rates(args.rate_athletes, args.database_url)
    if "memory" in chosen:
        await memory(args.small, args.large, args.database_url)


def _quiet_heap() -> None:
    """Collect, then freeze what exists (the local Bot API's growing record of every
    message, this run's earlier phases), so that each phase's garbage collections scan
    only what that phase allocates: the phase measured later is not charged for the
    heap the earlier ones left."""
    gc.collect()
    gc.freeze()


def _uow(engine):
    factory = create_session_factory(engine)
    return SqlUnitOfWork(factory)


async def _tick(
    engine, sender, *, in_flight: int, batch: int = FREE_BATCH
) -> deliveries.TickReport:
    return await deliveries.tick(
        _uow(engine),
        sender,
        ShiftedClock(MONDAY_8),
        times=ScheduleTimes(),
        default_tz="UTC",
        worker="bench",
        lease=LEASE,
        in_flight=in_flight,
        batch=batch,
    )


async def _weekly_messages(engine, count: int) -> list[models.WeeklyMessage]:
    """The messages the tick will send, built from the database beforehand."""
    async with _uow(engine) as u:
        people = await u.athletes.list_all()
        plans = await u.deliveries.plans_for_weeks((a.id, MONDAY) for a in people)
    messages = [models.WeeklyMessage(a, plans[(a.id, MONDAY)]) for a in people]
    assert len(messages) == count
    return messages


async def _bare_loop(sender: TelegramSender, messages, in_flight: int = 1) -> None:
    """The sends alone: ``in_flight`` at a time, as the tick sends them."""
    for start in range(0, len(messages), in_flight):
        group = messages[start : start + in_flight]
        if len(group) == 1:
            results = [await sender.send(group[0])]
        else:
            results = await asyncio.gather(*(sender.send(m) for m in group))
        for result in results:
            assert result.outcome is models.SendOutcome.SENT, result


async def _started_bot(api: FakeBotApiServer, rate_limiter=None) -> ExtBot:
    bot = ExtBot(
        api.token,
        base_url=api.base_url,
        base_file_url=api.base_file_url,
        rate_limiter=rate_limiter,
    )
    await bot.initialize()
    return bot


@contextlib.asynccontextmanager
async def _fresh_api(count: int, rate_limiter: CappedRateLimiter | None = None):
    """A local Bot API of its own for one phase, with a chat for each athlete: the server
    keeps every message it was sent, and a server that has taken 20,000 makes the next
    phase slower than the first (a drift of 10-30 %); each phase starts from nothing."""
    async with FakeBotApiServer() as api:
        for tid in telegram_ids(count):
            api.user(tid, f"Athlete {tid}")
        bot = await _started_bot(api, rate_limiter)
        try:
            yield bot
        finally:
            await bot.shutdown()


async def tick_cost(count: int, database_url: str | None, in_flight: int = FREE_IN_FLIGHT) -> None:
    async with database(database_url) as url:
        engine = make_engine(url)
        try:
            await seed(engine, count)
            messages = await _weekly_messages(engine, count)
            async with _fresh_api(count) as bot:
                await _bare_loop(TelegramSender(bot), messages[:50])  # warm up
                _quiet_heap()
                with measure() as one_by_one:
                    await _bare_loop(TelegramSender(bot), messages)
            async with _fresh_api(count) as bot:
                await _bare_loop(TelegramSender(bot), messages[:50])
                _quiet_heap()
                with measure() as before:
                    await _bare_loop(TelegramSender(bot), messages, in_flight)
            statements = Statements(engine)
            async with _fresh_api(count) as bot:
                await _bare_loop(TelegramSender(bot), messages[:50])
                _quiet_heap()
                with measure() as ticked:
                    report = await _tick(engine, TelegramSender(bot), in_flight=in_flight)
            assert report.sent == count, report
            async with _fresh_api(count) as bot:  # again: the machine's load varies
                await _bare_loop(TelegramSender(bot), messages[:50])
                _quiet_heap()
                with measure() as after:
                    await _bare_loop(TelegramSender(bot), messages, in_flight)
            del messages
            dialect = engine.dialect.name
        finally:
            await engine.dispose()
    per = 1000 / count
    bare = (before.cpu + after.cpu) / 2
    beyond = (ticked.cpu - bare) * per
    print(
        f"weekly tick of {count} athletes on {dialect}, no rate limiter, "
        f"{in_flight} in flight, batches of {FREE_BATCH}"
    )
    print(f"  bare send loop, one at a time:   {one_by_one.cpu * per:6.2f} ms CPU/msg")
    print(
        f"  bare send loop, {in_flight} at a time:     {bare * per:6.2f} ms CPU/msg "
        f"(mean of a run before the tick, {before.cpu * per:.2f}, and one after, "
        f"{after.cpu * per:.2f})"
    )
    print(
        f"  tick:                            {ticked.cpu * per:6.2f} ms CPU/msg, "
        f"{ticked.wall * per:.2f} ms wall/msg, {statements.count / count:.2f} statements/msg"
    )
    print(
        f"  ratio tick/bare CPU: {ticked.cpu / bare:.2f}x; beyond the bare loop: "
        f"{beyond:.2f} ms CPU/msg (goal <= 1.00); {statements.count / count:.2f} "
        f"statements/msg (goal <= 2)"
    )


async def rates(count: int, database_url: str | None) -> None:
    async with database(database_url) as url:
        engine = make_engine(url)
        try:
            await seed(engine, count)
            messages = await _weekly_messages(engine, count)
            async with _fresh_api(count) as plain:
                await _bare_loop(TelegramSender(plain), messages[:40], PAID_IN_FLIGHT)
                _quiet_heap()
                with measure() as bare_before:
                    await _bare_loop(TelegramSender(plain), messages, PAID_IN_FLIGHT)
            async with _fresh_api(count, CappedRateLimiter()) as free_bot:
                _quiet_heap()
                with measure() as free:
                    report = await _tick(engine, TelegramSender(free_bot), in_flight=FREE_IN_FLIGHT)
            assert report.sent == count, report
            await clear_ledger(engine)
            async with _fresh_api(count, CappedRateLimiter()) as paid_bot:
                _quiet_heap()
                with measure() as paid:
                    report = await _tick(
                        engine,
                        TelegramSender(paid_bot, paid=True),
                        in_flight=PAID_IN_FLIGHT,
                        batch=PAID_BATCH,
                    )
                assert report.sent == count, report
            async with _fresh_api(count) as plain:
                await _bare_loop(TelegramSender(plain), messages[:40], PAID_IN_FLIGHT)
                _quiet_heap()
                with measure() as bare_after:
                    await _bare_loop(TelegramSender(plain), messages, PAID_IN_FLIGHT)
            dialect = engine.dialect.name
        finally:
            await engine.dispose()
    bare = (bare_before.wall + bare_after.wall) / 2
    free_floor = count / 30
    paid_goal = 1.1 * count / 1000 + bare
    print(f"{count} athletes through the production rate limiter on {dialect}")
    print(
        f"  bare send loop, no limiter, {PAID_IN_FLIGHT} at a time: {bare:6.2f} s "
        f"(mean of {bare_before.wall:.2f} before the ticks and {bare_after.wall:.2f} after)"
    )
    print(
        f"  free (30/s), {FREE_IN_FLIGHT} in flight:       {free.wall:6.2f} s = "
        f"{free.wall / free_floor:.3f} x N/30 s (goal <= 1.05)"
    )
    print(
        f"  paid (allow_paid_broadcast), {PAID_IN_FLIGHT} in flight: {paid.wall:6.2f} s; "
        f"goal 1.1 x N/1000 s + bare = {paid_goal:.2f} s; ratio {paid.wall / paid_goal:.3f} "
        f"(goal <= 1.00)"
    )


# --- memory: each tick in a process of its own ------------------------------------------


class RenderingSender:
    """Renders each message as TelegramSender would, and posts nothing."""

    def __init__(self) -> None:
        self.sent = 0

    async def send(self, message: models.ScheduledMessage) -> models.SendResult:
        screens.scheduled(message)
        self.sent += 1
        return models.SendResult(models.SendOutcome.SENT, message_id=self.sent)


async def _memory_child(url: str) -> None:
    engine = make_engine(url)
    try:
        gc.collect()
        before = peak_rss_mb()
        report = await _tick(engine, RenderingSender(), in_flight=FREE_IN_FLIGHT)
    finally:
        await engine.dispose()
    print(json.dumps({"sent": report.sent, "before": before, "peak": peak_rss_mb()}))


def _run_child(url: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.broadcast", "--memory-child", url],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


async def memory(small: int, large: int, database_url: str | None) -> None:
    results = {}
    for count in (small, large):
        async with database(database_url) as url:
            engine = make_engine(url)
            try:
                await seed(engine, count)
                dialect = engine.dialect.name
            finally:
                await engine.dispose()
            results[count] = await asyncio.to_thread(_run_child, url)
            assert results[count]["sent"] == count, results[count]
    print(f"peak RSS of a weekly tick, each in a fresh process, on {dialect}")
    for count, found in results.items():
        print(
            f"  {count:7d} recipients: peak {found['peak']:7.1f} MB "
            f"(before the tick {found['before']:.1f} MB)"
        )
    ratio = results[large]["peak"] / results[small]["peak"]
    print(f"  ratio {large}/{small}: {ratio:.3f}x (goal <= 1.2)")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--memory-child":
        asyncio.run(_memory_child(sys.argv[2]))
