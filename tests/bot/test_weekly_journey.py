"""The week's edges end to end: which weeks can be ticked, true trainer notices, logged
minutes, the Sunday check-in and the digest. The real PTB stack over HTTP against the
local Bot API, on SQLite and PostgreSQL; the scheduler runs under a controlled clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.clock import SettableClock
from bot.jobs import TelegramSender
from local_bot_api import FakeBotApiServer, FakeUser
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWork
from tests.bot.conftest import (
    RunningBot,
    invite_athletes,
    make_trainer,
    publish_plan,
    wait_text,
)
from tests.bot.scheduling_helpers import received, tick

THIS_MONDAY = date(2026, 11, 23)  # the clock starts on Wednesday 25 November
NEXT_MONDAY = date(2026, 11, 30)
SUNDAY_19 = datetime(2026, 11, 29, 19, tzinfo=UTC)  # 20:00 in Berlin (Ann)
SUNDAY_20 = datetime(2026, 11, 29, 20, tzinfo=UTC)  # 20:00 in UTC (Tom)
MONDAY_8 = datetime(2026, 11, 30, 8, tzinfo=UTC)
TUESDAY_LATE = datetime(2026, 12, 1, 22, 59, tzinfo=UTC)  # 23:59 in Berlin
WEDNESDAY_0 = datetime(2026, 12, 1, 23, 0, tzinfo=UTC)  # 00:00 in Berlin
SUMMARY = "Your week in review"


@pytest.fixture
async def engine(any_coach_bot: RunningBot):
    engine = create_engine(any_coach_bot.settings.database_url)
    yield engine
    await engine.dispose()


def _uow(engine) -> SqlUnitOfWork:
    return SqlUnitOfWork(create_session_factory(engine))


async def _plan(engine, telegram_id: int, week_start: date):
    async with _uow(engine) as u:
        athlete = await u.athletes.get_by_telegram_id(telegram_id)
        return await u.plans.get_for_week(athlete.id, week_start)


async def _checkins(engine, telegram_id: int):
    async with _uow(engine) as u:
        athlete = await u.athletes.get_by_telegram_id(telegram_id)
        return athlete.id, await u.checkins.get(athlete.id, THIS_MONDAY)


async def _two_weeks(api: FakeBotApiServer, admin: FakeUser) -> tuple[FakeUser, FakeUser, object]:
    """Tom coaches Ann (in Berlin), with this week's and next week's plans published."""
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await ann.send("/timezone Europe/Berlin")
    await wait_text(ann, "Timezone set")
    await publish_plan(tom, "Ann", "This week")
    this_week = await ann.wait_for(lambda m: "week of Mon 23 Nov" in m.text)
    await publish_plan(tom, "Ann", "Next week")
    await ann.wait_for(lambda m: "week of Mon 30 Nov" in m.text)
    return tom, ann, this_week


async def test_next_week_is_refused_and_last_week_is_ticked_until_its_tuesday(
    any_coach_bot: RunningBot, api: FakeBotApiServer, admin: FakeUser, clock: SettableClock, engine
) -> None:
    tom, ann, this_week = await _two_weeks(api, admin)
    sender = TelegramSender(any_coach_bot.application.bot)

    # Next week's workout: refused with when it opens, and nothing changes.
    press = await ann.press("✅ Done: Upper body strength")  # the newest plan message
    refusal = await press.answer()
    assert refusal.show_alert
    assert refusal.text == ("This is next week's workout — you can tick it from Monday 30 Nov.")
    await any_coach_bot.settled()  # the update's transaction is committed
    assert (await _plan(engine, ann.id, NEXT_MONDAY)).completed_workouts == 0

    # Sunday evening: the summary goes out (Ann ticked nothing this week).
    clock.set(SUNDAY_20)
    await tick(engine, sender, SUNDAY_20)
    summary = await wait_text(ann, SUMMARY)
    assert "Minutes: no time logged (115 planned)" in summary.text
    assert "How was your week?" in summary.text

    # Monday morning she ticks last week's Wednesday run: allowed, and Tom is told the
    # plan's week and that plan's count; the stored summary is regenerated, not re-sent.
    clock.set(MONDAY_8)
    press = await ann.press("✅ Done: Easy run", message=this_week)
    assert (await press.answer()).text == "Nice work! Marked done."
    told = await wait_text(tom, "finished Easy run")
    assert "week 1: 1 of 3 done" in told.text  # week 1's plan, not week 2's
    await any_coach_bot.settled()  # the update's transaction is committed
    old_plan = await _plan(engine, ann.id, THIS_MONDAY)
    async with _uow(engine) as u:
        stored = await u.summaries.get(old_plan.id)
    assert stored.completed_workouts == 1 and stored.completion_percentage == 33
    await tick(engine, sender, MONDAY_8)
    await any_coach_bot.settled()
    assert received(api, SUMMARY)[ann.id] == 1

    # Undo corrects the notice Tom had, in place.
    clock.set(TUESDAY_LATE)
    await ann.press("↩️ Undo: Easy run", message=this_week)
    corrected = await wait_text(tom, "undone")
    assert corrected.message_id == told.message_id and corrected.edited
    assert "Week 1: 0 of 3 done" in corrected.text

    # Wednesday 00:00 where Ann lives: last week is closed; nothing changes.
    clock.set(WEDNESDAY_0)
    press = await ann.press("✅ Done: Lower body", message=this_week)
    refusal = await press.answer()
    assert refusal.show_alert and "That week is over" in refusal.text
    await any_coach_bot.settled()  # the update's transaction is committed
    assert (await _plan(engine, ann.id, THIS_MONDAY)).completed_workouts == 0
    async with _uow(engine) as u:
        assert (await u.summaries.get(old_plan.id)).completed_workouts == 0


async def _answer_checkin(ann: FakeUser, summary, taps: list[str], weight: str, note: str):
    """Check in from the summary's button: three score taps, then weight and note."""
    await ann.press("📝 Check in", message=summary)
    energy = await wait_text(ann, "Energy")
    assert energy.button_labels == [["1", "2", "3", "4", "5"], ["Skip ⏭"]]
    asks = ("Sleep", "Soreness", "body weight")
    for tap, ask in zip(taps, asks, strict=True):
        await ann.press(tap, message=energy.message_id)
        edited = await ann.wait_for(lambda m, a=ask: a in m.text and m.edited)
        assert edited.message_id == energy.message_id  # the same message, edited in place
    if weight == "Skip":
        await ann.press("Skip ⏭", message=energy.message_id)
    else:
        await ann.send(weight)
    await wait_text(ann, "Anything to tell your trainer")
    if note == "Skip":
        await ann.press("Skip ⏭")
    else:
        await ann.send(note)
    return await wait_text(ann, "Check-in saved for week 1")


