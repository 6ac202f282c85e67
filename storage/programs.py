"""Programs, their weeks, who follows which, and training maxes. Never commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.i18n import SUPPORTED, resolve
from core.models import DeliveryKind, ExerciseLog
from core.program_models import Program, ProgramAssignment, ProgramSummary, TrainingMax
from storage import mapping
from storage.tables import (
    AthleteRow,
    DeliveryRow,
    ExerciseRow,
    LogRow,
    ProgramAssignmentRow,
    ProgramRow,
    ProgramWeekRow,
    TrainerRow,
    TrainingMaxRow,
)

_KIND = DeliveryKind.PROGRAM_WEEK.value


class ProgramRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self, *, trainer_id: int, name: str, weeks: Sequence[str], now: datetime
    ) -> Program:
        row = ProgramRow(trainer_id=trainer_id, name=name, created_at=now, updated_at=now)
        self._session.add(row)
        await self._session.flush()
        self._session.add_all(
            ProgramWeekRow(program_id=row.id, week_index=index, text=text)
            for index, text in enumerate(weeks, start=1)
        )
        await self._session.flush()
        return Program(id=row.id, trainer_id=trainer_id, name=name, weeks=tuple(weeks))

    async def get(self, program_id: int) -> Program | None:
        rows = (
            await self._session.execute(
                select(ProgramRow.id, ProgramRow.trainer_id, ProgramRow.name, ProgramWeekRow.text)
                .join(ProgramWeekRow, ProgramWeekRow.program_id == ProgramRow.id)
                .where(ProgramRow.id == program_id)
                .order_by(ProgramWeekRow.week_index)
            )
        ).all()
        if not rows:
            return None
        first = rows[0]
        return Program(
            id=first.id,
            trainer_id=first.trainer_id,
            name=first.name,
            weeks=tuple(r.text for r in rows),
        )

    async def of_trainer(self, trainer_id: int) -> list[ProgramSummary]:
        rows = await self._session.execute(
            select(ProgramRow.id, ProgramRow.name, func.count(ProgramWeekRow.id))
            .join(ProgramWeekRow, ProgramWeekRow.program_id == ProgramRow.id)
            .where(ProgramRow.trainer_id == trainer_id)
            .group_by(ProgramRow.id, ProgramRow.name)
            .order_by(func.lower(ProgramRow.name), ProgramRow.id)
        )
        return [ProgramSummary(id=i, name=n, week_count=c) for i, n, c in rows]

    async def delete(self, program_id: int) -> None:
        await self._session.execute(
            delete(ProgramAssignmentRow).where(ProgramAssignmentRow.program_id == program_id)
        )
        await self._session.execute(
            delete(ProgramWeekRow).where(ProgramWeekRow.program_id == program_id)
        )
        await self._session.execute(delete(ProgramRow).where(ProgramRow.id == program_id))

    async def assign(
        self,
        *,
        program_id: int,
        athlete_id: int,
        trainer_id: int,
        start_index: int,
        first_week_start: date,
        now: datetime,
    ) -> None:
        await self._session.execute(
            delete(ProgramAssignmentRow).where(ProgramAssignmentRow.athlete_id == athlete_id)
        )
        self._session.add(
            ProgramAssignmentRow(
                program_id=program_id,
                athlete_id=athlete_id,
                trainer_id=trainer_id,
                start_index=start_index,
                first_week_start=first_week_start,
                created_at=now,
                updated_at=now,
            )
        )
        await self._session.flush()

    async def logs_of(self, athlete_ids: Iterable[int]) -> list[ExerciseLog]:
        ids = list(set(athlete_ids))
        if not ids:
            return []
        rows = await self._session.execute(
            select(LogRow, ExerciseRow.name)
            .join(ExerciseRow, ExerciseRow.id == LogRow.exercise_id)
            .where(LogRow.athlete_id.in_(ids))
            .order_by(LogRow.logged_at, LogRow.id)
        )
        return [ExerciseLog(exercise_name=n, log=mapping.log(r)) for r, n in rows]

    async def assignments(
        self, athlete_ids: Iterable[int] | None = None
    ) -> list[ProgramAssignment]:
        ids = None if athlete_ids is None else list(set(athlete_ids))
        if ids == []:
            return []
        weeks = (
            select(ProgramWeekRow.program_id, func.count(ProgramWeekRow.id).label("n"))
            .group_by(ProgramWeekRow.program_id)
            .subquery()
        )
        statement = (
            select(
                ProgramAssignmentRow,
                ProgramRow.name,
                weeks.c.n,
                AthleteRow.name,
                AthleteRow.timezone,
                TrainerRow.id,
                AthleteRow.telegram_id,
            )
            .join(ProgramRow, ProgramRow.id == ProgramAssignmentRow.program_id)
            .join(weeks, weeks.c.program_id == ProgramRow.id)
            .join(AthleteRow, AthleteRow.id == ProgramAssignmentRow.athlete_id)
            .join(TrainerRow, TrainerRow.id == ProgramAssignmentRow.trainer_id)
            .order_by(ProgramAssignmentRow.id)
        )
        if ids is not None:
            statement = statement.where(ProgramAssignmentRow.athlete_id.in_(ids))
        rows = await self._session.execute(statement)
        result = []
        trainer_people = {}
        listed = rows.all()
        if listed:
            trainer_people = {
                trainer_id: (
                    telegram_id,
                    language if language in SUPPORTED else resolve(language_code),
                )
                for trainer_id, telegram_id, language, language_code in (
                    await self._session.execute(
                        select(
                            TrainerRow.id,
                            AthleteRow.telegram_id,
                            AthleteRow.language,
                            AthleteRow.language_code,
                        )
                        .join(AthleteRow, AthleteRow.id == TrainerRow.athlete_id)
                        .where(TrainerRow.id.in_({r[5] for r in listed}))
                    )
                ).all()
            }
        for row, program_name, count, athlete_name, timezone, trainer_id, _ in listed:
            result.append(
                ProgramAssignment(
                    program_id=row.program_id,
                    program_name=program_name,
                    week_count=count,
                    athlete_id=row.athlete_id,
                    athlete_name=athlete_name,
                    athlete_timezone=timezone,
                    trainer_id=trainer_id,
                    trainer_telegram_id=trainer_people[trainer_id][0],
                    start_index=row.start_index,
                    first_week_start=row.first_week_start,
                    trainer_language=trainer_people[trainer_id][1],
                )
            )
        return result

    async def generated(self, athlete_ids: Iterable[int]) -> set[tuple[int, date]]:
        ids = list(set(athlete_ids))
        if not ids:
            return set()
        rows = await self._session.execute(
            select(DeliveryRow.athlete_id, DeliveryRow.period).where(
                DeliveryRow.kind == _KIND, DeliveryRow.athlete_id.in_(ids)
            )
        )
        return {(a, p) for a, p in rows}

    async def forget_generated_after(self, athlete_id: int, monday: date) -> None:
        await self._session.execute(
            delete(DeliveryRow).where(
                DeliveryRow.kind == _KIND,
                DeliveryRow.athlete_id == athlete_id,
                DeliveryRow.period > monday,
            )
        )

    async def set_max(
        self, *, athlete_id: int, exercise_name: str, load_kg: float, unit: str, now: datetime
    ) -> None:
        key = exercise_name.casefold()
        row = (
            await self._session.execute(
                select(TrainingMaxRow).where(
                    TrainingMaxRow.athlete_id == athlete_id, TrainingMaxRow.name_key == key
                )
            )
        ).scalar_one_or_none()
        if row is None:
            row = TrainingMaxRow(athlete_id=athlete_id, name_key=key)
            self._session.add(row)
        row.exercise_name = exercise_name
        row.load_kg = load_kg
        row.unit = unit
        row.updated_at = now
        await self._session.flush()

    async def remove_max(self, athlete_id: int, exercise_name: str) -> bool:
        result = await self._session.execute(
            delete(TrainingMaxRow).where(
                TrainingMaxRow.athlete_id == athlete_id,
                TrainingMaxRow.name_key == exercise_name.casefold(),
            )
        )
        return result.rowcount > 0

    async def maxes(self, athlete_ids: Iterable[int]) -> list[TrainingMax]:
        ids = list(set(athlete_ids))
        if not ids:
            return []
        rows = await self._session.execute(
            select(TrainingMaxRow)
            .where(TrainingMaxRow.athlete_id.in_(ids))
            .order_by(TrainingMaxRow.athlete_id, TrainingMaxRow.name_key)
        )
        return [
            TrainingMax(
                athlete_id=r.athlete_id,
                exercise_name=r.exercise_name,
                load_kg=r.load_kg,
                unit=r.unit,
            )
            for r in rows.scalars()
        ]
