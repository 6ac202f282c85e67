"""What the athlete did reaches the trainer; messages both ways; form checks.

End to end: the real bot over HTTP against the local Bot API, on SQLite and PostgreSQL
where the path is the main one.
"""

from __future__ import annotations

from sqlalchemy import text

from bot import callbacks
from local_bot_api import FakeBotApiServer, FakeUser
from storage.db import create_engine
from tests.bot.conftest import (
    RunningBot,
    invite_athletes,
    make_trainer,
    publish_plan,
    wait_text,
)

# START is a Wednesday: these are today's exercises.
WEDNESDAY_PLAN = """\
Wed: Legs and a run (60 min)
- Back squat 5x5 @ 60kg
- Run 1x30min
"""


async def stored(bot: RunningBot) -> list[tuple]:
    """The messages table: (direction, kind, status, text, exercise_name), oldest first."""
    engine = create_engine(bot.settings.database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT direction, kind, status, text, exercise_name FROM messages ORDER BY id"
                )
            )
            return [tuple(row) for row in rows]
    finally:
        await engine.dispose()


async def athlete_id(bot: RunningBot, user: FakeUser) -> int:
    engine = create_engine(bot.settings.database_url)
    try:
        async with engine.connect() as connection:
            return await connection.scalar(
                text("SELECT id FROM athletes WHERE telegram_id = :id"), {"id": user.id}
            )
    finally:
        await engine.dispose()


async def coached_pair(api: FakeBotApiServer, admin: FakeUser) -> tuple[FakeUser, FakeUser]:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    return tom, ann


async def log(ann: FakeUser, exercise: str, entry: str) -> None:
    await ann.send("/log")
    await wait_text(ann, "Which exercise")
    await ann.press(exercise)
    await wait_text(ann, "Send what you did")
    if entry:
        await ann.send(entry)
        await wait_text(ann, "Logged")


async def test_a_noted_or_short_log_reaches_the_trainer(any_coach_bot, api, admin) -> None:
    tom, ann = await coached_pair(api, admin)
    await publish_plan(tom, "Ann", text=WEDNESDAY_PLAN)
    await log(ann, "Run", "1x32min knee a bit sore")
    notice = await wait_text(tom, "📝")
    assert notice.text == "📝 Ann · Run: 1x32min (planned 1x30min) — knee a bit sore"

    await log(ann, "Back squat", "5x5 @ 60kg")  # as planned, no note: nothing
    await log(ann, "Back squat", "5x5 @ 62.5kg")  # above plan: nothing
    await log(ann, "Back squat", "5,5,5,4,3 @ 60kg")  # below plan
    short = await wait_text(tom, "📝")
    assert short.text == "📝 Ann · Back squat: 5,5,5,4,3 @ 60kg (planned 5x5 @ 60kg)"
    await any_coach_bot.settled()
    assert [m.text for m in tom.drain() if "📝" in m.text] == []


async def test_a_blocked_trainer_does_not_break_the_log(coach_bot, api, admin) -> None:
    tom, ann = await coached_pair(api, admin)
    await publish_plan(tom, "Ann", text=WEDNESDAY_PLAN)
    await tom.block_bot(notify=False)
    await log(ann, "Run", "1x20min cut short")
    await coach_bot.settled()
    assert [c.ok for c in api.calls("sendMessage", chat_id=tom.id)][-1] is False


async def test_text_photo_and_voice_reach_the_trainer_who_replies(
    any_coach_bot, api, admin
) -> None:
    tom, ann = await coached_pair(api, admin)
    await ann.send("How deep should I squat?")
    relayed = await wait_text(tom, "💬 Ann")
    assert relayed.text == "💬 Ann: How deep should I squat?"
    await wait_text(ann, "✅ Sent to Tom.")

    await ann.send_photo(b"jpeg", caption="my setup")
    photo = await tom.wait_for(lambda m: m.photo is not None)
    assert photo.text == "💬 Ann: my setup"
    await wait_text(ann, "✅ Sent to Tom.")
    await ann.send_voice(b"ogg")
    voice = await tom.wait_for(lambda m: m.voice is not None)
    assert voice.text == "💬 Ann"
    await wait_text(ann, "✅ Sent to Tom.")
    assert len(api.calls("copyMessage", ok=True)) == 2  # copied, not forwarded
    assert api.calls("forwardMessage") == []

    await tom.send("Hip crease below the knee", reply_to=relayed.message_id)
    answer = await wait_text(ann, "💬 Tom")
    assert answer.text == "💬 Tom: Hip crease below the knee"
    await wait_text(tom, "✅ Sent to Ann.")
    await tom.send_photo(b"diagram", reply_to=voice.message_id)
    drawing = await ann.wait_for(lambda m: m.photo is not None)
    assert drawing.text == "💬 Tom"
    await wait_text(tom, "✅ Sent to Ann.")

    await any_coach_bot.settled()  # PostgreSQL commits the update after its replies
    assert await stored(any_coach_bot) == [
        ("to_trainer", "text", "delivered", "How deep should I squat?", None),
        ("to_trainer", "photo", "delivered", "my setup", None),
        ("to_trainer", "voice", "delivered", None, None),
        ("to_athlete", "text", "delivered", "Hip crease below the knee", None),
        ("to_athlete", "photo", "delivered", None, None),
    ]


