"""Publishing a plan: statements for a week of 3 workouts against one of 21.

Baseline: the 3-workout week, in the same run. Each workout has three exercises, one
with a video; the plan is published through the service, as the /plan dialogue does,
and then copied forward (/copyweek). Goal: equal counts (a ratio of 1.00).
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime

from bench._fixtures import Statements, database, make_engine
from core.plan_spec import ExerciseSpec, PlanSpec, VideoSpec, WorkoutSpec
from core.progression import Progression
from core.services import invites, people, plans, trainers
from storage.db import create_session_factory
from storage.uow import SqlUnitOfWork

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
THIS_MONDAY = date(2026, 11, 23)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        default=None,
        help="a PostgreSQL server to create a scratch database on (default: SQLite)",
    )


def week_of(workouts: int) -> PlanSpec:
    return PlanSpec(
        tuple(
            WorkoutSpec(
                day_of_week=n % 7,
                title=f"Session {n}",
                duration_minutes=30,
                exercises=(
                    ExerciseSpec("Squat", 5, reps=5, load="60kg"),
                    ExerciseSpec("Plank", 3, duration_seconds=60),
                    ExerciseSpec("Row", 4, reps=10, video=VideoSpec("https://example.com/row")),
                ),
            )
            for n in range(workouts)
        )
    )


async def main(args: argparse.Namespace) -> None:
    async with database(args.database_url) as url:
        engine = make_engine(url)
        try:
            factory = create_session_factory(engine)

            def uow() -> SqlUnitOfWork:
                return SqlUnitOfWork(factory)

            await trainers.add_trainer(uow(), telegram_id=1, name="Tess", now=NOW)
            coach = await people.identify(
                uow(), telegram_id=1, name="Tess", username=None, is_admin=False, now=NOW
            )
            counts: dict[str, int] = {}
            statements = Statements(engine)
            for size in (3, 21):
                athlete = await people.identify(
                    uow(),
                    telegram_id=100 + size,
                    name=f"A{size}",
                    username=None,
                    is_admin=False,
                    now=NOW,
                )
                invite = await invites.create_athlete_invite(uow(), coach, NOW)
                await invites.redeem(uow(), athlete, invite.payload, NOW)
                statements.count = 0
                await plans.create_plan(
                    uow(),
                    coach,
                    athlete_id=athlete.athlete_id,
                    week_start=THIS_MONDAY,
                    spec=week_of(size),
                    now=NOW,
                )
                counts[f"publish {size}"] = statements.count
                statements.count = 0
                await plans.copy_latest_week(
                    uow(), coach, athlete_id=athlete.athlete_id, progression=Progression(), now=NOW
                )
                counts[f"copy {size}"] = statements.count
            dialect = engine.dialect.name
        finally:
            await engine.dispose()
    print(f"plan publish statements on {dialect} (3 exercises a workout, one with a video)")
    for action in ("publish", "copy"):
        small, large = counts[f"{action} 3"], counts[f"{action} 21"]
        print(
            f"  {action:7s}  3 workouts: {small:3d}   21 workouts: {large:3d}   "
            f"ratio 21/3: {large / small:.2f} (goal 1.00)"
        )
