"""Scheduled messages end to end: real python-telegram-bot over HTTP, the local Bot API.

Each test counts what the Bot API actually received. The exactly-once scenarios print
their tally (sent, duplicates, lost); ``pytest -s`` shows it, and setting
COACH_EXACTLY_ONCE_REPORT=<file> collects it.
"""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.clock import SettableClock
from bot.jobs import FREE_IN_FLIGHT, TelegramSender
from core import models
from core.models import DeliveryKind, DeliveryStatus, SendOutcome
from core.motivation import WELCOME
from core.plan_text import parse_plan_text
from core.services import deliveries, plans
from local_bot_api import FakeBotApiServer
from storage.db import create_engine, create_session_factory
from storage.tables import AthleteRow
from storage.uow import SqlUnitOfWork
from tests.bot.conftest import RunningBot, make_settings
from tests.bot.scheduling_helpers import (
    FakeTimer,
    Tally,
    cli_env,
    received,
    report,
    run_cli,
    seed,
    start_cli,
    started_bot,
    tick,
    wait_until,
)
from tests.conftest import People

WEEKLY_OPENING = "A new training week starts today"  # a summary names its week too

NEXT_MONDAY = date(2026, 11, 30)
MONDAY_8 = datetime(2026, 11, 30, 8, tzinfo=UTC)
SUNDAY_20 = datetime(2026, 12, 6, 20, tzinfo=UTC)
BEFORE = datetime(2026, 11, 25, 12, tzinfo=UTC)  # when the plans were written
TEXT = """\
Mon: Strength (45 min)
- Push-ups 3x12
Wed: Run (30 min)
- Run 1x30min
Fri: Legs (40 min)
- Squat 5x5 @ 60kg
"""
POSTGRES_ONLY = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def _uow(engine):
    factory = create_session_factory(engine)
    return lambda: SqlUnitOfWork(factory)


async def _reachable(engine, telegram_id: int) -> bool:
    async with engine.connect() as connection:
        return (
            await connection.execute(
                select(AthleteRow.reachable).where(AthleteRow.telegram_id == telegram_id)
            )
        ).scalar_one()


async def test_scheduled_messages_read_well_and_their_buttons_work(
    coach_bot: RunningBot, api: FakeBotApiServer, clock: SettableClock
) -> None:
    engine = create_engine(coach_bot.settings.database_url)
    try:
        uow = _uow(engine)
        people = People(uow)
        coach = await people.trainer("Tess")
        ann = await people.athlete_of(coach, "Ann <A&B>")
        await people.athlete_of(coach, "Bob")  # no plan this week
        tess_chat = api.user(coach.athlete.telegram_id, "Tess")
        ann_chat = api.user(ann.athlete.telegram_id, "Ann <A&B>")  # escaped everywhere
        await plans.create_plan(
            uow(),
            coach,
            athlete_id=ann.athlete_id,
            week_start=NEXT_MONDAY,
            spec=parse_plan_text(TEXT),
            now=BEFORE,
        )
        sender = TelegramSender(coach_bot.application.bot)
        await ann_chat.send("/timezone Europe/Berlin")
        await ann_chat.wait_for(lambda m: "Timezone set to Europe/Berlin" in m.text)

        await tick(engine, sender, MONDAY_8 - timedelta(hours=1, seconds=1))  # 07:59:59 there
        reminder = await ann_chat.wait_for(lambda m: "Workout day" in m.text)  # due 07:00
        assert "Strength" in reminder.text and "Legs" not in reminder.text
        assert reminder.button_labels == [["✅ Done: Strength"]]
        assert received(api, WEEKLY_OPENING)[ann_chat.id] == 0
        clock.set(MONDAY_8 - timedelta(hours=1))  # 08:00 in Berlin
        await tick(engine, sender, clock.now())
        weekly = await ann_chat.wait_for(lambda m: "Week 1" in m.text)
        assert WELCOME in weekly.text
        assert "Strength" in weekly.text and "Legs" in weekly.text
        assert weekly.button_labels == [["📋 Today's workout"]]

        await ann_chat.press("📋 Today's workout", message=weekly)
        today = await ann_chat.wait_for(lambda m: "Today, Monday 30 November" in m.text)
        assert "Push-ups" in today.text
        press = await ann_chat.press("✅ Done: Strength", message=reminder)
        assert (await press.answer()).text == "Nice work! Marked done."
        await tess_chat.wait_for(lambda m: "finished Strength" in m.text)

        clock.set(SUNDAY_20)
        await tick(engine, sender, clock.now())
        summary = await ann_chat.wait_for(lambda m: "Your week in review" in m.text)  # 21:00 there
        assert "Workouts: 1/3 (33%)" in summary.text
        assert "Minutes: no time logged (115 planned)" in summary.text  # ticked, not logged
        assert "Let's refocus..." in summary.text
        digest = await tess_chat.wait_for(lambda m: "Your athletes' week" in m.text)
        assert "1. Ann <A&B> — week 1: 1/3 workouts (33%), no time logged" in digest.text
        assert "No plan this week\n• Bob" in digest.text
        assert received(api, "Your week in review")[ann.athlete.telegram_id] == 1
    finally:
        await engine.dispose()