async def test_the_checkin_after_the_summary_reaches_the_digest_with_every_log(
    any_coach_bot: RunningBot, api: FakeBotApiServer, admin: FakeUser, clock: SettableClock, engine
) -> None:
    tom, ann, this_week = await _two_weeks(api, admin)
    sender = TelegramSender(any_coach_bot.application.bot)
    # Wednesday: the run, done and logged with a note; the row is done but not logged.
    await ann.press("✅ Done: Easy run", message=this_week)
    await wait_text(tom, "finished Easy run")
    await ann.send("/log")
    await wait_text(ann, "Which exercise")
    await ann.press("Run")
    await wait_text(ann, "Send what you did")
    await ann.send("1x32min knee a bit sore")
    await wait_text(ann, "Logged")

    # Sunday 20:00 in Berlin: the summary, with the check-in, exactly once.
    clock.set(SUNDAY_19)
    await tick(engine, sender, SUNDAY_19)
    summary = await wait_text(ann, SUMMARY)
    assert "Minutes: 32 logged of 115 planned" in summary.text
    assert summary.button_labels == [["📝 Check in"]]
    await tick(engine, sender, SUNDAY_19)  # again: nothing more
    await any_coach_bot.settled()
    assert received(api, "How was your week?")[ann.id] == 1

    # A body weight that isn't one gets an example, and the step waits.
    await ann.press("📝 Check in", message=summary)
    await wait_text(ann, "Energy")
    for tap, ask in (("3", "Sleep"), ("4", "Soreness"), ("2", "body weight")):
        await ann.press(tap)
        await ann.wait_for(lambda m, a=ask: a in m.text and m.edited)
    await ann.send("heavy")
    assert "e.g. 72.4" in (await wait_text(ann, "couldn't read that as a body weight")).text
    await ann.send("72,4")
    await wait_text(ann, "Anything to tell your trainer")
    await ann.send("knee sore")
    done = await wait_text(ann, "Check-in saved for week 1")
    assert "⚡3 😴4 💢2 · 72.4 kg · “knee sore”" in done.text
    told = await wait_text(tom, "checked in")  # at once, as well as in the digest
    assert told.text == "📝 Ann checked in · week 1: ⚡3 😴4 💢2 · 72.4 kg · “knee sore”"

    # A forged check-in for Ann's week, by her trainer: refused, nothing changes.
    await any_coach_bot.settled()  # the update's transaction is committed
    plan = await _plan(engine, ann.id, THIS_MONDAY)
    forged = await tom.press_data(f"ci:o:{plan.id}:1:1:1")
    assert (await forged.answer()).text == "That isn't yours to change."
    await any_coach_bot.settled()  # the update's transaction is committed
    _, row = await _checkins(engine, ann.id)
    assert (row.energy, row.sleep, row.soreness, row.note) == (3, 4, 2, "knee sore")

    # Tom's digest (20:00 in UTC) shows the check-in and the log, planned beside done.
    clock.set(SUNDAY_20)
    await tick(engine, sender, SUNDAY_20)
    digest = await wait_text(tom, "Your athletes' week")
    assert "1. Ann — week 1: 1/3 workouts (33%), 32 of 115 min" in digest.text
    assert "⚡3 😴4 💢2 · 72.4 kg · “knee sore”" in digest.text
    assert "· Run: 1x32min (planned 1x30min) — knee a bit sore" in digest.text


