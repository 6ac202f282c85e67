"""The Thursday check through the delivery ledger, on real SQLite and PostgreSQL: once
per trainer and week, only when somebody needs attention, never left claimed."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from core import models
from core.attention import Flag
from core.models import DeliveryKind, DeliveryStatus
from core.motivation import WELCOME
from core.schedule import ScheduleTimes
from core.services import deliveries
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWork
from tests.conftest import NOW
from tests.core.test_service_deliveries import Clock, RecordingSender, tick, utc
from tests.core.test_statement_counts import week_of

THIS_MONDAY = date(2026, 11, 23)
THURSDAY_NOON = utc(2026, 11, 26, 12)


async def _plan(uow, athlete, coach, monday: date, done: int = 0) -> None:
    """Three workouts (Monday, Tuesday, Wednesday), the first ``done`` of them done."""
    async with uow() as u:
        plan = await u.plans.add(
            athlete_id=athlete.athlete_id,
            trainer_id=coach.trainer_id,
            week_start=monday,
            week_end=monday + timedelta(days=6),
            week_number=1,
            motivational_message=WELCOME,
            spec=week_of(3),
            now=NOW - timedelta(days=7),
        )
        for w in plan.workouts[:done]:
            await u.plans.set_workout_completed(w.id, True, NOW)
        await u.commit()


async def _fine(uow, users, coach, name: str):
    """An athlete with this week done so far and next week planned."""
    athlete = await users.athlete_of(coach, name)
    await _plan(uow, athlete, coach, THIS_MONDAY, done=3)
    await _plan(uow, athlete, coach, THIS_MONDAY + timedelta(weeks=1))
    return athlete


def _checks(sender: RecordingSender) -> list[models.AttentionCheck]:
    return [m for m in sender.delivered if isinstance(m, models.AttentionCheck)]


async def test_the_thursday_check_is_sent_once_with_who_needs_attention_and_why(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    await _plan(uow, ann, coach, THIS_MONDAY)  # nothing ticked, nothing for next week
    await users.athlete_of(coach, "Cy")  # no plan at all: no plan for next week either
    await _fine(uow, users, coach, "Ben")
    sender = RecordingSender()
    await tick(uow, sender, THURSDAY_NOON - timedelta(minutes=1))
    assert _checks(sender) == []
    for moment in (THURSDAY_NOON, THURSDAY_NOON, THURSDAY_NOON + timedelta(hours=3)):
        await tick(uow, sender, moment)  # ticked twice and more: sent once
    (check,) = _checks(sender)
    assert check.recipient.id == coach.athlete_id
    assert [(a.name, flags) for a, flags in check.flagged] == [("Ann", (Flag.IDLE,))]
    assert [a.name for a in check.without_next_plan] == ["Ann", "Cy"]
    rows = await deliveries.ledger(uow(), kind=DeliveryKind.ATTENTION)
    assert [(r.athlete_id, r.period, r.status) for r in rows] == [
        (coach.athlete_id, THIS_MONDAY, DeliveryStatus.SENT)
    ]
    # Next week's Thursday is a new period.
    await tick(uow, sender, THURSDAY_NOON + timedelta(weeks=1))
    assert len(_checks(sender)) == 2


async def test_no_check_for_an_empty_or_all_fine_roster_and_nothing_left_claimed(
    uow, users
) -> None:
    await users.trainer("Empty")
    fine = await users.trainer("Fine")
    await _fine(uow, users, fine, "Ben")
    sender = RecordingSender()
    await tick(uow, sender, THURSDAY_NOON)
    assert _checks(sender) == []
    assert not any(isinstance(m, models.AttentionCheck) for m in sender.attempts)
    rows = await deliveries.ledger(uow(), kind=DeliveryKind.ATTENTION)
    # The all-fine trainer's row is settled as skipped; the empty roster has none.
    assert [(r.athlete_id, r.status, r.last_error) for r in rows] == [
        (fine.athlete_id, DeliveryStatus.SKIPPED, "none of the trainer's athletes needs attention")
    ]
    assert await deliveries.ledger(uow(), status=DeliveryStatus.CLAIMED) == []
    await tick(uow, sender, THURSDAY_NOON + timedelta(hours=1))
    assert _checks(sender) == []


async def test_the_check_follows_the_trainers_timezone_and_setting(uow, users) -> None:
    coach = await users.trainer("Coach")
    async with uow() as u:
        await u.athletes.update(coach.athlete_id, now=NOW, timezone="Asia/Tokyo")
        await u.commit()
    await users.athlete_of(coach, "Cy")
    sender = RecordingSender()
    times = ScheduleTimes(attention=utc(2026, 1, 1, 9).time())

    async def at(moment):
        await deliveries.tick(
            uow(), sender, Clock(moment), times=times, default_tz="UTC", worker="t"
        )

    await at(utc(2026, 11, 25, 23, 59))  # Thursday 08:59 in Tokyo
    assert _checks(sender) == []
    await at(utc(2026, 11, 26, 0, 0))  # Thursday 09:00 in Tokyo
    assert [a.name for c in _checks(sender) for a in c.without_next_plan] == ["Cy"]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_two_processes_sharing_postgresql_send_the_check_once(
    uow, users, database_url: str
) -> None:
    coaches = [await users.trainer(f"Coach{n}") for n in range(6)]
    for n, coach in enumerate(coaches):
        await users.athlete_of(coach, f"Athlete{n}")  # no plan for next week
    other = create_engine(database_url)
    try:
        other_uow = create_session_factory(other)
        senders = [RecordingSender(), RecordingSender()]
        await asyncio.gather(
            tick(uow, senders[0], THURSDAY_NOON, batch=1),
            tick(lambda: SqlUnitOfWork(other_uow), senders[1], THURSDAY_NOON, batch=1),
        )
    finally:
        await other.dispose()
    got = [c.recipient.id for s in senders for c in _checks(s)]
    assert sorted(got) == sorted(c.athlete_id for c in coaches)  # each once
    rows = await deliveries.ledger(uow(), kind=DeliveryKind.ATTENTION)
    assert {r.status for r in rows} == {DeliveryStatus.SENT} and len(rows) == 6


async def test_the_check_takes_the_same_statements_for_5_or_40_athletes(
    uow, users, count_statements
) -> None:
    async def check_statements(size: int) -> int:
        coach = await users.trainer(f"Coach{size}")
        for n in range(size):
            athlete = await users.athlete_of(coach, f"A{size}-{n:02d}")
            await _plan(uow, athlete, coach, THIS_MONDAY - timedelta(weeks=1), done=n % 3)
            await _plan(uow, athlete, coach, THIS_MONDAY, done=n % 2)
        # Everything else due by then (the week's catch-up messages) goes first.
        await tick(uow, RecordingSender(), THURSDAY_NOON - timedelta(minutes=1))
        sender = RecordingSender()
        with count_statements() as counter:
            await tick(uow, sender, THURSDAY_NOON)
        (check,) = _checks(sender)  # the earlier round's trainer had theirs already
        assert len(check.without_next_plan) == size
        return counter.count

    assert await check_statements(5) == await check_statements(40)
