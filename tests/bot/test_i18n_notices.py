"""Messages to someone else, in *their* language: end to end over the local Bot API.

People start in English (so the shared helpers can set them up), then Telegram brings
another language_code with their next update; from then on every text the bot sends
them, and every notice about them sent to someone else, is in the reader's language.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.clock import SettableClock
from bot.jobs import TelegramSender
from bot.program_jobs import generate_program_weeks
from core import i18n
from core.plan_text import parse_plan_text
from core.services import languages, plans, programs
from local_bot_api import FakeBotApiServer, FakeUser
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWork
from tests.bot.conftest import RunningBot, invite_athletes, make_trainer, publish_plan
from tests.bot.scheduling_helpers import tick
from tests.bot.test_i18n_journey import (
    assert_no_english_after,
    english_sentences,
    fragment,
    text,
    wait,
)
from tests.conftest import People, publish_program

WEDNESDAY_PLAN = "Wed: Legs and a run (60 min)\n- Back squat 5x5 @ 60kg\n- Run 1x30min\n"


async def speaks(user: FakeUser, language: str) -> int:
    """The user's Telegram now says ``language``; their next update tells the bot."""
    user.account.language_code = language
    await user.send("/help")
    return (await wait(user, "HELP_LANGUAGE", language)).message_id


async def test_messages_and_a_form_check_between_a_russian_trainer_and_a_spanish_athlete(
    coach_bot: RunningBot, api: FakeBotApiServer, admin: FakeUser
) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann", text=WEDNESDAY_PLAN)
    tom_from = await speaks(tom, "ru")
    ann_from = await speaks(ann, "es")

    await ann.send("¿Qué tal la sentadilla?")
    relayed = await tom.wait_for(lambda m: m.text == "💬 Ann: ¿Qué tal la sentadilla?")
    sent = await wait(ann, "RELAY_SENT", "es")
    assert sent.text == text("RELAY_SENT", "es").format(recipient="Tom")
    await tom.send("Глубже", reply_to=relayed.message_id)
    await ann.wait_for(lambda m: m.text == "💬 Tom: Глубже")
    await wait(tom, "RELAY_SENT", "ru")

    # A form check from /log: the header the trainer reads is Russian, loads in кг.
    await ann.send("/log")
    await wait(ann, "LOG_PICK", "es")
    await ann.press("Back squat")
    await wait(ann, "LOG_ASK", "es")
    await ann.send_photo(b"jpeg", caption="¿profundidad?")
    photo = await tom.wait_for(lambda m: m.photo is not None)
    with i18n.using("ru"):
        header = text("FORM_CHECK_HEADER", "ru").format(exercise="Back squat", planned="5x5 @ 60кг")
    assert photo.text == f"{header}\n💬 Ann: ¿profundidad?"
    await wait(ann, "FORM_CHECK_SENT", "es")
    await coach_bot.settled()
    assert_no_english_after(ann, ann_from)
    assert_no_english_after(tom, tom_from)


