"""The update path end to end: the inbox, its cost, repeats, several processes, clean text."""

from __future__ import annotations

import asyncio
import socket
from datetime import timedelta

import httpx
from sqlalchemy import event, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import SettableClock
from bot.service import TelegramService
from coach.runner import serve
from local_bot_api import FakeBotApiServer, FakeUser
from storage.db import create_engine
from storage.tables import AthleteRow, ExerciseRow, InboxRow, LogRow, TrainerRow, WorkoutRow
from tests.bot.conftest import (
    PLAN,
    RunningBot,
    _truncate,
    committed,
    invite_athletes,
    make_settings,
    make_trainer,
    pick_week,
    publish_plan,
    start_payload,
    wait_button,
    wait_text,
)
from tests.conftest import round_trips

QUIET = 3600.0  # no idle look-ups while statements are counted


class Statements:
    """Counts the statements sent to the database, BEGIN and COMMIT aside."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.sql: list[str] = []
        self._engine = engine

    def __enter__(self) -> Statements:
        event.listen(self._engine.sync_engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc_info: object) -> None:
        event.remove(self._engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement: str, *args: object) -> None:
        if statement.split(None, 1)[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            self.sql.append(statement)


async def _processed(url: str, count: int, timeout: float = 10.0) -> None:  # noqa: ASYNC109
    """Wait until ``count`` updates are processed (read through an engine of its own, so
    that the bot's statements are counted alone)."""
    engine = create_engine(url)

    async def done() -> int:
        async with engine.connect() as connection:
            return await connection.scalar(
                select(text("count(*)"))
                .select_from(InboxRow)
                .where(InboxRow.processed_at.is_not(None))
            )

    deadline = asyncio.get_running_loop().time() + timeout
    try:
        while await done() < count:
            assert asyncio.get_running_loop().time() < deadline, "updates were not processed"
            await asyncio.sleep(0.02)
    finally:
        await engine.dispose()


async def _a_week_with_ann(api: FakeBotApiServer, admin: FakeUser) -> tuple[FakeUser, FakeUser]:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann")
    await ann.send("/week")
    await ann.wait_for(lambda m: m.text.startswith("Week 1"))
    return tom, ann


async def test_a_done_tap_costs_at_most_six_statements_inbox_included(
    api: FakeBotApiServer, any_bot_database_url: str, clock: SettableClock, admin: FakeUser
) -> None:
    service = TelegramService(
        make_settings(api, any_bot_database_url), clock=clock, idle_check_seconds=QUIET
    )
    await service.start()
    try:
        tom, ann = await _a_week_with_ann(api, admin)
        engine = service.application.bot_data["coach.engine"]
        async with engine.connect() as connection:
            before = await connection.scalar(select(text("count(*)")).select_from(InboxRow))
        await _processed(any_bot_database_url, before)
        with Statements(engine) as statements:
            await ann.press("✅ Done: Easy run")
            await wait_text(ann, "1/3 workouts done")
            await wait_text(tom, "Ann finished")
            await _processed(any_bot_database_url, before + 1)
    finally:
        await service.stop()
    # The inbox's insert, claim (which reads who is tapping too) and mark; the workout
    # with its plan; its change; the trainer's notice, remembered so that an Undo can
    # correct it (one upsert).
    print(f"a Done tap on {engine.dialect.name}: {len(statements.sql)} statements")
    assert len(statements.sql) <= 6, "\n".join(statements.sql)


async def test_a_burst_is_claimed_once_an_update_with_no_empty_claims_piling_up(
    api: FakeBotApiServer, any_bot_database_url: str, clock: SettableClock
) -> None:
    """Woken workers drain the burst; wake-ups don't pile up one per update (and one per
    chat's next), which left a claim that found nothing for almost every update."""
    workers = 4
    people = [api.user(100 + n, f"P{n}") for n in range(10)]
    service = TelegramService(
        make_settings(api, any_bot_database_url),
        clock=clock,
        workers=workers,
        idle_check_seconds=QUIET,
    )
    await service.start()
    try:
        engine = service.application.bot_data["coach.engine"]
        await _processed(any_bot_database_url, 0)
        before = service.inbox.processed
        with Statements(engine) as statements:
            for _ in range(3):
                for person in people:
                    await person.send("/help")
            for _ in range(500):
                if service.inbox.processed >= before + 30:
                    break
                await asyncio.sleep(0.01)
            assert service.inbox.processed == before + 30
            await asyncio.sleep(0.3)  # any claim still to come
    finally:
        await service.stop()
    claims = [sql for sql in statements.sql if sql.lstrip().startswith("SELECT update_inbox")]
    print(f"{len(claims)} claims for 30 updates on {engine.dialect.name}")
    # One per update, and at most one that finds nothing per worker and wake-up.
    assert len(claims) <= 30 + 2 * workers


async def test_a_done_whose_redraw_fails_still_remembers_the_trainer_s_notice(
    api: FakeBotApiServer, any_bot_database_url: str, clock: SettableClock, admin: FakeUser
) -> None:
    """The redraw, the toast and the notice go out together; when the redraw fails, the
    notice that did go out is still remembered, so an Undo corrects it in place."""
    service = TelegramService(
        make_settings(api, any_bot_database_url), clock=clock, idle_check_seconds=QUIET
    )
    await service.start()
    try:
        tom, ann = await _a_week_with_ann(api, admin)
        api.fail(502, "Bad Gateway", method="editMessageText", chat_id=ann.id)
        await ann.press("✅ Done: Easy run")
        told = await wait_text(tom, "Ann finished Easy run")
        await ann.send("/week")
        await wait_text(ann, "1/3 workouts done")  # the Done itself was kept
        await ann.press("↩️ Undo: Easy run")
        corrected = await tom.wait_for(
            lambda m: m.message_id == told.message_id and "undone" in m.text
        )
        assert "0 of 3 done" in corrected.text
        assert not [m for m in api.messages(tom.id) if "Correction" in m.text]
    finally:
        await service.stop()


async def test_a_done_tap_s_round_trips_are_its_statements_and_one_transaction(
    api: FakeBotApiServer,
    any_bot_database_url: str,
    clock: SettableClock,
    admin: FakeUser,
) -> None:
    """Beyond its six statements a Done tap costs, on PostgreSQL, its update's own BEGIN
    and COMMIT: the two connections it takes (the store's and the claim's; the trainer's
    notice is remembered in the update's transaction) came back to the pool moments ago
    and are not pinged (storage.db._check_out); on SQLite two trips, the change's commit
    and the notice's. Storing the update and marking it are single statements that
    commit by themselves."""
    service = TelegramService(
        make_settings(api, any_bot_database_url), clock=clock, idle_check_seconds=QUIET
    )
    await service.start()
    try:
        tom, ann = await _a_week_with_ann(api, admin)
        await _processed(any_bot_database_url, service.inbox.processed)
        engine = service.application.bot_data["coach.engine"]
        processed = service.inbox.processed
        with round_trips(engine.dialect.name) as trips:
            await ann.press("✅ Done: Easy run")
            await wait_text(ann, "1/3 workouts done")
            await wait_text(tom, "Ann finished")
            await service.application.bot.get_me()  # a beat for the mark
            for _ in range(200):
                if service.inbox.processed > processed:
                    break
                await asyncio.sleep(0.01)
            assert service.inbox.processed == processed + 1
    finally:
        await service.stop()
    print(f"a Done tap on {engine.dialect.name}: {trips}")
    if engine.dialect.name == "postgresql":
        assert sorted(trips) == ["BEGIN", "COMMIT"], trips
    else:
        # One trip per statement (six), and the commits of the change and the notice.
        assert len(trips) <= 8, trips


async def test_an_update_telegram_sends_again_is_processed_once(
    api: FakeBotApiServer, any_bot_database_url: str, clock: SettableClock
) -> None:
    """Telegram repeats an update whose receipt it never saw confirmed (the bot stopped
    before its next getUpdates); the inbox knows it already."""
    bot = RunningBot(make_settings(api, any_bot_database_url), clock)
    await bot.start()
    try:
        ann = api.user(20, "Ann")
        await ann.send("/start")
        await wait_text(ann, "Hi Ann")
        first_start = api.updates_sent[-1]
        await bot.stop()
        api.redeliver(first_start)
        await bot.start()
        # Answered in update_id order: once /help is answered, the repeat was received.
        await ann.send("/help")
        await wait_text(ann, "What I can do")
    finally:
        await bot.stop()
    welcomes = [c for c in api.calls("sendMessage", chat_id=20) if "Hi Ann" in c.params["text"]]
    assert len(welcomes) == 1


async def test_a_webhook_update_posted_twice_is_processed_once(
    api: FakeBotApiServer, bot_database_url: str
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/hook"
    settings = make_settings(
        api,
        bot_database_url,
        COACH_WEBHOOK_URL=url,
        COACH_WEBHOOK_SECRET="right-secret",
        COACH_PORT=str(port),
    )
    stop = asyncio.Event()
    running = asyncio.create_task(serve(settings, stop))
    update = {
        "update_id": 777,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 66, "type": "private", "first_name": "Eve"},
            "from": {"id": 66, "is_bot": False, "first_name": "Eve"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    try:
        await api.wait_until(lambda: api.webhook is not None, 30)
        api.user(66, "Eve")  # her chat exists; the update itself is posted by hand, twice
        headers = {"X-Telegram-Bot-Api-Secret-Token": "right-secret"}
        async with httpx.AsyncClient() as client:
            first = await client.post(url, json=update, headers=headers)
            again = await client.post(url, json=update, headers=headers)
        assert (first.status_code, again.status_code) == (200, 200)
        await api.wait_for_calls("sendMessage", chat_id=66)
        await _processed(bot_database_url, 1)
    finally:
        stop.set()
        assert await asyncio.wait_for(running, 30) == 0
    welcomes = [c for c in api.calls("sendMessage", chat_id=66) if "Hi Eve" in c.params["text"]]
    assert len(welcomes) == 1


async def test_a_reply_to_a_relayed_message_waits_for_the_relay_to_commit(
    api: FakeBotApiServer, any_bot_database_url: str, clock: SettableClock, admin: FakeUser
) -> None:
    """On PostgreSQL an update's messages go out before it commits. Tom answers Ann's
    relayed message while her update is still open (Telegram is slow to take the bot's
    confirmation to her): his update is not taken up until hers has committed, and his
    answer finds her. (On SQLite her relay is committed before it is sent.)"""
    service = TelegramService(make_settings(api, any_bot_database_url), clock=clock)
    await service.start()
    try:
        tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
        await make_trainer(admin, tom)
        await invite_athletes(tom, ann)
        held = api.hold("sendMessage", chat_id=ann.id)
        await ann.send("How far on Sunday?")
        relayed = await wait_text(tom, "💬 Ann: How far on Sunday?")
        await asyncio.wait_for(held.arrived.wait(), 10)  # her "Sent to Tom": still open
        await tom.send("20 km", reply_to=relayed.message_id)
        await asyncio.sleep(0.3)  # time enough for his update to be handled, if it could
        answers = [m for m in api.messages(tom.id) if m.from_bot]
        assert answers[-1].message_id == relayed.message_id  # no answer yet
        held.release()
        await wait_text(ann, "💬 Tom: 20 km")
        await wait_text(tom, "✅ Sent to Ann.")
    finally:
        await service.stop()


async def test_two_processes_continue_one_dialogue_alternately(
    api: FakeBotApiServer, postgres_url: str, clock: SettableClock, admin: FakeUser
) -> None:
    """Every update is handed to the other process than the one before, through a whole
    /plan dialogue: each step reads the dialogue's state from the database."""
    await _truncate(postgres_url)
    settings = make_settings(api, postgres_url)
    first, second = (
        TelegramService(settings, clock=clock, workers=0, idle_check_seconds=QUIET)
        for _ in range(2)
    )
    await first.start()  # polls: it holds the polling lock
    async with asyncio.timeout(10):
        while not first.inbox.polling_leader:  # noqa: ASYNC110 - set by its polling task
            await asyncio.sleep(0.01)
    await second.start()  # waits for the lock; processes when asked
    handled_by: list[int] = []

    async def alternate() -> None:
        turn = 0
        while True:
            if await (first, second)[turn % 2].inbox.process_one():
                handled_by.append(turn % 2)
                turn += 1
            else:
                await asyncio.sleep(0.01)

    pump = asyncio.create_task(alternate())
    try:
        tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
        await make_trainer(admin, tom)
        await invite_athletes(tom, ann)
        await publish_plan(tom, "Ann")  # athlete, week, text, publish: four steps
        await ann.send("/week")
        await wait_text(ann, "0/3 workouts done")
        assert first.inbox.polling_leader and not second.inbox.polling_leader
    finally:
        pump.cancel()
        await asyncio.gather(pump, return_exceptions=True)
        await second.stop()
        await first.stop()
    # /addtrainer, /start, /invite, /start, then /plan's five steps and /week: each
    # process handled every other one, and the dialogue went through all the same.
    assert min(handled_by.count(0), handled_by.count(1)) >= 4


CONTROL = "\x00\x01\x07\x1b\x7f"


async def test_nul_and_control_characters_never_reach_the_database(
    api: FakeBotApiServer, any_bot_database_url: str, clock: SettableClock, admin: FakeUser
) -> None:
    """PostgreSQL refuses NUL in text; every text, name, caption and file is cleaned first."""
    bot = await RunningBot(make_settings(api, any_bot_database_url), clock).start()
    try:
        tom = api.user(10, f"To{CONTROL}m", last_name=f"Tr{CONTROL}ainer")
        ann = api.user(20, f"An{CONTROL}n", username="ann")
        await make_trainer(admin, tom)
        await tom.send("/invite")
        link = await wait_text(tom, "?start=")
        await committed(tom)  # the link is sent just before its invite commits
        await ann.send(f"/start {start_payload(link.text)}")
        await wait_text(tom, "Ann joined you")  # her name, cleaned
        await tom.send(f"/profile Str{CONTROL}ength")
        await wait_text(tom, "Strength")
        await pick_week(tom, "Ann", "This week")
        await tom.send_document(
            "week.txt", f"Mon: Pu{CONTROL}sh (30 min)\n- Push-ups 3x12 | sl{CONTROL}ow\n".encode()
        )
        await wait_button(tom, "✅ Publish")
        await tom.press("✅ Publish")
        await wait_text(tom, "Published")
        await ann.send("/log")
        await wait_text(ann, "Which exercise")
        await ann.press("Push-ups")
        await wait_text(ann, "Send what you did")
        await ann.send(f"3x12 fe{CONTROL}lt\tgood")
        logged = await wait_text(ann, "Logged")
        assert "felt" in logged.text
    finally:
        await bot.stop()
    engine = create_engine(any_bot_database_url)
    try:
        async with engine.connect() as connection:
            texts_stored = [
                *(await connection.execute(select(AthleteRow.name))).scalars(),
                *(await connection.execute(select(TrainerRow.specialization))).scalars(),
                *(await connection.execute(select(WorkoutRow.title))).scalars(),
                *(await connection.execute(select(ExerciseRow.notes))).scalars(),
                *(await connection.execute(select(LogRow.notes))).scalars(),
                *(await connection.execute(select(InboxRow.payload))).scalars(),
            ]
    finally:
        await engine.dispose()
    assert "Tom Trainer" in texts_stored and "Ann" in texts_stored
    assert {"Strength", "Push", "slow", "felt\tgood"} <= set(texts_stored)
    assert not [t for t in texts_stored if t and any(c in t for c in CONTROL)]


async def test_every_kind_of_message_gets_an_answer_in_every_dialogue_step(
    coach_bot, api: FakeBotApiServer, admin: FakeUser
) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    odd_ones = [
        (
            "sticker",
            {
                "file_id": "s1",
                "file_unique_id": "u1",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            },
        ),
        ("voice", {"file_id": "v1", "file_unique_id": "u2", "duration": 3}),
        ("location", {"latitude": 52.52, "longitude": 13.4}),
    ]

    async def each_gets(user: FakeUser, fragment: str) -> None:
        for kind, content in odd_ones:
            await user.send_other(kind, content)
            answer = await wait_text(user, fragment)
            assert answer is not None, kind

    await tom.send("/plan")
    await wait_text(tom, "Whose week")
    await each_gets(tom, "tap one of the buttons")
    await tom.press("Ann")
    await wait_text(tom, "Which week")
    await each_gets(tom, "tap one of the buttons")
    await tom.press("This week")
    await wait_text(tom, "Send the plan")
    await each_gets(tom, "as text or as a .txt file")
    await tom.send(PLAN)
    await wait_button(tom, "✅ Publish")
    await each_gets(tom, "as text or as a .txt file")
    await tom.press("✅ Publish")
    await wait_text(tom, "Published")
    await ann.send("/log")
    await wait_text(ann, "Which exercise")
    await each_gets(ann, "tap one of the buttons")
    await ann.press("Run")
    await wait_text(ann, "Send what you did")
    await each_gets(ann, "type what you did")
    await ann.send("1x30min")
    await wait_text(ann, "Logged")


async def test_a_file_that_cannot_be_downloaded_gets_a_clear_answer(
    coach_bot, api: FakeBotApiServer, admin: FakeUser
) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await pick_week(tom, "Ann", "This week")
    api.fail(400, "Bad Request: file is too big", method="getFile")
    await tom.send_document("week.txt", PLAN.encode())
    await wait_text(tom, "couldn't fetch that file")
    await tom.send_document("week.txt", PLAN.encode())  # the dialogue still waits for it
    await wait_button(tom, "✅ Publish")


async def test_a_dialogue_left_too_long_ends_and_the_next_message_says_so(
    coach_bot, api: FakeBotApiServer, admin: FakeUser, clock: SettableClock
) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await pick_week(tom, "Ann", "This week")
    clock.set(clock.now() + timedelta(hours=24, minutes=1))
    await tom.send(PLAN)
    await wait_text(tom, "waited too long")
    # The plan text is no longer taken as the dialogue's answer: nothing was published.
    await tom.send("/week")
    assert not [c for c in api.calls("sendMessage", chat_id=20) if "published" in c.params["text"]]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
