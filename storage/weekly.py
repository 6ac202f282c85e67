"""Trainer notices, the logs of a week, and weekly check-ins."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Integer, and_, any_, bindparam, delete, or_, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from core import models
from storage import direct, mapping
from storage.tables import (
    CheckInRow,
    ExerciseRow,
    LogRow,
    PlanRow,
    TrainerNoticeRow,
    UTCDateTime,
    WorkoutRow,
)


class NoticeRepository:
    """The Done notice each workout's trainer was last sent."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def save(self, notice: models.TrainerNotice, now: datetime) -> None:
        """One upsert: it runs on the Done tap's path, which counts its statements."""
        postgres = self._session.bind.dialect.name == "postgresql"
        await direct.write(
            self._session,
            _SAVE_NOTICE_PG if postgres else _SAVE_NOTICE_SQLITE,
            _notice_values(notice, now),
        )

    async def save_if_done(
        self, notices: Sequence[models.TrainerNotice], now: datetime
    ) -> set[int]:
        """Keep the notices whose workouts are still done, in one statement; returns their
        workout ids. A notice sent for a workout undone meanwhile is not kept: its
        sender corrects it (the Undo found nothing to correct)."""
        if not notices:
            return set()
        postgres = self._session.bind.dialect.name == "postgresql"
        statement = _SAVE_IF_DONE_PG if postgres else _SAVE_IF_DONE_SQLITE
        kept = set()
        # One statement per message: the notices of one message differ only in workout.
        by_message: dict[int, list[models.TrainerNotice]] = {}
        for notice in notices:
            by_message.setdefault(notice.message_id, []).append(notice)
        for told in by_message.values():
            first = told[0]
            result = await self._session.execute(
                statement,
                {**_notice_values(first, now), "b_workout_ids": [n.workout_id for n in told]},
            )
            kept.update(result.scalars())
        return kept

    async def pop(self, workout_id: int) -> models.TrainerNotice | None:
        """The workout's notice, forgotten: it is corrected once."""
        result = await direct.write(self._session, _POP_NOTICE, {"b_workout_id": workout_id})
        row = result.first()
        return models.TrainerNotice(workout_id, row[0], row[1], row[2]) if row else None


def _notice_values(notice: models.TrainerNotice, now: datetime) -> dict[str, Any]:
    return {
        "b_workout_id": notice.workout_id,
        "b_chat_id": notice.chat_id,
        "b_message_id": notice.message_id,
        "b_shared": notice.shared,
        "b_sent_at": now,
    }


def _notice_columns() -> dict[str, Any]:
    # Typed: in _save_if_done they stand in a SELECT's columns, where PostgreSQL cannot
    # tell their types from the table.
    return {
        "chat_id": bindparam("b_chat_id", type_=BigInteger()),
        "message_id": bindparam("b_message_id", type_=BigInteger()),
        "shared": bindparam("b_shared", type_=Boolean()),
        "sent_at": bindparam("b_sent_at", type_=UTCDateTime()),
    }


def _save_notice(insert):
    """Built once per dialect: the Done tap's path builds no statement of its own."""
    values = _notice_columns()
    return (
        insert(TrainerNoticeRow)
        .values(workout_id=bindparam("b_workout_id"), **values)
        .on_conflict_do_update(index_elements=["workout_id"], set_=values)
    )


def _save_if_done(insert, *, postgres: bool):
    """The notices of one message, for those of its workouts that are done now.

    On PostgreSQL the workouts are locked FOR SHARE before their state is read: a Done or
    an Undo of one of them not committed yet (the inbox commits an update's effects
    after its handler, which may still be talking to Telegram) is waited for, and its
    outcome read. Without it a Done not yet committed read as undone (a false
    correction), and an Undo not yet committed as done (a notice left standing for an
    undone workout). The lock is taken in a CTE without the state in its WHERE: a row
    whose committed state fails the WHERE is passed over without waiting for the
    transaction that is changing it. SQLite has one writer: what it reads is committed.
    """
    values = _notice_columns()
    if postgres:
        # One array parameter: the same statement (and the same prepared statement) for
        # any number of lines, where an expanding IN made a new one for each number,
        # with a parameter per line; a window can hold hundreds.
        ids = bindparam("b_workout_ids", type_=postgresql.ARRAY(Integer))
        chosen = WorkoutRow.id == any_(ids)
    else:
        chosen = WorkoutRow.id.in_(bindparam("b_workout_ids", expanding=True))
    locked = (
        select(WorkoutRow.id, WorkoutRow.completed)
        .where(chosen)
        .with_for_update(read=True)
        .cte("told")
    )
    done = select(locked.c.id, *values.values()).where(locked.c.completed.is_(True))
    # The table, not the ORM class: executed with parameters, an ORM insert would be
    # taken for a bulk insert of rows.
    table = TrainerNoticeRow.__table__
    statement = insert(table).from_select(["workout_id", *values], done)
    excluded = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=["workout_id"], set_={name: excluded[name] for name in values}
    ).returning(table.c.workout_id)


