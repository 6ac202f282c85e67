"""The rate limiter puts chat replies ahead of broadcasts, and paid broadcasts go out as
such: ordering and parameters, no timings (those are in bench/)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

from bot.jobs import (
    BACKGROUND,
    FOREGROUND,
    FREE_IN_FLIGHT,
    PAID_IN_FLIGHT,
    ChatSpacing,
    PriorityBucket,
    TelegramSender,
    in_flight,
    sender_for,
)
from local_bot_api import FakeBotApiServer
from tests.bot.conftest import make_settings
from tests.bot.scheduling_helpers import seed, started_bot, tick
from tests.bot.test_scheduled_delivery import _summary_for

NEXT_MONDAY = date(2026, 11, 30)
MONDAY_8 = datetime(2026, 11, 30, 8, tzinfo=UTC)
BEFORE = datetime(2026, 11, 25, 12, tzinfo=UTC)


async def test_broadcasts_leave_the_reserve_to_chat_replies() -> None:
    bucket = PriorityBucket(10, reserve=2)
    taken = 0
    while True:  # broadcasts alone: they stop short of the last two tokens
        try:
            await asyncio.wait_for(bucket.acquire(BACKGROUND), timeout=0.001)
        except TimeoutError:
            break
        taken += 1
    assert taken == 8
    # A chat reply still finds a token at once, and another after it.
    await asyncio.wait_for(bucket.acquire(FOREGROUND), timeout=0.001)
    await asyncio.wait_for(bucket.acquire(FOREGROUND), timeout=0.001)


async def test_a_waiting_chat_reply_goes_before_waiting_broadcasts() -> None:
    bucket = PriorityBucket(20, reserve=0)
    for _ in range(20):
        await bucket.acquire(FOREGROUND)  # empty now
    order: list[str] = []

    async def take(name: str, priority: int) -> None:
        await bucket.acquire(priority)
        order.append(name)

    broadcasts = [asyncio.create_task(take(f"broadcast {n}", BACKGROUND)) for n in range(3)]
    await asyncio.sleep(0)  # they queue first
    reply = asyncio.create_task(take("reply", FOREGROUND))
    await asyncio.wait_for(asyncio.gather(reply, *broadcasts), timeout=5)
    assert order[0] == "reply"
    assert order[1:] == ["broadcast 0", "broadcast 1", "broadcast 2"]


async def test_messages_to_one_chat_are_spaced_and_to_others_not() -> None:
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    spacing = ChatSpacing(1.0, monotonic=lambda: 100.0, sleep=fake_sleep)
    await spacing.wait(1)
    await spacing.wait(2)
    await spacing.wait(1)  # the same chat, at once: a second later
    assert slept == [1.0]


async def test_paid_broadcasts_are_sent_as_such_and_chat_replies_never(
    api: FakeBotApiServer, engine, database_url: str
) -> None:
    team = await seed(engine, api, athletes=3, week_start=NEXT_MONDAY, created_at=BEFORE)
    settings = make_settings(api, database_url, COACH_PAID_BROADCAST="true")
    assert settings.paid_broadcast and in_flight(settings) == PAID_IN_FLIGHT
    assert in_flight(make_settings(api, database_url)) == FREE_IN_FLIGHT
    bot = await started_bot(api)
    try:
        report = await tick(engine, sender_for(bot, settings), MONDAY_8)
        await TelegramSender(bot).send(_summary_for(team.telegram_ids[0]))  # free
    finally:
        await bot.shutdown()
    assert report.sent == 3
    calls = api.calls("sendMessage", ok=True)
    assert [bool(c.params.get("allow_paid_broadcast")) for c in calls] == [True] * 3 + [False]
