"""A log made through the HTTP API reaches the trainer in Telegram by /log's rule (a
note, or below the plan): the real bot and the real web app on one database, over the
local Bot API, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest

from bot.clock import SettableClock
from coach.web import web_context
from local_bot_api import FakeBotApiServer, FakeUser
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWork
from tests.bot.conftest import (
    START,
    RunningBot,
    invite_athletes,
    make_settings,
    make_trainer,
    publish_plan,
    wait_text,
)
from tests.web.conftest import init_data
from web.app import create_app, web_routes

THIS_MONDAY = date(2026, 11, 23)


@pytest.fixture
async def both(
    api: FakeBotApiServer, any_bot_database_url: str, clock: SettableClock
) -> AsyncIterator[tuple[RunningBot, httpx.AsyncClient]]:
    running = await RunningBot(make_settings(api, any_bot_database_url), clock).start()
    app = create_app(web_routes(web_context(running.service)))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://coach.test") as http:
            yield running, http
    finally:
        await running.stop()


def _tma(running: RunningBot, user: FakeUser) -> dict[str, str]:
    signed = init_data(
        user.id, token=running.settings.token, auth_date=START, first_name=user.account.first_name
    )
    return {"Authorization": f"tma {signed}"}


async def _exercise_id(running: RunningBot, user: FakeUser, name: str = "Run") -> int:
    engine = create_engine(running.settings.database_url)
    try:
        async with SqlUnitOfWork(create_session_factory(engine)) as u:
            athlete = await u.athletes.get_by_telegram_id(user.id)
            plan = await u.plans.get_for_week(athlete.id, THIS_MONDAY)
    finally:
        await engine.dispose()
    return next(e.id for w in plan.workouts for e in w.exercises if e.name == name)


def _told(api: FakeBotApiServer, tom: FakeUser) -> list[str]:
    return [m.text for m in api.messages(tom.id) if m.text.startswith("📝 Ann")]


async def test_an_api_log_tells_the_trainer_by_the_same_rule_as_log(
    both, api: FakeBotApiServer, admin: FakeUser
) -> None:
    running, http = both
    tom, ann, zed = api.user(10, "Tom"), api.user(20, "Ann"), api.user(30, "Zed")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann")
    await wait_text(ann, "published your plan")
    await running.settled()
    run = await _exercise_id(running, ann)
    url = f"/api/training/exercises/{run}/log"

    # As planned, no note: the trainer isn't told (the notice would be sent before the
    # answer, as the API's Done does, so the absence is settled when it returns).
    at_plan = await http.post(
        url, json={"sets": 1, "duration_seconds": 1800}, headers=_tma(running, ann)
    )
    assert at_plan.status_code == 201, at_plan.text
    assert _told(api, tom) == []

    # Shorter than planned: told at once, planned beside done, like /log.
    short = await http.post(
        url, json={"sets": 1, "duration_seconds": 1500}, headers=_tma(running, ann)
    )
    assert short.status_code == 201, short.text
    told = await wait_text(tom, "📝 Ann")
    assert told.text == "📝 Ann · Run: 1x25min (planned 1x30min)"

    # As planned with a note: told, with the note.
    noted = await http.post(
        url,
        json={"sets": 1, "duration_seconds": 1800, "notes": "knee a bit sore"},
        headers=_tma(running, ann),
    )
    assert noted.status_code == 201, noted.text
    told = await wait_text(tom, "knee a bit sore")
    assert told.text == "📝 Ann · Run: 1x30min (planned 1x30min) — knee a bit sore"

    # The Mini App logs a set at a time: one set of the three planned push-ups, as
    # planned, is not "fewer sets"; one short of reps is told.
    push_ups = await _exercise_id(running, ann, "Push-ups")
    sets_url = f"/api/training/exercises/{push_ups}/log"
    one_set = await http.post(sets_url, json={"sets": 1, "reps": 12}, headers=_tma(running, ann))
    assert one_set.status_code == 201, one_set.text
    assert len(_told(api, tom)) == 2
    short_set = await http.post(sets_url, json={"sets": 1, "reps": 9}, headers=_tma(running, ann))
    assert short_set.status_code == 201, short_set.text
    told = await wait_text(tom, "Push-ups")
    assert told.text == "📝 Ann · Push-ups: 1x9 (planned 3x12)"

    # A stranger logging Ann's exercise is refused and nobody is told anything.
    forged = await http.post(
        url, json={"sets": 1, "duration_seconds": 60, "notes": "hacked"}, headers=_tma(running, zed)
    )
    assert forged.status_code in (403, 404), forged.text
    await running.settled()
    assert len(_told(api, tom)) == 3 and "hacked" not in " ".join(_told(api, tom))
