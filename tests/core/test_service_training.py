"""Completion, logs, trainer assignment and summaries on real databases."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from core import errors
from core.log_entry import parse_log_entry
from core.plan_spec import PlanSpec
from core.plan_text import parse_plan_text
from core.services import assignment, completion, plans, summaries
from tests.conftest import NOW

THIS_MONDAY = date(2026, 11, 23)
TEXT = """\
Mon: Strength (45 min)
- Push-ups 3x12
- Row 4x10 @ 20kg
Wed: Run (30 min)
- Run 1x30min
Fri: Legs (40 min)
- Squat 5x5 @ 60kg
Sun: Stretch
"""


async def _setup(uow, users, weeks: int = 1):
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    created = [
        await plans.create_plan(
            uow(),
            coach,
            athlete_id=ann.athlete_id,
            week_start=THIS_MONDAY + timedelta(weeks=n),
            spec=parse_plan_text(TEXT),
            now=NOW,
        )
        for n in range(weeks)
    ]
    return coach, ann, created


async def test_done_is_idempotent_and_undo_sets_it_back(uow, users) -> None:
    coach, ann, (plan,) = await _setup(uow, users)
    workout = plan.workouts[0]
    first = await completion.set_workout_done(uow(), ann, workout.id, True, NOW)
    assert first.changed and first.workout.completed and first.workout.completed_at == NOW
    assert first.trainer.id == coach.trainer_id
    later = NOW + timedelta(hours=2)
    second = await completion.set_workout_done(uow(), ann, workout.id, True, later)
    assert not second.changed and second.workout.completed_at == NOW
    assert second.plan.completed_workouts == 1
    undone = await completion.set_workout_done(uow(), ann, workout.id, False, later)
    assert undone.changed and not undone.workout.completed and undone.workout.completed_at is None
    assert undone.plan.completed_workouts == 0
    with pytest.raises(errors.WorkoutNotFound):
        await completion.set_workout_done(uow(), ann, 987654, True, NOW)


async def test_a_stranger_cannot_tick_someone_elses_workout(uow, users) -> None:
    _, ann, (plan,) = await _setup(uow, users)
    rival = await users.trainer("Rival")
    stranger = await users.person("Eve")
    for actor in (rival, stranger):
        with pytest.raises(errors.NotYourPlan):
            await completion.set_workout_done(uow(), actor, plan.workouts[0].id, True, NOW)
        with pytest.raises(errors.NotYourPlan):
            await completion.log_exercise(
                uow(), actor, plan.workouts[0].exercises[0].id, parse_log_entry("3x10"), NOW
            )
    assert (await plans.get_plan(uow(), ann, plan.id)).completed_workouts == 0


async def test_logs_show_the_exercise_history_across_weeks(uow, users) -> None:
    _, ann, (first, second) = await _setup(uow, users, weeks=2)
    row_1 = first.workouts[0].exercises[1]
    row_2 = second.workouts[0].exercises[1]
    await completion.log_exercise(uow(), ann, row_1.id, parse_log_entry("4x10 @ 20kg"), NOW)
    later = NOW + timedelta(days=7)
    logged = await completion.log_exercise(
        uow(), ann, row_2.id, parse_log_entry("4x8 @ 22.5kg felt strong"), later
    )
    assert (logged.log.sets, logged.log.reps, logged.log.load) == (4, 8, "22.5kg")
    assert logged.log.notes == "felt strong"
    assert [log.load for log in logged.recent] == ["22.5kg", "20kg"]
    exercise, recent = await completion.exercise_history(uow(), ann, row_1.id)
    assert exercise.name == "Row" and len(recent) == 2


async def test_logs_of_non_ascii_names_match_on_both_databases(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    plan = await plans.create_plan(
        uow(),
        coach,
        athlete_id=ann.athlete_id,
        week_start=THIS_MONDAY,
        spec=parse_plan_text("Mon: Сила\n- Жим лёжа 3x10 @ 40kg\nTue: Again\n- ЖИМ ЛЁЖА 3x8"),
        now=NOW,
    )
    first, second = (w.exercises[0] for w in plan.workouts)
    await completion.log_exercise(uow(), ann, first.id, parse_log_entry("3x10 @ 40kg"), NOW)
    logged = await completion.log_exercise(uow(), ann, second.id, parse_log_entry("3x8"), NOW)
    assert len(logged.recent) == 2


async def test_log_offers_last_weeks_workout_before_this_weeks_first(uow, users) -> None:
    coach, ann, _ = await _setup(uow, users)
    await plans.create_plan(
        uow(),
        coach,
        athlete_id=ann.athlete_id,
        week_start=THIS_MONDAY + timedelta(weeks=1),
        spec=parse_plan_text("Thu: Later\n- Row 3x10"),
        now=NOW,
    )
    next_monday = datetime(2026, 11, 30, 9, tzinfo=NOW.tzinfo)
    choice = await completion.loggable_workouts(uow(), ann, next_monday)
    assert not choice.is_today and [w.title for w in choice.workouts] == ["Legs"]


async def test_loggable_workouts_are_todays_or_the_most_recent(uow, users) -> None:
    _, ann, _ = await _setup(uow, users)
    monday = datetime(2026, 11, 23, 9, tzinfo=NOW.tzinfo)
    choice = await completion.loggable_workouts(uow(), ann, monday)
    assert choice.is_today and [w.title for w in choice.workouts] == ["Strength"]
    tuesday = monday + timedelta(days=1)
    choice = await completion.loggable_workouts(uow(), ann, tuesday)
    assert not choice.is_today and [w.title for w in choice.workouts] == ["Strength"]
    sunday = monday + timedelta(days=6)  # the stretch has no exercises to log
    choice = await completion.loggable_workouts(uow(), ann, sunday)
    assert [w.title for w in choice.workouts] == ["Legs"]


async def test_assigning_a_trainer_moves_current_and_future_plans(uow, users) -> None:
    coach, ann, created = await _setup(uow, users, weeks=3)
    other = await users.trainer("Other")
    admin = await users.person("Admin", admin=True)
    next_monday = datetime(2026, 11, 30, 12, tzinfo=NOW.tzinfo)  # week 2 is current
    result = await assignment.assign_trainer(
        uow(), admin, athlete_id=ann.athlete_id, trainer_id=other.trainer_id, now=next_monday
    )
    assert result.plans_updated == 2 and result.previous_trainer.id == coach.trainer_id
    week1, week2, week3 = [await plans.get_plan(uow(), admin, p.id) for p in created]
    assert week1.trainer_id == coach.trainer_id and week1.updated_at == NOW
    assert {week2.trainer_id, week3.trainer_id} == {other.trainer_id}
    assert week2.updated_at == next_monday
    assert (await users.refresh(ann)).athlete.trainer_id == other.trainer_id
    # The old trainer no longer reaches the athlete.
    with pytest.raises(errors.NotYourAthlete):
        await assignment.assign_trainer(
            uow(), coach, athlete_id=ann.athlete_id, trainer_id=coach.trainer_id, now=NOW
        )
    with pytest.raises(errors.TrainerNotFound):
        await assignment.assign_trainer(
            uow(), admin, athlete_id=ann.athlete_id, trainer_id=424242, now=NOW
        )


async def test_assigning_one_plan(uow, users) -> None:
    coach, ann, (plan,) = await _setup(uow, users)
    other = await users.trainer("Other")
    later = NOW + timedelta(hours=1)
    updated = await assignment.assign_plan_trainer(
        uow(), coach, plan_id=plan.id, trainer_id=other.trainer_id, now=later
    )
    assert updated.trainer_id == other.trainer_id and updated.updated_at == later
    with pytest.raises(errors.PlanNotFound):
        await assignment.assign_plan_trainer(
            uow(), coach, plan_id=999999, trainer_id=other.trainer_id, now=later
        )
    with pytest.raises(errors.NotATrainer):
        await assignment.assign_plan_trainer(
            uow(), ann, plan_id=plan.id, trainer_id=other.trainer_id, now=later
        )


async def test_summary_numbers_and_regeneration(uow, users) -> None:
    coach, ann, (plan,) = await _setup(uow, users)
    for workout in plan.workouts[:3]:
        await completion.set_workout_done(uow(), ann, workout.id, True, NOW)
    summary = await summaries.generate_summary(uow(), coach, plan.id, NOW)
    assert (summary.total_workouts, summary.completed_workouts) == (4, 3)
    assert summary.total_exercises == 4 and summary.completion_percentage == 75
    # Done workouts without a logged duration count no minutes: only what was logged does.
    assert (summary.planned_minutes, summary.completed_minutes) == (115, 0)
    assert summary.trainer_feedback.startswith("Great effort!")
    run = plan.workouts[1].exercises[0]
    await completion.log_exercise(uow(), ann, run.id, parse_log_entry("1x32min"), NOW)
    plank = plan.workouts[0].exercises[0]  # 3x12 push-ups, logged as timed sets
    await completion.log_exercise(uow(), ann, plank.id, parse_log_entry("3x20s"), NOW)
    await completion.set_workout_done(uow(), ann, plan.workouts[3].id, True, NOW)
    again = await summaries.generate_summary(uow(), ann, plan.id, NOW)
    assert again.completion_percentage == 100
    assert again.completed_minutes == 33  # 32 min, and 3 x 20 s
    async with uow() as u:
        assert (await u.summaries.get(plan.id)) == again
    current = await summaries.current_summary(uow(), coach, NOW, athlete_id=ann.athlete_id)
    assert current.athlete.name == "Ann" and current.summary.completion_percentage == 100


async def test_an_empty_plan_is_zero_percent_and_says_so(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    plan = await plans.create_plan(
        uow(), coach, athlete_id=ann.athlete_id, week_start=THIS_MONDAY, spec=PlanSpec(), now=NOW
    )
    summary = await summaries.generate_summary(uow(), coach, plan.id, NOW)
    assert summary.completion_percentage == 0 and summary.total_workouts == 0
    assert "no workouts" in summary.trainer_feedback.lower()


async def test_batch_summaries_take_a_constant_number_of_queries(
    uow, users, count_statements
) -> None:
    coach = await users.trainer("Coach")
    plan_ids: list[int] = []
    counts = []
    for n in range(3):
        for i in range(5 * (n + 1) - len(plan_ids)):
            athlete = await users.athlete_of(coach, f"A{n}-{i}")
            plan = await plans.create_plan(
                uow(),
                coach,
                athlete_id=athlete.athlete_id,
                week_start=THIS_MONDAY,
                spec=parse_plan_text(TEXT),
                now=NOW,
            )
            plan_ids.append(plan.id)
        with count_statements() as counter:
            result = await summaries.summaries_for_plans(uow(), plan_ids, NOW)
        assert len(result) == len(plan_ids)
        counts.append(counter.count)
    assert len(plan_ids) == 15
    assert counts[0] == counts[1] == counts[2], counts