async def test_the_scheduler_inside_coach_run_fires(
    api: FakeBotApiServer, bot_database_url: str, clock: SettableClock
) -> None:
    """The repeating job in the running application sends, once, when the clock gets there."""
    running = RunningBot(make_settings(api, bot_database_url, COACH_TICK_SECONDS=0.05), clock)
    engine = create_engine(bot_database_url)
    try:
        people = People(_uow(engine))
        coach = await people.trainer("Tess")
        ann = await people.athlete_of(coach, "Ann")
        ann_chat = api.user(ann.athlete.telegram_id, "Ann")
        api.user(coach.athlete.telegram_id, "Tess")
        await plans.create_plan(
            _uow(engine)(),
            coach,
            athlete_id=ann.athlete_id,
            week_start=NEXT_MONDAY,
            spec=parse_plan_text(TEXT),
            now=BEFORE,
        )
        await running.start()
        clock.set(MONDAY_8)  # no tick here: the job finds it by itself
        await ann_chat.wait_for(lambda m: "A new training week" in m.text, timeout=10)
        await ann_chat.wait_for(lambda m: "Workout day" in m.text, timeout=10)  # 07:00's
        clock.set(SUNDAY_20)
        await ann_chat.wait_for(lambda m: "Your week in review" in m.text, timeout=10)
        # Dozens of ticks ran in between; each message still arrived once.
        assert received(api, WEEKLY_OPENING)[ann_chat.id] == 1
        assert received(api, "Workout day")[ann_chat.id] == 1  # Monday's, at 07:00
        job = running.application.job_queue.jobs()[0]
        assert job.job.coalesce and job.job.misfire_grace_time is None
    finally:
        await running.stop()
        await engine.dispose()


async def test_429_on_every_fifth_send_waits_as_told_and_loses_nothing(
    api: FakeBotApiServer, engine, database_url: str
) -> None:
    people = await seed(engine, api, athletes=25, week_start=NEXT_MONDAY, created_at=BEFORE)
    rule = api.rate_limit(retry_after=3, every=5, times=None)
    timer = FakeTimer()
    bot = await started_bot(api)
    try:
        sender = TelegramSender(bot, sleep=timer.sleep, monotonic=timer.monotonic)
        moment, reports = MONDAY_8, []
        for _ in range(5):
            reports.append(await tick(engine, sender, moment))
            moment += timedelta(seconds=3)
    finally:
        await bot.shutdown()
    tally = Tally.of(received(api, WEEKLY_OPENING), people.telegram_ids)
    report(
        tally.line(f"429 on every 5th send, {engine.dialect.name}, 25 athletes")
        + (f" (429s answered: {rule.fired})")
    )
    assert (tally.sent, tally.duplicates, tally.lost) == (25, 0, 0)
    assert rule.fired == 6  # 5 in the first round, 1 among its 5 retries
    assert [r.retrying for r in reports] == [5, 1, 0, 0, 0]
    assert [r.sent for r in reports] == [20, 4, 1, 0, 0]
    # After each 429 the next send waited the 3 seconds Telegram asked for.
    assert timer.waits == [3.0] * 6
    rows = await deliveries.ledger(_uow(engine)(), kind=DeliveryKind.WEEKLY)
    assert {r.status for r in rows} == {DeliveryStatus.SENT}
    assert Counter(r.attempts for r in rows) == {1: 20, 2: 4, 3: 1}


