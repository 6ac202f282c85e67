"""Templates, groups and publishing to a group, end to end over the local Bot API."""

from __future__ import annotations

import pytest

from bot import callbacks
from bot.jobs import BROADCAST, CappedRateLimiter
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWork
from tests.bot.conftest import (
    PLAN,
    RunningBot,
    invite_athletes,
    make_settings,
    make_trainer,
    pick_week,
    publish_plan,
    wait_button,
    wait_text,
)

OTHER = "Tue: Something else (20 min)\n- Run 1x20min"


@pytest.fixture
async def any_bot(api, any_bot_database_url, clock):
    running = RunningBot(make_settings(api, any_bot_database_url), clock)
    await running.start()
    yield running
    await running.stop()


def _data(message, label: str) -> str:
    return next(b.callback_data for row in message.buttons for b in row if b.label == label)


async def test_save_a_template_make_a_group_and_publish_to_it(any_bot, api, admin) -> None:
    tom = api.user(10, "Tom")
    ann, bob, cat = api.user(20, "Ann"), api.user(21, "Bob"), api.user(22, "Cat")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann, bob, cat)

    # Ann's week, saved as a template from /plan's preview, then still published.
    await pick_week(tom, "Ann", "This week")
    await tom.send(PLAN)
    await wait_button(tom, "💾 Save as template")
    await tom.press("💾 Save as template")
    await wait_text(tom, "What should this template be called")
    await tom.send("Base week")
    await wait_text(tom, "Saved as template")
    await wait_text(tom, "You can still publish")
    await tom.press("✅ Publish")
    await wait_text(tom, "Published week 1 for")
    await wait_text(ann, "published your plan")
    # A duplicate name gets a clear answer, and the dialogue waits for another.
    await pick_week(tom, "Cat", "Next week")
    await tom.send(OTHER)
    await wait_button(tom, "💾 Save as template")
    await tom.press("💾 Save as template")
    await wait_text(tom, "What should this template be called")
    await tom.send("BASE WEEK")
    await wait_text(tom, "already have a template called")
    await tom.send("/cancel")
    await wait_text(tom, "stopped")

    # Ann starts her week; Bob has an untouched plan for it.
    await ann.send("/today")
    await wait_button(ann, "✅ Done: Easy run")
    await ann.press("✅ Done: Easy run")
    await wait_button(ann, "↩️ Undo: Easy run")
    await publish_plan(tom, "Bob", text=OTHER)

    # A group of the three, toggled on and off, saved.
    await tom.send("/groups")
    await wait_text(tom, "no groups yet")
    await tom.press("➕ New group")
    await wait_text(tom, "Send the new group's name")
    await tom.send("Squad")
    members = await wait_text(tom, "tap athletes")
    assert members.button_labels[:3] == [["Ann"], ["Bob"], ["Cat"]]
    for name in ("Ann", "Bob", "Cat", "✅ Bob"):
        await tom.press(name)
        await tom.wait_for_edit(members.message_id)
    assert "2 chosen" in tom.last_message.text
    await tom.press("Bob")
    toggled = await wait_text(tom, "3 chosen")
    assert toggled.button_labels[:3] == [["✅ Ann"], ["✅ Bob"], ["✅ Cat"]]
    assert toggled.message_id == members.message_id  # in place
    await tom.press("💾 Save")
    card = await wait_text(tom, "3 athletes")
    assert "Ann" in card.text and "Cat" in card.text

    # The template, published to the group: Ann (started) and Bob (untouched) are skipped.
    await tom.send("/templates")
    listed = await wait_text(tom, "Your templates")
    template_open = _data(listed, "📑 Base week")
    await tom.press("📑 Base week")
    shown = await wait_text(tom, "Upper body strength")
    template_publish = _data(shown, "📤 Publish")
    await tom.press("📤 Publish")
    who = await wait_text(tom, "to whom")
    group_toggle = _data(who, "👥 Squad (3)")
    await tom.press("👥 Squad (3)")
    await wait_text(tom, "3 chosen")
    await tom.press("Next ▶️")
    await wait_text(tom, "which week")
    await tom.press("This week")
    preview = await wait_text(tom, "Preview")
    assert "Ann — that week is started" in preview.text
    assert "Bob — already has a plan" in preview.text
    assert "• Cat\n" in preview.text and "Upper body strength" in preview.text
    await tom.press("✅ Publish")
    done = await wait_text(tom, "Published")
    assert "to 1 athlete: Cat" in done.text
    assert "Ann — that week is already started" in done.text
    assert "Bob — already has an untouched plan" in done.text
    await wait_text(cat, "published your plan")
    bob.drain()

    # Again, replacing untouched ones: Bob's and Cat's weeks are replaced, Ann's kept.
    await tom.press_data(template_publish)
    await wait_text(tom, "to whom")
    await tom.press("👥 Squad (3)")
    await wait_text(tom, "3 chosen")
    await tom.press("Next ▶️")
    await wait_text(tom, "which week")
    await tom.press("This week")
    await wait_button(tom, "♻️ Publish, replace untouched ones")
    await tom.press("♻️ Publish, replace untouched ones")
    done = await wait_text(tom, "Published")
    assert (
        "to 2 athletes: Bob, Cat" in done.text and "Ann — that week is already started" in done.text
    )
    notice = await wait_text(bob, "published your plan")
    assert "Upper body strength" in notice.text
    await ann.send("/week")
    week = await wait_text(ann, "Week 1")
    assert "1/3 workouts done" in week.text  # her started week is as it was

    # Another trainer's forged buttons change nothing.
    eve = api.user(30, "Eve")
    await make_trainer(admin, eve)
    group_open = callbacks.with_id(callbacks.GROUP_OPEN, int(group_toggle.rsplit(":", 1)[1]))
    group_id = int(group_toggle.rsplit(":", 1)[1])
    template_id = int(template_open.rsplit(":", 1)[1])
    for data in (
        template_open,
        template_publish,
        f"{callbacks.TEMPLATE_DELETE_CONFIRMED}:{template_id}",
        f"{callbacks.TEMPLATE_RENAME}:{template_id}",
        group_open,
        f"{callbacks.GROUP_DELETE_CONFIRMED}:{group_id}",
        f"{callbacks.GROUP_EDIT}:{group_id}",
    ):
        press = await eve.press_data(data)
        assert "can't find" in (await press.answer()).text, data
    await tom.send("/templates")
    still = await wait_text(tom, "Your templates (1)")
    assert still.button_labels[0] == ["📑 Base week"]
    await tom.send("/groups")
    groups = await wait_text(tom, "Your groups")
    assert groups.button_labels[0] == ["👥 Squad (3)"]


