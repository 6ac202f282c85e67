"""The athlete card's latest check-in and latest messages, end to end: the real PTB
stack over HTTP against the local Bot API, on SQLite and PostgreSQL; the Sunday
summary (with its check-in) goes out from the scheduler under a controlled clock."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import SettableClock
from bot.jobs import TelegramSender
from local_bot_api import FakeBotApiServer, FakeUser
from storage.db import create_engine
from tests.bot.conftest import (
    RunningBot,
    invite_athletes,
    make_trainer,
    publish_plan,
    wait_button,
    wait_text,
)
from tests.bot.scheduling_helpers import tick

SUNDAY_19 = datetime(2026, 11, 29, 19, tzinfo=UTC)  # 20:00 in Berlin (Ann)
LONG = "Squats felt heavy today and my left knee was a bit sore after the third set of five"


async def _check_in(ann: FakeUser, summary) -> None:
    await ann.press("📝 Check in", message=summary)
    energy = await wait_text(ann, "Energy")
    for tap, ask in (("3", "Sleep"), ("4", "Soreness"), ("2", "body weight")):
        await ann.press(tap, message=energy.message_id)
        await ann.wait_for(lambda m, a=ask: a in m.text and m.edited)
    await ann.send("72.4")
    await wait_text(ann, "Anything to tell your trainer")
    await ann.send("knee sore")
    await wait_text(ann, "Check-in saved for week 1")


async def test_the_card_shows_the_latest_checkin_and_messages(
    any_coach_bot: RunningBot, api: FakeBotApiServer, admin: FakeUser, clock: SettableClock
) -> None:
    tom, ann, ben = api.user(10, "Tom"), api.user(20, "Ann"), api.user(30, "Ben")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann, ben)
    await ann.send("/timezone Europe/Berlin")
    await wait_text(ann, "Timezone set")
    await publish_plan(tom, "Ann")
    await ann.wait_for(lambda m: "week of Mon 23 Nov" in m.text)

    clock.set(SUNDAY_19)
    engine = create_engine(any_coach_bot.settings.database_url)
    try:
        await tick(engine, TelegramSender(any_coach_bot.application.bot), SUNDAY_19)
    finally:
        await engine.dispose()
    summary = await wait_text(ann, "Your week in review")
    await _check_in(ann, summary)

    await ann.send("an old message, not on the card")
    await wait_text(tom, "💬 Ann: an old message")
    await ann.send("/log")
    await wait_text(ann, "Which exercise")
    await ann.press("Back squat")
    await wait_text(ann, "Send what you did")
    await ann.send_video(b"mp4", caption="cadence ok?")
    await wait_text(ann, "as a form check of Back squat")
    await ann.send(LONG)
    relayed = await wait_text(tom, "💬 Ann: Squats")
    await tom.send("Rest it two days", reply_to=relayed.message_id)
    await wait_text(ann, "💬 Tom: Rest it two days")
    await wait_text(tom, "✅ Sent to Ann.")
    await any_coach_bot.settled()

    await tom.send("/athletes")
    await wait_button(tom, "💤📭 Ann · 0%")
    await tom.press("💤📭 Ann · 0%")
    card = await wait_text(tom, "👤 Ann")
    sections = card.text.split("\n\n")
    assert "Latest check-in · week of Mon 23 Nov\n⚡3 😴4 💢2 · 72.4 kg · “knee sore”" in sections
    (messages,) = [s for s in sections if s.startswith("Latest messages")]
    assert (
        messages.split("\n")
        == [  # the latest 3, newest first, in Ann's time
            "Latest messages",
            "• Sun 29 Nov 20:00 · to Ann · 💬 “Rest it two days”",
            "• Sun 29 Nov 20:00 · from Ann · 💬 “" + LONG[:59] + "…”",  # cut at 60 characters
            "• Sun 29 Nov 20:00 · from Ann · 🎥 form check · Back squat “cadence ok?”",
        ]
    )
    assert "an old message" not in card.text

    # Ben: no check-in, no messages: neither section, and no empty placeholder.
    await tom.press("◀️ Back to athletes")
    await wait_button(tom, "📭 Ben · no plan")
    await tom.press("📭 Ben · no plan")
    ben_card = await wait_text(tom, "👤 Ben")
    assert "Latest check-in" not in ben_card.text and "Latest messages" not in ben_card.text