async def test_a_blocked_user_is_marked_unreachable_never_retried_and_named_in_the_digest(
    api: FakeBotApiServer, engine, database_url: str
) -> None:
    team = await seed(
        engine, api, athletes=3, week_start=NEXT_MONDAY, created_at=BEFORE, with_trainer=True
    )
    blocker = team.telegram_ids[1]
    await api.user(blocker).block_bot(notify=False)  # the bot finds out by sending
    bot = await started_bot(api)
    try:
        sender = TelegramSender(bot)
        first = await tick(engine, sender, MONDAY_8)
        assert first.unreachable == 1
        assert not await _reachable(engine, blocker)
        for moment in (MONDAY_8 + timedelta(hours=1), MONDAY_8 + timedelta(days=1)):
            await tick(engine, sender, moment)
        refused = api.calls("sendMessage", chat_id=blocker, ok=False)
        assert len(refused) == 1 and "blocked" in refused[0].description
        await tick(engine, sender, SUNDAY_20)
    finally:
        await bot.shutdown()
    assert received(api)[blocker] == 0
    async with _uow(engine)() as u:
        summary = await u.deliveries.get(DeliveryKind.SUMMARY, team.athlete_ids[1], NEXT_MONDAY)
    assert summary.status is DeliveryStatus.UNREACHABLE  # not even tried on Sunday
    (digest,) = [
        c.params["text"]
        for c in api.calls("sendMessage", chat_id=team.trainer_telegram_id, ok=True)
        if "Your athletes' week</b> · Mon 30 Nov" in c.params["text"]
    ]
    assert f"<b>{team.names[blocker]}</b>" in digest
    assert "blocked the bot" in digest.split(team.names[blocker])[1].split("\n")[0]
    assert digest.count("blocked the bot") == 1


async def test_blocking_and_unblocking_keep_the_reachable_flag_current(
    coach_bot: RunningBot, api: FakeBotApiServer, clock: SettableClock
) -> None:
    engine = create_engine(coach_bot.settings.database_url)
    try:
        ann = api.user(4242, "Ann")
        await ann.send("/start")
        await ann.next_message()
        assert await _reachable(engine, ann.id)
        await ann.block_bot()  # Telegram sends my_chat_member: kicked

        async def unreachable() -> bool:
            return not await _reachable(engine, ann.id)

        await wait_until(unreachable)
        await ann.unblock_bot()  # my_chat_member: member again
        await wait_until(lambda: _reachable(engine, ann.id))
    finally:
        await engine.dispose()