async def test_a_checkin_skipped_at_every_step_and_answered_twice_keeps_the_last(
    any_coach_bot: RunningBot, api: FakeBotApiServer, admin: FakeUser, clock: SettableClock, engine
) -> None:
    tom, ann, _ = await _two_weeks(api, admin)
    bob = api.user(30, "Bob")
    await invite_athletes(tom, bob)
    clock.set(SUNDAY_19)
    await tick(engine, TelegramSender(any_coach_bot.application.bot), SUNDAY_19)
    summary = await wait_text(ann, SUMMARY)

    first = await _answer_checkin(ann, summary, ["5", "5", "1"], "80", "great week")
    assert "⚡5 😴5 💢1 · 80 kg · “great week”" in first.text
    skipped = await _answer_checkin(ann, summary, ["Skip ⏭"] * 3, "Skip", "Skip")
    assert "checked in, everything skipped" in skipped.text
    await any_coach_bot.settled()  # the update's transaction is committed
    athlete_id, row = await _checkins(engine, ann.id)
    assert (row.energy, row.sleep, row.soreness, row.body_weight_kg, row.note) == (
        None,
        None,
        None,
        None,
        None,
    )
    async with _uow(engine) as u:
        assert (await u.checkins.latest(athlete_id)).answered_at is not None
    last = await _answer_checkin(ann, summary, ["2", "Skip ⏭", "4"], "Skip", "tired")
    assert "⚡2 💢4 · “tired”" in last.text
    await any_coach_bot.settled()  # the update's transaction is committed
    _, row = await _checkins(engine, ann.id)
    assert (row.energy, row.sleep, row.soreness, row.note) == (2, None, 4, "tired")

    # Another athlete's forged button for Ann's week changes nothing.
    await any_coach_bot.settled()  # the update's transaction is committed
    plan = await _plan(engine, ann.id, THIS_MONDAY)
    await bob.send("/today")
    await bob.next_message()
    forged = await bob.press_data(f"ci:o:{plan.id}:1:1:1")
    assert (await forged.answer()).text == "That isn't yours to change."
    forged = await bob.press_data(f"ci:n:{plan.id}")
    assert (await forged.answer()).text == "That isn't yours to change."
    await any_coach_bot.settled()  # the update's transaction is committed
    _, row = await _checkins(engine, ann.id)
    assert (row.energy, row.sleep, row.soreness, row.note) == (2, None, 4, "tired")


async def test_an_undo_whose_notice_cant_be_edited_sends_a_short_correction(
    any_coach_bot: RunningBot, api: FakeBotApiServer, admin: FakeUser
) -> None:
    tom, ann, this_week = await _two_weeks(api, admin)
    await ann.press("✅ Done: Easy run", message=this_week)
    told = await wait_text(tom, "finished Easy run")
    # The notice and Ann's redrawn message go out together, in either order: her Undo
    # button is there once her update is handled.
    await any_coach_bot.settled()
    api.fail(
        400, "Bad Request: message to edit not found", method="editMessageText", chat_id=tom.id
    )
    await ann.press("↩️ Undo: Easy run", message=this_week)
    correction = await wait_text(tom, "Correction")
    assert correction.message_id != told.message_id and not correction.edited
    assert correction.text == "↩️ Correction: Ann undid Easy run (Wednesday) — week 1: 0 of 3 done."
    # The notice itself stays as it was (it couldn't be edited); the correction follows it.
    await any_coach_bot.settled()
    texts = [m.text for m in api.messages(tom.id)]
    assert texts[-2] == told.text and texts[-1] == correction.text