_SAVE_NOTICE_PG = _save_notice(pg_insert)
_SAVE_NOTICE_SQLITE = _save_notice(sqlite_insert)
_SAVE_IF_DONE_PG = _save_if_done(pg_insert, postgres=True)
_SAVE_IF_DONE_SQLITE = _save_if_done(sqlite_insert, postgres=False)
_POP_NOTICE = (
    delete(TrainerNoticeRow)
    .where(TrainerNoticeRow.workout_id == bindparam("b_workout_id"))
    .returning(TrainerNoticeRow.chat_id, TrainerNoticeRow.message_id, TrainerNoticeRow.shared)
)


class WeekLogRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def for_weeks(
        self, athlete_weeks: Iterable[tuple[int, date]]
    ) -> dict[tuple[int, date], list[models.WeekLog]]:
        """The logs of the given athletes' weeks' plans, oldest first: one statement."""
        pairs = sorted(set(athlete_weeks))
        if not pairs:
            return {}
        rows = await self._session.execute(
            select(LogRow, ExerciseRow, PlanRow.athlete_id, PlanRow.week_start)
            .join(ExerciseRow, ExerciseRow.id == LogRow.exercise_id)
            .join(WorkoutRow, WorkoutRow.id == ExerciseRow.workout_id)
            .join(PlanRow, PlanRow.id == WorkoutRow.plan_id)
            .options(joinedload(ExerciseRow.video))
            .where(
                or_(
                    *(
                        and_(PlanRow.athlete_id == athlete, PlanRow.week_start == week)
                        for athlete, week in pairs
                    )
                )
            )
            .order_by(LogRow.logged_at, LogRow.id)
        )
        out: dict[tuple[int, date], list[models.WeekLog]] = {}
        for log, exercise, athlete_id, week_start in rows:
            out.setdefault((athlete_id, week_start), []).append(
                models.WeekLog(athlete_id, week_start, mapping.exercise(exercise), mapping.log(log))
            )
        return out


def _checkin(row: CheckInRow) -> models.CheckIn:
    return models.CheckIn(
        athlete_id=row.athlete_id,
        week_start=row.week_start,
        energy=row.energy,
        sleep=row.sleep,
        soreness=row.soreness,
        body_weight_kg=row.body_weight_kg,
        note=row.note,
        answered_at=row.answered_at,
        updated_at=row.updated_at,
    )


class CheckInRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def week_of_plan(self, plan_id: int) -> tuple[int, date, int] | None:
        """The plan's athlete, Monday and week number, for checking a check-in's button."""
        return await week_of_plan(self._session, plan_id)

    async def get(self, athlete_id: int, week_start: date) -> models.CheckIn | None:
        row = await self._row(athlete_id, week_start)
        return _checkin(row) if row else None

    async def save(
        self, athlete_id: int, week_start: date, *, now: datetime, **fields: Any
    ) -> models.CheckIn:
        """Create the week's row or change the given fields of it (one row per week)."""
        row = await self._row(athlete_id, week_start)
        if row is None:
            row = CheckInRow(athlete_id=athlete_id, week_start=week_start)
            self._session.add(row)
        for name, value in fields.items():
            setattr(row, name, value)
        row.updated_at = now
        await self._session.flush()
        return _checkin(row)

    async def latest(self, athlete_id: int) -> models.CheckIn | None:
        """The athlete's latest answered check-in: one statement."""
        row = await self._session.scalar(
            select(CheckInRow)
            .where(CheckInRow.athlete_id == athlete_id, CheckInRow.answered_at.is_not(None))
            .order_by(CheckInRow.week_start.desc())
            .limit(1)
        )
        return _checkin(row) if row else None

    async def for_weeks(
        self, athlete_weeks: Iterable[tuple[int, date]]
    ) -> dict[tuple[int, date], models.CheckIn]:
        """The answered check-ins of the given athletes' weeks: one statement."""
        by_week: dict[date, set[int]] = {}
        for athlete, week in athlete_weeks:
            by_week.setdefault(week, set()).add(athlete)
        if not by_week:
            return {}
        # One IN list per distinct Monday (a few, by timezone): one OR per athlete would
        # hit SQLite's expression depth limit on a roster of about a thousand.
        rows = await self._session.scalars(
            select(CheckInRow).where(
                CheckInRow.answered_at.is_not(None),
                or_(
                    *(
                        and_(CheckInRow.week_start == week, CheckInRow.athlete_id.in_(sorted(ids)))
                        for week, ids in sorted(by_week.items())
                    )
                ),
            )
        )
        return {(r.athlete_id, r.week_start): _checkin(r) for r in rows}

    async def _row(self, athlete_id: int, week_start: date) -> CheckInRow | None:
        return await self._session.scalar(
            select(CheckInRow)
            .where(CheckInRow.athlete_id == athlete_id, CheckInRow.week_start == week_start)
            .execution_options(populate_existing=True)
        )


async def week_of_plan(session: AsyncSession, plan_id: int) -> tuple[int, date, int] | None:
    """A plan's athlete, Monday and week number: one statement."""
    row = (
        await session.execute(
            select(PlanRow.athlete_id, PlanRow.week_start, PlanRow.week_number).where(
                PlanRow.id == plan_id
            )
        )
    ).first()
    return (row[0], row[1], row[2]) if row else None
