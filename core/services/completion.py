"""Done and Undo on workouts, and logs of what was actually done."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from core import errors, models
from core.log_entry import LogEntry
from core.ports import UnitOfWork
from core.records import Record, new_records
from core.services.access import coaches
from core.services.plans import athlete_timezone
from core.services.summaries import summarize
from core.tick_rules import check_tickable, summary_may_be_stored
from core.weeks import current_week_start, local_today

RECENT_LOGS = 5


@dataclass(frozen=True)
class WorkoutChange:
    workout: models.Workout  # as it stands after the call
    plan: models.Plan
    athlete: models.Athlete
    trainer: models.Trainer | None  # the athlete's trainer, to be told
    changed: bool  # False when the workout already was in the requested state
    # The Done notice the trainer was sent about this workout, when an Undo changed it:
    # to be corrected (forgotten here, so it is corrected once).
    told: models.TrainerNotice | None = None


@dataclass(frozen=True)
class LoggedExercise:
    log: models.CompletionLog
    exercise: models.Exercise
    recent: tuple[models.CompletionLog, ...]  # newest first, including this one
    records: tuple[Record, ...] = ()  # personal records this log set
    athlete: models.Athlete | None = None  # whose log it is
    trainer: models.Trainer | None = None  # the athlete's trainer, to be told of records
    trainer_units: str = "kg"  # the trainer's load unit, for that notice


@dataclass(frozen=True)
class LogChoice:
    """The workouts whose exercises /log offers: today's, or the most recent one."""

    workouts: tuple[models.Workout, ...]
    is_today: bool


async def set_workout_done(
    uow: UnitOfWork,
    actor: models.Actor,
    workout_id: int,
    done: bool,
    now: datetime,
    *,
    default_tz: str = "UTC",
) -> WorkoutChange:
    """Set a workout's state to ``done``; repeating the call changes nothing.

    Only a week that is open (core.tick_rules) can be changed: the current one, and the
    previous one until its Tuesday after; a change there (or in this week on its Sunday)
    refreshes its stored summary (the summary message, once sent, is not sent again: the
    ledger has it).
    """
    async with uow:
        # Locked: a replacement of the plan waits, or goes first.
        found = await uow.plans.plan_of_workout_locked(workout_id)
        if found is None:
            raise errors.WorkoutNotFound(workout_id)
        plan, trainer = found
        athlete = await _acting_for(uow, actor, plan.athlete_id)
        timezone = athlete_timezone(athlete, default_tz)
        check_tickable(plan.week_start, now, timezone)
        workout = next(w for w in plan.workouts if w.id == workout_id)
        changed = False
        told = None
        if workout.completed != done:
            changed = await uow.plans.set_workout_completed(workout_id, done, now)
        if changed:
            workout = replace(workout, completed=done, completed_at=now if done else None)
            plan = replace(
                plan, workouts=tuple(workout if w.id == workout_id else w for w in plan.workouts)
            )
            if not done:
                told = await uow.notices.pop(workout_id)
            if summary_may_be_stored(plan.week_start, now, timezone):
                for stats in await uow.plans.stats_for_plans([plan.id]):
                    await uow.summaries.save(summarize(stats, now))
        await uow.commit()
    return WorkoutChange(
        workout=workout, plan=plan, athlete=athlete, trainer=trainer, changed=changed, told=told
    )


