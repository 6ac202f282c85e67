"""A new trainer and athlete, as they would try it: ``coach run`` and ``coach jobs tick``
as separate processes against the local Bot API, with a hard kill of ``coach run``.

``coach run`` runs on the real clock (with its own scheduler ticking every second);
the scheduled moments are chosen with ``coach jobs tick --at``: next Monday 08:00 and
next Sunday 20:00 (UTC, the default timezone), relative to today.
"""

from __future__ import annotations

import asyncio
import re
import signal
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from core.motivation import WELCOME
from core.schedule import local_moment
from core.weeks import current_week_start
from local_bot_api import FakeBotApiServer, FakeUser
from tests.bot.scheduling_helpers import cli_env, received, run_cli, start_cli

TRAINER_ID = 10
ATHLETE_ID = 20
PLAN = """\
Mon: Strength (45 min)
- Push-ups 3x12
Wed: Run (30 min)
- Run 1x30min
Fri: Legs (40 min)
- Squat 5x5 @ 60kg
Sat: Stretch (20 min)
"""
WEEKLY = "A new training week starts today"
SUMMARY = "Your week in review"


class CoachRun:
    """``coach run`` as a child process that can be hard-killed and started again."""

    def __init__(self, api: FakeBotApiServer, env: dict[str, str], cwd: Path) -> None:
        self._api, self._env, self._cwd = api, env, cwd
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        starts = len(self._api.calls("deleteWebhook"))
        self.process = await start_cli(
            "run", env=self._env, cwd=self._cwd, log=self._cwd / "coach-run.log"
        )
        # Polling begins by clearing any webhook: migrations, getMe and the menus are done,
        # and whatever users send from now on is fetched by its first getUpdates.
        await self._api.wait_for_calls("deleteWebhook", count=starts + 1, timeout=30)

    async def hard_kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        assert await self.process.wait() == -signal.SIGKILL
        self.process = None


@pytest.fixture
async def coach_run(api: FakeBotApiServer, tmp_path: Path):
    env = cli_env(api, f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}", COACH_TICK_SECONDS="1")
    running = CoachRun(api, env, tmp_path)
    yield running, env
    if running.process is not None:
        await running.hard_kill()


async def _say(user: FakeUser, text: str, expect: str):
    await user.send(text)
    return await user.wait_for(lambda m: expect in m.text, timeout=10)


def _texts(chat: FakeUser, marker: str) -> list[str]:
    return [m.text for m in chat.bot_messages if marker in m.text]


async def test_a_new_athlete_gets_the_welcome_the_summary_and_the_trainer_a_digest_once(
    api: FakeBotApiServer, coach_run, tmp_path: Path
) -> None:
    running, env = coach_run
    monday = current_week_start(datetime.now(UTC), "UTC") + timedelta(days=7)
    monday_8 = local_moment(monday, time(8), "UTC").isoformat()
    sunday_20 = local_moment(monday + timedelta(days=6), time(20), "UTC").isoformat()
    week_label = f"{monday:%a} {monday.day} {monday:%b}"

    await run_cli(
        "trainer", "add", "--telegram-id", str(TRAINER_ID), "--name", "Tess", env=env, cwd=tmp_path
    )
    await running.start()
    tess = api.user(TRAINER_ID, "Tess")
    ann = api.user(ATHLETE_ID, "Ann")

    invite = await _say(tess, "/invite", "t.me/")
    payload = re.search(r"start=([A-Za-z0-9_-]+)", invite.text)[1]
    await _say(ann, f"/start {payload}", "coached by Tess")
    await _say(tess, "/plan", "Whose week")
    await tess.press("Ann")
    await tess.wait_for(lambda m: "Which week" in m.text)
    await tess.press("Next week")
    await tess.wait_for(lambda m: "Send the plan" in m.text)
    await _say(tess, PLAN, "Preview")
    await tess.press("✅ Publish")
    published = await ann.wait_for(lambda m: "published your plan" in m.text, timeout=10)
    # Ann tries to get ahead of the week: a week that has not started can't be ticked.
    opens = f"{monday:%A} {monday.day} {monday:%b}"
    not_yet = f"This is next week's workout — you can tick it from {opens}."
    for title in ("Strength", "Run"):
        press = await ann.press(f"✅ Done: {title}")
        assert (await press.answer(timeout=10)).text == not_yet

    await running.hard_kill()  # no goodbye: SIGKILL
    # Monday 08:00: the week-1 welcome, with the plan and a way to today's workout.
    for _ in range(2):
        await run_cli("jobs", "tick", "--at", monday_8, env=env, cwd=tmp_path)
    (weekly,) = [m for m in ann.bot_messages if WEEKLY in m.text]
    assert "Week 1" in weekly.text and WELCOME in weekly.text
    assert weekly.button_labels == [["📋 Today's workout"]]

    await running.start()
    press = await ann.press("✅ Done: Legs", message=published.message_id)
    assert (await press.answer(timeout=10)).text == not_yet  # the restarted bot answers
    await ann.press("📋 Today's workout", message=weekly)
    # The restarted bot answers the button.
    answer = await ann.wait_for(lambda m: m.text.startswith("No plan this week"), timeout=10)
    # Today is in the week before the plan's: the button says when the plan begins.
    assert answer.text == (
        f"No plan this week. Your next one, week 1, starts on {monday:%A} {monday.day} "
        f"{monday:%B}: /week shows it from then."
    )

    for _ in range(2):
        await run_cli("jobs", "tick", "--at", sunday_20, env=env, cwd=tmp_path)
    (summary,) = _texts(ann, SUMMARY)
    assert "Workouts: 0/4 (0%)" in summary and "Let's refocus..." in summary  # nothing ticked
    assert "Minutes: no time logged (135 planned)" in summary
    (digest,) = _texts(tess, f"Your athletes' week · {week_label}")
    assert "1. Ann — week 1: 0/4 workouts (0%), no time logged" in digest

    # Exactly once, also counting everything the Bot API accepted.
    assert received(api, WEEKLY)[ATHLETE_ID] == 1
    assert received(api, SUMMARY)[ATHLETE_ID] == 1
    assert received(api, f"Your athletes' week</b> · {week_label}")[TRAINER_ID] == 1