async def test_a_forged_toggle_for_someone_elses_athlete_is_refused(coach_bot, api, admin) -> None:
    tom, eve = api.user(10, "Tom"), api.user(11, "Eve")
    ann, dan = api.user(20, "Ann"), api.user(40, "Dan")
    await make_trainer(admin, tom)
    await make_trainer(admin, eve)
    await invite_athletes(tom, ann)
    await invite_athletes(eve, dan)
    await tom.send("/groups")
    await wait_text(tom, "no groups yet")
    await tom.press("➕ New group")
    await wait_text(tom, "Send the new group's name")
    await tom.send("Mine")
    members = await wait_text(tom, "tap athletes")
    ann_data = _data(members, "Ann")
    dan_id = int(ann_data.rsplit(":", 1)[1]) + 1  # Dan joined after Ann
    press = await tom.press_data(f"{callbacks.GROUP_TOGGLE}:{dan_id}")
    assert "isn't yours" in (await press.answer()).text
    await tom.press("Ann")
    await wait_text(tom, "1 chosen")
    await tom.press("💾 Save")
    card = await wait_text(tom, "1 athlete:")
    assert "Dan" not in card.text and "Ann" in card.text


async def test_group_members_are_toggled_a_page_at_a_time(coach_bot, api, admin) -> None:
    tom = api.user(10, "Tom")
    athletes = [api.user(100 + n, f"A{n:02d}") for n in range(1, 12)]
    await make_trainer(admin, tom)
    await invite_athletes(tom, *athletes)
    await tom.send("/groups")
    await wait_text(tom, "no groups yet")
    await tom.press("➕ New group")
    await wait_text(tom, "Send the new group's name")
    await tom.send("Everyone")
    first = await wait_text(tom, "tap athletes")
    assert [row[0] for row in first.button_labels[:10]] == [f"A{n:02d}" for n in range(1, 11)]
    assert first.button_labels[10] == ["More ▶️"]
    await tom.press("A01")
    await wait_text(tom, "1 chosen")
    await tom.press("More ▶️")
    second = await tom.wait_for_edit(first.message_id)
    assert second.button_labels[:2] == [["A11"], ["◀️ Previous"]]
    await tom.press("A11")
    toggled = await wait_text(tom, "2 chosen")
    assert toggled.button_labels[0] == ["✅ A11"]  # still on the second page
    await tom.press("◀️ Previous")
    back = await tom.wait_for_edit(first.message_id)
    assert back.button_labels[0] == ["✅ A01"] and back.button_labels[1] == ["A02"]
    await tom.press("💾 Save")
    card = await wait_text(tom, "2 athletes")
    assert "A01" in card.text and "A11" in card.text and "A02" not in card.text