async def log_exercise(
    uow: UnitOfWork, actor: models.Actor, exercise_id: int, entry: LogEntry, now: datetime
) -> LoggedExercise:
    async with uow:
        exercise, athlete_id = await _exercise_of_own_plan(uow, actor, exercise_id)
        # A replacement of the plan waits, or goes first.
        await uow.plans.lock_plan_of_workout(exercise.workout_id)
        earlier = await uow.logs.for_athlete(athlete_id, name=exercise.name)
        log = await uow.logs.add(
            exercise_id=exercise_id,
            athlete_id=athlete_id,
            sets=entry.sets,
            reps=entry.reps,
            duration_seconds=entry.duration_seconds,
            load=entry.load,
            notes=entry.notes,
            now=now,
            distance_m=entry.distance_m,
            load_kg=entry.load_kg,
            rpe=entry.rpe,
            rir=entry.rir,
            reps_by_set=entry.reps_by_set,
        )
        recent = await uow.logs.recent_for_exercise_name(athlete_id, exercise.name, RECENT_LOGS)
        athlete = await _acting_for(uow, actor, athlete_id)
        trainer = await uow.trainers.get(athlete.trainer_id) if athlete.trainer_id else None
        trainer_person = await uow.athletes.get(trainer.athlete_id) if trainer else None
        await uow.commit()
    records = new_records(earlier, models.ExerciseLog(exercise_name=exercise.name, log=log))
    return LoggedExercise(
        log=log,
        exercise=exercise,
        recent=tuple(recent),
        records=tuple(records),
        athlete=athlete,
        trainer=trainer,
        trainer_units=trainer_person.units if trainer_person else "kg",
    )


async def exercise_history(
    uow: UnitOfWork, actor: models.Actor, exercise_id: int, limit: int = RECENT_LOGS
) -> tuple[models.Exercise, tuple[models.CompletionLog, ...]]:
    """An exercise and the athlete's latest logs of it (by name, across weeks)."""
    async with uow:
        exercise, athlete_id = await _exercise_of_own_plan(uow, actor, exercise_id)
        recent = await uow.logs.recent_for_exercise_name(athlete_id, exercise.name, limit)
    return exercise, tuple(recent)


async def loggable_workouts(
    uow: UnitOfWork, actor: models.Actor, now: datetime, *, default_tz: str = "UTC"
) -> LogChoice:
    """Today's workouts with exercises, else the most recent workout before today."""
    timezone = athlete_timezone(actor.athlete, default_tz)
    today = local_today(now, timezone)
    this_week = current_week_start(now, timezone)
    async with uow:
        plan = await uow.plans.get_for_week(actor.athlete.id, this_week)
        earlier_plan = await uow.plans.previous(actor.athlete.id, this_week)
    if plan is not None:
        todays = [w for w in plan.workouts_on(today.weekday()) if w.exercises]
        if todays:
            return LogChoice(workouts=tuple(todays), is_today=True)
        earlier = [w for w in plan.workouts if w.day_of_week < today.weekday() and w.exercises]
        if earlier:
            return LogChoice(workouts=(earlier[-1],), is_today=False)
    if earlier_plan is not None:
        past = [w for w in earlier_plan.workouts if w.exercises]
        return LogChoice(workouts=tuple(past[-1:]), is_today=False)
    return LogChoice(workouts=(), is_today=False)


async def _owner_of_workout(
    uow: UnitOfWork, actor: models.Actor, workout_id: int
) -> tuple[models.Athlete, int]:
    found = await uow.plans.get_workout(workout_id)
    if found is None:
        raise errors.WorkoutNotFound(workout_id)
    workout, athlete_id = found
    return await _acting_for(uow, actor, athlete_id), workout.plan_id


async def _exercise_of_own_plan(
    uow: UnitOfWork, actor: models.Actor, exercise_id: int
) -> tuple[models.Exercise, int]:
    found = await uow.plans.get_exercise(exercise_id)
    if found is None:
        raise errors.ExerciseNotFound(exercise_id)
    await _acting_for(uow, actor, found[1])
    return found


async def _acting_for(uow: UnitOfWork, actor: models.Actor, athlete_id: int) -> models.Athlete:
    """The athlete themselves, their trainer or an admin; anyone else is refused."""
    if athlete_id == actor.athlete.id:
        return actor.athlete
    athlete = await uow.athletes.get(athlete_id)
    if athlete is None or not coaches(actor, athlete):
        raise errors.NotYourPlan(athlete_id)
    return athlete
