"""Rows for CSV exports, streamed from the database a batch at a time.

Every query is limited to the given athletes, so another person's rows cannot appear;
rows come in a stable order (by id) so that an export reads like the database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import (
    AthleteRow,
    CheckInRow,
    ExerciseRow,
    LogRow,
    PlanRow,
    VideoRow,
    WorkoutRow,
)

BATCH = 500


def _plans(athlete_ids: Sequence[int]) -> Select:
    return (
        select(
            PlanRow.id,
            PlanRow.athlete_id,
            AthleteRow.name,
            PlanRow.trainer_id,
            PlanRow.week_start,
            PlanRow.week_end,
            PlanRow.week_number,
            PlanRow.motivational_message,
            PlanRow.created_at,
            PlanRow.updated_at,
        )
        .join(AthleteRow, AthleteRow.id == PlanRow.athlete_id)
        .where(PlanRow.athlete_id.in_(athlete_ids))
        .order_by(PlanRow.id)
    )


def _workouts(athlete_ids: Sequence[int]) -> Select:
    return (
        select(
            WorkoutRow.id,
            WorkoutRow.plan_id,
            PlanRow.athlete_id,
            WorkoutRow.day_of_week,
            WorkoutRow.position,
            WorkoutRow.title,
            WorkoutRow.description,
            WorkoutRow.duration_minutes,
            WorkoutRow.completed,
            WorkoutRow.completed_at,
        )
        .join(PlanRow, PlanRow.id == WorkoutRow.plan_id)
        .where(PlanRow.athlete_id.in_(athlete_ids))
        .order_by(WorkoutRow.id)
    )


def _exercises(athlete_ids: Sequence[int]) -> Select:
    return (
        select(
            ExerciseRow.id,
            ExerciseRow.workout_id,
            WorkoutRow.plan_id,
            PlanRow.athlete_id,
            ExerciseRow.position,
            ExerciseRow.name,
            ExerciseRow.sets,
            ExerciseRow.reps,
            ExerciseRow.reps_max,
            ExerciseRow.amrap,
            ExerciseRow.per_side,
            ExerciseRow.duration_seconds,
            ExerciseRow.distance_m,
            ExerciseRow.load,
            ExerciseRow.load_kg,
            ExerciseRow.pace_s_per_km,
            ExerciseRow.rpe,
            ExerciseRow.rir,
            ExerciseRow.notes,
            VideoRow.url,
        )
        .join(WorkoutRow, WorkoutRow.id == ExerciseRow.workout_id)
        .join(PlanRow, PlanRow.id == WorkoutRow.plan_id)
        .outerjoin(VideoRow, VideoRow.exercise_id == ExerciseRow.id)
        .where(PlanRow.athlete_id.in_(athlete_ids))
        .order_by(ExerciseRow.id)
    )


def _logs(athlete_ids: Sequence[int]) -> Select:
    return (
        select(
            LogRow.id,
            LogRow.exercise_id,
            LogRow.athlete_id,
            ExerciseRow.name,
            LogRow.logged_at,
            LogRow.sets,
            LogRow.reps,
            LogRow.reps_by_set,
            LogRow.duration_seconds,
            LogRow.distance_m,
            LogRow.load,
            LogRow.load_kg,
            LogRow.rpe,
            LogRow.rir,
            LogRow.notes,
            ExerciseRow.sets,
            ExerciseRow.reps,
            ExerciseRow.reps_max,
            ExerciseRow.duration_seconds,
            ExerciseRow.distance_m,
            ExerciseRow.load,
            ExerciseRow.load_kg,
            ExerciseRow.pace_s_per_km,
            ExerciseRow.rpe,
            ExerciseRow.rir,
        )
        .join(ExerciseRow, ExerciseRow.id == LogRow.exercise_id)
        .where(LogRow.athlete_id.in_(athlete_ids))
        .order_by(LogRow.id)
    )


def _check_ins(athlete_ids: Sequence[int]) -> Select:
    """Answered check-ins; the body weight in kg (the service converts it for the file)."""
    return (
        select(
            CheckInRow.athlete_id,
            CheckInRow.week_start,
            CheckInRow.energy,
            CheckInRow.sleep,
            CheckInRow.soreness,
            CheckInRow.body_weight_kg,
            CheckInRow.note,
            CheckInRow.answered_at,
        )
        .where(CheckInRow.athlete_id.in_(athlete_ids), CheckInRow.answered_at.is_not(None))
        .order_by(CheckInRow.athlete_id, CheckInRow.week_start)
    )


QUERIES = {
    "plans": _plans,
    "workouts": _workouts,
    "exercises": _exercises,
    "logs": _logs,
    "check_ins": _check_ins,
}


class ExportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def stream(
        self, table: str, athlete_ids: Sequence[int]
    ) -> AsyncIterator[list[tuple[Any, ...]]]:
        """The table's rows for these athletes, ``BATCH`` at a time (a server-side cursor
        on PostgreSQL), in the column order of core.services.export.COLUMNS."""
        if not athlete_ids:
            return
        result = await self._session.stream(
            QUERIES[table](list(athlete_ids)).execution_options(yield_per=BATCH)
        )
        async for partition in result.partitions(BATCH):
            yield [tuple(row) for row in partition]