@POSTGRES_ONLY
async def test_two_tickers_on_postgresql_send_each_of_500_athletes_one_message(
    api: FakeBotApiServer, engine, database_url: str
) -> None:
    """Two processes' worth of tickers (own connection pools, own bots) at the same moment."""
    team = await seed(engine, api, athletes=500, week_start=NEXT_MONDAY, created_at=BEFORE)
    other_engine = create_engine(database_url)
    bots = [await started_bot(api), await started_bot(api)]
    try:
        first, second = await asyncio.gather(
            tick(engine, TelegramSender(bots[0]), MONDAY_8, worker="one"),
            tick(other_engine, TelegramSender(bots[1]), MONDAY_8, worker="two"),
        )
        again = await tick(engine, TelegramSender(bots[0]), MONDAY_8, worker="one")
    finally:
        for bot in bots:
            await bot.shutdown()
        await other_engine.dispose()
    tally = Tally.of(received(api, WEEKLY_OPENING), team.telegram_ids)
    report(
        tally.line("two concurrent tickers, PostgreSQL, 500 athletes")
        + f" (one sent {first.sent}, two sent {second.sent}, "
        f"already claimed by the other: {first.taken_elsewhere + second.taken_elsewhere})"
    )
    assert (tally.sent, tally.duplicates, tally.lost) == (500, 0, 0)
    assert first.sent + second.sent == 500
    assert first.sent > 0 and second.sent > 0  # they shared the work
    assert (again.sent, again.taken_elsewhere) == (0, 0)  # and nothing was left over
    assert len(api.calls("sendMessage")) == 500


async def test_a_tick_killed_mid_broadcast_is_finished_by_the_next_one(
    api: FakeBotApiServer, engine, database_url: str, tmp_path
) -> None:
    """``coach jobs tick`` is SIGKILLed halfway; a later tick, past the lease, finishes."""
    team = await seed(engine, api, athletes=90, week_start=NEXT_MONDAY, created_at=BEFORE)
    env = cli_env(api, database_url)
    moment = MONDAY_8.isoformat()
    process = await start_cli("jobs", "tick", "--at", moment, env=env, cwd=tmp_path)
    try:
        await api.wait_for_calls("sendMessage", count=45, timeout=30)
    finally:
        process.send_signal(signal.SIGKILL)
        await process.wait()
    at_kill = Tally.of(received(api, WEEKLY_OPENING), team.telegram_ids)
    assert process.returncode == -signal.SIGKILL
    assert 45 <= at_kill.sent < 90, "the tick was not killed mid-broadcast"
    async with _uow(engine)() as u:
        orphaned = await u.deliveries.list(status=DeliveryStatus.CLAIMED)
        athletes = {a.id: a.telegram_id for a in await u.athletes.list_all()}
    # Claimed a batch at a time; of the orphaned claims only those whose message had
    # reached Telegram (sent, outcome not yet committed) can become duplicates.
    in_flight = [d for d in orphaned if received(api, WEEKLY_OPENING)[athletes[d.athlete_id]]]
    assert len(orphaned) <= deliveries.BATCH
    assert len(in_flight) <= FREE_IN_FLIGHT

    # Restarted at once, the tick sends the rest; the orphaned claims wait for their lease.
    await run_cli("jobs", "tick", "--at", moment, env=env, cwd=tmp_path)
    assert Tally.of(received(api, WEEKLY_OPENING), team.telegram_ids).lost <= len(orphaned)
    after_lease = (MONDAY_8 + timedelta(minutes=6)).isoformat()
    late = await run_cli("jobs", "tick", "--at", after_lease, env=env, cwd=tmp_path)
    assert f": {len(orphaned)} sent," in late
    tally = Tally.of(received(api, WEEKLY_OPENING), team.telegram_ids)
    report(
        tally.line(f"killed mid-broadcast and restarted, {engine.dialect.name}, 90 athletes")
        + f" (killed after {at_kill.sent} sends; {len(orphaned)} claims orphaned, "
        f"{len(in_flight)} of them in flight)"
    )
    assert tally.lost == 0
    assert tally.duplicates == len(in_flight)  # only a message in flight goes out twice
    assert tally.duplicates <= FREE_IN_FLIGHT
    assert tally.sent == 90 + tally.duplicates
    rows = await deliveries.ledger(_uow(engine)(), kind=DeliveryKind.WEEKLY)
    assert len(rows) == 90 and {r.status for r in rows} == {DeliveryStatus.SENT}


