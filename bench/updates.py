"""The update path: Done taps through the inbox, against python-telegram-bot doing nothing.

``python -m bench updates [--athletes 200] [--taps 2000] [--databases sqlite,postgresql]``
    Done taps per second through Coach (the update inbox, the real Done handler, its
    database work), as a ratio of the same python-telegram-bot pipeline with a handler
    that only answers the callback and edits the message: same local Bot API, same
    HTTP, long polling both, no rate limiter in either. Then the latency of one tap at a
    time, tap to edited message, p50 and p99 for both. On SQLite and PostgreSQL. The
    no-op runs twice: on python-telegram-bot's own transport (httpx, the issue's
    baseline) and on Coach's (aiohttp, ``bot/telegram_http.py``); ratios against both.

``python -m bench updates --kill [--athletes 50] [--taps 2000] [--processes 3] [--seed N]``
    Three ``coach run`` processes on one PostgreSQL database; the taps are sent, one
    process is killed with SIGKILL at a random moment and started again. Prints taps
    lost, taps applied twice, and chats whose order was broken.

Goals (issue 10): throughput >= 0.5 on PostgreSQL and >= 0.4 on SQLite, p99 <= 2x the
no-op's; the kill run 0 / 0 / 0.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
from sqlalchemy import select
from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from bot.service import TelegramService
from bot.settings import Settings
from bot.telegram_http import AiohttpRequest
from core.weeks import current_week_start
from local_bot_api import FakeBotApiServer, FakeUser
from storage.db import create_engine
from storage.migrate import upgrade_async
from storage.tables import InboxRow, PlanRow, WorkoutRow
from tests.bot.scheduling_helpers import cli_env, seed, start_cli

# The Done button of a reminder or /today (the way athletes mostly tick a workout): the
# message is redrawn as that workout.
VIEW = "t"
POSTGRES_SERVER = os.environ.get("COACH_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


# --- databases --------------------------------------------------------------------------


@asynccontextmanager
async def database(kind: str):
    """An empty, migrated database of ``kind``, dropped afterwards."""
    if kind == "sqlite":
        folder = tempfile.mkdtemp()
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await upgrade_async(url)
        try:
            yield url
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    name = f"coach_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(POSTGRES_SERVER)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    base = POSTGRES_SERVER.rpartition("/")[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    url = f"{base}/{name}"
    await upgrade_async(url)
    try:
        yield url
    finally:
        admin = await asyncpg.connect(POSTGRES_SERVER)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


async def seeded_workouts(url: str, api: FakeBotApiServer, athletes: int):
    """Athletes with a plan this week, and their trainer (told of each Done); returns
    the athletes with their first workout's id, and the trainer's chat."""
    engine = create_engine(url)
    now = datetime.now(UTC)
    seeded = await seed(
        engine,
        api,
        athletes=athletes,
        week_start=current_week_start(now, "UTC"),
        created_at=now,
        with_trainer=True,
        workout_days=range(7),
        # As recorded when they first wrote to the bot: their first tap is a tap like
        # any other, not also the first contact that records their Telegram language.
        language_code="en",
    )
    async with engine.connect() as connection:
        workout_of = dict(
            (
                await connection.execute(
                    select(PlanRow.athlete_id, WorkoutRow.id)
                    .join(WorkoutRow, WorkoutRow.plan_id == PlanRow.id)
                    .where(WorkoutRow.day_of_week == 0)
                )
            ).all()
        )
    await engine.dispose()
    users = [api.user(tid, seeded.names[tid]) for tid in seeded.telegram_ids]
    pairs = [(user, workout_of[aid]) for user, aid in zip(users, seeded.athlete_ids, strict=True)]
    return pairs, seeded.trainer_telegram_id


def settings_for(api: FakeBotApiServer, url: str) -> Settings:
    return Settings(
        _env_file=None,
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_BASE_URL=api.base_url,
        DATABASE_URL=url,
        COACH_TICK_SECONDS=3600,
    )


# --- throughput and latency ---------------------------------------------------------------


async def _noop_pipeline(
    api: FakeBotApiServer, *, coach_transport: bool = False
) -> tuple[Application, Callable]:
    """python-telegram-bot's own pipeline: Updater polling, a handler that answers and edits;
    on its default transport (httpx), or on Coach's (``bot.telegram_http``, aiohttp)."""

    async def answer_and_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer("ok")
        # A new text each time: Telegram refuses an edit that changes nothing.
        await update.callback_query.edit_message_text(f"tap {update.update_id}")

    builder = (
        Application.builder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
    )
    if coach_transport:
        builder = builder.request(AiohttpRequest()).get_updates_request(
            AiohttpRequest(connection_pool_size=1)
        )
    application = builder.build()
    application.add_handler(CallbackQueryHandler(answer_and_edit))
    await application.initialize()
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=10)

    async def stop() -> None:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()

    return application, stop


