"""Repositories: queries shaped for the screen. They never commit and never
hand ORM rows out of storage; they return core dataclasses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, bindparam, case, delete, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, selectinload

from core import models
from core.errors import PlanExists
from core.plan_spec import PlanSpec
from storage import direct, mapping
from storage.tables import (
    AthleteRow,
    ExerciseRow,
    InviteRow,
    LogRow,
    PlanRow,
    SummaryRow,
    TrainerRow,
    UTCDateTime,
    VideoRow,
    WorkoutRow,
)

_PLAN_TREE = (
    selectinload(PlanRow.workouts)
    .selectinload(WorkoutRow.exercises)
    .selectinload(ExerciseRow.video),
)


# Statements that run for every update or tap, built once (building one costs more
# than running it).
_PERSON_WITH_PROFILE = (
    select(AthleteRow, TrainerRow)
    .outerjoin(TrainerRow, TrainerRow.athlete_id == AthleteRow.id)
    .where(AthleteRow.telegram_id == bindparam("telegram_id"))
)
_OWNER, _COACH_PERSON = aliased(AthleteRow), aliased(AthleteRow)
# The Done tap's read, as plain columns (no ORM objects: it runs on every tap): the
# plan, its trainer, their Telegram id and language, and a row per exercise of each
# workout with its video (outer joins: a workout may have no exercises).
_PLAN_OF_WORKOUT = (
    select(
        *mapping.labelled(PlanRow, "p_"),
        *mapping.labelled(TrainerRow, "t_"),
        _COACH_PERSON.telegram_id.label("c_telegram_id"),
        func.coalesce(_COACH_PERSON.language, _COACH_PERSON.language_code).label("c_language"),
        *mapping.labelled(WorkoutRow, "w_"),
        *mapping.labelled(ExerciseRow, "e_"),
        *mapping.labelled(VideoRow, "v_"),
    )
    .select_from(PlanRow)
    .join(_OWNER, _OWNER.id == PlanRow.athlete_id)
    .outerjoin(TrainerRow, TrainerRow.id == _OWNER.trainer_id)
    .outerjoin(_COACH_PERSON, _COACH_PERSON.id == TrainerRow.athlete_id)
    .outerjoin(WorkoutRow, WorkoutRow.plan_id == PlanRow.id)
    .outerjoin(ExerciseRow, ExerciseRow.workout_id == WorkoutRow.id)
    .outerjoin(VideoRow, VideoRow.exercise_id == ExerciseRow.id)
    .where(
        PlanRow.id
        == select(WorkoutRow.plan_id)
        .where(WorkoutRow.id == bindparam("workout_id"))
        .scalar_subquery()
    )
    # The relationships' orders (storage/tables.py), which the ORM load used.
    .order_by(WorkoutRow.day_of_week, WorkoutRow.position, WorkoutRow.id, ExerciseRow.position)
    .with_for_update(of=PlanRow)
)


def _plan_of_rows(rows: Sequence[Any]) -> tuple[models.Plan, models.Trainer | None]:
    """``_PLAN_OF_WORKOUT``'s rows (mappings) as the plan and its trainer."""
    first = rows[0]
    workouts: dict[int, Any] = {}
    for row in rows:
        if row["w_id"] is None:
            continue  # a plan without workouts
        workout = workouts.get(row["w_id"])
        if workout is None:
            workout = workouts[row["w_id"]] = mapping.fields(WorkoutRow, "w_", row)
            workout.exercises = []
        if row["e_id"] is not None:
            exercise = mapping.fields(ExerciseRow, "e_", row)
            exercise.video = (
                mapping.fields(VideoRow, "v_", row) if row["v_id"] is not None else None
            )
            workout.exercises.append(exercise)
    plan = mapping.fields(PlanRow, "p_", first)
    plan.workouts = list(workouts.values())
    trainer = None
    if first["t_id"] is not None:
        trainer = mapping.trainer(
            mapping.fields(TrainerRow, "t_", first), first["c_telegram_id"], first["c_language"]
        )
    return mapping.plan(plan), trainer


