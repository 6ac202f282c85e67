"""A program built on a template and published to two athletes from its week 2, end to
end over the local Bot API; forged buttons (another trainer's template, a week the
program doesn't have) change nothing."""

from __future__ import annotations

import pytest

from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWork
from tests.bot.conftest import (
    PLAN,
    RunningBot,
    invite_athletes,
    make_settings,
    make_trainer,
    pick_week,
    wait_button,
    wait_text,
)


@pytest.fixture
async def any_bot(api, any_bot_database_url, clock):
    running = RunningBot(make_settings(api, any_bot_database_url), clock)
    await running.start()
    yield running
    await running.stop()


async def _save_template(trainer, athlete: str, name: str) -> None:
    await pick_week(trainer, athlete, "This week")
    await trainer.send(PLAN)
    await wait_button(trainer, "💾 Save as template")
    await trainer.press("💾 Save as template")
    await wait_text(trainer, "What should this template be called")
    await trainer.send(name)
    await wait_text(trainer, "Saved as template")
    await trainer.press("✖️ Cancel")


async def test_a_program_on_a_template_published_to_two_athletes_from_week_2(
    any_bot: RunningBot, api, admin
) -> None:
    tom, otto = api.user(10, "Tom"), api.user(12, "Otto")
    ann, bob, zed = api.user(20, "Ann"), api.user(21, "Bob"), api.user(22, "Zed")
    await make_trainer(admin, tom)
    await make_trainer(admin, otto)
    await invite_athletes(tom, ann, bob)
    await invite_athletes(otto, zed)
    await _save_template(otto, "Zed", "Otto's")  # template 1
    await _save_template(tom, "Ann", "Base")  # template 2

    await tom.send("/programs")
    await wait_button(tom, "➕ New program")
    await tom.press("➕ New program")
    await wait_text(tom, "What is the new program called?")
    await tom.send("Block")
    await wait_button(tom, "📄 Build it on a template")
    await tom.press("📄 Build it on a template")
    listed = await wait_button(tom, "📑 Base")
    assert [b.label for row in listed.buttons for b in row] == ["📑 Base"]
    forged = await tom.press_data("pgm:tplid:1")
    assert "can't find that" in (await forged.answer()).text
    await tom.press("📑 Base")
    await wait_text(tom, "Week 1 of Block is Base")
    await tom.send("Week 3: +1 set")
    errors = await wait_text(tom, "problem")
    assert "line 1" in errors.text and 'expected "Week 2:"' in errors.text
    await tom.send("Week 2: +1 set\nWeek 3: +1 rep")
    await wait_text(tom, "Saved Block: 3 weeks")

    await tom.press("📤 Publish")
    await wait_button(tom, "Ann")
    await tom.press("Ann")
    await wait_button(tom, "✅ Ann")
    await tom.press("Bob")
    await wait_button(tom, "✅ Bob")
    await tom.press("Next ▶️")
    await wait_button(tom, "This week")
    await tom.press("This week")
    await wait_button(tom, "Week 3")
    forged = await tom.press_data("pgm:start:4")
    assert (await forged.answer()).text
    await tom.press("Week 2")
    preview = await wait_text(tom, "Preview: Block")
    assert "• Ann" in preview.text and "• Bob" in preview.text
    await tom.press("✅ Publish")
    await wait_text(tom, "to 2 athletes: Ann, Bob")
    await wait_text(ann, "published your plan")
    await wait_text(bob, "published your plan")
    await any_bot.settled()

    engine = create_engine(any_bot.settings.database_url)
    try:
        async with SqlUnitOfWork(create_session_factory(engine)) as uow:
            following = await uow.programs.assignments()
    finally:
        await engine.dispose()
    assert sorted((a.athlete_name, a.start_index, a.week_count) for a in following) == [
        ("Ann", 2, 3),
        ("Bob", 2, 3),
    ]
