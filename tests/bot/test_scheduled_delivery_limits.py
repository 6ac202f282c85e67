"""Scheduled delivery at its limits, through the production setup: python-telegram-bot's
rate limiter as ``coach run`` and ``coach jobs tick`` build it, long flood-control
pauses, a shutdown mid-broadcast, a revoked token. Real databases, the local Bot API.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError
from telegram.ext import ExtBot

from bot.app import build_application, release
from bot.clock import SettableClock
from bot.jobs import CappedRateLimiter, TelegramSender, build_bot
from bot.settings import MIN_LEASE_SECONDS
from core.models import DeliveryKind, DeliveryStatus, SendOutcome
from core.services import deliveries
from local_bot_api import FakeBotApiServer
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWork
from tests.bot.conftest import RunningBot, make_settings
from tests.bot.scheduling_helpers import (
    FakeTimer,
    Tally,
    received,
    report,
    seed,
    started_bot,
    tick,
    wait_until,
)
from tests.bot.test_scheduled_delivery import _summary_for

WEEKLY_OPENING = "A new training week starts today"
NEXT_MONDAY = date(2026, 11, 30)
MONDAY_8 = datetime(2026, 11, 30, 8, tzinfo=UTC)
BEFORE = datetime(2026, 11, 25, 12, tzinfo=UTC)


async def _rows(engine, kind: DeliveryKind = DeliveryKind.WEEKLY):
    return await deliveries.ledger(SqlUnitOfWork(create_session_factory(engine)), kind=kind)


async def test_a_long_429_is_not_waited_out_while_a_claim_is_held(
    api: FakeBotApiServer, engine, database_url: str
) -> None:
    """``coach jobs tick``'s own bot: Telegram asks for 120 s; the send returns at once,
    the row waits for its retry, and nothing is sent twice."""
    team = await seed(engine, api, athletes=3, week_start=NEXT_MONDAY, created_at=BEFORE)
    rule = api.rate_limit(120)
    async with build_bot(make_settings(api, database_url)) as bot:
        assert isinstance(bot.rate_limiter, CappedRateLimiter)
        started = time.monotonic()
        async with asyncio.timeout(10):  # PTB's AIORateLimiter would sleep 3 x 120 s here
            first = await tick(engine, TelegramSender(bot), MONDAY_8)
        assert time.monotonic() - started < 5
        (row,) = await _rows(engine)  # the others were not even claimed during the pause
        assert (row.status, row.attempts) == (DeliveryStatus.FAILED, 1)
        assert row.next_attempt_at == MONDAY_8 + timedelta(seconds=120)
        assert "RetryAfter" in row.last_error
        assert (first.retrying, first.stop_reason) == (1, deliveries.PAUSED)
    assert rule.fired == 1 and len(api.calls("sendMessage")) == 1

    # Another process (no pause of its own), after the pause: everything, once.
    async with build_bot(make_settings(api, database_url)) as bot:
        later = await tick(engine, TelegramSender(bot), MONDAY_8 + timedelta(seconds=120))
    assert later.sent == 3
    tally = Tally.of(received(api, WEEKLY_OPENING), team.telegram_ids)
    report(tally.line(f"429 retry after 120 s, production rate limiter, {engine.dialect.name}"))
    assert (tally.sent, tally.duplicates, tally.lost) == (3, 0, 0)


async def test_coach_run_and_jobs_tick_wait_out_only_short_429s(
    api: FakeBotApiServer, bot_database_url: str
) -> None:
    settings = make_settings(api, bot_database_url)
    application = build_application(settings)
    try:
        assert isinstance(application.bot.rate_limiter, CappedRateLimiter)
    finally:
        await release(application)
    ann = api.user(31, "Ann")
    api.rate_limit(1)  # a short one is still waited out inside python-telegram-bot
    async with build_bot(settings) as bot:
        result = await TelegramSender(bot).send(_summary_for(31))
    assert result.outcome is SendOutcome.SENT
    assert result.message_id == ann.last_message.message_id
    assert [c.ok for c in api.calls("sendMessage")] == [False, True]


def test_the_lease_must_outlast_the_longest_send(api: FakeBotApiServer, tmp_path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    with pytest.raises(ValidationError, match="COACH_DELIVERY_LEASE_SECONDS must be at least"):
        make_settings(api, url, COACH_DELIVERY_LEASE_SECONDS=MIN_LEASE_SECONDS - 1)
    assert make_settings(api, url).delivery_lease_seconds >= MIN_LEASE_SECONDS


async def test_a_flood_control_pause_uses_up_no_attempts(
    api: FakeBotApiServer, engine, database_url: str
) -> None:
    await seed(engine, api, athletes=4, week_start=NEXT_MONDAY, created_at=BEFORE)
    api.rate_limit(300)
    timer = FakeTimer()
    bot = await started_bot(api)
    try:
        sender = TelegramSender(bot, sleep=timer.sleep, monotonic=timer.monotonic)
        reports = [await tick(engine, sender, MONDAY_8 + timedelta(seconds=s)) for s in (0, 60)]
        timer.now += 300  # the pause is over
        last = await tick(engine, sender, MONDAY_8 + timedelta(seconds=300))
    finally:
        await bot.shutdown()
    assert [r.stop_reason for r in reports] == [deliveries.PAUSED] * 2
    assert last.sent == 4
    rows = await _rows(engine)
    # Only the one that met the 429 counts two attempts; nobody was claimed while paused.
    assert sorted(r.attempts for r in rows) == [1, 1, 1, 2]
    assert len(api.calls("sendMessage")) == 5


async def test_a_revoked_token_gives_up_nothing(
    api: FakeBotApiServer, engine, database_url: str
) -> None:
    team = await seed(engine, api, athletes=3, week_start=NEXT_MONDAY, created_at=BEFORE)
    revoked = ExtBot("123:REVOKED", base_url=api.base_url)  # 401 Unauthorized
    wrong_url = ExtBot(api.token, base_url=api.base_url.replace("/bot", "/nobot"))  # 404
    for bot in (revoked, wrong_url):  # revoked while running: no initialize (getMe) here
        try:
            stopped = await tick(engine, TelegramSender(bot), MONDAY_8)
        finally:
            await bot.shutdown()
        assert stopped.stopped_early and "InvalidToken" in stopped.stop_reason
        assert stopped.gave_up == stopped.retrying == 0
        rows = await _rows(engine)  # handed back, due again, not counted as an attempt
        assert 1 <= len(rows) <= 2  # one claim per tick (the second may take a new one)
        for row in rows:
            assert (row.status, row.attempts) == (DeliveryStatus.FAILED, 0)
            assert row.next_attempt_at is not None and row.next_attempt_at <= MONDAY_8
    bot = await started_bot(api)
    try:
        fixed = await tick(engine, TelegramSender(bot), MONDAY_8 + timedelta(minutes=1))
    finally:
        await bot.shutdown()
    assert fixed.sent == 3
    tally = Tally.of(received(api, WEEKLY_OPENING), team.telegram_ids)
    assert (tally.sent, tally.duplicates, tally.lost) == (3, 0, 0)
    assert {r.attempts for r in await _rows(engine)} == {1}


async def test_stopping_coach_run_mid_broadcast_returns_at_once_and_loses_nothing(
    api: FakeBotApiServer, bot_database_url: str, clock: SettableClock
) -> None:
    """``Application.stop`` waits for a running tick: the tick ends at its next claim."""
    athletes = 60  # about 2 s of sending under the rate limiter's 30 messages a second
    engine = create_engine(bot_database_url)
    settings = make_settings(api, bot_database_url, COACH_TICK_SECONDS=0.05)
    try:
        team = await seed(engine, api, athletes=athletes, week_start=NEXT_MONDAY, created_at=BEFORE)
        running = RunningBot(settings, clock)
        await running.start()
        clock.set(MONDAY_8)
        await api.wait_for_calls("sendMessage", count=10, timeout=10)
        started = time.monotonic()
        await running.stop()
        stopped_in = time.monotonic() - started
        at_stop = Tally.of(received(api, WEEKLY_OPENING), team.telegram_ids)
        assert at_stop.sent < athletes, "stop waited for the whole broadcast"
        assert {r.status for r in await _rows(engine)} == {DeliveryStatus.SENT}  # no claim left

        await running.start()

        async def all_sent() -> bool:  # rows are claimed a batch at a time: count sent ones
            rows = await _rows(engine)
            return sum(r.status is DeliveryStatus.SENT for r in rows) == athletes

        await wait_until(all_sent, timeout=20)
        await running.stop()
    finally:
        await engine.dispose()
    tally = Tally.of(received(api, WEEKLY_OPENING), team.telegram_ids)
    report(
        tally.line(f"coach run stopped mid-broadcast and restarted, sqlite, {athletes} athletes")
        + f" (stopped after {at_stop.sent} sends, in {stopped_in:.2f} s)"
    )
    assert (tally.sent, tally.duplicates, tally.lost) == (athletes, 0, 0)
    assert stopped_in < 1.5


async def test_a_catch_up_weekly_message_does_not_say_the_week_starts_today(
    api: FakeBotApiServer, engine, database_url: str
) -> None:
    team = await seed(engine, api, athletes=1, week_start=NEXT_MONDAY, created_at=BEFORE)
    bot = await started_bot(api)
    try:
        await tick(engine, TelegramSender(bot), MONDAY_8 + timedelta(days=2))  # Wednesday
    finally:
        await bot.shutdown()
    (text,) = [
        c.params["text"] for c in api.calls("sendMessage", ok=True) if "Week 1" in c.params["text"]
    ]
    assert text.startswith("📋 <b>Your plan for this week:</b>")
    assert WEEKLY_OPENING not in text
    assert team.telegram_ids  # the one athlete
