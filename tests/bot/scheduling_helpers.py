"""Helpers for the scheduled-delivery tests: bulk seeding, senders, counting what arrived."""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.ext import ExtBot

from bot.jobs import TelegramSender
from core.motivation import WELCOME
from core.schedule import ScheduleTimes
from core.services import deliveries
from core.services.deliveries import TickReport
from local_bot_api import FakeBotApiServer
from storage.db import create_session_factory
from storage.tables import AthleteRow, PlanRow, TrainerRow, WorkoutRow
from storage.uow import SqlUnitOfWork

TIMES = ScheduleTimes()


@dataclass
class Seeded:
    athlete_ids: list[int]
    telegram_ids: list[int]
    trainer_telegram_id: int | None = None
    names: dict[int, str] = field(default_factory=dict)  # telegram id -> name


async def seed(
    engine: AsyncEngine,
    api: FakeBotApiServer | None,
    *,
    athletes: int,
    week_start: date,
    created_at: datetime,
    first_telegram_id: int = 700_000,
    workout_days: Iterable[int] = (1, 3),  # Tuesday, Thursday: no Monday reminders
    timezone: str | None = None,
    with_trainer: bool = False,
    language_code: str | None = None,
) -> Seeded:
    """Athletes with a plan for ``week_start``, in a handful of bulk statements.

    Each also gets a private chat in the fake Bot API, as if they had opened the bot.
    ``language_code``: what their Telegram said on that first contact (the fake Bot
    API's users say "en"); None, as if they had never written to the bot.
    """
    telegram_ids = [first_telegram_id + n for n in range(athletes)]
    names = {tid: f"Athlete {n:03d}" for n, tid in enumerate(telegram_ids)}
    days = list(workout_days)
    async with engine.begin() as connection:
        athlete_ids = list(
            (
                await connection.execute(
                    insert(AthleteRow).returning(AthleteRow.id, sort_by_parameter_order=True),
                    [
                        {
                            "telegram_id": tid,
                            "name": names[tid],
                            "username": None,
                            "language_code": language_code,
                            "timezone": timezone,
                            "reminders_enabled": True,
                            "reachable": True,
                            "created_at": created_at,
                            "updated_at": created_at,
                        }
                        for tid in telegram_ids
                    ],
                )
            ).scalars()
        )
        trainer_id = trainer_telegram_id = None
        if with_trainer:
            trainer_telegram_id = first_telegram_id - 1
            names[trainer_telegram_id] = "Tess Trainer"
            person = (
                await connection.execute(
                    insert(AthleteRow).returning(AthleteRow.id),
                    {
                        "telegram_id": trainer_telegram_id,
                        "name": "Tess Trainer",
                        "username": None,
                        "timezone": timezone,
                        "reminders_enabled": True,
                        "reachable": True,
                        "created_at": created_at,
                        "updated_at": created_at,
                    },
                )
            ).scalar_one()
            trainer_id = (
                await connection.execute(
                    insert(TrainerRow).returning(TrainerRow.id),
                    {
                        "athlete_id": person,
                        "name": "Tess Trainer",
                        "specialization": "",
                        "bio": "",
                        "created_at": created_at,
                        "updated_at": created_at,
                    },
                )
            ).scalar_one()
            await connection.execute(
                update(AthleteRow)
                .where(AthleteRow.id.in_(athlete_ids))
                .values(trainer_id=trainer_id)
            )
        plan_ids = list(
            (
                await connection.execute(
                    insert(PlanRow).returning(PlanRow.id, sort_by_parameter_order=True),
                    [
                        {
                            "athlete_id": athlete_id,
                            "trainer_id": trainer_id,
                            "week_start": week_start,
                            "week_end": week_start + timedelta(days=6),
                            "week_number": 1,
                            "motivational_message": WELCOME,
                            "created_at": created_at,
                            "updated_at": created_at,
                        }
                        for athlete_id in athlete_ids
                    ],
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
                    "title": f"Session {position + 1}",
                    "description": "",
                    "duration_minutes": 30,
                    "completed": False,
                }
                for plan_id in plan_ids
                for position, day in enumerate(days)
            ],
        )
    if api is not None:
        for tid, name in names.items():
            api.user(tid, name)
    return Seeded(athlete_ids, telegram_ids, trainer_telegram_id, names)


