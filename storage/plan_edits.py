"""Editing a stored week in place: which workouts are started, and keeping them.

Rows of kept workouts stay (ids, completion, logs); the rest are deleted and the new
ones inserted. A constant number of statements whatever the week's size.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import case, delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.plan_spec import PlanSpec, WorkoutSpec
from storage.repositories import _insert_workouts
from storage.tables import ExerciseRow, LogRow, PlanRow, WorkoutRow


class PlanEditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def started_workout_ids(self, plan_id: int) -> set[int]:
        """The plan's workouts that are done or have a log on one of their exercises."""
        logged = (
            exists()
            .where(LogRow.exercise_id == ExerciseRow.id)
            .where(ExerciseRow.workout_id == WorkoutRow.id)
        )
        rows = await self._session.scalars(
            select(WorkoutRow.id).where(
                WorkoutRow.plan_id == plan_id, or_(WorkoutRow.completed.is_(True), logged)
            )
        )
        return set(rows)

    async def planned_weeks(self, athlete_id: int, mondays: Sequence[date]) -> set[date]:
        rows = await self._session.scalars(
            select(PlanRow.week_start).where(
                PlanRow.athlete_id == athlete_id, PlanRow.week_start.in_(list(mondays))
            )
        )
        return set(rows)

    async def rewrite(
        self,
        plan_id: int,
        workouts: Sequence[WorkoutSpec],
        kept: Sequence[int | None],
        removed: Sequence[int],
        now: datetime,
    ) -> None:
        """The plan's workouts become ``workouts``; ``kept[i]`` is the row the i-th keeps."""
        if removed:
            await self._session.execute(
                delete(WorkoutRow).where(
                    WorkoutRow.plan_id == plan_id, WorkoutRow.id.in_(list(removed))
                )
            )
        kept_ids = [k for k in kept if k is not None]
        new = [(position, w) for position, w in enumerate(workouts) if kept[position] is None]
        if new:
            # Inserted at positions 0.., then moved to theirs (kept rows are moved below).
            await _insert_workouts(self._session, plan_id, PlanSpec(tuple(w for _, w in new)))
            query = select(WorkoutRow.id).where(WorkoutRow.plan_id == plan_id)
            if kept_ids:
                query = query.where(WorkoutRow.id.not_in(kept_ids))
            inserted = list(await self._session.scalars(query.order_by(WorkoutRow.id)))
        else:
            inserted = []
        positions = dict(zip(inserted, (p for p, _ in new), strict=True))
        positions |= {k: p for p, k in enumerate(kept) if k is not None}
        if positions:
            await self._session.execute(
                update(WorkoutRow)
                .where(WorkoutRow.id.in_(list(positions)))
                .values(position=case(positions, value=WorkoutRow.id))
                .execution_options(synchronize_session=False)
            )
        await self._session.execute(
            update(PlanRow).where(PlanRow.id == plan_id).values(updated_at=now)
        )
        self._session.expunge_all()