async def _template_and_group(tom, *members) -> None:
    """Tom saves a template from /plan's preview and groups ``members`` as "All"."""
    await pick_week(tom, members[0].account.first_name, "Next week")
    await tom.send(PLAN)
    await wait_button(tom, "💾 Save as template")
    await tom.press("💾 Save as template")
    await wait_text(tom, "What should this template be called")
    await tom.send("Base week")
    await wait_text(tom, "You can still publish")
    await tom.send("/groups")
    await wait_text(tom, "no groups yet")
    await tom.press("➕ New group")
    await wait_text(tom, "Send the new group's name")
    await tom.send("All")
    await wait_text(tom, "tap athletes")
    for count, member in enumerate(members, start=1):
        await tom.press(member.account.first_name)
        await wait_text(tom, f"{count} chosen")
    await tom.press("💾 Save")
    await wait_text(tom, f"{len(members)} athletes")


async def test_notices_go_out_as_broadcasts_behind_chat_replies(coach_bot, api, admin) -> None:
    tom = api.user(10, "Tom")
    ann, bob, cat = api.user(20, "Ann"), api.user(21, "Bob"), api.user(22, "Cat")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann, bob, cat)
    await _template_and_group(tom, ann, bob, cat)
    await cat.block_bot(notify=False)  # found out only when the notice fails

    limiter = coach_bot.application.bot.rate_limiter
    assert isinstance(limiter, CappedRateLimiter)
    sends: list[tuple[object, object]] = []
    original = limiter.process_request

    async def spy(callback, args, kwargs, endpoint, data, rate_limit_args):
        if endpoint == "sendMessage":
            sends.append((data.get("chat_id"), rate_limit_args))
        return await original(callback, args, kwargs, endpoint, data, rate_limit_args)

    limiter.process_request = spy
    try:
        await tom.send("/templates")
        await wait_text(tom, "Your templates")
        await tom.press("📑 Base week")
        await wait_button(tom, "📤 Publish")
        await tom.press("📤 Publish")
        await wait_text(tom, "to whom")
        await tom.press("👥 All (3)")
        await wait_text(tom, "3 chosen")
        await tom.press("Next ▶️")
        await wait_text(tom, "which week")
        await tom.press("Next week")
        await wait_button(tom, "✅ Publish")
        await tom.press("✅ Publish")
        done = await wait_text(tom, "Published")
        await wait_text(ann, "published your plan")
        await wait_text(bob, "published your plan")
    finally:
        limiter.process_request = original
    assert "to 3 athletes: Ann, Bob, Cat" in done.text
    assert "Couldn't message: Cat" in done.text
    by_chat = {}
    for chat_id, args in sends:
        by_chat.setdefault(int(chat_id), set()).add(args)
    assert by_chat[ann.id] == by_chat[bob.id] == by_chat[cat.id] == {BROADCAST}
    assert BROADCAST not in by_chat[tom.id]  # the trainer's own answers go first
    # Cat is marked unreachable before Tom is told (the same task, in order).
    engine = create_engine(coach_bot.settings.database_url)
    try:
        async with SqlUnitOfWork(create_session_factory(engine)) as uow:
            assert not (await uow.athletes.get_by_telegram_id(cat.id)).reachable
            assert (await uow.athletes.get_by_telegram_id(bob.id)).reachable
    finally:
        await engine.dispose()


async def test_a_week_saved_as_a_template_renamed_and_deleted(coach_bot, api, admin) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann")
    await tom.send("/templates")
    await wait_text(tom, "no templates yet")
    await tom.press("➕ From an athlete's week")
    await wait_text(tom, "Whose week")
    await tom.press("Ann")
    weeks = await wait_text(tom, "Which of")
    assert weeks.button_labels[0] == ["Week 1 · 23 Nov"]
    await tom.press("Week 1 · 23 Nov")
    await wait_text(tom, "What should this template be called")
    await tom.send("x" * 65)
    await wait_text(tom, "1 to 64 characters")
    await tom.send("Ann's first")
    saved = await wait_text(tom, "Saved as template")
    assert saved.button_labels[0] == ["📤 Publish"]
    await tom.press("✏️ Rename")
    await wait_text(tom, "Send the new name")
    await tom.send("Starter week")
    renamed = await wait_text(tom, "Renamed to")
    assert "Starter week" in renamed.text
    await tom.press("🗑 Delete")
    confirm = await wait_text(tom, "Delete the template")
    await tom.press("◀️ Back", message=confirm)
    card = await tom.wait_for_edit(confirm.message_id)
    assert "Starter week" in card.text and "Upper body strength" in card.text
    await tom.press("🗑 Delete")
    await wait_text(tom, "Delete the template")
    press = await tom.press("🗑 Yes, delete")
    assert "Deleted the template Starter week" in (await press.answer()).text
    await wait_text(tom, "no templates yet")
