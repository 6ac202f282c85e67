"""Plan templates, athlete groups and what publishing to many reads: repositories that
never commit and return core dataclasses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import and_, delete, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core import models
from storage.tables import (
    AthleteGroupMemberRow,
    AthleteGroupRow,
    AthleteRow,
    ExerciseRow,
    LogRow,
    PlanRow,
    PlanTemplateRow,
    WorkoutRow,
)


def name_key(name: str) -> str:
    return name.casefold()[:64]


def _template(row: PlanTemplateRow) -> models.PlanTemplate:
    return models.PlanTemplate(
        id=row.id,
        trainer_id=row.trainer_id,
        name=row.name,
        text=row.text,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def _flushed(session: AsyncSession, row: object) -> bool:
    """Add and flush in a savepoint; False on a unique-name conflict."""
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:
        return False
    return True


async def _renamed(session: AsyncSession, row, name: str, now: datetime) -> bool:
    try:
        async with session.begin_nested():
            row.name, row.name_key, row.updated_at = name, name_key(name), now
            await session.flush()
    except IntegrityError:
        await session.refresh(row)
        return False
    return True


class TemplateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self, *, trainer_id: int, name: str, text: str, now: datetime
    ) -> models.PlanTemplate | None:
        row = PlanTemplateRow(
            trainer_id=trainer_id,
            name=name,
            name_key=name_key(name),
            text=text,
            created_at=now,
            updated_at=now,
        )
        return _template(row) if await _flushed(self._session, row) else None

    async def _row(self, trainer_id: int, template_id: int) -> PlanTemplateRow | None:
        return await self._session.scalar(
            select(PlanTemplateRow).where(
                PlanTemplateRow.id == template_id, PlanTemplateRow.trainer_id == trainer_id
            )
        )

    async def get(self, trainer_id: int, template_id: int) -> models.PlanTemplate | None:
        row = await self._row(trainer_id, template_id)
        return _template(row) if row is not None else None

    async def named(self, trainer_id: int, name: str) -> models.PlanTemplate | None:
        row = await self._session.scalar(
            select(PlanTemplateRow).where(
                PlanTemplateRow.trainer_id == trainer_id, PlanTemplateRow.name_key == name_key(name)
            )
        )
        return _template(row) if row is not None else None

    async def page(
        self, trainer_id: int, *, limit: int, offset: int
    ) -> tuple[list[models.PlanTemplate], int]:
        total = func.count().over().label("total")
        rows = (
            await self._session.execute(
                select(PlanTemplateRow, total)
                .where(PlanTemplateRow.trainer_id == trainer_id)
                .order_by(PlanTemplateRow.name_key, PlanTemplateRow.id)
                .limit(limit)
                .offset(offset)
            )
        ).all()
        if not rows:
            count = await self._session.scalar(
                select(func.count()).where(PlanTemplateRow.trainer_id == trainer_id)
            )
            return [], count or 0
        return [_template(r[0]) for r in rows], rows[0][1]

    async def rename(
        self, trainer_id: int, template_id: int, name: str, now: datetime
    ) -> models.PlanTemplate | None:
        row = await self._row(trainer_id, template_id)
        if row is None or not await _renamed(self._session, row, name, now):
            return None
        return _template(row)

    async def delete(self, trainer_id: int, template_id: int) -> bool:
        result = await self._session.execute(
            delete(PlanTemplateRow).where(
                PlanTemplateRow.id == template_id, PlanTemplateRow.trainer_id == trainer_id
            )
        )
        return result.rowcount == 1


class GroupRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, *, trainer_id: int, name: str, now: datetime) -> models.AthleteGroup | None:
        row = AthleteGroupRow(
            trainer_id=trainer_id,
            name=name,
            name_key=name_key(name),
            created_at=now,
            updated_at=now,
        )
        if not await _flushed(self._session, row):
            return None
        return models.AthleteGroup(id=row.id, trainer_id=trainer_id, name=name, member_ids=())

    async def _members(self, groups: list[AthleteGroupRow]) -> list[models.AthleteGroup]:
        """Only members the group's trainer still coaches: one who left drops out."""
        members: dict[int, list[int]] = defaultdict(list)
        if groups:
            rows = await self._session.execute(
                select(AthleteGroupMemberRow.group_id, AthleteRow.id)
                .join(AthleteRow, AthleteRow.id == AthleteGroupMemberRow.athlete_id)
                .join(AthleteGroupRow, AthleteGroupRow.id == AthleteGroupMemberRow.group_id)
                .where(
                    AthleteGroupMemberRow.group_id.in_([g.id for g in groups]),
                    AthleteRow.trainer_id == AthleteGroupRow.trainer_id,
                )
                .order_by(AthleteRow.name, AthleteRow.id)
            )
            for group_id, athlete_id in rows:
                members[group_id].append(athlete_id)
        return [
            models.AthleteGroup(
                id=g.id, trainer_id=g.trainer_id, name=g.name, member_ids=tuple(members[g.id])
            )
            for g in groups
        ]

    async def _row(self, trainer_id: int, group_id: int) -> AthleteGroupRow | None:
        return await self._session.scalar(
            select(AthleteGroupRow).where(
                AthleteGroupRow.id == group_id, AthleteGroupRow.trainer_id == trainer_id
            )
        )

    async def get(self, trainer_id: int, group_id: int) -> models.AthleteGroup | None:
        row = await self._row(trainer_id, group_id)
        return (await self._members([row]))[0] if row is not None else None

    async def list(self, trainer_id: int) -> list[models.AthleteGroup]:
        rows = await self._session.scalars(
            select(AthleteGroupRow)
            .where(AthleteGroupRow.trainer_id == trainer_id)
            .order_by(AthleteGroupRow.name_key, AthleteGroupRow.id)
        )
        return await self._members(list(rows))

    async def rename(
        self, trainer_id: int, group_id: int, name: str, now: datetime
    ) -> models.AthleteGroup | None:
        row = await self._row(trainer_id, group_id)
        if row is None or not await _renamed(self._session, row, name, now):
            return None
        return (await self._members([row]))[0]

    async def set_members(self, group_id: int, athlete_ids: Iterable[int], now: datetime) -> None:
        ids = sorted(set(athlete_ids))
        await self._session.execute(
            delete(AthleteGroupMemberRow).where(AthleteGroupMemberRow.group_id == group_id)
        )
        if ids:
            await self._session.execute(
                insert(AthleteGroupMemberRow),
                [{"group_id": group_id, "athlete_id": a} for a in ids],
            )
        await self._session.execute(
            update(AthleteGroupRow).where(AthleteGroupRow.id == group_id).values(updated_at=now)
        )

    async def delete(self, trainer_id: int, group_id: int) -> bool:
        result = await self._session.execute(
            delete(AthleteGroupRow).where(
                AthleteGroupRow.id == group_id, AthleteGroupRow.trainer_id == trainer_id
            )
        )
        return result.rowcount == 1


class PublishingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def existing_weeks(
        self, athlete_weeks: Iterable[tuple[int, date]]
    ) -> dict[tuple[int, date], bool]:
        keys = list(dict.fromkeys(athlete_weeks))
        if not keys:
            return {}
        done = exists().where(WorkoutRow.plan_id == PlanRow.id, WorkoutRow.completed.is_(True))
        logged = (
            exists()
            .where(LogRow.exercise_id == ExerciseRow.id)
            .where(ExerciseRow.workout_id == WorkoutRow.id)
            .where(WorkoutRow.plan_id == PlanRow.id)
        )
        athlete_ids = {a for a, _ in keys}
        weeks = {w for _, w in keys}
        rows = await self._session.execute(
            select(PlanRow.athlete_id, PlanRow.week_start, or_(done, logged)).where(
                and_(PlanRow.athlete_id.in_(athlete_ids), PlanRow.week_start.in_(weeks))
            )
        )
        wanted = set(keys)
        return {(a, w): bool(started) for a, w, started in rows if (a, w) in wanted}
