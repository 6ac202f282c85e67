"""Editing and deleting a planned week from the chat, over the local Bot API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot import callbacks
from core import models
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWork
from tests.bot.conftest import (
    RunningBot,
    invite_athletes,
    make_trainer,
    publish_plan,
    wait_button,
    wait_text,
)

WEEK = """\
Tue: Lower body (40 min)
- Back squat 5x5 @ 60kg
Thu: Upper body
- Bench press 5x5 @ 50kg
Sat: Long run
- Run 1x60min
"""


async def _week_with_tuesday_done(api, admin):
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann", text=WEEK)
    week = await wait_button(ann, "✅ Done: Long run")  # the plan message Ann was sent
    await ann.send("/week")
    await wait_button(ann, "✅ Done: Lower body")
    await ann.press("✅ Done: Lower body")
    await wait_button(ann, "↩️ Undo: Lower body")
    return tom, ann, week


async def _open_this_week(tom):
    await tom.send("/plan")
    await wait_text(tom, "Whose week")
    await tom.press("Ann")
    picker = await wait_text(tom, "Which week")
    await tom.press("📋 This week")
    return picker


async def test_edit_thursday_after_tuesday_was_done(any_coach_bot, api, admin) -> None:
    tom, ann, old_message = await _week_with_tuesday_done(api, admin)
    done_before = await _tuesday(any_coach_bot)
    await ann.send("/log")  # Wednesday: Tuesday is the most recent workout
    await wait_text(ann, "Which exercise")
    await ann.press("Back squat")
    await wait_text(ann, "Back squat")
    await ann.send("5x5 @ 60kg")
    await wait_text(ann, "Logged")
    picker = await _open_this_week(tom)
    assert ["📋 This week"] in picker.button_labels and ["Next week"] in picker.button_labels
    ask = await wait_text(tom, "under way")
    assert ["🗑 Delete this week"] in ask.button_labels
    current = await wait_text(tom, "✓ Tue: Lower body")
    assert "✓ Thu" not in current.text and "✓ -" not in current.text
    edited = current.text.replace("Bench press 5x5 @ 50kg", "Bench press 5x5 @ 45kg").replace(
        "Sat: Long run\n- Run 1x60min", "Fri: Easy run (30 min)\n- Run 1x30min"
    )
    await tom.send(edited)
    preview = await wait_text(tom, "What changes")
    assert "Thu · Bench press 5x5 @ 50kg → 5x5 @ 45kg" in preview.text
    await tom.press("✅ Publish")
    await wait_text(tom, "Updated week 1")
    told = await wait_text(ann, "changed your plan")
    assert "Thu · Bench press 5x5 @ 50kg → 5x5 @ 45kg" in told.text
    assert "+ Fri: Easy run (30 min)" in told.text and "− Sat: Long run" in told.text
    assert ["↩️ Undo: Lower body"] in told.button_labels  # Tuesday stays done
    done_after = await _tuesday(any_coach_bot)
    assert done_after.workout == done_before.workout  # same row, completed_at and all
    assert [log.load for log in done_after.logs] == ["60kg"]
    # The older plan message: its Saturday button says the workout is gone.
    stale = await ann.press("✅ Done: Long run", message=old_message.message_id)
    assert "removed from your plan" in (await stale.answer()).text
    # Its Tuesday button still acts on the same, kept workout.
    again = await ann.press("✅ Done: Lower body", message=old_message.message_id)
    assert (await again.answer()).text == "Already marked done."


async def test_a_changed_done_line_names_the_line_and_changes_nothing(
    coach_bot, api, admin
) -> None:
    tom, ann, _ = await _week_with_tuesday_done(api, admin)
    await _open_this_week(tom)
    current = await wait_text(tom, "✓ Tue: Lower body")
    await tom.send(current.text.replace("5x5 @ 60kg", "5x5 @ 65kg"))
    refused = await wait_text(tom, "couldn't read the plan")
    assert "line 1:" in refused.text and "done" in refused.text
    await tom.send(current.text)  # sent back unchanged: published, nobody bothered
    await wait_text(tom, "Nothing changes")
    await tom.press("✅ Publish")
    await wait_text(tom, "Nothing changed in the week of Ann")
    await ann.send("/week")
    week = await wait_button(ann, "↩️ Undo: Lower body")
    assert "60kg" in week.text and "65kg" not in week.text
    assert not [m for m in ann.bot_messages if "changed your plan" in m.text]


async def test_delete_a_future_week_with_confirmation(any_coach_bot, api, admin) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann", week="Next week", text=WEEK)
    await tom.send("/plan")
    await wait_text(tom, "Whose week")
    await tom.press("Ann")
    await wait_text(tom, "Which week")
    await tom.press("📋 Next week")
    await wait_button(tom, "🗑 Delete this week")
    await tom.press("🗑 Delete this week")
    confirm = await wait_text(tom, "Delete the plan of")
    assert confirm.button_labels == [["🗑 Delete", "Keep"]]
    await tom.press("Keep")
    await wait_text(tom, "Kept.")
    await tom.press("🗑 Delete this week")
    await wait_button(tom, "🗑 Delete")
    await tom.press("🗑 Delete")
    await wait_text(tom, "Deleted the plan of")
    told = await wait_text(ann, "removed your plan for the week of")
    assert "Mon 30 Nov" in told.text
    await tom.send("/plan")
    await wait_text(tom, "Whose week")
    await tom.press("Ann")
    picker = await wait_text(tom, "Which week")
    assert ["Next week"] in picker.button_labels


async def test_a_week_with_done_work_asks_a_stronger_confirmation(coach_bot, api, admin) -> None:
    tom, ann, _ = await _week_with_tuesday_done(api, admin)
    await _open_this_week(tom)
    await wait_button(tom, "🗑 Delete this week")
    await tom.press("🗑 Delete this week")
    confirm = await wait_text(tom, "1 done or logged workout")
    assert "for good" in confirm.text
    await tom.press("🗑 Delete")
    await wait_text(tom, "Deleted the plan of")
    await wait_text(ann, "removed your plan")


async def test_card_buttons_enter_the_plan_dialogue_and_refuse_strangers(
    coach_bot, api, admin
) -> None:
    tom, ann, eve = api.user(10, "Tom"), api.user(20, "Ann"), api.user(30, "Eve")
    await make_trainer(admin, tom)
    await make_trainer(admin, eve)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann", text=WEEK)
    await tom.send("/athletes")
    await wait_text(tom, "Your athletes")
    ann_id = await _athlete_id(coach_bot, 20)
    await tom.press_data(callbacks.with_id(callbacks.CARD_PLAN, ann_id))
    picker = await wait_text(tom, "Which week for")
    assert ["📋 This week"] in picker.button_labels
    await tom.press_data(callbacks.with_id(callbacks.CARD_EDIT, ann_id))
    await wait_text(tom, "Send the plan for")
    await wait_text(tom, "Tue: Lower body")
    # Eve's forged card buttons for Ann: refused, nothing opened.
    await eve.send("/help")
    await wait_text(eve, "What I can do")
    for prefix in (callbacks.CARD_PLAN, callbacks.CARD_EDIT, callbacks.CARD_COPY):
        forged = await eve.press_data(callbacks.with_id(prefix, ann_id))
        assert "isn't yours" in (await forged.answer()).text
    await eve.send("Mon: Run\n- Run 1x10min")
    answer = await eve.next_message()
    assert "Preview" not in answer.text


@dataclass(frozen=True)
class Tuesday:
    workout: models.Workout
    logs: list[models.CompletionLog]


async def _tuesday(running: RunningBot) -> Tuesday:
    """Ann's Tuesday workout of this week and her logs of its exercise, from the database."""
    engine = create_engine(running.settings.database_url)
    try:
        async with SqlUnitOfWork(create_session_factory(engine)) as uow:
            ann = await uow.athletes.get_by_telegram_id(20)
            plan = await uow.plans.get_for_week(ann.id, date(2026, 11, 23))
            workout = plan.workouts_on(1)[0]
            logs = await uow.logs.recent_for_exercise_name(ann.id, "Back squat", 5)
    finally:
        await engine.dispose()
    return Tuesday(workout=workout, logs=list(logs))


async def _athlete_id(running: RunningBot, telegram_id: int) -> int:
    engine = create_engine(running.settings.database_url)
    try:
        async with SqlUnitOfWork(create_session_factory(engine)) as uow:
            athlete = await uow.athletes.get_by_telegram_id(telegram_id)
    finally:
        await engine.dispose()
    return athlete.id


async def test_card_edit_on_a_week_without_a_plan_is_the_normal_flow(coach_bot, api, admin) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    ann_id = await _athlete_id(coach_bot, 20)
    await tom.press_data(callbacks.with_id(callbacks.CARD_EDIT, ann_id))
    ask = await wait_text(tom, "Send the plan for")
    assert "For example" in ask.text and ask.button_labels == []
    await tom.send(WEEK)
    await wait_button(tom, "✅ Publish")
    await tom.press("✅ Publish")
    await wait_text(tom, "Published week 1")
