"""The roster's flags and an athlete's card take a constant number of statements,
whatever the roster's size or the athlete's history (real SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core import errors, models
from core.attention import Flag
from core.motivation import WELCOME
from core.services import card
from tests.conftest import NOW
from tests.core.test_statement_counts import week_of

THIS_MONDAY = date(2026, 11, 23)


async def _weeks(uow, athlete_id: int, trainer_id: int, weeks: int, *, logs: bool) -> None:
    """``weeks`` plans up to this one, each with 3 workouts, the first done (and logged)."""
    async with uow() as u:
        for n in range(weeks):
            monday = THIS_MONDAY - timedelta(weeks=weeks - 1 - n)
            plan = await u.plans.add(
                athlete_id=athlete_id,
                trainer_id=trainer_id,
                week_start=monday,
                week_end=monday + timedelta(days=6),
                week_number=n + 1,
                motivational_message=WELCOME,
                spec=week_of(3),
                now=NOW - timedelta(weeks=weeks),
            )
            first = plan.workouts[0]
            await u.plans.set_workout_completed(first.id, True, NOW - timedelta(days=1))
            if logs:
                for exercise in first.exercises:
                    await u.logs.add(
                        exercise_id=exercise.id,
                        athlete_id=athlete_id,
                        sets=exercise.sets,
                        reps=exercise.reps,
                        duration_seconds=exercise.duration_seconds,
                        load=exercise.load,
                        notes="fine",
                        now=NOW - timedelta(weeks=weeks - 1 - n, hours=1),
                    )
        await u.commit()


async def _checkins_and_messages(uow, coach, athlete, weeks: int) -> None:
    """A check-in and a message for each week."""
    async with uow() as u:
        for n in range(weeks):
            monday = THIS_MONDAY - timedelta(weeks=n)
            await u.checkins.save(athlete.athlete_id, monday, now=NOW, energy=3, answered_at=NOW)
            await u.messages.add(
                athlete_id=athlete.athlete_id,
                trainer_id=coach.trainer_id,
                sender_id=athlete.athlete_id,
                recipient_id=coach.athlete_id,
                direction=models.MessageDirection.TO_TRAINER,
                content=models.MessageContent(models.MessageKind.TEXT, f"week {n}", None, 1, n),
                now=NOW - timedelta(weeks=n),
            )
        await u.commit()


async def test_the_card_costs_the_same_for_1_or_30_weeks_of_history(
    uow, users, count_statements
) -> None:
    coach = await users.trainer("Coach")
    counts = {}
    for weeks in (1, 30):
        athlete = await users.athlete_of(coach, f"A{weeks}")
        await _weeks(uow, athlete.athlete_id, coach.trainer_id, weeks, logs=True)
        await _checkins_and_messages(uow, coach, athlete, weeks)
        with count_statements() as counter:
            found = await card.athlete_card(uow(), coach, athlete.athlete_id, NOW)
        counts[weeks] = counter.count
        assert found.plan is not None and found.plan.week_number == weeks
        assert len(found.recent_logs) == min(5, 3 * weeks)
        assert found.this_week.completed == 1 and found.this_week.total == 3
        assert found.last_12_weeks.total == 3 * min(weeks, 12)
        assert found.latest_checkin is not None and found.latest_checkin.week_start == THIS_MONDAY
        assert len(found.latest_messages) == min(3, weeks)
    print(f"card statements: 1 week {counts[1]}, 30 weeks {counts[30]}")
    assert counts[1] == counts[30]


async def test_the_roster_costs_the_same_for_5_or_40_athletes(uow, users, count_statements) -> None:
    counts = {}
    for size in (5, 40):
        coach = await users.trainer(f"Coach{size}")
        for n in range(size):
            athlete = await users.athlete_of(coach, f"R{size}-{n:02d}")
            await _weeks(uow, athlete.athlete_id, coach.trainer_id, 12, logs=False)
        with count_statements() as counter:
            found = await card.roster(uow(), coach, NOW)
        counts[size] = counter.count
        assert len(found) == size
        assert all(s.week is not None and s.week.completed_workouts == 1 for s in found)
    print(f"roster statements: 5 athletes {counts[5]}, 40 athletes {counts[40]}")
    assert counts[5] == counts[40]


async def test_the_roster_puts_those_who_need_attention_first(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    zoe = await users.athlete_of(coach, "Zoe")
    await _weeks(uow, ann.athlete_id, coach.trainer_id, 3, logs=False)
    async with uow() as u:  # Ann answered last week's check-in: no 📝
        last = THIS_MONDAY - timedelta(weeks=1)
        await u.checkins.save(ann.athlete_id, last, now=NOW, energy=3, answered_at=NOW)
        await u.commit()
    # Zoe: last week all done, this week nothing of the two due by Wednesday: behind.
    async with uow() as u:
        for monday, done in ((THIS_MONDAY - timedelta(weeks=1), 3), (THIS_MONDAY, 0)):
            plan = await u.plans.add(
                athlete_id=zoe.athlete_id,
                trainer_id=coach.trainer_id,
                week_start=monday,
                week_end=monday + timedelta(days=6),
                week_number=1 if done else 2,
                motivational_message=WELCOME,
                spec=week_of(3),
                now=NOW - timedelta(weeks=2),
            )
            for w in plan.workouts[:done]:
                await u.plans.set_workout_completed(w.id, True, NOW - timedelta(days=6))
        await u.commit()
    found = await card.roster(uow(), coach, NOW)
    assert [s.athlete.name for s in found] == ["Zoe", "Ann"]
    assert Flag.BEHIND in found[0].flags and Flag.IDLE in found[0].flags
    assert Flag.NO_CHECKIN in found[0].flags
    assert found[1].flags == ()


async def test_another_trainers_athlete_has_no_card(uow, users) -> None:
    tom, zed = await users.trainer("Tom"), await users.trainer("Zed")
    ann = await users.athlete_of(tom, "Ann")
    with pytest.raises(errors.NotYourAthlete):
        await card.athlete_card(uow(), zed, ann.athlete_id, NOW)
    with pytest.raises(errors.NotYourAthlete):
        await card.athlete_history(uow(), zed, ann.athlete_id, NOW)
    with pytest.raises(errors.NotATrainer):
        await card.athlete_card(uow(), ann, ann.athlete_id, NOW)
