"""The update path end to end: the inbox, its cost, repeats, several processes, clean text."""

from __future__ import annotations

import asyncio

from sqlalchemy import event, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import SettableClock
from bot.service import TelegramService
from local_bot_api import FakeBotApiServer, FakeUser
from storage.db import create_engine
from storage.tables import InboxRow
from tests.bot.conftest import (
    invite_athletes,
    make_settings,
    make_trainer,
    publish_plan,
    wait_text,
)

QUIET = 3600.0  # no idle look-ups while statements are counted


class Statements:
    """Counts the statements sent to the database, BEGIN and COMMIT aside."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.sql: list[str] = []
        self._engine = engine

    def __enter__(self) -> Statements:
        event.listen(self._engine.sync_engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc_info: object) -> None:
        event.remove(self._engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement: str, *args: object) -> None:
        if statement.split(None, 1)[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            self.sql.append(statement)


async def _processed(url: str, count: int, timeout: float = 10.0) -> None:  # noqa: ASYNC109
    """Wait until ``count`` updates are processed (read through an engine of its own, so
    that the bot's statements are counted alone)."""
    engine = create_engine(url)

    async def done() -> int:
        async with engine.connect() as connection:
            return await connection.scalar(
                select(text("count(*)"))
                .select_from(InboxRow)
                .where(InboxRow.processed_at.is_not(None))
            )

    deadline = asyncio.get_running_loop().time() + timeout
    try:
        while await done() < count:
            assert asyncio.get_running_loop().time() < deadline, "updates were not processed"
            await asyncio.sleep(0.02)
    finally:
        await engine.dispose()


async def _a_week_with_ann(api: FakeBotApiServer, admin: FakeUser) -> tuple[FakeUser, FakeUser]:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann")
    await ann.send("/week")
    await ann.wait_for(lambda m: m.text.startswith("Week 1"))
    return tom, ann


async def test_a_done_tap_costs_at_most_six_statements_inbox_included(
    api: FakeBotApiServer, any_bot_database_url: str, clock: SettableClock, admin: FakeUser
) -> None:
    service = TelegramService(
        make_settings(api, any_bot_database_url), clock=clock, idle_check_seconds=QUIET
    )
    await service.start()
    try:
        tom, ann = await _a_week_with_ann(api, admin)
        engine = service.application.bot_data["coach.engine"]
        async with engine.connect() as connection:
            before = await connection.scalar(select(text("count(*)")).select_from(InboxRow))
        await _processed(any_bot_database_url, before)
        with Statements(engine) as statements:
            await ann.press("✅ Done: Easy run")
            await wait_text(ann, "1/3 workouts done")
            await wait_text(tom, "Ann finished")
            await _processed(any_bot_database_url, before + 1)
    finally:
        await service.stop()
    # The inbox's insert, claim and mark; who is tapping; the workout with its plan; its change.
    print(f"a Done tap on {engine.dialect.name}: {len(statements.sql)} statements")
    assert len(statements.sql) <= 6, "\n".join(statements.sql)