async def test_the_cards_message_button(coach_bot, api, admin) -> None:
    tom, ann = await coached_pair(api, admin)
    message_ann = callbacks.with_id(callbacks.CARD_MESSAGE, await athlete_id(coach_bot, ann))
    await tom.send("/athletes")
    await wait_text(tom, "Your athletes")
    await tom.press_data(message_ann)
    await wait_text(tom, "Write your message to Ann")
    await tom.send_document("week.txt", b"notes", caption="read this")
    sent = await ann.wait_for(lambda m: m.document is not None)
    assert sent.text == "💬 Tom: read this"
    await wait_text(tom, "✅ Sent to Ann.")

    await tom.press_data(message_ann)
    await wait_text(tom, "Write your message to Ann")
    await tom.send("/cancel")
    await wait_text(tom, "stopped")
    await tom.send("never mind")  # the dialogue is over: not sent
    await wait_text(tom, "reply to a message of theirs")
    await coach_bot.settled()
    assert [m.text for m in ann.drain() if "never mind" in m.text] == []
    assert len(await stored(coach_bot)) == 1


async def test_a_forged_message_button_for_another_trainers_athlete(coach_bot, api, admin) -> None:
    _tom, ann = await coached_pair(api, admin)
    zoe = api.user(30, "Zoe")
    await make_trainer(admin, zoe)
    await zoe.send("/athletes")
    await zoe.next_message()
    press = await zoe.press_data(
        callbacks.with_id(callbacks.CARD_MESSAGE, await athlete_id(coach_bot, ann))
    )
    refusal = await press.answer()
    assert refusal.show_alert and "isn't yours" in refusal.text
    await zoe.send("Come train with me")
    await wait_text(zoe, "no trainer to pass text on to")
    await coach_bot.settled()
    assert await stored(coach_bot) == []
    assert [m.text for m in ann.drain() if "Zoe" in m.text or "Come" in m.text] == []


async def test_a_form_check_video_in_log(any_coach_bot, api, admin) -> None:
    tom, ann = await coached_pair(api, admin)
    await publish_plan(tom, "Ann", text=WEDNESDAY_PLAN)
    await log(ann, "Back squat", "")
    await ann.send_video(b"mp4", caption="depth ok?")
    video = await tom.wait_for(lambda m: m.video is not None)
    assert video.text == "🎥 Form check · Back squat (5x5 @ 60kg)\n💬 Ann: depth ok?"
    await wait_text(ann, "Sent to Tom as a form check of Back squat")
    await ann.send("and the bar path?")  # /log is over: this is a message
    await wait_text(tom, "💬 Ann: and the bar path?")
    await any_coach_bot.settled()  # PostgreSQL commits the update after its replies
    assert await stored(any_coach_bot) == [
        ("to_trainer", "form_check", "delivered", "depth ok?", "Back squat"),
        ("to_trainer", "text", "delivered", "and the bar path?", None),
    ]


async def test_a_blocked_recipient_keeps_the_message(coach_bot, api, admin) -> None:
    tom, ann = await coached_pair(api, admin)
    await tom.block_bot(notify=False)
    await ann.send("Are you there?")
    await wait_text(ann, "couldn't deliver that to Tom (they have blocked the bot)")
    await coach_bot.settled()  # PostgreSQL commits the update after its replies
    assert await stored(coach_bot) == [
        ("to_trainer", "text", "not_delivered", "Are you there?", None)
    ]


async def test_an_athlete_without_a_trainer_is_told_how_to_get_one(coach_bot, api) -> None:
    bob = api.user(40, "Bob")
    await bob.send("/start")
    await bob.next_message()
    await bob.send("hello?")
    await wait_text(bob, "You have no trainer yet")
    await bob.send_photo(b"jpeg")
    await wait_text(bob, "invite link")
    await coach_bot.settled()  # PostgreSQL commits the update after its replies
    assert await stored(coach_bot) == []


async def test_a_reply_to_something_not_relayed(coach_bot, api, admin) -> None:
    tom, _ann = await coached_pair(api, admin)
    await tom.send("/athletes")
    roster = await wait_text(tom, "Your athletes")
    await tom.send("thanks", reply_to=roster.message_id)
    await wait_text(tom, "isn't one I passed on")
    await coach_bot.settled()  # PostgreSQL commits the update after its replies
    assert await stored(coach_bot) == []


async def test_a_reply_to_an_athlete_who_moved_to_another_trainer(coach_bot, api, admin) -> None:
    tom, ann = await coached_pair(api, admin)
    zoe = api.user(30, "Zoe")
    await make_trainer(admin, zoe)
    await ann.send("Can we move Friday?")
    relayed = await wait_text(tom, "💬 Ann")
    await admin.send("/assign")
    await wait_text(admin, "Which athlete")
    await admin.press("Ann")
    await wait_text(admin, "to which trainer")
    await admin.press("Zoe")
    await wait_text(admin, "Assign")
    await admin.press("✅ Confirm")
    await wait_text(ann, "Your trainer is now")
    await tom.send("Sure, Saturday", reply_to=relayed.message_id)
    await wait_text(tom, "has another trainer now")
    await coach_bot.settled()
    assert [m.text for m in ann.drain() if "Saturday" in m.text] == []
    assert len(await stored(coach_bot)) == 1


async def test_a_trainers_message_to_a_blocked_athlete_is_kept(coach_bot, api, admin) -> None:
    tom, ann = await coached_pair(api, admin)
    await ann.send("Off to bed")
    relayed = await wait_text(tom, "💬 Ann")
    await ann.block_bot(notify=False)
    await tom.send("Sleep well", reply_to=relayed.message_id)
    await wait_text(tom, "couldn't deliver that to Ann (they have blocked the bot)")
    assert (await stored(coach_bot))[-1] == (
        "to_athlete",
        "text",
        "not_delivered",
        "Sleep well",
        None,
    )