async def test_a_template_published_to_a_group_reaches_each_athlete_in_theirs(
    coach_bot: RunningBot, api: FakeBotApiServer, admin: FakeUser
) -> None:
    tom, ann, cat = api.user(10, "Tom"), api.user(20, "Ann"), api.user(22, "Cat")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann, cat)
    ann_from = await speaks(ann, "ru")
    es = "es"
    await speaks(tom, es)  # the trainer reads Spanish; Cat stays English

    # A template from Ann's week, a group of both, the template published to the group.
    await tom.send("/plan")
    await wait(tom, "PLAN_PICK_ATHLETE", es)
    await tom.press("Ann")
    await wait(tom, "PLAN_PICK_WEEK", es)
    await tom.press(text("BUTTON_NEXT_WEEK", es))
    await wait(tom, "PLAN_ASK_TEXT", es)
    await tom.send("Lun: Fuerza (45 min)\n- Sentadilla 5x5 @ 60kg\n")
    await wait(tom, "PLAN_PREVIEW", es)
    await tom.press(text("BUTTON_SAVE_TEMPLATE", es))
    await wait(tom, "TEMPLATE_ASK_NAME", es)
    await tom.send("Base")
    await wait(tom, "TEMPLATE_SAVED_STILL_PUBLISH", es)
    await tom.send("/cancel")  # saved, not published
    await tom.send("/groups")
    await wait(tom, "GROUPS_EMPTY", es)
    await tom.press(text("BUTTON_NEW_GROUP", es))
    await wait(tom, "GROUP_ASK_NAME", es)
    await tom.send("Equipo")
    members = await wait(tom, "GROUP_MEMBERS", es)
    for name in ("Ann", "Cat"):
        await tom.press(name, message=members)
        await tom.wait_for_edit(members.message_id)
    await tom.press(text("BUTTON_SAVE", es))
    card = await wait(tom, "GROUP_CARD", es, count=2)
    assert "2" in card.text

    await tom.send("/templates")
    await wait(tom, "TEMPLATES_HEADER", es)
    await tom.press(text("BUTTON_TEMPLATE", es).format(name="Base"))
    await tom.wait_for(lambda m: [text("BUTTON_TEMPLATE_PUBLISH", es)] in m.button_labels[:1])
    await tom.press(text("BUTTON_TEMPLATE_PUBLISH", es))
    who = await wait(tom, "PUBLISH_WHO", es)
    await tom.press("👥 Equipo (2)", message=who)
    await tom.wait_for_edit(who.message_id)
    await tom.press(text("BUTTON_NEXT", es))
    await wait(tom, "PUBLISH_PICK_WEEK", es, count=2)
    await tom.press(text("BUTTON_NEXT_WEEK", es))
    preview = await wait(tom, "PUBLISH_PREVIEW", es, count=2)
    ann.drain()
    cat.drain()
    await tom.press(text("BUTTON_PUBLISH", es), message=preview)
    done = await wait(tom, "PUBLISH_DONE", es, count=2)
    assert "Ann" in done.text and "Cat" in done.text
    russian = await wait(ann, "ATHLETE_NEW_PLAN", "ru")
    english = await wait(cat, "ATHLETE_NEW_PLAN", "en")
    assert "Fuerza" in russian.text and "Fuerza" in english.text
    await coach_bot.settled()
    sentences = english_sentences()
    later = [m for m in ann.bot_messages if m.message_id >= ann_from]
    assert len(later) == 2  # /help and the new plan
    assert not [s for m in later for s in sentences if s in m.text]


async def test_the_thursday_check_reads_in_the_trainers_language(
    coach_bot: RunningBot, api: FakeBotApiServer
) -> None:
    engine = create_engine(coach_bot.settings.database_url)
    try:
        factory = create_session_factory(engine)
        people = People(lambda: SqlUnitOfWork(factory))
        coach = await people.trainer("Tess")
        ann = await people.athlete_of(coach, "Ann")
        await people.athlete_of(coach, "Bob")
        monday = date(2026, 11, 23)
        await plans.create_plan(
            SqlUnitOfWork(factory),
            coach,
            athlete_id=ann.athlete_id,
            week_start=monday,
            spec=parse_plan_text("Mon: Strength (45 min)\n- Push-ups 3x12\n"),
            now=datetime(2026, 11, 20, 12, tzinfo=UTC),
        )
        await languages.set_language(
            SqlUnitOfWork(factory), coach, "ru", datetime(2026, 11, 20, tzinfo=UTC)
        )
        tess = api.user(coach.athlete.telegram_id, "Tess")
        sender = TelegramSender(coach_bot.application.bot)
        thursday = datetime(2026, 11, 26, 12, tzinfo=UTC)
        await tick(engine, sender, thursday - timedelta(seconds=1))
        await tick(engine, sender, thursday)
        check = await wait(tess, "ATTENTION_HEADER", "ru")
        assert text("CARD_FLAG_IDLE", "ru") in check.text
        assert fragment("ATTENTION_NO_PLAN_HEADER", "ru") in check.text
        assert "Thursday" not in check.text
    finally:
        await engine.dispose()


