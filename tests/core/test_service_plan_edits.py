"""Editing and deleting a week in progress, on real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core import errors
from core.log_entry import parse_log_entry
from core.measures import LoadUnit
from core.plan_text import parse_plan_text
from core.services import completion, plan_edits, plans
from tests.conftest import NOW
from tests.core.test_service_plans import THIS_MONDAY

WEEK = """\
Tue: Lower body (40 min)
- Back squat 5x5 @ 60kg
Thu: Upper body
- Bench press 5x5 @ 50kg
Sat: Long run
- Run 1x60min
"""
KG = LoadUnit.KG
LATER = NOW + timedelta(hours=2)


async def _week(uow, users):
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    plan = await plans.create_plan(
        uow(),
        coach,
        athlete_id=ann.athlete_id,
        week_start=THIS_MONDAY,
        spec=parse_plan_text(WEEK),
        now=NOW,
    )
    tuesday = plan.workouts[0]
    await completion.set_workout_done(uow(), ann, tuesday.id, True, NOW)
    await completion.log_exercise(
        uow(), ann, tuesday.exercises[0].id, parse_log_entry("5x5 @ 60kg"), NOW
    )
    return coach, ann, await plans.get_plan(uow(), coach, plan.id)


async def test_publishing_keeps_the_done_workout_with_its_log(uow, users) -> None:
    coach, ann, plan = await _week(uow, users)
    tuesday, thursday, saturday = plan.workouts
    text = await plan_edits.edit_text(uow(), coach, plan.id)
    assert text.startswith("✓ Tue: Lower body (40 min)\n- Back squat 5x5 @ 60kg")
    edited = text.replace("Bench press 5x5 @ 50kg", "Bench press 5x5 @ 45kg")
    edited = edited.replace("Sat: Long run\n- Run 1x60min", "Fri: Easy run (30 min)\n- Run 1x30min")
    week = await plan_edits.publish_edit(uow(), coach, plan.id, edited, unit=LoadUnit.KG, now=LATER)
    kept = week.plan.workouts[0]
    assert (kept.id, kept.completed, kept.completed_at) == (tuesday.id, True, NOW)
    assert kept.exercises[0].id == tuesday.exercises[0].id
    logs = await completion.exercise_history(uow(), ann, kept.exercises[0].id)
    assert [log.load for log in logs[1]] == ["60kg"]
    assert [w.title for w in week.plan.workouts] == ["Lower body", "Upper body", "Easy run"]
    assert week.plan.workouts[1].id != thursday.id
    assert week.plan.workouts[1].exercises[0].load == "45kg"
    assert week.changes == (
        "Thu · Bench press 5x5 @ 50kg → 5x5 @ 45kg",
        "+ Fri: Easy run (30 min)",
        "− Sat: Long run",
    )
    assert week.plan.id == plan.id and week.plan.week_number == plan.week_number
    with pytest.raises(errors.WorkoutNotFound):  # an old Done button of the removed Saturday
        await completion.set_workout_done(uow(), ann, saturday.id, True, LATER)


async def test_unchanged_workouts_keep_their_rows(uow, users) -> None:
    coach, _, plan = await _week(uow, users)
    text = await plan_edits.edit_text(uow(), coach, plan.id)
    week = await plan_edits.publish_edit(
        uow(), coach, plan.id, text + "\nSun: Stretch\n- Stretch 1x10min", unit=KG, now=LATER
    )
    assert [w.id for w in week.plan.workouts[:3]] == [w.id for w in plan.workouts]
    assert week.changes == ("+ Sun: Stretch",)


async def test_a_changed_done_workout_changes_nothing(uow, users) -> None:
    coach, _, plan = await _week(uow, users)
    text = await plan_edits.edit_text(uow(), coach, plan.id)
    with pytest.raises(errors.PlanTextError) as caught:
        await plan_edits.publish_edit(
            uow(), coach, plan.id, text.replace("60kg", "65kg"), unit=LoadUnit.KG, now=LATER
        )
    assert caught.value.errors[0].line == 1
    assert await plans.get_plan(uow(), coach, plan.id) == plan


async def test_another_trainer_can_neither_edit_nor_delete(uow, users) -> None:
    coach, _, plan = await _week(uow, users)
    other = await users.trainer("Other")
    with pytest.raises(errors.PermissionDenied):
        await plan_edits.edit_text(uow(), other, plan.id)
    with pytest.raises(errors.PermissionDenied):
        await plan_edits.publish_edit(uow(), other, plan.id, WEEK, unit=LoadUnit.KG, now=LATER)
    with pytest.raises(errors.PermissionDenied):
        await plan_edits.delete_week(uow(), other, plan.id)
    assert await plans.get_plan(uow(), coach, plan.id) == plan


async def test_deleting_a_week_takes_everything_under_it(uow, users) -> None:
    coach, ann, plan = await _week(uow, users)
    exercise = plan.workouts[0].exercises[0]
    weeks = await plan_edits.plannable_weeks(uow(), coach, ann.athlete_id, NOW)
    assert weeks.planned == {THIS_MONDAY}
    assert await plan_edits.week_activity(uow(), coach, plan.id) == 1
    deleted = await plan_edits.delete_week(uow(), coach, plan.id)
    assert (deleted.week_start, deleted.started, deleted.athlete.name) == (THIS_MONDAY, 1, "Ann")
    with pytest.raises(errors.PlanNotFound):
        await plans.get_plan(uow(), coach, plan.id)
    with pytest.raises(errors.ExerciseNotFound):
        await completion.exercise_history(uow(), ann, exercise.id)
    weeks = await plan_edits.plannable_weeks(uow(), coach, ann.athlete_id, NOW)
    assert weeks.planned == frozenset()


async def test_an_edit_takes_the_same_statements_for_3_or_21_workouts(
    uow, users, count_statements
) -> None:
    from tests.core.test_statement_counts import week_of

    coach = await users.trainer("Coach")
    counts = {}
    for size in (3, 21):
        athlete = await users.athlete_of(coach, f"A{size}")
        plan = await plans.create_plan(
            uow(),
            coach,
            athlete_id=athlete.athlete_id,
            week_start=THIS_MONDAY,
            spec=week_of(size),
            now=NOW,
        )
        await completion.set_workout_done(uow(), coach, plan.workouts[0].id, True, NOW)
        text = await plan_edits.edit_text(uow(), coach, plan.id)
        lines = text.split("\n\n")
        # Keep the done one and half the rest, change the others.
        edited = "\n\n".join(
            block if n % 2 == 0 else block.replace("5x5 @ 60kg", "5x5 @ 65kg")
            for n, block in enumerate(lines)
        )
        with count_statements() as counter:
            week = await plan_edits.publish_edit(uow(), coach, plan.id, edited, unit=KG, now=LATER)
        counts[size] = counter.count
        assert len(week.plan.workouts) == size and week.plan.workouts[0].completed
        assert len(week.changes) == size // 2  # every other workout changed
    assert counts[3] == counts[21]
