"""📝 no check-in last week, on real SQLite and PostgreSQL: the roster, the card and
the Thursday check read it from one query for the whole roster."""

from __future__ import annotations

from datetime import date, timedelta

from core.attention import Flag
from core.motivation import WELCOME
from core.services import card
from tests.conftest import NOW
from tests.core.test_attention_check import THURSDAY_NOON, _checks
from tests.core.test_service_deliveries import RecordingSender, tick
from tests.core.test_statement_counts import week_of

THIS_MONDAY = date(2026, 11, 23)
LAST_MONDAY = THIS_MONDAY - timedelta(weeks=1)


async def _plan(uow, athlete, coach, monday: date) -> None:
    async with uow() as u:
        plan = await u.plans.add(
            athlete_id=athlete.athlete_id,
            trainer_id=coach.trainer_id,
            week_start=monday,
            week_end=monday + timedelta(days=6),
            week_number=1,
            motivational_message=WELCOME,
            spec=week_of(3),
            now=NOW - timedelta(days=14),
        )
        for w in plan.workouts:  # all done: no other flag gets in the way
            await u.plans.set_workout_completed(w.id, True, NOW)
        await u.commit()


async def _checkin(uow, athlete, monday: date, *, answered: bool = True) -> None:
    async with uow() as u:
        await u.checkins.save(
            athlete.athlete_id, monday, now=NOW, energy=3, answered_at=NOW if answered else None
        )
        await u.commit()


async def test_no_checkin_flag_only_for_a_planned_last_week_without_an_answer(uow, users) -> None:
    coach = await users.trainer("Coach")
    people = {}
    for name in ("Ann", "Ben", "Cy", "Dee", "Eve"):
        people[name] = athlete = await users.athlete_of(coach, name)
        await _plan(uow, athlete, coach, THIS_MONDAY)
        await _plan(uow, athlete, coach, THIS_MONDAY + timedelta(weeks=1))
        if name != "Dee":  # Dee had no plan last week: nothing to answer
            await _plan(uow, athlete, coach, LAST_MONDAY)
    await _checkin(uow, people["Ann"], LAST_MONDAY)  # answered: no 📝
    await _checkin(uow, people["Cy"], LAST_MONDAY, answered=False)  # started only: 📝
    await _checkin(uow, people["Eve"], LAST_MONDAY - timedelta(weeks=1))  # older: 📝
    await _checkin(uow, people["Ben"], THIS_MONDAY)  # this week's doesn't count: 📝

    found = {s.athlete.name: s.flags for s in await card.roster(uow(), coach, NOW)}
    assert found == {
        "Ann": (),
        "Ben": (Flag.NO_CHECKIN,),
        "Cy": (Flag.NO_CHECKIN,),
        "Dee": (),
        "Eve": (Flag.NO_CHECKIN,),
    }
    for name, flags in found.items():
        shown = await card.athlete_card(uow(), coach, people[name].athlete_id, NOW)
        assert shown.flags == flags, name

    sender = RecordingSender()
    await tick(uow, sender, THURSDAY_NOON)
    (check,) = _checks(sender)
    assert [(a.name, flags) for a, flags in check.flagged] == [
        ("Ben", (Flag.NO_CHECKIN,)),
        ("Cy", (Flag.NO_CHECKIN,)),
        ("Eve", (Flag.NO_CHECKIN,)),
    ]
    assert check.without_next_plan == ()


async def test_the_flag_reads_last_week_in_the_athletes_timezone(uow, users) -> None:
    """NOW is Wednesday: the same for everyone. On Monday 00:30 UTC an athlete in
    Los Angeles is still on Sunday, so their "last week" is the week before."""
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    async with uow() as u:
        await u.athletes.update(ann.athlete_id, now=NOW, timezone="America/Los_Angeles")
        await u.commit()
    await _plan(uow, ann, coach, LAST_MONDAY)
    await _plan(uow, ann, coach, THIS_MONDAY)
    await _checkin(uow, ann, LAST_MONDAY)
    monday_utc = NOW.replace(year=2026, month=11, day=30, hour=0, minute=30)
    # In Los Angeles it is Sunday the 29th: last week is the one from November 16th.
    (standing,) = await card.roster(uow(), coach, monday_utc)
    assert standing.this_monday == THIS_MONDAY
    assert Flag.NO_CHECKIN not in standing.flags
    # Twelve hours later their week has turned: last week (the 23rd) had a plan, no answer.
    (standing,) = await card.roster(uow(), coach, monday_utc + timedelta(hours=12))
    assert Flag.NO_CHECKIN in standing.flags
