"""Strangers, forged buttons, duplicates, groups, restarts and webhooks."""

from __future__ import annotations

import asyncio
import json
import socket

import httpx
from telegram import Update

from bot import callbacks
from coach.runner import serve
from tests.bot.conftest import (
    ADMIN_ID,
    invite_athletes,
    make_settings,
    make_trainer,
    pick_week,
    publish_plan,
    wait_button,
    wait_text,
)


async def _week_one(api, admin):
    tom, ann, bob = api.user(10, "Tom"), api.user(20, "Ann"), api.user(21, "Bob")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann, bob)
    await publish_plan(tom, "Ann")
    await ann.send("/today")
    today = await wait_text(ann, "Today, Wednesday")
    return tom, ann, bob, today


async def test_forged_done_buttons_change_nothing(coach_bot, api, admin) -> None:
    tom, ann, bob, today = await _week_one(api, admin)
    workout_id = callbacks.parse_done(today.buttons[0][0].callback_data).workout_id
    # Bob forges Ann's Done button in his own chat.
    await bob.send("/help")
    await wait_text(bob, "What I can do")
    forged = await bob.press_data(callbacks.done(workout_id, True, "w"))
    assert "isn't yours" in (await forged.answer()).text
    # A stranger, another trainer, and garbage data fare no better.
    eve = api.user(66, "Eve")
    await eve.send("/start")
    await wait_text(eve, "What I can do")
    assert (
        "isn't yours"
        in (await (await eve.press_data(callbacks.done(workout_id, True, "t"))).answer()).text
    )
    for data, refusal in (
        ("done:99999999:1:t", "can't find that"),
        ("done:abc:1:t", "expired"),
        ("plan:publish", "expired"),
        ("x" * 64, "expired"),
    ):
        press = await eve.press_data(data)
        assert refusal in (await press.answer()).text, data
    await ann.send("/week")
    week = await wait_text(ann, "Week 1")
    assert "0/3 workouts done" in week.text
    assert not [m for m in api.messages(tom.id) if "finished" in m.text]


async def test_role_commands_are_refused_to_others(coach_bot, api, admin) -> None:
    tom, ann, bob, _ = await _week_one(api, admin)
    for command, answer in (
        ("/plan", "for trainers"),
        ("/copyweek", "for trainers"),
        ("/athletes", "for trainers"),
        ("/invite", "for trainers"),
        ("/assign", "for trainers"),
        ("/addtrainer", "for admins"),
    ):
        await bob.send(command)
        await wait_text(bob, answer)
    # Another trainer cannot reach Tom's athletes, even with forged buttons mid-dialogue.
    rival = api.user(12, "Rex")
    await make_trainer(admin, rival)
    await rival.send("/plan")
    await wait_text(rival, "no athletes yet")
    await rival.send("/summary")
    picker = await wait_text(rival, "Whose week")
    ann_id = await _athlete_id(ann, tom)
    forged = await rival.press_data(f"{callbacks.SUMMARY_ATHLETE}:{ann_id}", picker.message_id)
    assert "isn't yours" in (await forged.answer()).text


async def _athlete_id(athlete, trainer) -> int:
    """Ann's athlete id, read from the buttons Tom is shown in /plan."""
    await trainer.send("/plan")
    picker = await wait_text(trainer, "Whose week")
    await trainer.send("/cancel")
    await wait_text(trainer, "stopped")
    for row in picker.buttons:
        if row[0].label == athlete.account.first_name:
            return int(row[0].callback_data.rsplit(":", 1)[1])
    raise AssertionError("athlete not in the picker")


async def test_the_same_update_twice_changes_state_once(coach_bot, api, admin) -> None:
    tom, ann, _, today = await _week_one(api, admin)
    data = today.buttons[0][0].callback_data
    payload = {
        "update_id": 990001,
        "callback_query": {
            "id": "dup-1",
            "from": {"id": ann.id, "is_bot": False, "first_name": "Ann"},
            "chat_instance": "x",
            "data": data,
            "message": {
                "message_id": today.message_id,
                "date": today.date,
                "chat": {"id": ann.id, "type": "private"},
                "from": {"id": api.bot.id, "is_bot": True, "first_name": "Coach"},
                "text": "x",
            },
        },
    }
    application = coach_bot.application
    update = Update.de_json(json.loads(json.dumps(payload)), application.bot)
    await application.process_update(update)
    await application.process_update(update)
    await wait_text(tom, "finished")
    await ann.send("/week")
    week = await wait_text(ann, "Week 1")
    assert "1/3 workouts done" in week.text
    assert len([m for m in api.messages(tom.id) if "finished" in m.text]) == 1


async def test_a_restart_in_the_middle_of_plan_loses_nothing(coach_bot, api, admin) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await pick_week(tom, "Ann", "Next week")
    await coach_bot.restart()
    await tom.send("Tue: Intervals (25 min)\n- Sprint 6x30s")
    preview = await wait_text(tom, "Preview")
    assert "Intervals" in preview.text
    await coach_bot.restart()
    await tom.press("✅ Publish")
    await wait_text(tom, "Published week 1")
    await wait_text(ann, "Intervals")


async def test_cancel_leaves_the_dialogue_and_saves_nothing(coach_bot, api, admin) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await pick_week(tom, "Ann", "This week")
    await tom.send("Mon: Run\n- Run 1x10min")
    await wait_text(tom, "Preview")
    await tom.press("✖️ Cancel")
    await wait_text(tom, "Nothing was saved")
    stale = await tom.press_data(callbacks.PLAN_PUBLISH)
    assert "expired" in (await stale.answer()).text
    await tom.send("/cancel")
    await wait_text(tom, "nothing to cancel")
    await ann.send("/week")
    await wait_text(ann, "no plan for this week")


