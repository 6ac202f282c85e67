"""Plan services on real databases: creating, reading, replacing, copying, deleting."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest

from core import errors
from core.log_entry import parse_log_entry
from core.motivation import POOL
from core.plan_text import parse_plan_text
from core.progression import parse_progression
from core.services import completion, plans, summaries
from tests.conftest import NOW
from tests.sample_plans import PRODUCT_EXAMPLE

THIS_MONDAY = date(2026, 11, 23)  # NOW is the Wednesday of this week

PLAN_TEXT = PRODUCT_EXAMPLE


def week(n: int) -> date:
    return THIS_MONDAY + timedelta(weeks=n)


async def _publish(uow, trainer, athlete, week_start: date, text: str = PLAN_TEXT, **kw):
    return await plans.create_plan(
        uow(),
        trainer,
        athlete_id=athlete.athlete_id,
        week_start=week_start,
        spec=parse_plan_text(text),
        now=NOW,
        **kw,
    )


async def test_a_trainer_writes_a_plan_for_their_athlete(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    plan = await _publish(uow, coach, ann, THIS_MONDAY)
    assert plan.week_number == 1
    assert plan.week_end == date(2026, 11, 29)
    assert plan.trainer_id == coach.trainer_id
    assert "welcome" in plan.motivational_message.lower()
    assert [w.title for w in plan.workouts] == [
        "Upper body strength",
        "Easy run",
        "Lower body",
    ]
    row = plan.workouts[0].exercises[2]
    assert (row.sets, row.reps, row.load, row.video.url) == (
        4,
        10,
        "20kg",
        "https://example.com/row.mp4",
    )
    assert await plans.current_plan(uow(), ann, NOW) == plan


async def test_four_weeks_of_progression(uow, users) -> None:
    """Week 1 welcome, weeks 2 and 3 from the pool and different, week 4 the milestone."""
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    weeks = [await _publish(uow, coach, ann, week(n)) for n in range(4)]
    assert [p.week_number for p in weeks] == [1, 2, 3, 4]
    welcome, second, third, milestone = (p.motivational_message for p in weeks)
    assert "welcome" in welcome.lower()
    assert second in POOL and third in POOL and second != third
    assert "milestone" in milestone.lower()
    # Different completion levels give different summaries, stored per plan.
    for plan, done in zip(weeks, (3, 2, 1, 0), strict=True):
        in_that_week = NOW + (plan.week_start - THIS_MONDAY)  # only an open week is ticked
        for workout in plan.workouts[:done]:
            await completion.set_workout_done(uow(), ann, workout.id, True, in_that_week)
    results = [await summaries.generate_summary(uow(), coach, p.id, NOW) for p in weeks]
    assert [s.completion_percentage for s in results] == [100, 67, 33, 0]
    tiers = ["Outstanding work!", "Good progress!", "Let's refocus...", "Let's refocus..."]
    for summary, tier in zip(results, tiers, strict=True):
        assert summary.trainer_feedback.startswith(tier + " "), summary.trainer_feedback


async def test_a_gap_week_still_counts(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    await _publish(uow, coach, ann, week(0))
    later = await _publish(uow, coach, ann, week(3))
    assert later.week_number == 4


async def test_a_plan_before_week_one_is_refused(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    await _publish(uow, coach, ann, week(1))
    with pytest.raises(errors.WeekBeforeFirstPlan):
        await _publish(uow, coach, ann, week(0))


async def test_another_trainers_athlete_is_refused(uow, users) -> None:
    coach = await users.trainer("Coach")
    rival = await users.trainer("Rival")
    ann = await users.athlete_of(coach, "Ann")
    with pytest.raises(errors.NotYourAthlete):
        await _publish(uow, rival, ann, THIS_MONDAY)
    with pytest.raises(errors.NotATrainer):
        await _publish(uow, ann, ann, THIS_MONDAY)
    assert await plans.current_plan(uow(), ann, NOW) is None


async def test_an_admin_may_plan_for_anyone(uow, users) -> None:
    admin = await users.person("Admin", admin=True)
    bob = await users.person("Bob")
    plan = await _publish(uow, admin, bob, THIS_MONDAY)
    assert plan.athlete_id == bob.athlete_id


async def test_an_athlete_cannot_read_someone_elses_plan(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    bob = await users.athlete_of(coach, "Bob")
    plan = await _publish(uow, coach, ann, THIS_MONDAY)
    with pytest.raises(errors.NotYourPlan):
        await plans.get_plan(uow(), bob, plan.id)
    with pytest.raises(errors.NotYourAthlete):
        await plans.current_plan(uow(), bob, NOW, athlete_id=ann.athlete_id)
    with pytest.raises(errors.NotYourPlan):
        await completion.set_workout_done(uow(), bob, plan.workouts[0].id, True, NOW)
    assert (await plans.get_plan(uow(), ann, plan.id)).completed_workouts == 0


async def test_a_week_with_a_plan_is_replaced_only_while_untouched(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    first = await _publish(uow, coach, ann, THIS_MONDAY)
    with pytest.raises(errors.PlanExists):
        await _publish(uow, coach, ann, THIS_MONDAY)
    replaced = await _publish(
        uow, coach, ann, THIS_MONDAY, "Tue: Swim (20 min)\n- Swim 1x20min\n", replace=True
    )
    assert [w.title for w in replaced.workouts] == ["Swim"]
    assert replaced.week_number == first.week_number
    with pytest.raises(errors.PlanNotFound):
        await plans.get_plan(uow(), ann, first.id)
    await completion.set_workout_done(uow(), ann, replaced.workouts[0].id, True, NOW)
    slot = await plans.week_slot(uow(), coach, ann.athlete_id, THIS_MONDAY, NOW)
    assert slot.locked and slot.existing.id == replaced.id
    with pytest.raises(errors.PlanLocked):
        await _publish(uow, coach, ann, THIS_MONDAY, replace=True)
    assert (await plans.current_plan(uow(), ann, NOW)).id == replaced.id


async def test_replacing_the_first_week_keeps_later_numbers(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    await _publish(uow, coach, ann, week(0))
    await _publish(uow, coach, ann, week(1))
    again = await _publish(uow, coach, ann, week(0), replace=True)
    assert again.week_number == 1


async def test_a_logged_exercise_locks_the_plan(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    plan = await _publish(uow, coach, ann, THIS_MONDAY)
    exercise = plan.workouts[0].exercises[0]
    await completion.log_exercise(uow(), ann, exercise.id, parse_log_entry("3x12"), NOW)
    with pytest.raises(errors.PlanLocked):
        await _publish(uow, coach, ann, THIS_MONDAY, replace=True)


async def test_history_is_newest_first_paginated_and_only_up_to_now(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    created = [await _publish(uow, coach, ann, week(n)) for n in range(8)]
    in_week_7 = NOW + timedelta(weeks=6)  # week 8 is planned, not history yet
    await completion.set_workout_done(uow(), ann, created[6].workouts[0].id, True, in_week_7)
    first = await plans.history(uow(), ann, in_week_7, limit=5)
    assert [s.week_number for s in first.items] == [7, 6, 5, 4, 3]
    assert first.total == 7 and first.has_older and not first.has_newer
    assert first.items[0].completion_percentage == 33
    second = await plans.history(uow(), ann, in_week_7, limit=5, offset=5)
    assert [s.week_number for s in second.items] == [2, 1]
    assert second.has_newer and not second.has_older
    coach_view = await plans.history(uow(), coach, in_week_7, athlete_id=ann.athlete_id)
    assert coach_view.items == first.items
    past_the_end = await plans.history(uow(), ann, in_week_7, limit=5, offset=50)
    assert past_the_end.offset == 5 and past_the_end.items == second.items
    today = await plans.history(uow(), ann, NOW)
    assert [s.week_number for s in today.items] == [1]


async def test_only_this_week_and_the_next_three_can_be_picked(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    athlete, mondays = await plans.plannable_weeks(uow(), coach, ann.athlete_id, NOW)
    assert athlete.id == ann.athlete_id and mondays == [week(n) for n in range(4)]
    for monday in mondays:
        assert (await plans.week_slot(uow(), coach, ann.athlete_id, monday, NOW)).existing is None
    for monday in (week(-1), week(4), date(9999, 12, 27)):
        with pytest.raises(errors.WeekNotPlannable):
            await plans.week_slot(uow(), coach, ann.athlete_id, monday, NOW)


async def test_weeks_planned_out_of_order_never_repeat_a_neighbours_message(uow, users) -> None:
    coach = await users.trainer("Coach")
    for n in range(12):  # several athletes: the pool pick depends on the athlete
        athlete = await users.athlete_of(coach, f"A{n}")
        for offset in (0, 2, 1, 6, 4, 5):
            await _publish(uow, coach, athlete, week(offset))
        page = await plans.history(uow(), athlete, NOW + timedelta(weeks=6), limit=10)
        numbers = sorted(page.items, key=lambda s: s.week_number)
        messages = [
            (await plans.get_plan(uow(), coach, s.plan_id)).motivational_message for s in numbers
        ]
        assert all(a != b for a, b in pairwise(messages)), messages


async def test_copying_the_latest_week_with_a_progression(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    source = await _publish(uow, coach, ann, THIS_MONDAY)
    copy = await plans.copy_latest_week(
        uow(),
        coach,
        athlete_id=ann.athlete_id,
        progression=parse_progression("+1 rep, +5%"),
        now=NOW,
    )
    assert copy.week_start == week(1) and copy.week_number == 2
    push_ups, plank, row = copy.workouts[0].exercises
    assert push_ups.reps == source.workouts[0].exercises[0].reps + 1
    assert plank.duration_seconds == 60 and plank.reps is None
    assert row.load == "21kg"
    assert row.video.url == "https://example.com/row.mp4"
    assert copy.workouts[2].exercises[0].load == "63kg"
    with pytest.raises(errors.NothingToCopy):
        bob = await users.athlete_of(coach, "Bob")
        await plans.copy_latest_week(
            uow(), coach, athlete_id=bob.athlete_id, progression=parse_progression(""), now=NOW
        )


async def test_deleting_a_plan(uow, users) -> None:
    coach = await users.trainer("Coach")
    rival = await users.trainer("Rival")
    ann = await users.athlete_of(coach, "Ann")
    plan = await _publish(uow, coach, ann, THIS_MONDAY)
    with pytest.raises(errors.NotYourAthlete):
        await plans.delete_plan(uow(), rival, plan.id)
    await plans.delete_plan(uow(), coach, plan.id)
    assert await plans.current_plan(uow(), ann, NOW) is None
    with pytest.raises(errors.PlanNotFound):
        await plans.delete_plan(uow(), coach, plan.id)


async def test_after_a_break_a_copy_goes_to_this_week(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    await _publish(uow, coach, ann, THIS_MONDAY)
    three_weeks_on = NOW + timedelta(weeks=3)
    source = await plans.copy_source(uow(), coach, ann.athlete_id, three_weeks_on)
    assert source.target == week(3)
    copy = await plans.copy_latest_week(
        uow(),
        coach,
        athlete_id=ann.athlete_id,
        progression=parse_progression("same"),
        now=three_weeks_on,
    )
    assert copy.week_start == week(3) and copy.week_number == 4
