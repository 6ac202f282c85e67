"""Rows to core dataclasses, built while the session is open."""

from __future__ import annotations

import functools
from types import SimpleNamespace
from typing import Any

from sqlalchemy import inspect

from core import models
from storage.tables import (
    AthleteRow,
    ExerciseRow,
    InviteRow,
    LogRow,
    PlanRow,
    SummaryRow,
    TrainerRow,
    VideoRow,
    WorkoutRow,
)


def labelled(row_class: type, prefix: str) -> list:
    """A row class's columns labelled ``prefix`` + attribute, for a flat select of
    several classes whose rows ``fields`` takes apart again (no ORM objects loaded)."""
    return [getattr(row_class, key).label(label) for key, label in _labels(row_class, prefix)]


def fields(row_class: type, prefix: str, values: Any) -> SimpleNamespace:
    """The ``labelled`` columns of a result row (a mapping), under their attribute names:
    what the functions below read from a row object."""
    return SimpleNamespace(**{key: values[label] for key, label in _labels(row_class, prefix)})


@functools.cache
def _labels(row_class: type, prefix: str) -> tuple[tuple[str, str], ...]:
    return tuple((a.key, prefix + a.key) for a in inspect(row_class).column_attrs)


def athlete(row: AthleteRow) -> models.Athlete:
    return models.Athlete(
        id=row.id,
        telegram_id=row.telegram_id,
        name=row.name,
        username=row.username,
        timezone=row.timezone,
        trainer_id=row.trainer_id,
        reminders_enabled=row.reminders_enabled,
        reachable=row.reachable,
        units=row.units or "kg",
        language_code=row.language_code,
        language=row.language,
    )


def trainer(row: TrainerRow, telegram_id: int, language: str | None = None) -> models.Trainer:
    return models.Trainer(
        id=row.id,
        athlete_id=row.athlete_id,
        telegram_id=telegram_id,
        name=row.name,
        specialization=row.specialization,
        bio=row.bio,
        load_step=row.load_step,
        language=language,
    )


def invite(row: InviteRow) -> models.Invite:
    return models.Invite(
        id=row.id,
        payload=row.payload,
        kind=models.InviteKind(row.kind),
        trainer_id=row.trainer_id,
        created_at=row.created_at,
        used_at=row.used_at,
        revoked_at=row.revoked_at,
        created_by=row.created_by,
    )


def video(row: VideoRow | None) -> models.Video | None:
    if row is None:
        return None
    return models.Video(
        url=row.url,
        title=row.title,
        thumbnail_url=row.thumbnail_url,
        duration_seconds=row.duration_seconds,
    )


def exercise(row: ExerciseRow) -> models.Exercise:
    return models.Exercise(
        id=row.id,
        workout_id=row.workout_id,
        position=row.position,
        name=row.name,
        sets=row.sets,
        reps=row.reps,
        duration_seconds=row.duration_seconds,
        load=row.load,
        notes=row.notes,
        video=video(row.video),
        distance_m=row.distance_m,
        reps_max=row.reps_max,
        amrap=bool(row.amrap),
        per_side=bool(row.per_side),
        load_kg=row.load_kg,
        pace_s_per_km=row.pace_s_per_km,
        rpe=row.rpe,
        rir=row.rir,
    )


TARGET_COLUMNS = (
    "distance_m",
    "reps_max",
    "amrap",
    "per_side",
    "load_kg",
    "pace_s_per_km",
    "rpe",
    "rir",
)


def exercise_targets(spec: Any) -> dict[str, Any]:
    """An exercise spec's numeric targets, as ExerciseRow columns."""
    return {name: getattr(spec, name) for name in TARGET_COLUMNS}


def workout(row: WorkoutRow) -> models.Workout:
    return models.Workout(
        id=row.id,
        plan_id=row.plan_id,
        day_of_week=row.day_of_week,
        position=row.position,
        title=row.title,
        description=row.description,
        duration_minutes=row.duration_minutes,
        completed=row.completed,
        completed_at=row.completed_at,
        exercises=tuple(exercise(e) for e in row.exercises),
    )


def plan(row: PlanRow) -> models.Plan:
    return models.Plan(
        id=row.id,
        athlete_id=row.athlete_id,
        trainer_id=row.trainer_id,
        week_start=row.week_start,
        week_end=row.week_end,
        week_number=row.week_number,
        motivational_message=row.motivational_message,
        created_at=row.created_at,
        updated_at=row.updated_at,
        workouts=tuple(workout(w) for w in row.workouts),
    )


def log(row: LogRow) -> models.CompletionLog:
    return models.CompletionLog(
        id=row.id,
        exercise_id=row.exercise_id,
        athlete_id=row.athlete_id,
        sets=row.sets,
        reps=row.reps,
        duration_seconds=row.duration_seconds,
        load=row.load,
        notes=row.notes,
        logged_at=row.logged_at,
        distance_m=row.distance_m,
        load_kg=row.load_kg,
        rpe=row.rpe,
        rir=row.rir,
        reps_by_set=reps_by_set(row.reps_by_set),
    )


def reps_by_set(text: str | None) -> tuple[int, ...] | None:
    return tuple(int(part) for part in text.split(",")) if text else None


def summary(row: SummaryRow, plan_row: PlanRow) -> models.WeeklySummary:
    return models.WeeklySummary(
        plan_id=row.plan_id,
        athlete_id=plan_row.athlete_id,
        week_start=plan_row.week_start,
        week_number=plan_row.week_number,
        total_workouts=row.total_workouts,
        completed_workouts=row.completed_workouts,
        total_exercises=row.total_exercises,
        completion_percentage=row.completion_percentage,
        planned_minutes=row.planned_minutes,
        completed_minutes=row.completed_minutes,
        trainer_feedback=row.trainer_feedback,
        generated_at=row.generated_at,
    )


def delivery(row: Any) -> models.Delivery:
    """A ledger row, from an ORM row or a RETURNING row (both have the column names)."""
    return models.Delivery(
        id=row.id,
        kind=models.DeliveryKind(row.kind),
        athlete_id=row.athlete_id,
        period=row.period,
        status=models.DeliveryStatus(row.status),
        attempts=row.attempts,
        due_at=row.due_at,
        expires_at=row.expires_at,
        claimed_by=row.claimed_by,
        lease_until=row.lease_until,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        message_id=row.message_id,
        sent_at=row.sent_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