# Only a change writes (see PlanRepository.set_workout_completed); built once, as Done runs
# it on every tap.
_SET_COMPLETED = (
    update(WorkoutRow)
    .where(
        WorkoutRow.id == bindparam("b_workout_id"),
        WorkoutRow.completed != bindparam("b_completed"),
    )
    .values(
        completed=bindparam("b_completed"),
        completed_at=bindparam("b_completed_at", type_=UTCDateTime()),
    )
    .execution_options(synchronize_session=False)
)


class AthleteRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, athlete_id: int) -> models.Athlete | None:
        row = await self._session.get(AthleteRow, athlete_id)
        return mapping.athlete(row) if row else None

    async def get_by_telegram_id(self, telegram_id: int) -> models.Athlete | None:
        row = await self._session.scalar(
            select(AthleteRow).where(AthleteRow.telegram_id == telegram_id)
        )
        return mapping.athlete(row) if row else None

    async def get_with_trainer_profile(
        self, telegram_id: int
    ) -> tuple[models.Athlete, models.Trainer | None] | None:
        """The person and, if they are a trainer, their trainer profile: one statement, as
        it runs for every update."""
        found = (
            await self._session.execute(_PERSON_WITH_PROFILE, {"telegram_id": telegram_id})
        ).first()
        if found is None:
            return None
        athlete, trainer = found
        profile = (
            mapping.trainer(trainer, athlete.telegram_id, athlete.language or athlete.language_code)
            if trainer is not None
            else None
        )
        return mapping.athlete(athlete), profile

    async def add(
        self, *, telegram_id: int, name: str, username: str | None, now: datetime
    ) -> models.Athlete:
        row = AthleteRow(
            telegram_id=telegram_id,
            name=name,
            username=username,
            reminders_enabled=True,
            reachable=True,
            created_at=now,
            updated_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        return mapping.athlete(row)

    async def update(self, athlete_id: int, *, now: datetime, **fields: Any) -> models.Athlete:
        row = await self._session.get_one(AthleteRow, athlete_id)
        for key, value in fields.items():
            setattr(row, key, value)
        row.updated_at = now
        await self._session.flush()
        return mapping.athlete(row)

    async def set_reachable_by_telegram_id(
        self, telegram_id: int, reachable: bool, now: datetime
    ) -> bool:
        result = await self._session.execute(
            update(AthleteRow)
            .where(AthleteRow.telegram_id == telegram_id, AthleteRow.reachable != reachable)
            .values(reachable=reachable, updated_at=now)
        )
        return result.rowcount > 0

    async def list_for_trainer(self, trainer_id: int) -> list[models.Athlete]:
        rows = await self._session.scalars(
            select(AthleteRow)
            .where(AthleteRow.trainer_id == trainer_id)
            .order_by(func.lower(AthleteRow.name), AthleteRow.id)
        )
        return [mapping.athlete(r) for r in rows]

    async def list_all(self) -> list[models.Athlete]:
        rows = await self._session.scalars(
            select(AthleteRow).order_by(func.lower(AthleteRow.name), AthleteRow.id)
        )
        return [mapping.athlete(r) for r in rows]


class TrainerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _select(self):
        return select(
            TrainerRow,
            AthleteRow.telegram_id,
            func.coalesce(AthleteRow.language, AthleteRow.language_code),  # i18n
        ).join(AthleteRow, AthleteRow.id == TrainerRow.athlete_id)

    async def get(self, trainer_id: int) -> models.Trainer | None:
        found = (
            await self._session.execute(self._select().where(TrainerRow.id == trainer_id))
        ).first()
        return mapping.trainer(*found) if found else None

    async def get_by_athlete_id(self, athlete_id: int) -> models.Trainer | None:
        found = (
            await self._session.execute(self._select().where(TrainerRow.athlete_id == athlete_id))
        ).first()
        return mapping.trainer(*found) if found else None

    async def list(self) -> list[models.Trainer]:
        result = await self._session.execute(
            self._select().order_by(func.lower(TrainerRow.name), TrainerRow.id)
        )
        return [mapping.trainer(*found) for found in result]

    async def add(
        self, *, athlete_id: int, name: str, specialization: str, bio: str, now: datetime
    ) -> models.Trainer:
        row = TrainerRow(
            athlete_id=athlete_id,
            name=name,
            specialization=specialization,
            bio=bio,
            created_at=now,
            updated_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        trainer = await self.get(row.id)
        assert trainer is not None
        return trainer

    async def update(self, trainer_id: int, *, now: datetime, **fields: Any) -> models.Trainer:
        row = await self._session.get_one(TrainerRow, trainer_id)
        for key, value in fields.items():
            setattr(row, key, value)
        row.updated_at = now
        await self._session.flush()
        trainer = await self.get(trainer_id)
        assert trainer is not None
        return trainer


class InviteRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        *,
        payload: str,
        kind: models.InviteKind,
        trainer_id: int | None,
        created_by: int,
        now: datetime,
    ) -> models.Invite:
        row = InviteRow(
            payload=payload,
            kind=kind.value,
            trainer_id=trainer_id,
            created_by=created_by,
            created_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        return mapping.invite(row)

    async def get_by_payload(self, payload: str) -> models.Invite | None:
        row = await self._session.scalar(select(InviteRow).where(InviteRow.payload == payload))
        return mapping.invite(row) if row else None

    async def claim(self, invite_id: int, athlete_id: int, now: datetime) -> bool:
        """Mark a single-use invite used; False when another redemption won."""
        result = await self._session.execute(
            update(InviteRow)
            .where(InviteRow.id == invite_id, InviteRow.used_at.is_(None))
            .values(used_at=now, used_by=athlete_id)
        )
        return result.rowcount == 1

    async def revoke_athlete_invites(self, trainer_id: int, now: datetime) -> int:
        result = await self._session.execute(
            update(InviteRow)
            .where(
                InviteRow.trainer_id == trainer_id,
                InviteRow.kind == models.InviteKind.ATHLETE.value,
                InviteRow.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )
        return result.rowcount


def _stats_query():
    """Per-plan aggregates in one statement: counts and minutes of workouts and exercises."""
    exercise_counts = (
        select(WorkoutRow.plan_id, func.count(ExerciseRow.id).label("exercises"))
        .join(ExerciseRow, ExerciseRow.workout_id == WorkoutRow.id)
        .group_by(WorkoutRow.plan_id)
        .subquery()
    )
    workout_totals = (
        select(
            WorkoutRow.plan_id,
            func.count(WorkoutRow.id).label("total"),
            func.sum(case((WorkoutRow.completed, 1), else_=0)).label("completed"),
            func.sum(func.coalesce(WorkoutRow.duration_minutes, 0)).label("planned_minutes"),
        )
        .group_by(WorkoutRow.plan_id)
        .subquery()
    )
    # weekly: the minutes done are what was logged (core.summary_rules.logged_minutes),
    # not the planned minutes of the workouts ticked.
    logged_seconds = (
        select(
            WorkoutRow.plan_id,
            func.sum(func.coalesce(LogRow.sets, 1) * LogRow.duration_seconds).label("seconds"),
        )
        .join(ExerciseRow, ExerciseRow.workout_id == WorkoutRow.id)
        .join(LogRow, LogRow.exercise_id == ExerciseRow.id)
        .where(LogRow.duration_seconds.is_not(None))
        .group_by(WorkoutRow.plan_id)
        .subquery()
    )
    return (
        select(
            PlanRow.id,
            PlanRow.athlete_id,
            PlanRow.trainer_id,
            PlanRow.week_start,
            PlanRow.week_number,
            func.coalesce(workout_totals.c.total, 0),
            func.coalesce(workout_totals.c.completed, 0),
            func.coalesce(exercise_counts.c.exercises, 0),
            func.coalesce(workout_totals.c.planned_minutes, 0),
            (func.coalesce(logged_seconds.c.seconds, 0) + 59) / 60,
        )
        .outerjoin(workout_totals, workout_totals.c.plan_id == PlanRow.id)
        .outerjoin(exercise_counts, exercise_counts.c.plan_id == PlanRow.id)
        .outerjoin(logged_seconds, logged_seconds.c.plan_id == PlanRow.id)
    )


def _stats(row: Sequence[Any]) -> models.PlanStats:
    return models.PlanStats(
        plan_id=row[0],
        athlete_id=row[1],
        trainer_id=row[2],
        week_start=row[3],
        week_number=row[4],
        total_workouts=int(row[5]),
        completed_workouts=int(row[6]),
        total_exercises=int(row[7]),
        planned_minutes=int(row[8]),
        completed_minutes=int(row[9]),
    )


class PlanRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        *,
        athlete_id: int,
        trainer_id: int | None,
        week_start: date,
        week_end: date,
        week_number: int,
        motivational_message: str,
        spec: PlanSpec,
        now: datetime,
    ) -> models.Plan:
        # A constant number of statements however long the week: the plan, then all its
        # workouts, all their exercises and all their videos, each one multi-row INSERT
        # (with RETURNING where the next level needs the ids).
        try:
            plan_id = (
                await self._session.execute(
                    insert(PlanRow)
                    .values(
                        athlete_id=athlete_id,
                        trainer_id=trainer_id,
                        week_start=week_start,
                        week_end=week_end,
                        week_number=week_number,
                        motivational_message=motivational_message,
                        created_at=now,
                        updated_at=now,
                    )
                    .returning(PlanRow.id)
                )
            ).scalar_one()
        except IntegrityError as error:
            # Another process published the same week between our check and insert.
            message = str(error.orig)
            if (
                "uq_training_plans_athlete_week" in message
                or "training_plans.athlete_id" in message
            ):
                raise PlanExists(athlete_id) from error
            raise
        await _insert_workouts(self._session, plan_id, spec)
        plan = await self.get(plan_id)
        assert plan is not None
        return plan

    async def get(self, plan_id: int) -> models.Plan | None:
        row = await self._session.scalar(
            select(PlanRow)
            .where(PlanRow.id == plan_id)
            .options(*_PLAN_TREE)
            .execution_options(populate_existing=True)
        )
        return mapping.plan(row) if row else None

    async def get_for_week(self, athlete_id: int, week_start: date) -> models.Plan | None:
        plan_id = await self._session.scalar(
            select(PlanRow.id).where(
                PlanRow.athlete_id == athlete_id, PlanRow.week_start == week_start
            )
        )
        return await self.get(plan_id) if plan_id is not None else None

    async def for_weeks(self, athlete_weeks: Iterable[tuple[int, date]]) -> list[models.Plan]:
        """Each athlete's plan for a given week, with its workouts, in one query per level."""
        by_week: dict[date, list[int]] = defaultdict(list)
        for athlete_id, week_start in athlete_weeks:
            by_week[week_start].append(athlete_id)
        if not by_week:
            return []
        condition = or_(
            *(
                and_(PlanRow.week_start == week, PlanRow.athlete_id.in_(ids))
                for week, ids in by_week.items()
            )
        )
        rows = await self._session.scalars(
            select(PlanRow)
            .where(condition)
            .options(*_PLAN_TREE)
            .execution_options(populate_existing=True)
        )
        return [mapping.plan(r) for r in rows]

    async def first_week_start(self, athlete_id: int) -> date | None:
        return await self._session.scalar(
            select(func.min(PlanRow.week_start)).where(PlanRow.athlete_id == athlete_id)
        )

    async def latest(self, athlete_id: int) -> models.Plan | None:
        return await self._nearest(athlete_id, before=None)

    async def previous(self, athlete_id: int, week_start: date) -> models.Plan | None:
        return await self._nearest(athlete_id, before=week_start)

    async def following(self, athlete_id: int, week_start: date) -> models.Plan | None:
        plan_id = await self._session.scalar(
            select(PlanRow.id)
            .where(PlanRow.athlete_id == athlete_id, PlanRow.week_start > week_start)
            .order_by(PlanRow.week_start)
            .limit(1)
        )
        return await self.get(plan_id) if plan_id is not None else None

    async def _nearest(self, athlete_id: int, before: date | None) -> models.Plan | None:
        query = select(PlanRow.id).where(PlanRow.athlete_id == athlete_id)
        if before is not None:
            query = query.where(PlanRow.week_start < before)
        plan_id = await self._session.scalar(query.order_by(PlanRow.week_start.desc()).limit(1))
        return await self.get(plan_id) if plan_id is not None else None

    async def history(
        self, athlete_id: int, *, limit: int, offset: int, up_to: date | None = None
    ) -> tuple[list[models.PlanStats], int]:
        condition = PlanRow.athlete_id == athlete_id
        if up_to is not None:
            condition = and_(condition, PlanRow.week_start <= up_to)
        total = await self._session.scalar(select(func.count(PlanRow.id)).where(condition))
        rows = await self._session.execute(
            _stats_query()
            .where(condition)
            .order_by(PlanRow.week_start.desc())
            .limit(limit)
            .offset(offset)
        )
        return [_stats(r) for r in rows], int(total or 0)

    async def stats_for_plans(self, plan_ids: Iterable[int]) -> list[models.PlanStats]:
        rows = await self._session.execute(
            _stats_query().where(PlanRow.id.in_(list(plan_ids))).order_by(PlanRow.id)
        )
        return [_stats(r) for r in rows]

    async def stats_for_weeks(
        self, athlete_weeks: Iterable[tuple[int, date]]
    ) -> list[models.PlanStats]:
        """Each athlete's plan for a given week (athletes' weeks differ by timezone)."""
        by_week: dict[date, list[int]] = defaultdict(list)
        for athlete_id, week_start in athlete_weeks:
            by_week[week_start].append(athlete_id)
        if not by_week:
            return []
        # A few distinct Mondays (timezones), each with an IN list: one OR per athlete
        # would hit SQLite's expression depth limit at about a thousand athletes.
        condition = or_(
            *(
                and_(PlanRow.week_start == week, PlanRow.athlete_id.in_(ids))
                for week, ids in by_week.items()
            )
        )
        rows = await self._session.execute(_stats_query().where(condition))
        return [_stats(r) for r in rows]

    async def lock(self, plan_id: int) -> None:
        """Hold the plan row until commit (PostgreSQL; SQLite's BEGIN IMMEDIATE already
        serialises writers), so replacing a plan and ticking it off cannot interleave."""
        await self._session.execute(
            select(PlanRow.id).where(PlanRow.id == plan_id).with_for_update()
        )

    async def lock_plan_of_workout(self, workout_id: int) -> None:
        """``lock`` for the plan a workout belongs to, in the same one statement."""
        plan_id = select(WorkoutRow.plan_id).where(WorkoutRow.id == workout_id).scalar_subquery()
        await self._session.execute(
            select(PlanRow.id).where(PlanRow.id == plan_id).with_for_update()
        )

    async def has_activity(self, plan_id: int) -> bool:
        """Whether anything in the plan is done or logged, which locks it."""
        done = exists().where(WorkoutRow.plan_id == plan_id, WorkoutRow.completed.is_(True))
        logged = (
            exists()
            .where(LogRow.exercise_id == ExerciseRow.id)
            .where(ExerciseRow.workout_id == WorkoutRow.id)
            .where(WorkoutRow.plan_id == plan_id)
        )
        return bool(await self._session.scalar(select(or_(done, logged))))

    async def delete(self, plan_id: int) -> bool:
        result = await self._session.execute(delete(PlanRow).where(PlanRow.id == plan_id))
        self._session.expunge_all()
        return result.rowcount == 1

    async def assign_trainer(self, plan_ids: Sequence[int], trainer_id: int, now: datetime) -> int:
        if not plan_ids:
            return 0
        result = await self._session.execute(
            update(PlanRow)
            .where(PlanRow.id.in_(list(plan_ids)))
            .values(trainer_id=trainer_id, updated_at=now)
        )
        return result.rowcount

    async def ids_from_week(self, athlete_id: int, week_start: date) -> list[int]:
        rows = await self._session.scalars(
            select(PlanRow.id)
            .where(PlanRow.athlete_id == athlete_id, PlanRow.week_start >= week_start)
            .order_by(PlanRow.week_start)
        )
        return list(rows)

    async def get_workout(self, workout_id: int) -> tuple[models.Workout, int] | None:
        """The workout and the athlete whose plan it belongs to."""
        found = (
            await self._session.execute(
                select(WorkoutRow, PlanRow.athlete_id)
                .join(PlanRow, PlanRow.id == WorkoutRow.plan_id)
                .where(WorkoutRow.id == workout_id)
                .options(selectinload(WorkoutRow.exercises).selectinload(ExerciseRow.video))
                .execution_options(populate_existing=True)
            )
        ).first()
        return (mapping.workout(found[0]), found[1]) if found else None

    async def plan_of_workout_locked(
        self, workout_id: int
    ) -> tuple[models.Plan, models.Trainer | None] | None:
        """The whole plan a workout belongs to, locked against a racing replacement, with
        the trainer of the plan's athlete: one statement, as it runs for every Done tap."""
        # The session's connection: a Core read needs none of the ORM's result handling.
        connection = await self._session.connection()
        result = await connection.execute(_PLAN_OF_WORKOUT, {"workout_id": workout_id})
        rows = result.mappings().all()
        return _plan_of_rows(rows) if rows else None

    async def set_workout_completed(self, workout_id: int, completed: bool, now: datetime) -> bool:
        """Set the state; True when it changed.

        Only a change writes, so ``completed_at`` is the first tap of a run of Done
        taps; Undo clears it, so a workout is never "not done" with a completion time.
        The plan's ``updated_at`` stays: it dates the plan's content and assignment,
        and a workout's completion has a time of its own.
        """
        result = await direct.write(  # on every Done tap: past the ORM
            self._session,
            _SET_COMPLETED,
            {
                "b_workout_id": workout_id,
                "b_completed": completed,
                "b_completed_at": now if completed else None,
            },
        )
        return result.rowcount == 1

    async def get_exercise(self, exercise_id: int) -> tuple[models.Exercise, int] | None:
        """The exercise and the athlete whose plan it belongs to."""
        found = (
            await self._session.execute(
                select(ExerciseRow, PlanRow.athlete_id)
                .join(WorkoutRow, WorkoutRow.id == ExerciseRow.workout_id)
                .join(PlanRow, PlanRow.id == WorkoutRow.plan_id)
                .where(ExerciseRow.id == exercise_id)
                .options(selectinload(ExerciseRow.video))
            )
        ).first()
        return (mapping.exercise(found[0]), found[1]) if found else None


_INSERT_CHUNK = 500  # rows per multi-row INSERT, well under both databases' parameter limits


async def _insert_rows(
    session: AsyncSession, table: Any, rows: list[dict[str, Any]], *returning: Any
) -> list[Sequence[Any]]:
    found: list[Sequence[Any]] = []
    for start in range(0, len(rows), _INSERT_CHUNK):
        statement = insert(table).values(rows[start : start + _INSERT_CHUNK])
        if returning:
            found += list(await session.execute(statement.returning(*returning)))
        else:
            await session.execute(statement)
    return found


async def _insert_workouts(session: AsyncSession, plan_id: int, spec: PlanSpec) -> None:
    """A plan's workouts, exercises and videos: three statements (fewer without videos or
    exercises), whatever their number. Ids come back with RETURNING and are matched by
    position, which is unique within a plan (workouts) or a workout (exercises)."""
    workouts = [
        {
            "plan_id": plan_id,
            "day_of_week": w.day_of_week,
            "position": position,
            "title": w.title,
            "description": w.description,
            "duration_minutes": w.duration_minutes,
            "completed": False,
        }
        for position, w in enumerate(spec.workouts)
    ]
    if not workouts:
        return
    workout_ids = {
        r[1]: r[0]
        for r in await _insert_rows(
            session, WorkoutRow.__table__, workouts, WorkoutRow.id, WorkoutRow.position
        )
    }
    exercises = [
        {
            "workout_id": workout_ids[position],
            "position": index,
            "name": e.name,
            "sets": e.sets,
            "reps": e.reps,
            "duration_seconds": e.duration_seconds,
            "load": e.load,
            "notes": e.notes,
            **mapping.exercise_targets(e),
        }
        for position, w in enumerate(spec.workouts)
        for index, e in enumerate(w.exercises)
    ]
    if not exercises:
        return
    with_video = {
        (workout_ids[position], index): e.video
        for position, w in enumerate(spec.workouts)
        for index, e in enumerate(w.exercises)
        if e.video is not None
    }
    exercise_ids = {
        (r[1], r[2]): r[0]
        for r in await _insert_rows(
            session,
            ExerciseRow.__table__,
            exercises,
            ExerciseRow.id,
            ExerciseRow.workout_id,
            ExerciseRow.position,
        )
    }
    videos = [
        {
            "exercise_id": exercise_ids[key],
            "url": video.url,
            "title": video.title,
            "thumbnail_url": video.thumbnail_url,
            "duration_seconds": video.duration_seconds,
        }
        for key, video in with_video.items()
    ]
    if videos:
        await _insert_rows(session, VideoRow.__table__, videos)


class LogRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        *,
        exercise_id: int,
        athlete_id: int,
        sets: int | None,
        reps: int | None,
        duration_seconds: int | None,
        load: str | None,
        notes: str | None,
        now: datetime,
        distance_m: int | None = None,
        load_kg: float | None = None,
        rpe: float | None = None,
        rir: int | None = None,
        reps_by_set: Sequence[int] | None = None,
    ) -> models.CompletionLog:
        row = LogRow(
            exercise_id=exercise_id,
            athlete_id=athlete_id,
            sets=sets,
            reps=reps,
            duration_seconds=duration_seconds,
            load=load,
            notes=notes,
            logged_at=now,
            distance_m=distance_m,
            load_kg=load_kg,
            rpe=rpe,
            rir=rir,
            reps_by_set=",".join(str(r) for r in reps_by_set) if reps_by_set else None,
        )
        self._session.add(row)
        await self._session.flush()
        return mapping.log(row)

    async def for_athlete(
        self, athlete_id: int, *, name: str | None = None
    ) -> list[models.ExerciseLog]:
        """All of the athlete's logs with their exercise's name, oldest first; one
        exercise's (by name, across weeks) when ``name`` is given. One statement."""
        query = (
            select(LogRow, ExerciseRow.name)
            .join(ExerciseRow, ExerciseRow.id == LogRow.exercise_id)
            .where(LogRow.athlete_id == athlete_id)
            .order_by(LogRow.logged_at, LogRow.id)
        )
        if name is not None:
            query = query.where(func.lower(ExerciseRow.name) == name.lower())
        rows = await self._session.execute(query)
        return [models.ExerciseLog(exercise_name=n, log=mapping.log(r)) for r, n in rows]

    async def exercise_counts(self, athlete_id: int) -> list[tuple[str, int, int]]:
        """(name, logs, latest log id) per exercise the athlete logged, names matched
        case-insensitively and spelled as in the latest log; two statements."""
        grouped = (
            select(
                func.count(LogRow.id).label("logs"),
                func.max(LogRow.id).label("last_id"),
            )
            .join(ExerciseRow, ExerciseRow.id == LogRow.exercise_id)
            .where(LogRow.athlete_id == athlete_id)
            .group_by(func.lower(ExerciseRow.name))
        )
        counts = {last_id: logs for logs, last_id in await self._session.execute(grouped)}
        if not counts:
            return []
        names = await self._session.execute(
            select(LogRow.id, ExerciseRow.name)
            .join(ExerciseRow, ExerciseRow.id == LogRow.exercise_id)
            .where(LogRow.id.in_(list(counts)))
        )
        return [(name, counts[log_id], log_id) for log_id, name in names]

    async def get_with_name(self, log_id: int) -> models.ExerciseLog | None:
        found = (
            await self._session.execute(
                select(LogRow, ExerciseRow.name)
                .join(ExerciseRow, ExerciseRow.id == LogRow.exercise_id)
                .where(LogRow.id == log_id)
            )
        ).first()
        return (
            models.ExerciseLog(exercise_name=found[1], log=mapping.log(found[0])) if found else None
        )

    async def recent_for_exercise_name(
        self, athlete_id: int, name: str, limit: int
    ) -> list[models.CompletionLog]:
        """The athlete's latest logs of an exercise by name, across weeks."""
        rows = await self._session.scalars(
            select(LogRow)
            .join(ExerciseRow, ExerciseRow.id == LogRow.exercise_id)
            .where(LogRow.athlete_id == athlete_id, func.lower(ExerciseRow.name) == name.lower())
            .order_by(LogRow.logged_at.desc(), LogRow.id.desc())
            .limit(limit)
        )
        return [mapping.log(r) for r in rows]

    async def recent_for_athlete(
        self, athlete_id: int, limit: int
    ) -> list[tuple[models.CompletionLog, models.Exercise]]:
        """The athlete's latest logs, each with the exercise it was logged against."""
        rows = await self._session.execute(
            select(LogRow, ExerciseRow)
            .join(ExerciseRow, ExerciseRow.id == LogRow.exercise_id)
            .options(selectinload(ExerciseRow.video))
            .where(LogRow.athlete_id == athlete_id)
            .order_by(LogRow.logged_at.desc(), LogRow.id.desc())
            .limit(limit)
        )
        return [(mapping.log(log), mapping.exercise(exercise)) for log, exercise in rows]


class SummaryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def save(self, summary: models.WeeklySummary) -> models.WeeklySummary:
        row = await self._session.scalar(
            select(SummaryRow).where(SummaryRow.plan_id == summary.plan_id)
        )
        if row is None:
            row = SummaryRow(plan_id=summary.plan_id)
            self._session.add(row)
        row.total_workouts = summary.total_workouts
        row.completed_workouts = summary.completed_workouts
        row.total_exercises = summary.total_exercises
        row.completion_percentage = summary.completion_percentage
        row.planned_minutes = summary.planned_minutes
        row.completed_minutes = summary.completed_minutes
        row.trainer_feedback = summary.trainer_feedback
        row.generated_at = summary.generated_at
        await self._session.flush()
        return summary

    async def get(self, plan_id: int) -> models.WeeklySummary | None:
        found = (
            await self._session.execute(
                select(SummaryRow, PlanRow)
                .join(PlanRow, PlanRow.id == SummaryRow.plan_id)
                .where(SummaryRow.plan_id == plan_id)
            )
        ).first()
        return mapping.summary(*found) if found else None
