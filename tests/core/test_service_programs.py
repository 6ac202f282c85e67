"""Program services on real SQLite and PostgreSQL: write, publish, Friday generation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from core import errors
from core.log_entry import parse_log_entry
from core.models import DeliveryKind
from core.services import completion, deliveries, invites, programs
from storage.uow import SqlUnitOfWork
from tests.conftest import NOW, People, publish_program

THIS_MONDAY = date(2026, 11, 23)
NEXT_MONDAY = date(2026, 11, 30)
FRIDAY_NOON = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
TEXT = """\
Week 1
Mon: Legs
- Back squat 3x8-12 @ 40kg
- Bench press 5x5 @ 75%
Week 2
Mon: Legs
- Back squat 3x8-12 @ 40kg
- Bench press 5x5 @ 80%
"""


async def test_publish_then_friday_generates_week_two_once(
    uow: Callable[[], SqlUnitOfWork], users: People
) -> None:
    coach = await users.trainer("Coach")
    ana = await users.athlete_of(coach, "Ana")
    program = await programs.create_program(uow(), coach, name="Strength", text=TEXT, now=NOW)
    assert [p.week_count for p in await programs.list_programs(uow(), coach)] == [2]
    await programs.set_training_max(
        uow(),
        coach,
        athlete_id=ana.athlete.id,
        exercise_name="bench PRESS",
        load=100,
        unit=programs.LoadUnit.KG,
        now=NOW,
    )
    published = await publish_program(
        uow(),
        coach,
        program_id=program.id,
        athlete_id=ana.athlete.id,
        week_start=THIS_MONDAY,
        now=NOW,
    )
    squat, bench = published.published[0].workouts[0].exercises
    assert bench.load == "75kg"
    log = parse_log_entry("3x12 @ 40kg")
    await completion.log_exercise(uow(), ana, squat.id, log, NOW)

    assert await programs.generate_due_weeks(uow(), NOW, default_tz="UTC", worker="a") == []
    first = await programs.generate_due_weeks(uow(), FRIDAY_NOON, default_tz="UTC", worker="a")
    again = await programs.generate_due_weeks(uow(), FRIDAY_NOON, default_tz="UTC", worker="b")
    assert len(first) == 1 and again == []
    week = first[0]
    assert week.plan is not None and week.plan.week_start == NEXT_MONDAY
    squat2, bench2 = week.plan.workouts[0].exercises
    assert (squat2.reps, squat2.reps_max, squat2.load) == (8, 12, "42.5kg")
    assert bench2.load == "80kg"
    await programs.notified(uow(), week, sent=True, worker="a", now=FRIDAY_NOON)
    rows = await deliveries.ledger(uow(), kind=DeliveryKind.PROGRAM_WEEK)
    assert [(r.athlete_id, r.period, r.status.value) for r in rows] == [
        (ana.athlete.id, NEXT_MONDAY, "sent")
    ]


async def test_missing_max_leaves_the_load_out_and_names_it(
    uow: Callable[[], SqlUnitOfWork], users: People
) -> None:
    coach = await users.trainer("Coach")
    ana = await users.athlete_of(coach, "Ana")
    program = await programs.create_program(uow(), coach, name="P", text=TEXT, now=NOW)
    resolved = await programs.program_week_spec(
        uow(),
        coach,
        program_id=program.id,
        athlete_id=ana.athlete.id,
        week_index=1,
        week_start=THIS_MONDAY,
        now=NOW,
    )
    assert resolved.missing_maxes == ("Bench press",)
    assert resolved.spec.workouts[0].exercises[1].load is None


async def test_another_trainer_changes_nothing(
    uow: Callable[[], SqlUnitOfWork], users: People
) -> None:
    coach = await users.trainer("Coach")
    other = await users.trainer("Other")
    ana = await users.athlete_of(coach, "Ana")
    bob = await users.athlete_of(other, "Bob")
    program = await programs.create_program(uow(), coach, name="P", text=TEXT, now=NOW)
    with pytest.raises(errors.PermissionDenied):
        await programs.delete_program(uow(), other, program.id)
    with pytest.raises(errors.PermissionDenied):
        await publish_program(
            uow(),
            other,
            program_id=program.id,
            athlete_id=bob.athlete.id,
            week_start=THIS_MONDAY,
            now=NOW,
        )
    with pytest.raises(errors.PermissionDenied):
        await programs.set_training_max(
            uow(),
            other,
            athlete_id=ana.athlete.id,
            exercise_name="Squat",
            load=100,
            unit=programs.LoadUnit.KG,
            now=NOW,
        )
    with pytest.raises(errors.PermissionDenied):
        await publish_program(
            uow(),
            coach,
            program_id=program.id,
            athlete_id=bob.athlete.id,
            week_start=THIS_MONDAY,
            now=NOW,
        )
    assert await programs.list_programs(uow(), other) == []
    assert (await programs.get_program(uow(), coach, program.id)).name == "P"
    assert await programs.training_maxes(uow(), coach, [ana.athlete.id]) == []


async def test_starting_from_a_later_week_generates_only_the_weeks_after_it(
    uow: Callable[[], SqlUnitOfWork], users: People
) -> None:
    coach = await users.trainer("Coach")
    ana = await users.athlete_of(coach, "Ana")
    program = await programs.create_program(uow(), coach, name="P", text=TEXT, now=NOW)
    published = await publish_program(
        uow(),
        coach,
        program_id=program.id,
        athlete_id=ana.athlete.id,
        week_start=THIS_MONDAY,
        now=NOW,
        start_index=2,
    )
    assert published.published[0].workouts[0].exercises[1].load is None  # 80%, and no max
    assert await programs.generate_due_weeks(uow(), FRIDAY_NOON, default_tz="UTC", worker="a") == []


async def test_an_athlete_who_moved_to_another_trainer_gets_no_more_weeks(
    uow: Callable[[], SqlUnitOfWork], users: People
) -> None:
    coach = await users.trainer("Coach")
    other = await users.trainer("Other")
    ana = await users.athlete_of(coach, "Ana")
    program = await programs.create_program(uow(), coach, name="P", text=TEXT, now=NOW)
    await publish_program(
        uow(),
        coach,
        program_id=program.id,
        athlete_id=ana.athlete.id,
        week_start=THIS_MONDAY,
        now=NOW,
    )
    invite = await invites.create_athlete_invite(uow(), other, NOW)
    await invites.redeem(uow(), ana, invite.payload, NOW)
    assert await programs.generate_due_weeks(uow(), FRIDAY_NOON, default_tz="UTC", worker="a") == []
    rows = await deliveries.ledger(uow(), kind=DeliveryKind.PROGRAM_WEEK)
    assert [r.status.value for r in rows] == ["skipped"]


async def test_a_tick_with_nothing_due_costs_the_same_for_1_or_6_followers(
    uow: Callable[[], SqlUnitOfWork], users: People, count_statements
) -> None:
    coach = await users.trainer("Coach")
    program = await programs.create_program(uow(), coach, name="P", text=TEXT, now=NOW)
    counts = []
    for size in (1, 6):
        for n in range(size - len(counts) * 1):
            athlete = await users.athlete_of(coach, f"A{size}-{n}")
            await publish_program(
                uow(),
                coach,
                program_id=program.id,
                athlete_id=athlete.athlete.id,
                week_start=THIS_MONDAY,
                now=NOW,
            )
        with count_statements() as counter:
            assert await programs.generate_due_weeks(uow(), NOW, default_tz="UTC", worker="a") == []
        counts.append(counter.count)
        with count_statements() as counter:
            assert len(await programs.list_programs(uow(), coach)) == 1
        assert counter.count <= 3  # BEGIN, the one SELECT, ROLLBACK at most
    assert counts[0] == counts[1]
