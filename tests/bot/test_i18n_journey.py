"""A week in Russian and in Spanish, end to end over the local Bot API.

Trainer and athlete write to the bot with Telegram's language_code set; every message
the bot sends them must read in that language: no sentence of the English catalog may
appear in it. Fragments to wait for come from the catalogs, not from English literals.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot import i18n as bot_i18n
from bot import render, texts
from bot.clock import SettableClock
from core import i18n
from core import summary_rules as rules
from local_bot_api import FakeBotApiServer, FakeUser
from tests.bot.conftest import ADMIN_ID, RunningBot, committed, make_settings, start_payload

MONDAY_8 = datetime(2026, 11, 30, 8, tzinfo=UTC)
SUNDAY_20 = datetime(2026, 12, 6, 20, tzinfo=UTC)
START = datetime(2026, 11, 25, 10, tzinfo=UTC)  # a Wednesday: the plan is for next week

PLANS = {
    "ru": (
        "Пн: Силовая (45 мин)\n"
        "- Присед 5х5 @ 60кг\n"
        "- Отжимания 3x12\n"
        "СРЕДА: Бег (30 мин)\n"
        "- Бег 1x30мин\n"
        "пт: Ноги (40 мин)\n"
        "- Выпады 3x10 каждая\n"
    ),
    "es": (
        "Lun: Fuerza (45 min)\n"
        "- Sentadilla 5x5 @ 60kg\n"
        "- Flexiones 3x12\n"
        "MIÉRCOLES: Carrera (30 min)\n"
        "- Correr 1x30min\n"
        "vie: Piernas (40 min)\n"
        "- Zancadas 3x10 cada\n"
    ),
    "en": (
        "Mon: Strength (45 min)\n- Squat 5x5 @ 60kg\nWed: Run (30 min)\n- Run 1x30min\n"
        "Fri: Legs (40 min)\n- Lunges 3x10 each\n"
    ),
}
FIRST_TITLE = {"ru": "Силовая", "es": "Fuerza", "en": "Strength"}


def text(name: str, language: str) -> str:
    with i18n.using(language):
        return getattr(texts, name)


def fragment(name: str, language: str, count: int | None = None) -> str:
    """The longest literal piece of a translated template (no placeholder, no markup);
    for a counted text, of its form for ``count``."""
    template = text(name, language)
    if count is not None:
        with i18n.using(language):
            template = template(count)
    plain = re.sub(r"<[^>]+>", "", template)
    return max(re.split(r"\{[^}]*\}", plain), key=len).strip()


def english_sentences() -> set[str]:
    """Pieces of the English catalog of three or more words: what no translation contains."""
    pieces = set()
    for message in bot_i18n.template():
        if not message.id:
            continue
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            plain = re.sub(r"<[^>]+>|/\w+|https?://\S+", "\n", msgid)
            for piece in re.split(r"\{[^}]*\}|[\n.:;!?()—•]", plain):
                piece = piece.strip(" ,'\"")
                if len(re.findall(r"[A-Za-z]{2,}", piece)) >= 3:
                    pieces.add(piece)
    return pieces


def assert_no_english(user: FakeUser) -> None:
    sentences = english_sentences()
    assert user.bot_messages, "the bot said nothing"
    for message in user.bot_messages:
        found = [s for s in sentences if s in message.text]
        assert not found, f"English in {message.text!r}: {found}"
        for row in message.button_labels:
            for label in row:
                assert label not in {text("BUTTON_PUBLISH", "en"), text("BUTTON_NEXT_WEEK", "en")}


async def wait(user: FakeUser, name: str, language: str, timeout: float = 10.0, count=None):  # noqa: ASYNC109
    piece = fragment(name, language, count)
    return await user.wait_for(lambda m: piece in m.text, timeout)


PROGRAM_WEEK = {
    "ru": "Пн: Силовая (45 мин)\n- Присед 5х5 @ 75%\n",
    "es": "Lun: Fuerza (45 min)\n- Sentadilla 5x5 @ 75%\n",
    "en": "Mon: Strength (45 min)\n- Squat 5x5 @ 75%\n",
}


@pytest.fixture
async def running(api: FakeBotApiServer, bot_database_url: str):
    clock = SettableClock(START)
    bot = RunningBot(make_settings(api, bot_database_url, COACH_TICK_SECONDS=0.05), clock)
    await bot.start()
    yield bot, clock
    await bot.stop()


@pytest.mark.parametrize(
    ("trainer_language", "athlete_language"), [("ru", "ru"), ("es", "es"), ("en", "ru")]
)
async def test_a_week_in_the_users_language(
    api: FakeBotApiServer, running, trainer_language: str, athlete_language: str
) -> None:
    bot, clock = running
    admin = api.user(ADMIN_ID, "Ada", username="ada_admin")
    tom = api.user(10, "Tom", language_code=trainer_language)
    ann = api.user(20, "Ann", language_code=athlete_language)
    tl, al = trainer_language, athlete_language

    await admin.send("/addtrainer")
    link = await admin.wait_for(lambda m: "?start=" in m.text)
    await committed(admin)  # the link is sent just before its invite commits
    await tom.send(f"/start {start_payload(link.text)}")
    await wait(tom, "BECAME_TRAINER", tl)
    await tom.send("/invite")
    invite = await tom.wait_for(lambda m: "?start=" in m.text)
    assert fragment("INVITE_ATHLETE", tl) in invite.text
    await committed(tom)
    await ann.send(f"/start {start_payload(invite.text)}")
    await wait(ann, "JOINED_TRAINER", al)
    await wait(tom, "TRAINER_TOLD_NEW_ATHLETE", tl)

    # The trainer writes next week in their own language: day names, units, keywords.
    await tom.send("/plan")
    await wait(tom, "PLAN_PICK_ATHLETE", tl)
    await tom.press("Ann")
    await wait(tom, "PLAN_PICK_WEEK", tl)
    await tom.press(text("BUTTON_NEXT_WEEK", tl))
    await wait(tom, "PLAN_ASK_TEXT", tl)
    await tom.send("Xyz: " + FIRST_TITLE[tl])  # a day nobody speaks: told in their language
    errors = await wait(tom, "PLAN_ERRORS", tl)
    with i18n.using(tl):
        assert texts.PROBLEMS(1).format(count=1) in errors.text
    await tom.send(PLANS[tl])
    preview = await wait(tom, "PLAN_PREVIEW", tl)
    assert preview.text.count("•") >= 4  # every exercise line was read
    await tom.press(text("BUTTON_SAVE_TEMPLATE", tl))  # the week, kept as a template too
    await wait(tom, "TEMPLATE_ASK_NAME", tl)
    await tom.send("Base")
    await wait(tom, "TEMPLATE_SAVED_STILL_PUBLISH", tl)
    await tom.press(text("BUTTON_PUBLISH", tl))
    await wait(tom, "PLAN_PUBLISHED", tl)
    published = await wait(ann, "ATHLETE_NEW_PLAN", al)
    with i18n.using(al):
        assert bot_i18n.short_date(MONDAY_8.date()) in published.text  # Babel's date

    # Monday: the weekly message, then today's workout, Done, the trainer told.
    clock.set(MONDAY_8)
    weekly = await wait(ann, "WEEKLY_MESSAGE_INTRO", al)
    with i18n.using(al):
        from core.motivation import WELCOME

        assert i18n.gettext(WELCOME) in weekly.text
    await ann.send("/today")
    with i18n.using(al):
        monday = bot_i18n.long_date(MONDAY_8.date())
    today = await ann.wait_for(lambda m: monday in m.text, timeout=10)
    done_label = text("BUTTON_DONE", al).format(title=FIRST_TITLE[tl])
    assert today.button_labels == [[done_label]]
    press = await ann.press(done_label)
    assert (await press.answer()).text == text("DONE_TOAST", al)
    await wait(tom, "TRAINER_TOLD_DONE_OF_WEEK", tl)
    await ann.send("/language")
    await wait(ann, "LANGUAGE_PICK", al)
    await ann.send("/week")
    await wait(ann, "WEEK_HEADER", al)
    await ann.send("/log")
    await wait(ann, "LOG_PICK", al)
    await ann.press(ann.last_message.button_labels[0][0])
    await wait(ann, "LOG_ASK", al)
    await ann.send("5х5 @ 62.5кг")  # Russian units in a log, whoever writes them
    await wait(ann, "LOG_SAVED", al)
    await ann.send("/history")
    await wait(ann, "HISTORY_HEADER", al)
    await ann.send("/summary")
    await wait(ann, "SUMMARY_SO_FAR", al)
    await ann.send("/help")
    await wait(ann, "HELP_LANGUAGE", al)
    await tom.send("/athletes")
    roster = await wait(tom, "ROSTER_HEADER", tl)
    await tom.press(roster.button_labels[0][0])  # Ann's card, in the trainer's language
    card = await wait(tom, "CARD_LOGS_HEADER", tl)
    with i18n.using(tl):
        assert render.short_day_name(0) + " · " + FIRST_TITLE[tl] in card.text

    # Messages both ways: each framed in its reader's language.
    await ann.send("?")
    relayed = await tom.wait_for(lambda m: m.text == "💬 Ann: ?")
    await wait(ann, "RELAY_SENT", al)
    await tom.send("!", reply_to=relayed.message_id)
    await ann.wait_for(lambda m: m.text == "💬 Tom: !")
    await wait(tom, "RELAY_SENT", tl)

    # A program of two weeks: its texts and counted texts in the trainer's language.
    await tom.send("/programs")
    await wait(tom, "PROGRAMS_NONE", tl)
    await tom.press(text("BUTTON_NEW_PROGRAM", tl))
    await wait(tom, "PROGRAM_ASK_NAME", tl)
    await tom.send("Block")
    await wait(tom, "PROGRAM_ASK_TEXT", tl)
    await tom.send("Week 1\n" + PROGRAM_WEEK[tl] + "Week 3\n" + PROGRAM_WEEK[tl])
    await wait(tom, "PLAN_ERRORS", tl)  # weeks in order: told in their language
    await tom.send("Week 1\n" + PROGRAM_WEEK[tl] + "Week 2\n" + PROGRAM_WEEK[tl])
    await wait(tom, "PROGRAM_SAVED", tl, count=2)
    await tom.send("/programs")
    await wait(tom, "PROGRAMS_LINE", tl, count=2)

    # Sunday: the athlete's summary in theirs, the trainer's digest in the trainer's.
    clock.set(SUNDAY_20)
    summary = await wait(ann, "SUMMARY_INTRO", al)
    with i18n.using(al):
        assert i18n.gettext(rules.REFOCUS) in summary.text
    await wait(tom, "DIGEST_HEADER", tl)

    # The check-in from the summary, in the athlete's language; the trainer told in theirs.
    await ann.press(text("BUTTON_CHECKIN", al), message=summary)
    energy = await wait(ann, "CHECKIN_ENERGY_ASK", al)
    for tap, ask in (("3", "CHECKIN_SLEEP_ASK"), ("4", "CHECKIN_SORENESS_ASK")):
        await ann.press(tap, message=energy.message_id)
        await wait(ann, ask, al)
    await ann.press("2", message=energy.message_id)
    await wait(ann, "CHECKIN_WEIGHT_ASK", al)
    await ann.send("72,4")
    await wait(ann, "CHECKIN_NOTE_ASK", al)
    await ann.send("ok")
    await wait(ann, "CHECKIN_DONE", al)
    await wait(tom, "TRAINER_TOLD_CHECKIN", tl)

    # The template, published to Ann for next week: her notice in hers.
    await tom.send("/templates")
    await wait(tom, "TEMPLATES_HEADER", tl)
    await tom.press(text("BUTTON_TEMPLATE", tl).format(name="Base"))
    await tom.wait_for(lambda m: [text("BUTTON_TEMPLATE_PUBLISH", tl)] in m.button_labels[:1])
    await tom.press(text("BUTTON_TEMPLATE_PUBLISH", tl))
    who = await wait(tom, "PUBLISH_WHO", tl)
    await tom.press("Ann", message=who)
    await tom.wait_for_edit(who.message_id)
    await tom.press(text("BUTTON_NEXT", tl))
    await wait(tom, "PUBLISH_PICK_WEEK", tl, count=1)
    await tom.press(text("BUTTON_NEXT_WEEK", tl))
    await wait(tom, "PUBLISH_PREVIEW", tl, count=1)
    ann.drain()
    await tom.press(text("BUTTON_PUBLISH", tl))
    await wait(tom, "PUBLISH_DONE", tl, count=1)
    await wait(ann, "ATHLETE_NEW_PLAN", al)
    await bot.settled()
    assert_no_english(ann)
    if tl != "en":
        assert_no_english(tom)


async def test_language_command_switches_and_wins_over_telegram(
    api: FakeBotApiServer, running
) -> None:
    bot, _clock = running
    eve = api.user(30, "Eve", language_code="en")
    await eve.send("/language")
    picker = await eve.wait_for(lambda m: "Your language is" in m.text)
    assert picker.button_labels == [["✅ English", "Русский", "Español"]]

    # A forged button changes nothing.
    forged = await eve.press_data("lang:xx", picker.message_id)
    assert (await forged.answer()).text == text("STALE_BUTTON", "en")

    await eve.press("Русский", message=picker)
    switched = await eve.wait_for_edit(picker.message_id)
    assert switched.text == text("LANGUAGE_SET", "ru")
    assert switched.button_labels == [["English", "✅ Русский", "Español"]]
    await bot.settled()
    menu = api.commands({"type": "chat", "chat_id": eve.id})
    assert {"command": "today", "description": "Тренировка на сегодня"} in menu

    # Telegram still says "en"; the explicit choice wins.
    await eve.send("/week")
    await wait(eve, "NO_PLAN_NO_TRAINER", "ru")
    await eve.send("/help")
    await wait(eve, "HELP_LANGUAGE", "ru")
    await bot.settled()
    assert_no_english_after(eve, switched.message_id)


def assert_no_english_after(user: FakeUser, message_id: int) -> None:
    sentences = english_sentences()
    later = [m for m in user.bot_messages if m.message_id >= message_id]
    assert len(later) >= 3
    for message in later:
        assert not [s for s in sentences if s in message.text], message.text


async def test_telegrams_language_code_is_followed_when_it_changes(
    api: FakeBotApiServer, running
) -> None:
    _bot, _clock = running
    kim = api.user(40, "Kim", language_code="es")
    await kim.send("/week")
    await wait(kim, "NO_PLAN_NO_TRAINER", "es")
    kim.account.language_code = "ru"  # the user switched Telegram's language
    await kim.send("/week")
    await wait(kim, "NO_PLAN_NO_TRAINER", "ru")


def test_plural_forms() -> None:
    with i18n.using("ru"):
        forms = [texts.WORKOUTS(n).format(count=n) for n in (1, 2, 5, 11, 21, 22, 25)]
    assert forms == [
        "1 тренировка",
        "2 тренировки",
        "5 тренировок",
        "11 тренировок",
        "21 тренировка",
        "22 тренировки",
        "25 тренировок",
    ]
    with i18n.using("es"):
        assert texts.WORKOUTS(1).format(count=1) == "1 entrenamiento"
        assert texts.WORKOUTS(2).format(count=2) == "2 entrenamientos"
    assert texts.WORKOUTS(1).format(count=1) == "1 workout"
    assert texts.WORKOUTS(2).format(count=2) == "2 workouts"


def test_dates_follow_the_language() -> None:
    monday = datetime(2026, 12, 7).date()
    with i18n.using("ru"):
        assert bot_i18n.short_date(monday) == "Пн 7 дек."
    with i18n.using("es"):
        assert bot_i18n.short_date(monday) == "lun 7 dic"
        assert bot_i18n.long_date(monday) == "lunes, 7 de diciembre"
    assert bot_i18n.short_date(monday) == "Mon 7 Dec"
    from bot import render

    with i18n.using("ru"):
        assert [render.short_day_name(d) for d in (0, 2, 6)] == ["Пн", "Ср", "Вс"]
    with i18n.using("es"):
        assert [render.short_day_name(d) for d in (0, 2, 5)] == ["Lun", "Mié", "Sáb"]
    assert bot_i18n.short_date(monday + timedelta(days=6)) == "Sun 13 Dec"


def test_the_english_check_would_catch_an_english_message() -> None:
    sentences = english_sentences()
    english = text("WELCOME", "en").format(name="Ann")
    assert [s for s in sentences if s in english]
    assert not [s for s in sentences if s in text("WELCOME", "ru").format(name="Ann")]


def test_chart_labels_follow_the_language() -> None:
    from bot import charts

    with i18n.using("ru"):
        chart = charts.roster_chart("Том", [])
    assert chart.title == "Спортсмены тренера Том · эта неделя"
    assert chart.panels[0].y_label == "Выполнено тренировок (%)"
    assert chart.empty_label == "Данных пока нет"
    assert charts.roster_chart("Tom", []).title == "Tom's athletes · this week"


def test_numbers_and_units_read_as_the_language_writes_them() -> None:
    with i18n.using("ru"):
        assert bot_i18n.local_units("5x5 @ 42.5kg, 1x30min") == "5x5 @ 42,5кг, 1x30мин"
    with i18n.using("es"):
        assert bot_i18n.local_units("5x5 @ 42.5kg") == "5x5 @ 42,5kg"
    assert bot_i18n.local_units("5x5 @ 42.5kg") == "5x5 @ 42.5kg"