async def _coach(api: FakeBotApiServer, url: str) -> tuple[Application, Callable]:
    service = await TelegramService(settings_for(api, url), rate_limit=False).start()
    return service.application, service.stop


async def _messages_to_tap(application: Application, pairs) -> dict[int, int]:
    """Each athlete gets one bot message to tap on (Done buttons edit it in place)."""
    ids = {}
    for user, _ in pairs:
        sent = await application.bot.send_message(user.id, "Your week")
        ids[user.id] = sent.message_id
    return ids


async def _burst(api, pairs, message_ids, taps: int, trainer: int) -> float:
    """All taps at once; seconds until every one was answered and its message edited."""
    edits_before = _athlete_edits(api, trainer)
    started = time.perf_counter()
    for n in range(taps):
        user, workout = pairs[n % len(pairs)]
        target = 1 - (n // len(pairs)) % 2  # Done, then Undo, then Done...
        await user.press_data(f"done:{workout}:{target}:{VIEW}", message_ids[user.id])
    await _athlete_edits_reach(api, trainer, edits_before + taps, 600)
    return time.perf_counter() - started


async def _one_at_a_time(api, pairs, message_ids, taps: int, trainer: int) -> list[float]:
    latencies = []
    for n in range(taps):
        user, workout = pairs[n % len(pairs)]
        target = 1 - (n // len(pairs)) % 2
        edits_before = _athlete_edits(api, trainer)
        started = time.perf_counter()
        await user.press_data(f"done:{workout}:{target}:{VIEW}", message_ids[user.id])
        await _athlete_edits_reach(api, trainer, edits_before + 1, 30)
        latencies.append(time.perf_counter() - started)
    return latencies


def _athlete_edits(api: FakeBotApiServer, trainer: int) -> int:
    """The athletes' tapped messages redrawn so far. Not the trainer's: an Undo also
    corrects the trainer's Done notice by an edit, and counting that one would end a
    burst before its last taps were handled (and start the next tap's clock early)."""
    edits = api.call_count("editMessageText")
    return edits - api.call_count("editMessageText", chat_id=trainer)


async def _athlete_edits_reach(
    api: FakeBotApiServer, trainer: int, count: int, seconds: float
) -> None:
    """Counters, not scans, so that the harness costs the same at the 20,000th call as
    at the first (it shares the event loop with the bot)."""
    await api.wait_until(lambda: _athlete_edits(api, trainer) >= count, seconds)


async def _calls(api: FakeBotApiServer, method: str, count: int, seconds: float) -> None:
    """Until the bot made ``count`` such calls (a counter, as above)."""
    await api.wait_until(lambda: api.call_count(method) >= count, seconds)


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


async def _noop_on_coach_transport(api: FakeBotApiServer, url: str):
    return await _noop_pipeline(api, coach_transport=True)


async def _noop(api: FakeBotApiServer, url: str):
    return await _noop_pipeline(api)


# The baseline is python-telegram-bot as it comes (httpx). Coach talks to the Bot
# API through aiohttp (bot/telegram_http.py), so the same no-op on that transport is
# measured too: against it the ratio is Coach's own cost, the transport taken out.
VARIANTS = {"no-op": _noop, "no-op on aiohttp": _noop_on_coach_transport, "coach": _coach}


async def throughput(kind: str, athletes: int, taps: int, latency_taps: int) -> dict[str, float]:
    results: dict[str, dict[str, float]] = {}
    for variant, start in VARIANTS.items():
        async with database(kind) as url, FakeBotApiServer() as api:
            pairs, trainer = await seeded_workouts(url, api, athletes)
            application, stop = await start(api, url)
            try:
                message_ids = await _messages_to_tap(application, pairs)
                await _one_at_a_time(api, pairs, message_ids, 20, trainer)  # warm up
                seconds = await _burst(api, pairs, message_ids, taps, trainer)
                latencies = await _one_at_a_time(api, pairs, message_ids, latency_taps, trainer)
            finally:
                await stop()
        results[variant] = {
            "taps_per_second": taps / seconds,
            "p50_ms": _p(latencies, 50) * 1000,
            "p99_ms": _p(latencies, 99) * 1000,
        }
    coach = results["coach"]
    print(f"{kind:10} {taps} taps from {athletes} athletes, then {latency_taps} one at a time:")
    for variant, result in results.items():
        print(
            f"{'':10} {variant:17} {result['taps_per_second']:7.1f} taps/s; one at a time "
            f"p50 {result['p50_ms']:5.1f} ms, p99 {result['p99_ms']:5.1f} ms"
        )
    ratios = {}
    for baseline in ("no-op", "no-op on aiohttp"):
        noop = results[baseline]
        ratio = coach["taps_per_second"] / noop["taps_per_second"]
        p99_ratio = coach["p99_ms"] / noop["p99_ms"]
        print(
            f"{'':10} coach against {baseline + ':':17} throughput ratio {ratio:.2f}, "
            f"p99 ratio {p99_ratio:.2f}"
        )
        ratios[baseline] = {"ratio": ratio, "p99_ratio": p99_ratio}
    return ratios


# --- several processes, one killed ------------------------------------------------------------


async def kill_run(athletes: int, taps: int, processes: int, seed_value: int | None) -> dict:
    rng = random.Random(seed_value)
    async with database("postgresql") as url, FakeBotApiServer() as api:
        folder = Path(tempfile.mkdtemp())
        env = cli_env(api, url, COACH_TICK_SECONDS="3600")
        pairs, _trainer = await seeded_workouts(url, api, athletes)

        async def start(n: int) -> asyncio.subprocess.Process:
            log = folder / f"coach-{n}.log"
            return await start_cli("run", env=env, cwd=folder, log=log)

        running = [await start(n) for n in range(processes)]
        try:
            for user, _ in pairs:  # a message to tap on, through any of the processes
                await user.send("/week")
                await user.wait_for(lambda m: "Week 1" in m.text, timeout=60)
            sent: list[tuple[FakeUser, str, int, int]] = []  # user, query, workout, target
            kill_at = rng.randint(taps // 10, taps * 7 // 10)
            victim = rng.randrange(processes)
            started = time.perf_counter()
            for n in range(taps):
                user, workout = pairs[n % len(pairs)]
                target = 1 - (n // len(pairs)) % 2
                press = await user.press_data(f"done:{workout}:{target}:{VIEW}")
                sent.append((user, press.query_id, workout, target))
                if n == kill_at:
                    await _calls(api, "answerCallbackQuery", n // 2, 120)
                    running[victim].send_signal(signal.SIGKILL)
                    await running[victim].wait()
                    answered_at_kill = api.call_count("answerCallbackQuery")
                    running[victim] = await start(victim)
            await _calls(api, "answerCallbackQuery", taps, 600)
            seconds = time.perf_counter() - started
            await _all_processed(url)
        finally:
            for process in running:
                if process.returncode is None:
                    process.send_signal(signal.SIGINT)
            await asyncio.gather(*(p.wait() for p in running))
        report = await _tally(url, api, sent)
        shutil.rmtree(folder, ignore_errors=True)
    report.update(
        taps=taps,
        athletes=athletes,
        processes=processes,
        killed_process=victim,
        killed_after_taps=kill_at,
        answered_at_kill=answered_at_kill,
        seconds=round(seconds, 1),
    )
    print(
        f"{processes} processes, {athletes} athletes, {taps} taps; process {victim} killed "
        f"(SIGKILL) after {kill_at} taps were sent, {answered_at_kill} answered, then "
        f"restarted; all answered in {seconds:.1f} s"
    )
    print(
        f"lost {report['lost']}, applied twice {report['applied_twice']}, chats out of order "
        f"{report['out_of_order']}, final states wrong {report['wrong_final_state']}, "
        f"answers repeated (the killed process's in-flight taps) {report['answers_repeated']}"
    )
    return report


async def _all_processed(url: str) -> None:
    engine = create_engine(url)
    try:
        async with asyncio.timeout(60):
            while True:
                async with engine.connect() as connection:
                    pending = await connection.scalar(
                        select(InboxRow.update_id).where(InboxRow.processed_at.is_(None)).limit(1)
                    )
                if pending is None:
                    return
                await asyncio.sleep(0.1)
    finally:
        await engine.dispose()


async def _tally(url: str, api: FakeBotApiServer, sent) -> dict[str, int]:
    answers: dict[str, int] = {}
    for call in api.calls("answerCallbackQuery"):
        query = call.params["callback_query_id"]
        answers[query] = answers.get(query, 0) + 1
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    select(
                        InboxRow.chat_id,
                        InboxRow.update_id,
                        InboxRow.processed_at,
                        InboxRow.attempts,
                    )
                    .where(InboxRow.payload.contains('"callback_query"'))
                    .order_by(InboxRow.update_id)
                )
            ).all()
            states = dict(
                (await connection.execute(select(WorkoutRow.id, WorkoutRow.completed))).all()
            )
    finally:
        await engine.dispose()
    last_target = {workout: target for _, _, workout, target in sent}
    by_chat: dict[int, list[datetime]] = {}
    for chat, _, processed, _ in rows:
        by_chat.setdefault(chat, []).append(processed)
    return {
        "lost": sum(1 for _, query, _, _ in sent if query not in answers),
        "stored": len(rows),
        # Committed more than once: each commit of an update counts one attempt.
        "applied_twice": sum(1 for *_, attempts in rows if attempts > 1),
        "out_of_order": sum(1 for times in by_chat.values() if times != sorted(times)),
        "wrong_final_state": sum(
            1 for workout, target in last_target.items() if states[workout] != bool(target)
        ),
        "answers_repeated": sum(count - 1 for count in answers.values()),
    }


# --- command line -------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``python -m bench updates [...]``: the throughput run, or ``--kill`` for the other."""
    parser.add_argument("--kill", action="store_true", help="the several-processes kill run")
    parser.add_argument("--athletes", type=int, default=None, help="200, or 50 with --kill")
    parser.add_argument("--taps", type=int, default=2000)
    parser.add_argument("--latency-taps", type=int, default=300)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--seed", type=int, default=None)


async def main(args: argparse.Namespace) -> None:
    if args.kill:
        await kill_run(args.athletes or 50, args.taps, args.processes, args.seed)
        return
    for kind in args.databases.split(","):
        await throughput(kind, args.athletes or 200, args.taps, args.latency_taps)


if __name__ == "__main__":
    cli = argparse.ArgumentParser(prog="python -m bench.updates")
    add_arguments(cli)
    asyncio.run(main(cli.parse_args()))