@POSTGRES_ONLY
async def test_two_coach_processes_ticking_at_once_send_each_message_once(
    api: FakeBotApiServer, engine, database_url: str, tmp_path
) -> None:
    team = await seed(engine, api, athletes=150, week_start=NEXT_MONDAY, created_at=BEFORE)
    env = cli_env(api, database_url)
    outputs = await asyncio.gather(
        *(
            run_cli("jobs", "tick", "--at", MONDAY_8.isoformat(), env=env, cwd=tmp_path)
            for _ in "ab"
        )
    )
    tally = Tally.of(received(api, WEEKLY_OPENING), team.telegram_ids)
    report(
        tally.line("two coach jobs tick processes, PostgreSQL, 150 athletes")
        + " ("
        + "; ".join(o.strip().split(": ", 1)[1].split(",")[0] for o in outputs)
        + ")"
    )
    assert (tally.sent, tally.duplicates, tally.lost) == (150, 0, 0)
    rows = await deliveries.ledger(_uow(engine)(), kind=DeliveryKind.WEEKLY)
    assert len(rows) == 150 and {r.status for r in rows} == {DeliveryStatus.SENT}


def _summary_for(telegram_id: int) -> models.SummaryMessage:
    athlete = models.Athlete(
        id=1,
        telegram_id=telegram_id,
        name="Ann",
        username=None,
        timezone=None,
        trainer_id=None,
        reminders_enabled=True,
        reachable=True,
    )
    summary = models.WeeklySummary(
        plan_id=1,
        athlete_id=1,
        week_start=NEXT_MONDAY,
        week_number=3,
        total_workouts=4,
        completed_workouts=3,
        total_exercises=8,
        completion_percentage=75,
        planned_minutes=120,
        completed_minutes=90,
        trainer_feedback="Great effort! You completed 3 of 4 workouts.",
        generated_at=SUNDAY_20,
    )
    return models.SummaryMessage(athlete, summary)


async def test_telegrams_answers_become_ledger_outcomes(api: FakeBotApiServer) -> None:
    ann = api.user(31, "Ann")
    timer = FakeTimer()
    bot = await started_bot(api)
    try:
        sender = TelegramSender(bot, sleep=timer.sleep, monotonic=timer.monotonic)

        async def outcome(telegram_id: int = ann.id) -> models.SendResult:
            return await sender.send(_summary_for(telegram_id))

        sent = await outcome()
        assert sent.outcome is SendOutcome.SENT
        assert sent.message_id == ann.last_message.message_id
        assert "Great effort!" in ann.last_message.text

        api.fail(403, "Forbidden: bot was blocked by the user")
        assert (await outcome()).outcome is SendOutcome.UNREACHABLE
        assert (await outcome(telegram_id=999)).outcome is SendOutcome.UNREACHABLE  # no chat
        api.fail(400, "Bad Request: can't parse entities: unexpected end tag")
        refused = await outcome()
        assert (refused.outcome, refused.error) == (
            SendOutcome.FAILED,
            "BadRequest: Can't parse entities: unexpected end tag",
        )
        api.fail(502, "Bad Gateway")
        assert ((await outcome()).outcome, (await outcome()).outcome) == (
            SendOutcome.RETRY,
            SendOutcome.SENT,
        )

        api.rate_limit(120)  # longer than a tick should hold a claim for
        flooded = await outcome()
        assert (flooded.outcome, flooded.retry_after) == (SendOutcome.RETRY, 120)
        calls = len(api.calls("sendMessage"))
        paused = await outcome()  # not even tried: the pause is still on
        assert paused.outcome is SendOutcome.RETRY and 0 < paused.retry_after <= 120
        assert len(api.calls("sendMessage")) == calls
        timer.now += 61  # a minute later the rest of the pause is waited out, then sent
        assert (await outcome()).outcome is SendOutcome.SENT
        assert timer.waits == [59.0]
    finally:
        await bot.shutdown()
