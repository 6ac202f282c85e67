"""``coach run`` killed with SIGKILL during a burst of taps loses none and applies none twice.

python-telegram-bot's own Updater confirms a batch to Telegram (by the next offset)
before its handlers have run, so a hard kill used to lose the taps of that batch. Here
every tap goes through the inbox: the process is killed while the taps pour in, started
again, and every tap must have been answered and applied, once, in order per chat.
"""

from __future__ import annotations

import asyncio
import signal
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from bot.settings import Settings
from core.weeks import current_week_start
from local_bot_api import FakeBotApiServer
from storage.db import create_engine
from storage.migrate import upgrade_async
from storage.tables import InboxRow, PlanRow, WorkoutRow
from tests.bot.scheduling_helpers import cli_env, seed, start_cli

ATHLETES = 5
TAPS_EACH = 9  # Done, Undo, Done, ... ending on Done
KILL_AFTER_ANSWERS = 12


async def _start(api: FakeBotApiServer, url: str, tmp_path: Path) -> asyncio.subprocess.Process:
    env = cli_env(api, url, COACH_TICK_SECONDS="3600")
    return await start_cli("run", env=env, cwd=tmp_path, log=tmp_path / "coach.log")


async def test_a_kill_during_a_burst_of_taps_loses_none_and_applies_none_twice(
    api: FakeBotApiServer, any_bot_database_url: str, tmp_path: Path
) -> None:
    url = any_bot_database_url
    await upgrade_async(url)
    engine = create_engine(url)
    now = datetime.now(UTC)
    seeded = await seed(
        engine,
        api,
        athletes=ATHLETES,
        week_start=current_week_start(now, "UTC"),
        created_at=now,
        with_trainer=True,
        workout_days=range(7),  # whatever today is, its workout is in this week
    )
    async with engine.connect() as connection:
        first_workout = dict(
            (
                await connection.execute(
                    select(PlanRow.athlete_id, WorkoutRow.id)
                    .join(WorkoutRow, WorkoutRow.plan_id == PlanRow.id)
                    .where(WorkoutRow.day_of_week == 0)
                )
            ).all()
        )
    process = await _start(api, url, tmp_path)
    try:
        athletes = [api.user(tid, seeded.names[tid]) for tid in seeded.telegram_ids]
        for athlete in athletes:  # a bot message to tap on
            await athlete.send("/week")
            await athlete.wait_for(lambda m: "Week 1" in m.text, timeout=30)

        taps: list[tuple[int, str]] = []  # (athlete telegram id, callback query id)
        for round_ in range(TAPS_EACH):
            target = 1 - round_ % 2 if round_ < TAPS_EACH - 1 else 1
            for n, athlete in enumerate(athletes):
                workout_id = first_workout[seeded.athlete_ids[n]]
                press = await athlete.press_data(f"done:{workout_id}:{target}:w")
                taps.append((athlete.id, press.query_id))
        # Killed while the burst is being worked through.
        await api.wait_for_calls("answerCallbackQuery", count=KILL_AFTER_ANSWERS, timeout=30)
        process.send_signal(signal.SIGKILL)
        await process.wait()
        answered_before_kill = len(api.calls("answerCallbackQuery"))

        process = await _start(api, url, tmp_path)
        await api.wait_for_calls("answerCallbackQuery", count=len(taps), timeout=60)

        async def all_processed() -> bool:
            async with engine.connect() as connection:
                pending = await connection.scalar(
                    select(InboxRow.update_id).where(InboxRow.processed_at.is_(None)).limit(1)
                )
            return pending is None

        async with asyncio.timeout(30):
            while not await all_processed():  # noqa: ASYNC110 - the database has no event
                await asyncio.sleep(0.05)
    finally:
        process.send_signal(signal.SIGINT)
        await asyncio.wait_for(process.wait(), 30)

    answers: dict[str, int] = {}
    for call in api.calls("answerCallbackQuery"):
        query = call.params["callback_query_id"]
        answers[query] = answers.get(query, 0) + 1
    lost = [query for _, query in taps if query not in answers]
    repeated = sum(count - 1 for count in answers.values())
    async with engine.connect() as connection:
        states = dict(
            (
                await connection.execute(
                    select(WorkoutRow.id, WorkoutRow.completed).where(
                        WorkoutRow.id.in_(first_workout.values())
                    )
                )
            ).all()
        )
        rows = (
            await connection.execute(
                select(
                    InboxRow.chat_id, InboxRow.update_id, InboxRow.processed_at, InboxRow.attempts
                )
                .where(InboxRow.payload.contains('"callback_query"'))
                .order_by(InboxRow.update_id)
            )
        ).all()
    await engine.dispose()
    print(
        f"\n{engine.dialect.name}: {len(taps)} taps, {answered_before_kill} answered before "
        f"the kill, lost {len(lost)}, answers repeated {repeated}, inbox rows {len(rows)}"
    )
    assert lost == []
    assert len(rows) == len(taps)  # each tap stored once
    # Each committed once: on PostgreSQL effects and mark commit together, so a tap
    # that was in flight at the kill was rolled back and done again from the start.
    if engine.dialect.name == "postgresql":
        assert {attempts for *_, attempts in rows} == {1}
    # In order per chat: a chat's taps were processed in update_id order.
    for chat in {chat for chat, *_ in rows}:
        times = [processed for c, _, processed, _ in rows if c == chat]
        assert times == sorted(times)
    # The last tap of every athlete was Done, and Done carries the state it sets.
    assert set(states.values()) == {True}
    # Only what the killed process had in hand can be answered again: one update per
    # worker (COACH_WORKERS, 4 by default).
    assert repeated <= Settings(_env_file=None).workers