async def test_the_admin_hears_of_a_used_trainer_link_in_the_admins_language(
    coach_bot: RunningBot, api: FakeBotApiServer, admin: FakeUser
) -> None:
    admin.account.language_code = "ru"
    tom = api.user(10, "Tom")  # English
    await make_trainer(admin, tom)  # its "You're a trainer now" is Tom's English
    told = await wait(admin, "TRAINER_LINK_USED", "ru")
    expected = text("TRAINER_LINK_USED", "ru").format(trainer="Tom")
    assert told.text == expected.replace("<b>", "").replace("</b>", "")


async def test_the_friday_program_week_reads_in_the_trainers_language(
    coach_bot: RunningBot, api: FakeBotApiServer
) -> None:
    engine = create_engine(coach_bot.settings.database_url)
    try:
        factory = create_session_factory(engine)
        people = People(lambda: SqlUnitOfWork(factory))
        coach = await people.trainer("Tess")
        ana = await people.athlete_of(coach, "Ana")
        before = datetime(2026, 11, 23, 9, tzinfo=UTC)
        await languages.set_language(SqlUnitOfWork(factory), coach, "es", before)
        program = await programs.create_program(
            SqlUnitOfWork(factory),
            coach,
            name="Bloque",
            text="Week 1\nMon: Legs\n- Back squat 3x8-12 @ 40kg\n"
            "Week 2\nMon: Legs\n- Back squat 3x8-12 @ 40kg\n",
            now=before,
        )
        await publish_program(
            SqlUnitOfWork(factory),
            coach,
            program_id=program.id,
            athlete_id=ana.athlete.id,
            week_start=date(2026, 11, 23),
            now=before,
        )
        tess = api.user(coach.athlete.telegram_id, "Tess")
        made = await generate_program_weeks(
            coach_bot.application.bot,
            SqlUnitOfWork(factory),
            SettableClock(datetime(2026, 11, 27, 12, tzinfo=UTC)),
            default_tz="UTC",
            worker="test",
        )
        assert len(made) == 1
        generated = await wait(tess, "PROGRAM_WEEK_GENERATED", "es")
        assert not [s for s in english_sentences() if s in generated.text]
    finally:
        await engine.dispose()


async def test_a_weeks_changes_reach_a_russian_athlete_in_russian(
    coach_bot: RunningBot, api: FakeBotApiServer, admin: FakeUser
) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    week = "Tue: Lower body (40 min)\n- Lunges 3x10 each\nThu: Upper body\n- Row 3x10\n"
    ann_from = await speaks(ann, "ru")  # before the plan: its stored motivation is hers
    await publish_plan(tom, "Ann", week="Next week", text=week)
    await tom.send("/plan")
    await tom.wait_for(lambda m: "Whose week" in m.text)
    await tom.press("Ann")
    await tom.wait_for(lambda m: "Which week" in m.text)
    await tom.press("📋 Next week")
    current = await tom.wait_for(lambda m: "Tue: Lower body" in m.text)
    edited = current.text.replace("(40 min)", "(45 min)").replace("Row 3x10", "Row 3x12")
    await tom.send(edited)
    preview = await tom.wait_for(lambda m: "What changes" in m.text)
    assert "Tue · Lower body (40 min) → (45 min)" in preview.text  # the trainer's English
    await tom.press("✅ Publish")
    told = await wait(ann, "ATHLETE_PLAN_CHANGED", "ru")
    assert "Вт · Lower body (40 мин) → (45 мин)" in told.text
    assert "Чт · Row 3x10 → 3x12" in told.text
    await coach_bot.settled()
    later = [m for m in ann.bot_messages if m.message_id >= ann_from]
    assert not [s for m in later for s in english_sentences() if s in m.text]