async def started_bot(api: FakeBotApiServer) -> ExtBot:
    """A bot of its own (as another process would have), without a rate limiter."""
    bot = ExtBot(api.token, base_url=api.base_url, base_file_url=api.base_file_url)
    await bot.initialize()
    return bot


class FakeTimer:
    """``sleep`` and ``monotonic`` for TelegramSender: waits are recorded, not slept."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 3))
        self.now += seconds


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


async def tick(
    engine: AsyncEngine,
    sender: TelegramSender,
    moment: datetime,
    *,
    worker: str = "test",
    lease: timedelta = deliveries.LEASE,
) -> TickReport:
    return await deliveries.tick(
        SqlUnitOfWork(create_session_factory(engine)),
        sender,
        Clock(moment),
        times=TIMES,
        default_tz="UTC",
        worker=worker,
        lease=lease,
    )


def received(api: FakeBotApiServer, contains: str | None = None) -> Counter[int]:
    """Accepted sendMessage calls per chat, optionally only texts containing ``contains``."""
    return Counter(
        int(call.chat_id)
        for call in api.calls("sendMessage", ok=True)
        if contains is None or contains in str(call.params.get("text", ""))
    )


@dataclass(frozen=True)
class Tally:
    """What the Bot API received against what each recipient should have got (once)."""

    sent: int
    duplicates: int
    lost: int

    @classmethod
    def of(cls, counts: Counter[int], expected: Iterable[int]) -> Tally:
        expected = list(expected)
        return cls(
            sent=sum(counts[chat] for chat in expected),
            duplicates=sum(max(0, counts[chat] - 1) for chat in expected),
            lost=sum(1 for chat in expected if counts[chat] == 0),
        )

    def line(self, scenario: str) -> str:
        return (
            f"exactly-once [{scenario}]: sent={self.sent} duplicates={self.duplicates} "
            f"lost={self.lost}"
        )


def report(line: str) -> None:
    """Print a measured result so that ``pytest -s`` (or -rA) shows it; also keep it."""
    print(line)
    target = os.environ.get("COACH_EXACTLY_ONCE_REPORT")
    if target:
        with Path(target).open("a", encoding="utf-8") as out:
            out.write(line + "\n")


# --- the command line as separate processes ---------------------------------------


def cli_env(api: FakeBotApiServer, database_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    for key in list(env):
        if key.startswith("COACH_") and key != "COACH_EXACTLY_ONCE_REPORT":
            del env[key]
    env.update(
        {
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "DATABASE_URL": database_url,
            "COACH_DEFAULT_TIMEZONE": "UTC",
            "PTB_TIMEDELTA": "true",
            **extra,
        }
    )
    return env


async def start_cli(
    *args: str, env: dict[str, str], cwd: Path, log: Path | None = None
) -> asyncio.subprocess.Process:
    """``coach ARGS`` as its own OS process (``python -m coach.cli``).

    Output is piped, or appended to ``log`` for a long-running process (a full pipe
    would block it).
    """
    if log is None:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "coach.cli",
            *args,
            env=env,
            cwd=cwd,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "coach.cli", *args, env=env, cwd=cwd, stdout=out, stderr=out
        )


async def run_cli(*args: str, env: dict[str, str], cwd: Path, timeout: float = 60) -> str:  # noqa: ASYNC109
    """Run ``coach ARGS`` to the end; its stdout, or an AssertionError with its stderr."""
    process = await start_cli(*args, env=env, cwd=cwd)
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode == 0, (
        f"coach {' '.join(args)} exited with {process.returncode}:\n{stderr.decode()[-3000:]}"
    )
    return stdout.decode()


async def wait_until(
    predicate: Callable[[], Awaitable[bool]],
    timeout: float = 10.0,  # noqa: ASYNC109
    interval: float = 0.02,
) -> None:
    """Re-check an asynchronous condition (the database) until it holds, or fail."""
    async with asyncio.timeout(timeout):
        # The database has no event to wait on; a bounded re-check is the next best thing.
        while not await predicate():  # noqa: ASYNC110
            await asyncio.sleep(interval)
