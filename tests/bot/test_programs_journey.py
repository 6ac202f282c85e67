"""Programs end to end: the real PTB stack over HTTP against the local Bot API.

A trainer writes a 4-week program with a rep range, publishes it to an athlete, the
athlete logs the top of the range, and the Friday tick makes week 2 with the load one
step up, once, even when two processes tick at the same moment; the trainer sees it.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import SettableClock
from core.models import DeliveryKind
from core.services import deliveries
from local_bot_api import FakeBotApiServer
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWork
from tests.bot.conftest import (
    RunningBot,
    invite_athletes,
    make_settings,
    make_trainer,
    wait_button,
    wait_text,
)
from tests.bot.scheduling_helpers import cli_env, run_cli, start_cli

FRIDAY_NOON = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
PROGRAM = "\n".join(
    f"Week {n}\nMon: Legs (45 min)\n- Back squat 3x8-12 @ 40kg\n- Bench press 5x5 @ 75%"
    for n in range(1, 5)
)


@pytest.fixture
async def any_coach_bot(api: FakeBotApiServer, any_bot_database_url: str, clock: SettableClock):
    running = RunningBot(make_settings(api, any_bot_database_url), clock)
    await running.start()
    yield running
    await running.stop()


async def test_a_program_steps_up_after_the_top_of_the_range_once(
    any_coach_bot: RunningBot, api: FakeBotApiServer, admin, tmp_path: Path
) -> None:
    coach = api.user(10, "Tess")
    ana = api.user(11, "Ana")
    await make_trainer(admin, coach)
    await invite_athletes(coach, ana)
    assert "programs" in [c["command"] for c in api.commands({"type": "chat", "chat_id": coach.id})]

    await coach.send("/max Ana Bench press 100kg")
    await wait_text(coach, "training max for Bench press is now 100kg")
    await coach.send("/max Nobody Squat 100kg")
    await wait_text(coach, 'None of your athletes is called "Nobody"')

    await coach.send("/programs")
    await wait_button(coach, "➕ New program")
    await coach.press("➕ New program")
    await wait_text(coach, "What is the new program called?")
    await coach.send("Hypertrophy")
    await wait_text(coach, "in one of two forms")
    await coach.send("Week 1\nMon: Legs\n- Back squat 3xmany\nWeek 3\nMon: Legs\n- Squat 3x5")
    errors = await wait_text(coach, "problem")
    assert "line 3" in errors.text and "line 4" in errors.text
    await coach.send(PROGRAM)
    await wait_text(coach, "Saved Hypertrophy: 4 weeks")

    await coach.send("/programs")
    await wait_button(coach, "📤 Publish")
    await coach.press("📤 Publish")
    await wait_button(coach, "Ana")
    await coach.press("Ana")
    await wait_button(coach, "✅ Ana")
    await coach.press("Next ▶️")
    await wait_button(coach, "This week")
    await coach.press("This week")
    await wait_button(coach, "Week 4")
    await coach.press("Week 1")
    preview = await wait_text(coach, "Preview: Hypertrophy")
    assert "5x5 @ 75kg" in preview.text and "3x8-12 @ 40kg" in preview.text
    await coach.press("✅ Publish")
    await wait_text(coach, "Published Hypertrophy")
    await wait_text(ana, "published your plan")

    await ana.send("/log")
    await wait_button(ana, "Back squat")
    await ana.press("Back squat")
    await ana.wait_for(lambda m: "Back squat" in m.text)
    await ana.send("3x12 @ 40kg")
    await wait_text(ana, "Logged")
    await any_coach_bot.settled()

    # Two `coach jobs tick` processes at the same Friday moment, then a third.
    env = cli_env(api, any_coach_bot.settings.database_url)
    friday = FRIDAY_NOON.replace(tzinfo=None).isoformat()
    both = [start_cli("jobs", "tick", "--at", friday, env=env, cwd=tmp_path) for _ in range(2)]
    for process in await asyncio.gather(*both):
        _, stderr = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode == 0, stderr.decode()[-2000:]
    await run_cli("jobs", "tick", "--at", friday, env=env, cwd=tmp_path)
    generated = await wait_text(coach, "week 2 of 4 is ready for Ana")
    assert "3x8-12 @ 42.5kg" in generated.text
    assert "5x5 @ 75kg" in generated.text
    engine = create_engine(any_coach_bot.settings.database_url)
    try:
        rows = await deliveries.ledger(
            SqlUnitOfWork(create_session_factory(engine)), kind=DeliveryKind.PROGRAM_WEEK
        )
        assert [(r.period.isoformat(), r.status.value) for r in rows] == [("2026-11-30", "sent")]
    finally:
        await engine.dispose()
    ready = [m for m in coach.bot_messages if "is ready for Ana" in m.text]
    assert len(ready) == 1


async def test_a_stranger_cannot_publish_or_delete_anothers_program(
    coach_bot: RunningBot, api: FakeBotApiServer, admin
) -> None:
    coach = api.user(10, "Tess")
    other = api.user(12, "Otto")
    await make_trainer(admin, coach)
    await make_trainer(admin, other)
    await coach.send("/programs")
    await wait_button(coach, "➕ New program")
    await coach.press("➕ New program")
    await wait_text(coach, "What is the new program called?")
    await coach.send("Mine")
    await wait_text(coach, "in one of two forms")
    await coach.send(PROGRAM)
    await wait_text(coach, "Saved Mine")

    await other.send("/programs")
    await wait_text(other, "You have no programs yet")
    for data in ("pgm:delok:1", "pgm:pub:1", "pgm:view:1:1"):
        press = await other.press_data(data)
        assert "isn't yours" in (await press.answer()).text
    await coach.send("/programs")
    listed = await wait_text(coach, "Your programs")
    assert "Mine" in listed.text
