"""The unit of work and the database's own guarantees, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from core.errors import PlanExists
from core.models import TrainerNotice
from core.plan_spec import ExerciseSpec, PlanSpec, VideoSpec, WorkoutSpec
from core.services.summaries import summarize
from storage.db import READ_ONLY, writing
from storage.tables import (
    AthleteRow,
    ExerciseRow,
    LogRow,
    PlanRow,
    SummaryRow,
    VideoRow,
    WorkoutRow,
)
from tests.conftest import NOW, round_trips

MONDAY = date(2026, 11, 23)

SPEC = PlanSpec(
    workouts=(
        WorkoutSpec(
            day_of_week=0,
            title="Upper body",
            duration_minutes=45,
            exercises=(
                ExerciseSpec(name="Push-ups", sets=3, reps=12),
                ExerciseSpec(
                    name="Row",
                    sets=4,
                    reps=10,
                    load="20kg",
                    video=VideoSpec(url="https://example.com/row.mp4"),
                ),
            ),
        ),
        WorkoutSpec(
            day_of_week=2,
            title="Run",
            exercises=(ExerciseSpec(name="Run", sets=1, duration_seconds=1800),),
        ),
    )
)


async def _athlete(uow, telegram_id: int = 1) -> int:
    async with uow() as u:
        athlete = await u.athletes.add(telegram_id=telegram_id, name="Ann", username=None, now=NOW)
        await u.commit()
    return athlete.id


async def _plan(uow, athlete_id: int, week_start: date = MONDAY, spec: PlanSpec = SPEC):
    async with uow() as u:
        plan = await u.plans.add(
            athlete_id=athlete_id,
            trainer_id=None,
            week_start=week_start,
            week_end=week_start + timedelta(days=6),
            week_number=1,
            motivational_message="Welcome",
            spec=spec,
            now=NOW,
        )
        await u.commit()
    return plan


async def _count(engine, table) -> int:
    async with engine.connect() as connection:
        return (await connection.execute(select(func.count()).select_from(table))).scalar_one()


async def test_uncommitted_work_is_rolled_back(uow, engine) -> None:
    async with uow() as u:
        await u.athletes.add(telegram_id=7, name="Ghost", username=None, now=NOW)
    assert await _count(engine, AthleteRow) == 0


async def test_work_is_rolled_back_on_error(uow, engine) -> None:
    with pytest.raises(RuntimeError):
        async with uow() as u:
            await u.athletes.add(telegram_id=7, name="Ghost", username=None, now=NOW)
            raise RuntimeError("boom")
    assert await _count(engine, AthleteRow) == 0


async def test_committed_plan_reads_back_whole_with_aware_times(uow) -> None:
    athlete_id = await _athlete(uow)
    created = await _plan(uow, athlete_id)
    async with uow() as u:
        plan = await u.plans.get(created.id)
    assert plan == created
    assert [w.title for w in plan.workouts] == ["Upper body", "Run"]
    assert [e.name for e in plan.workouts[0].exercises] == ["Push-ups", "Row"]
    assert plan.workouts[0].exercises[1].video.url == "https://example.com/row.mp4"
    assert plan.workouts[1].exercises[0].duration_seconds == 1800
    assert plan.created_at == NOW and plan.created_at.tzinfo is not None


async def test_the_done_tap_s_plan_read_is_the_plan_read_back_whole(uow) -> None:
    """``plan_of_workout_locked`` reads the plan as flat columns (it runs on every Done
    tap); it must build the same plan as the ORM read: workouts and exercises in
    order, videos, a workout without exercises, the times aware."""
    athlete_id = await _athlete(uow)
    spec = PlanSpec(
        workouts=(
            *SPEC.workouts,
            WorkoutSpec(day_of_week=0, title="Mobility", exercises=()),
            WorkoutSpec(
                day_of_week=1,
                title="Legs",
                exercises=(
                    ExerciseSpec(name="Squat", sets=5, reps=5, load_kg=80.0),
                    ExerciseSpec(
                        name="Lunge", sets=3, reps=8, video=VideoSpec(url="https://e.com/l")
                    ),
                ),
            ),
        )
    )
    created = await _plan(uow, athlete_id, spec=spec)
    async with uow() as u:
        whole = await u.plans.get(created.id)
        for workout in whole.workouts:
            plan, trainer = await u.plans.plan_of_workout_locked(workout.id)
            assert plan == whole
            assert trainer is None
        assert await u.plans.plan_of_workout_locked(10_000) is None
    assert [w.title for w in whole.workouts] == ["Upper body", "Mobility", "Legs", "Run"]
    assert whole.workouts[1].exercises == ()
    assert whole.workouts[2].exercises[1].video.url == "https://e.com/l"
    assert plan.created_at.tzinfo is not None


async def test_one_plan_per_athlete_per_week_is_enforced_by_the_database(uow) -> None:
    """No check in the repository: the unique key refuses it, reported as PlanExists."""
    athlete_id = await _athlete(uow)
    await _plan(uow, athlete_id)
    with pytest.raises(PlanExists) as refused:
        await _plan(uow, athlete_id)
    assert isinstance(refused.value.__cause__, IntegrityError)


async def test_deleting_a_plan_deletes_everything_under_it(uow, engine) -> None:
    athlete_id = await _athlete(uow)
    plan = await _plan(uow, athlete_id)
    exercise = plan.workouts[0].exercises[0]
    async with uow() as u:
        await u.logs.add(
            exercise_id=exercise.id,
            athlete_id=athlete_id,
            sets=3,
            reps=12,
            duration_seconds=None,
            load=None,
            notes=None,
            now=NOW,
        )
        stats = await u.plans.stats_for_plans([plan.id])
        await u.summaries.save(summarize(stats[0], NOW))
        await u.commit()
    for table in (WorkoutRow, ExerciseRow, VideoRow, LogRow, SummaryRow):
        assert await _count(engine, table) > 0, table
    async with uow() as u:
        assert await u.plans.delete(plan.id)
        await u.commit()
    for table in (PlanRow, WorkoutRow, ExerciseRow, VideoRow, LogRow, SummaryRow):
        assert await _count(engine, table) == 0, table
    assert await _count(engine, AthleteRow) == 1


async def test_an_exercise_is_either_rep_or_time_based(uow) -> None:
    athlete_id = await _athlete(uow)
    bad = PlanSpec(
        workouts=(
            WorkoutSpec(
                day_of_week=0,
                title="Odd",
                exercises=(ExerciseSpec(name="Both", sets=1, reps=1, duration_seconds=60),),
            ),
        )
    )
    with pytest.raises(IntegrityError):
        async with uow() as u:
            await u.plans.add(
                athlete_id=athlete_id,
                trainer_id=None,
                week_start=MONDAY,
                week_end=MONDAY,
                week_number=1,
                motivational_message="x",
                spec=bad,
                now=NOW,
            )


async def test_setting_a_workout_done_twice_changes_it_once(uow) -> None:
    athlete_id = await _athlete(uow)
    plan = await _plan(uow, athlete_id)
    workout_id = plan.workouts[0].id
    later = NOW.replace(hour=18)
    async with uow() as u:
        assert await u.plans.set_workout_completed(workout_id, True, NOW)
        assert not await u.plans.set_workout_completed(workout_id, True, later)
        await u.commit()
    async with uow() as u:
        workout, owner = await u.plans.get_workout(workout_id)
    assert workout.completed and workout.completed_at == NOW and owner == athlete_id


async def test_a_reading_unit_of_work_reads_while_another_holds_the_write_lock(uow) -> None:
    """On SQLite every writer takes the write lock at BEGIN; a reader must not queue
    behind it (it would wait out the busy timeout, then fail with "database is locked")."""
    athlete_id = await _athlete(uow)
    writer = uow()
    async with writer as w:
        await w.athletes.update(athlete_id, now=NOW, name="Ann B.")
        await w._session.flush()  # the write lock (SQLite) or the row lock (PostgreSQL)
        reader = uow()
        async with reader.reading() as r:
            seen = await r.athletes.get(athlete_id)
        assert seen is not None and seen.name == "Ann"  # its own snapshot, not the writer's
        await w.commit()
    async with uow().reading() as r:
        assert (await r.athletes.get(athlete_id)).name == "Ann B."


async def test_a_reading_unit_of_work_refuses_to_write(uow) -> None:
    athlete_id = await _athlete(uow)
    reader = uow()
    with pytest.raises(RuntimeError, match="cannot"):
        async with reader.reading() as r:
            await r.athletes.update(athlete_id, now=NOW, name="Changed")
            await r.commit()
    async with uow() as u:
        assert (await u.athletes.get(athlete_id)).name == "Ann"
        # reading() marks one 'async with' only: the next one writes as usual.
        await u.athletes.update(athlete_id, now=NOW, name="Changed")
        await u.commit()


async def test_writers_of_one_process_take_turns_before_sqlite_s_lock(engine) -> None:
    """On SQLite a second writer waits for its turn in the process (woken as soon as the
    first is done) instead of in SQLite's busy handler, which sleeps in growing steps.
    On PostgreSQL nobody waits here: rows have their own locks."""
    order: list[str] = []
    first_in = asyncio.Event()

    async def writer(name: str, hold: asyncio.Event | None) -> None:
        async with writing(engine):
            order.append(f"{name} in")
            if hold is not None:
                first_in.set()
                await hold.wait()
            order.append(f"{name} out")

    release = asyncio.Event()
    first = asyncio.create_task(writer("first", release))
    await first_in.wait()
    second = asyncio.create_task(writer("second", None))
    await asyncio.sleep(0)  # the second gets going
    await asyncio.sleep(0)
    if engine.dialect.name == "sqlite":
        assert order == ["first in"] and not second.done()
    else:
        assert order == ["first in", "second in", "second out"]
    release.set()
    await asyncio.gather(first, second)
    assert order[-1] in ("first out", "second out") and len(order) == 4


async def test_a_writer_inside_a_writer_fails_as_sqlite_would(engine, monkeypatch) -> None:
    monkeypatch.setattr("storage.db.SQLITE_BUSY_TIMEOUT_MS", 50)
    async with writing(engine):
        if engine.dialect.name == "postgresql":  # no turns there: nothing waits
            async with writing(engine):
                return
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            async with writing(engine):
                pass


async def test_an_autocommitting_unit_of_work_commits_each_statement_on_postgresql(
    uow, engine
) -> None:
    """The tick's outcomes (core.services.deliveries._settle): on PostgreSQL each
    statement stands alone, visible at once, with no BEGIN or COMMIT sent; SQLite keeps
    its one transaction (a rollback there still undoes)."""
    sent: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement.split()[0].upper())

    unit = uow()
    async with unit.autocommitting():
        await unit.athletes.add(telegram_id=77, name="Ann", username=None, now=NOW)
        async with engine.connect() as other:
            await other.execution_options(**{READ_ONLY: True})  # SQLite: no write lock
            seen = await other.scalar(select(func.count()).select_from(AthleteRow))
        await unit.rollback()
    async with engine.connect() as other:
        kept = await other.scalar(select(func.count()).select_from(AthleteRow))
    if engine.dialect.name == "postgresql":
        assert (seen, kept) == (1, 1)
        event.listen(engine.sync_engine, "before_cursor_execute", record)
        try:
            unit = uow()
            # asyncpg's BEGIN and COMMIT don't pass SQLAlchemy's cursor events: counted there.
            with round_trips("postgresql") as trips:
                async with unit.autocommitting():
                    await unit.athletes.add(telegram_id=78, name="Bo", username=None, now=NOW)
                    await unit.commit()
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", record)
        assert sent == ["INSERT"]
        # Nothing besides the INSERT: the connection was back in the pool moments ago, so
        # it is not pinged (storage.db._check_out).
        assert trips == [], trips
    else:
        assert (seen, kept) == (0, 0)


async def test_notices_are_kept_only_for_workouts_still_done_and_pop_says_if_shared(uow) -> None:
    athlete_id = await _athlete(uow)
    plan = await _plan(uow, athlete_id)
    done, undone = (w.id for w in plan.workouts)
    async with uow() as u:
        await u.plans.set_workout_completed(done, True, NOW)
        # One message told of both; the second was undone while it was on its way.
        kept = await u.notices.save_if_done(
            [
                TrainerNotice(done, 77, 500, shared=True),
                TrainerNotice(undone, 77, 500, shared=True),
            ],
            NOW,
        )
        await u.commit()
    assert kept == {done}
    async with uow() as u:
        assert await u.notices.pop(undone) is None
        assert await u.notices.pop(done) == TrainerNotice(done, 77, 500, shared=True)
        # A notice of its own replaces it, and is not shared.
        await u.notices.save(TrainerNotice(done, 77, 501), NOW)
        assert await u.notices.pop(done) == TrainerNotice(done, 77, 501, shared=False)
        await u.commit()