async def test_bad_invite_payloads_get_a_clear_answer(coach_bot, api, admin) -> None:
    ann = api.user(20, "Ann")
    await ann.send("/start not-a-real-invite")
    await wait_text(ann, "isn't valid")
    await ann.send("/start " + "x" * 80)
    await wait_text(ann, "isn't valid")
    tom = api.user(10, "Tom")
    await make_trainer(admin, tom)
    await tom.send("/invite")
    old = await wait_text(tom, "?start=")
    await tom.send("/invite")
    await wait_text(tom, "?start=")
    await ann.send("/start " + old.text.split("?start=")[1].split()[0])
    await wait_text(ann, "replaced by a newer one")


async def test_group_chats_get_one_pointer(coach_bot, api) -> None:
    group = api.group(-100500, "Gym friends")
    ann = api.user(20, "Ann").in_group(group)
    await ann.send("/today")
    pointer = await wait_text(ann, "private chats only")
    assert "@coach_test_bot" in pointer.text
    await ann.send("/week")
    await ann.send("hello")
    private = api.user(20, "Ann")
    await private.send("/help")  # processed after the group messages: nothing more came
    await wait_text(private, "What I can do")
    assert len([m for m in api.messages(group.id) if m.from_bot]) == 1


async def test_blocking_and_unblocking_updates_reachability(coach_bot, api, admin) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await ann.block_bot()
    await coach_bot.settled()  # Ann's chat and Tom's are handled in parallel
    await tom.send("/athletes")
    roster = await wait_text(tom, "Your athletes")
    assert "blocked the bot" in roster.text
    await ann.unblock_bot()
    await coach_bot.settled()
    await tom.send("/athletes")
    roster = await wait_text(tom, "Your athletes")
    assert "blocked" not in roster.text


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_mode_refuses_a_wrong_secret(api, bot_database_url, clock) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    settings = make_settings(
        api,
        bot_database_url,
        COACH_WEBHOOK_URL=url,
        COACH_WEBHOOK_SECRET="s3cret-Token",
        COACH_PORT=str(port),
    )
    stop = asyncio.Event()
    running = asyncio.create_task(serve(settings, stop))
    try:
        await api.wait_until(lambda: api.webhook is not None and api.webhook.url == url, 30)
        forged = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": ADMIN_ID, "type": "private"},
                "from": {"id": ADMIN_ID, "is_bot": False, "first_name": "Ada"},
                "text": "/addtrainer",
                "entities": [{"type": "bot_command", "offset": 0, "length": 11}],
            },
        }
        async with httpx.AsyncClient() as client:
            wrong = await client.post(
                url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            )
            missing = await client.post(url, json=forged)
        assert (wrong.status_code, missing.status_code) == (403, 403)
        # The real server, with the right secret, gets through.
        ann = api.user(20, "Ann")
        await ann.send("/start")
        await wait_text(ann, "Coach")  # handled after the forged posts, had they got in
        assert not api.calls("sendMessage", chat_id=ADMIN_ID)
    finally:
        stop.set()
        assert await asyncio.wait_for(running, 30) == 0


async def test_forged_week_buttons_are_refused(coach_bot, api, admin) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await tom.send("/plan")
    await wait_text(tom, "Whose week")
    await tom.press("Ann")
    weeks = await wait_text(tom, "Which week")
    for data in ("plan:week:2026-02-30", "plan:week:2026-11-25"):  # no such day; a Wednesday
        press = await tom.press_data(data, weeks.message_id)
        assert "expired" in (await press.answer()).text
    await tom.press("This week")  # the dialogue is still waiting for a real choice
    await wait_text(tom, "Send the plan")


async def test_one_dialogue_at_a_time(coach_bot, api, admin) -> None:
    """A new dialogue replaces the open one; its text never lands in the old one."""
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann")
    await tom.send("/plan")
    await wait_text(tom, "Whose week")
    await tom.press("Ann")
    await wait_text(tom, "Which week")
    await tom.send("/copyweek")  # abandons /plan
    await wait_text(tom, "copy forward")
    await tom.press("Ann")
    await wait_text(tom, "Which week of")
    await tom.press("Week 1 · Mon 23 Nov")
    await wait_text(tom, "into which week")
    await tom.press("Next week")
    await wait_text(tom, "Tap a progression")
    await tom.send("/athletes")  # a plain command in the middle keeps the dialogue open
    await wait_text(tom, "Your athletes")
    await tom.send("+1 rep")
    await wait_text(tom, "Preview")
    await tom.press("✅ Publish")
    await wait_text(tom, "Copied into week 2")
    await tom.send("/cancel")
    await wait_text(tom, "nothing to cancel")
    await tom.send("+1 rep")
    await wait_text(tom, "don't know that command")


async def test_a_plan_in_another_file_type_is_explained(coach_bot, api, admin) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await pick_week(tom, "Ann", "This week")
    await tom.send_document("plan.pdf", b"%PDF-1.4", mime_type="application/pdf")
    await wait_text(tom, "plain text or a .txt file")
    await tom.send_document("plan.txt", b"\xff\xfe not utf-8 \xff")
    await wait_text(tom, "plain text or a .txt file")
    await tom.send("Mon: Run\n- Run 1x20min")  # still waiting for the plan
    await wait_button(tom, "✅ Publish")
