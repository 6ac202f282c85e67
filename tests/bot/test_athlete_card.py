"""/athletes as a roster of buttons and the athlete card, end to end over the real PTB
stack, on SQLite and PostgreSQL."""

from __future__ import annotations

from bot import callbacks
from tests.bot.conftest import (
    RunningBot,
    invite_athletes,
    make_settings,
    make_trainer,
    publish_plan,
    wait_button,
    wait_text,
)


def _callback(message, label: str) -> str:
    return next(b.callback_data for row in message.buttons for b in row if b.label == label)


async def test_the_roster_opens_a_card_with_the_week_logs_and_completion(
    api, admin, any_bot_database_url, clock
) -> None:
    bot = await RunningBot(make_settings(api, any_bot_database_url), clock).start()
    try:
        tom, ann, ben = api.user(10, "Tom"), api.user(20, "Ann"), api.user(30, "Ben")
        await make_trainer(admin, tom)
        await invite_athletes(tom, ann, ben)
        await publish_plan(tom, "Ann")
        await wait_text(ann, "published your plan")
        await ann.send("/today")
        await wait_button(ann, "✅ Done: Easy run")
        await ann.press("✅ Done: Easy run")
        await wait_text(tom, "finished")
        await ann.send("/log")
        await wait_text(ann, "Which exercise")
        await ann.press("Run")
        await wait_text(ann, "Send what you did")
        await ann.send("1x32min knee a bit sore")
        await wait_text(ann, "Logged")

        await tom.send("/athletes")
        roster = await wait_button(tom, "Ann · 33%")
        assert "Your athletes (2)" in roster.text
        assert roster.button_labels == [["Ann · 33%"], ["Ben · no plan"]]
        await tom.press("Ann · 33%")
        card = await wait_text(tom, "👤 Ann")
        assert card.message_id == roster.message_id  # the roster turns into the card
        text = card.text
        assert "UTC" in text and "Wednesday" in text
        assert "week 1" in text
        assert "Mon · Upper body strength" in text and "Wed · Easy run" in text
        assert "Run: 1x32min (planned 1x30min)" in text and "knee a bit sore" in text
        assert "this week 33% (1/3)" in text
        assert "last 12 weeks 33% (1/3)" in text
        assert "Needs attention" not in text  # nothing to flag: the section is left out
        assert card.button_labels == [
            ["📝 Plan a week", "✏️ Edit this week"],
            ["📋 Copy a week", "📈 Progress"],
            ["💬 Message", "📅 History"],
            ["◀️ Back to athletes"],
        ]
        await tom.press("📅 History")
        history = await wait_text(tom, "Ann's weeks")
        assert "Week 1" in history.text and "1/3 workouts, 33%" in history.text
        assert history.message_id == roster.message_id
        await tom.press("◀️ Ann's card")
        await wait_text(tom, "Latest logs")
        await tom.press("📈 Progress")
        await wait_text(tom, "Ann: which chart?")
        await tom.send("/athletes")
        await wait_button(tom, "Ben · no plan")
        await tom.press("Ben · no plan")
        ben_card = await wait_text(tom, "This week: no plan")
        assert "Latest logs" not in ben_card.text  # no logs: no section
        await tom.press("◀️ Back to athletes")
        back = await wait_button(tom, "Ann · 33%")
        assert back.message_id == ben_card.message_id
    finally:
        await bot.stop()


async def test_a_forged_card_shows_nothing_of_another_trainers_athlete(
    coach_bot, api, admin
) -> None:
    tom, zed, ann = api.user(10, "Tom"), api.user(11, "Zed"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await make_trainer(admin, zed)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann")
    await tom.send("/athletes")
    roster = await wait_button(tom, "💤 Ann · 0%")
    card_data = _callback(roster, "💤 Ann · 0%")
    athlete_id = callbacks.read_id(callbacks.id_pattern(callbacks.CARD).match(card_data))
    await zed.send("/athletes")
    empty = await wait_text(zed, "no athletes yet")
    for data in (
        card_data,
        callbacks.with_id(callbacks.CARD_HISTORY, athlete_id),
        callbacks.card_history_page(athlete_id, 5),
        callbacks.with_id(callbacks.CARD_PROGRESS, athlete_id),
    ):
        press = await zed.press_data(data, empty.message_id)
        assert "isn't yours" in (await press.answer()).text, data
    await coach_bot.settled()
    seen = " ".join(m.text for m in zed.bot_messages)
    assert "Ann" not in seen and "Upper body" not in seen
    # An athlete (not a trainer) is refused too.
    stranger = await ann.press_data(card_data)
    assert "for trainers" in (await stranger.answer()).text


async def test_the_roster_pages_eight_at_a_time_in_place(coach_bot, api, admin) -> None:
    tom = api.user(10, "Tom")
    await make_trainer(admin, tom)
    athletes = [api.user(100 + n, f"A{n:02d}") for n in range(10)]
    await invite_athletes(tom, *athletes)
    await tom.send("/athletes")
    first = await wait_button(tom, "More ▶️")
    names = [row[0] for row in first.button_labels[:-1]]
    assert names == [f"A{n:02d} · no plan" for n in range(8)]
    assert "Page 1 of 2" in first.text
    await tom.press("More ▶️")
    second = await tom.wait_for_edit(first.message_id)
    assert second.button_labels == [["A08 · no plan"], ["A09 · no plan"], ["◀️ Previous"]]
    assert "Page 2 of 2" in second.text
