"""The Thursday check as a trainer reads it: real python-telegram-bot over HTTP against
the local Bot API, scheduled through the ledger, sent once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.jobs import TelegramSender
from core.plan_text import parse_plan_text
from core.services import plans
from local_bot_api import FakeBotApiServer
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWork
from tests.bot.conftest import RunningBot
from tests.bot.scheduling_helpers import received, tick
from tests.conftest import People

THIS_MONDAY = date(2026, 11, 23)
BEFORE = datetime(2026, 11, 20, 12, tzinfo=UTC)
THURSDAY_NOON = datetime(2026, 11, 26, 12, tzinfo=UTC)
TEXT = "Mon: Strength (45 min)\n- Push-ups 3x12\nTue: Run (30 min)\n- Run 1x30min\n"


async def test_the_trainer_reads_who_needs_attention_on_thursday_once(
    coach_bot: RunningBot, api: FakeBotApiServer
) -> None:
    engine = create_engine(coach_bot.settings.database_url)
    try:
        factory = create_session_factory(engine)
        people = People(lambda: SqlUnitOfWork(factory))
        coach = await people.trainer("Tess")
        ann = await people.athlete_of(coach, "Ann <A&B>")
        await people.athlete_of(coach, "Bob")
        await plans.create_plan(
            SqlUnitOfWork(factory),
            coach,
            athlete_id=ann.athlete_id,
            week_start=THIS_MONDAY,
            spec=parse_plan_text(TEXT),
            now=BEFORE,
        )
        tess = api.user(coach.athlete.telegram_id, "Tess")
        sender = TelegramSender(coach_bot.application.bot)
        await tick(engine, sender, THURSDAY_NOON - timedelta(seconds=1))
        await tick(engine, sender, THURSDAY_NOON)
        check = await tess.wait_for(lambda m: "Thursday check" in m.text)
        assert "• Ann <A&B> — 💤 nothing ticked for 4 days" in check.text
        assert "No plan for next week: Ann <A&B>, Bob" in check.text
        assert "Bob —" not in check.text  # Bob has nothing but the missing plan
        await tick(engine, sender, THURSDAY_NOON + timedelta(minutes=5))
        assert received(api, "Thursday check")[tess.id] == 1
    finally:
        await engine.dispose()
