"""What the needs-attention rules read of many athletes' weeks: each workout's day and
completion, without exercises, in one statement whatever the roster's size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.attention import PlannedWorkout
from storage.tables import PlanRow, WorkoutRow


class AttentionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def workouts_for_weeks(
        self, athlete_weeks: Iterable[tuple[int, date]]
    ) -> list[PlannedWorkout]:
        by_week: dict[date, list[int]] = defaultdict(list)
        for athlete_id, week_start in athlete_weeks:
            by_week[week_start].append(athlete_id)
        if not by_week:
            return []
        # A few distinct Mondays (timezones), each with an IN list, as stats_for_weeks.
        condition = or_(
            *(
                and_(PlanRow.week_start == week, PlanRow.athlete_id.in_(ids))
                for week, ids in by_week.items()
            )
        )
        rows = await self._session.execute(
            select(
                PlanRow.athlete_id,
                PlanRow.week_start,
                WorkoutRow.day_of_week,
                WorkoutRow.completed,
                WorkoutRow.completed_at,
            )
            .join(WorkoutRow, WorkoutRow.plan_id == PlanRow.id)
            .where(condition)
        )
        return [
            PlannedWorkout(
                athlete_id=athlete_id,
                day=week_start + timedelta(days=day_of_week),
                completed=bool(completed),
                completed_at=completed_at,
            )
            for athlete_id, week_start, day_of_week, completed, completed_at in rows
        ]
