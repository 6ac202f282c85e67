"""Statement counts that must not grow with the data: publishing a plan (one multi-row
INSERT per level, whatever the number of workouts) and the scheduled tick (a constant
number per batch, about one per message). Counted with SQLAlchemy's cursor events,
on SQLite and PostgreSQL; no timings here (those are in bench/)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from core.models import DeliveryKind, DeliveryStatus
from core.motivation import WELCOME
from core.plan_spec import ExerciseSpec, PlanSpec, VideoSpec, WorkoutSpec
from core.progression import Progression
from core.services import deliveries, plans
from tests.conftest import NOW
from tests.core.test_service_deliveries import RecordingSender, tick

THIS_MONDAY = date(2026, 11, 23)
NEXT_MONDAY = date(2026, 11, 30)
MONDAY_8 = datetime(2026, 11, 30, 8, tzinfo=UTC)


def week_of(workouts: int) -> PlanSpec:
    """``workouts`` workouts over the week, each with three exercises, one with a video."""
    return PlanSpec(
        tuple(
            WorkoutSpec(
                day_of_week=n % 7,
                title=f"Session {n}",
                duration_minutes=30,
                exercises=(
                    ExerciseSpec("Squat", 5, reps=5, load="60kg"),
                    ExerciseSpec("Plank", 3, duration_seconds=60),
                    ExerciseSpec(
                        "Row", 4, reps=10, video=VideoSpec("https://example.com/row.mp4", "Row")
                    ),
                ),
            )
            for n in range(workouts)
        )
    )


async def test_publishing_takes_the_same_statements_for_3_or_21_workouts(
    uow, users, count_statements
) -> None:
    coach = await users.trainer("Coach")
    counts = {}
    for size in (3, 21):
        athlete = await users.athlete_of(coach, f"A{size}")
        with count_statements() as counter:
            plan = await plans.create_plan(
                uow(),
                coach,
                athlete_id=athlete.athlete_id,
                week_start=THIS_MONDAY,
                spec=week_of(size),
                now=NOW,
            )
        counts[size] = counter.count
        assert len(plan.workouts) == size
        assert sum(len(w.exercises) for w in plan.workouts) == 3 * size
        assert [e.video.url for w in plan.workouts for e in w.exercises if e.video] == [
            "https://example.com/row.mp4"
        ] * size
        # Copying forward goes the same way.
        with count_statements() as counter:
            copied = await plans.copy_latest_week(
                uow(), coach, athlete_id=athlete.athlete_id, progression=Progression(), now=NOW
            )
        counts[("copy", size)] = counter.count
        assert len(copied.workouts) == size and copied.week_start == NEXT_MONDAY
    print(f"publish statements: 3 workouts {counts[3]}, 21 workouts {counts[21]}")
    assert counts[3] == counts[21]
    assert counts[("copy", 3)] == counts[("copy", 21)]


async def _athletes_with_plans(uow, count: int, first_telegram_id: int) -> None:
    async with uow() as u:
        for n in range(count):
            athlete = await u.athletes.add(
                telegram_id=first_telegram_id + n, name=f"A{n}", username=None, now=NOW
            )
            await u.plans.add(
                athlete_id=athlete.id,
                trainer_id=None,
                week_start=NEXT_MONDAY,
                week_end=NEXT_MONDAY + timedelta(days=6),
                week_number=1,
                motivational_message=WELCOME,
                spec=week_of(3),  # Monday, Tuesday, Wednesday
                now=NOW,
            )
        await u.commit()


async def test_a_weekly_tick_costs_at_most_two_statements_per_message(
    uow, count_statements, engine
) -> None:
    """The marginal cost of one more message, and the average over a whole tick."""
    costs = {}
    for in_flight in (1, 4):
        for size in (10, 60):
            # A fresh week's worth of recipients each round: new telegram ids.
            first = 100_000 * in_flight + 1000 * size
            await _athletes_with_plans(uow, size, first)
            sender = RecordingSender()
            with count_statements() as counter:
                # Monday 08:00: the week's message and the 07:00 reminder, for each.
                report = await tick(uow, sender, MONDAY_8, in_flight=in_flight)
            costs[(in_flight, size)] = (counter.count, report.sent)
            assert report.sent == len(sender.delivered) == 2 * size
            async with uow() as u:
                rows = await u.deliveries.list(kind=DeliveryKind.WEEKLY)
            assert {r.status for r in rows} == {DeliveryStatus.SENT}
    for in_flight in (1, 4):
        (small, small_sent), (large, large_sent) = costs[(in_flight, 10)], costs[(in_flight, 60)]
        marginal = (large - small) / (large_sent - small_sent)
        average = large / large_sent
        print(
            f"tick on {engine.dialect.name}, {in_flight} in flight: {marginal:.2f} statements "
            f"per extra message, {average:.2f} per message over {large_sent} messages"
        )
        assert marginal <= 2
        if in_flight > 1 or engine.dialect.name == "postgresql":
            assert average <= 2


async def test_a_tick_claims_and_composes_a_batch_in_a_constant_number_of_statements(
    uow, count_statements
) -> None:
    """Claiming, composing and (with all of them in flight at once) settling a batch
    takes the same statements for 20 recipients as for 40."""
    counts = {}
    assert deliveries.BATCH >= 40
    for size in (20, 40):
        await _athletes_with_plans(uow, size, 200_000 + 1000 * size)
        with count_statements() as counter:
            report = await tick(uow, RecordingSender(), MONDAY_8, in_flight=size * 2)
        counts[size] = (counter.count, report.sent)
    (small, small_sent), (large, large_sent) = counts[20], counts[40]
    assert (small_sent, large_sent) == (40, 80)  # weekly and reminder, in one batch each
    assert large == small
