"""A program published to a group (publishing to many with a program as the source), and
the trainer's load step in program generation, on real SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from core import errors
from core.attention import Flag
from core.log_entry import parse_log_entry
from core.plan_sources import SourceRef
from core.services import (
    athlete_groups,
    attention,
    completion,
    invites,
    profiles,
    programs,
    publishing,
    templates,
)
from storage.uow import SqlUnitOfWork
from tests.conftest import NOW, People

THIS_MONDAY = date(2026, 11, 23)
NEXT_MONDAY = date(2026, 11, 30)
FRIDAY_NOON = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
TEXT = "\n".join(
    f"Week {n}\nMon: Legs\n- Back squat 3x8-12 @ 40kg\n- Bench press 5x5 @ {70 + n * 5}%"
    for n in range(1, 5)
)


async def _publish(uow, actor, ref, **choice) -> list[publishing.AthleteOutcome]:
    return [
        outcome
        async for outcome in publishing.publish(
            uow, actor, ref, first_week=THIS_MONDAY, now=NOW, **choice
        )
    ]


async def test_a_group_gets_loads_of_its_own_and_each_follows_the_program(
    uow: Callable[[], SqlUnitOfWork], users: People
) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    bob = await users.athlete_of(coach, "Bob")
    program = await programs.create_program(uow(), coach, name="Block", text=TEXT, now=NOW)
    for athlete, load in ((ann, 100), (bob, 120)):
        await programs.set_training_max(
            uow(),
            coach,
            athlete_id=athlete.athlete.id,
            exercise_name="Bench press",
            load=load,
            unit=programs.LoadUnit.KG,
            now=NOW,
        )
    group = await athlete_groups.create_group(
        uow(), coach, name="Squad", member_ids=[ann.athlete.id, bob.athlete.id], now=NOW
    )
    ref = SourceRef("program", program.id, 2)  # week 2: 80%
    assert (await publishing.source_info(uow(), coach, ref)).starts == 4
    shown = await publishing.preview(
        uow(), coach, ref, athlete_ids=[], group_ids=[group.id], first_week=THIS_MONDAY, now=NOW
    )
    loads = {
        a.athlete.name: a.weeks[0].sourced.spec.workouts[0].exercises[1].load
        for a in shown.athletes
    }
    assert loads == {"Ann": "80kg", "Bob": "95kg"}  # 96 kg to the 2.5 kg step

    outcomes = await _publish(uow(), coach, ref, athlete_ids=[], group_ids=[group.id])
    assert [(o.athlete.name, len(o.published)) for o in outcomes] == [("Ann", 1), ("Bob", 1)]
    assert [o.published[0].workouts[0].exercises[1].load for o in outcomes] == ["80kg", "95kg"]

    made = await programs.generate_due_weeks(uow(), FRIDAY_NOON, default_tz="UTC", worker="a")
    assert sorted((w.assignment.athlete_name, w.week_index) for w in made) == [
        ("Ann", 3),
        ("Bob", 3),
    ]
    by_name = {w.assignment.athlete_name: w.plan for w in made}
    assert by_name["Ann"].week_start == NEXT_MONDAY
    assert by_name["Ann"].workouts[0].exercises[1].load == "85kg"
    assert by_name["Bob"].workouts[0].exercises[1].load == "102.5kg"  # 102 kg to the step


async def test_publishing_again_skips_a_started_week(
    uow: Callable[[], SqlUnitOfWork], users: People
) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    program = await programs.create_program(uow(), coach, name="Block", text=TEXT, now=NOW)
    ref = SourceRef("program", program.id)
    [first] = await _publish(uow(), coach, ref, athlete_ids=[ann.athlete.id], group_ids=[])
    squat = first.published[0].workouts[0].exercises[0]
    await completion.log_exercise(uow(), ann, squat.id, parse_log_entry("3x8 @ 40kg"), NOW)
    [again] = await _publish(uow(), coach, ref, athlete_ids=[ann.athlete.id], group_ids=[])
    assert again.published == () and again.skipped == ((THIS_MONDAY, "started"),)


async def test_another_trainers_program_athlete_or_start_changes_nothing(
    uow: Callable[[], SqlUnitOfWork], users: People
) -> None:
    coach = await users.trainer("Coach")
    other = await users.trainer("Other")
    ann = await users.athlete_of(coach, "Ann")
    bob = await users.athlete_of(other, "Bob")
    program = await programs.create_program(uow(), coach, name="Block", text=TEXT, now=NOW)
    with pytest.raises(errors.PermissionDenied):
        await _publish(
            uow(),
            other,
            SourceRef("program", program.id),
            athlete_ids=[bob.athlete.id],
            group_ids=[],
        )
    with pytest.raises(errors.PermissionDenied):
        await _publish(
            uow(),
            coach,
            SourceRef("program", program.id),
            athlete_ids=[bob.athlete.id],
            group_ids=[],
        )
    with pytest.raises(errors.NotFound):
        await _publish(
            uow(),
            coach,
            SourceRef("program", program.id, 5),
            athlete_ids=[ann.athlete.id],
            group_ids=[],
        )
    with pytest.raises(errors.NotFound):
        await publishing.source_info(uow(), coach, SourceRef("template", program.id, 2))
    async with uow() as unit:
        assert await unit.programs.assignments() == []
        assert await unit.plans.get_for_week(bob.athlete.id, THIS_MONDAY) is None


@pytest.mark.parametrize(
    ("step", "bench", "squat"), [(None, "75kg", "42.5kg"), ("1.25", "76.25kg", "41.25kg")]
)
async def test_the_trainers_load_step_rounds_percentages_and_steps_ranges_up(
    uow: Callable[[], SqlUnitOfWork], users: People, step: str | None, bench: str, squat: str
) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    if step is not None:
        await profiles.set_load_step(uow(), coach, step, now=NOW)
    text = "Week 1\nMon: Legs\n- Back squat 3x8-12 @ 40kg\n- Bench press 5x5 @ 75%\n" + (
        "Week 2\nMon: Legs\n- Back squat 3x8-12 @ 40kg\n- Bench press 5x5 @ 75%"
    )
    program = await programs.create_program(uow(), coach, name="P", text=text, now=NOW)
    await programs.set_training_max(
        uow(),
        coach,
        athlete_id=ann.athlete.id,
        exercise_name="Bench press",
        load=101,
        unit=programs.LoadUnit.KG,
        now=NOW,
    )
    ref = SourceRef("program", program.id)
    [first] = await _publish(uow(), coach, ref, athlete_ids=[ann.athlete.id], group_ids=[])
    squat1, bench1 = first.published[0].workouts[0].exercises
    assert bench1.load == bench  # 75.75 kg to the step
    await completion.log_exercise(uow(), ann, squat1.id, parse_log_entry("3x12 @ 40kg"), NOW)
    [week] = await programs.generate_due_weeks(uow(), FRIDAY_NOON, default_tz="UTC", worker="a")
    squat2, bench2 = week.plan.workouts[0].exercises
    assert (squat2.reps, squat2.load) == (8, squat)
    assert bench2.load == bench


async def test_a_progression_program_rounds_to_the_trainers_step(
    uow: Callable[[], SqlUnitOfWork], users: People
) -> None:
    coach = await users.trainer("Coach")
    await profiles.set_load_step(uow(), coach, "1.25", now=NOW)
    coach = await users.refresh(coach)
    text = "Mon: Legs\n- Back squat 5x5 @ 42kg\nProgression:\nWeek 2: +5%"
    program = await programs.create_program(uow(), coach, name="P", text=text, now=NOW)
    assert "43.75kg" in program.weeks[1]  # 44.1 to the 1.25 kg step (2.5 kg: 45)


async def test_a_program_built_on_a_template_with_a_progression_per_week(
    uow: Callable[[], SqlUnitOfWork], users: People
) -> None:
    coach = await users.trainer("Coach")
    other = await users.trainer("Other")
    base = await templates.save_template(
        uow(),
        coach,
        name="Legs",
        text="Mon: Legs\n- Back squat 3x8-12 @ 40kg\n- Plank 3x30s",
        now=NOW,
    )
    program = await programs.create_program_from_template(
        uow(),
        coach,
        name="Block",
        template_id=base.id,
        progressions="Week 2: +1 set\n+2.5kg\nWeek 4: +10s, -10%",
        now=NOW,
    )
    assert len(program.weeks) == 4
    assert program.weeks[0] == "Mon: Legs\n- Back squat 3x8-12 @ 40kg\n- Plank 3x30s"
    assert "4x8-12 @ 40kg" in program.weeks[1] and "4x30s" in program.weeks[1]
    assert "4x8-12 @ 42.5kg" in program.weeks[2]
    assert "4x8-12 @ 37.5kg" in program.weeks[3] and "4x40s" in program.weeks[3]

    with pytest.raises(errors.PlanTextError) as raised:
        await programs.create_program_from_template(
            uow(),
            coach,
            name="Bad",
            template_id=base.id,
            progressions="+1 rep\nWeek 4: +1 set\nmore",
            now=NOW,
        )
    assert [e.line for e in raised.value.errors] == [2, 3]
    with pytest.raises(errors.PlanTextError):
        await programs.create_program_from_template(
            uow(), coach, name="Empty", template_id=base.id, progressions="  ", now=NOW
        )
    with pytest.raises(errors.TemplateNotFound):
        await programs.create_program_from_template(
            uow(), other, name="Mine", template_id=base.id, progressions="+1 rep", now=NOW
        )
    assert [p.name for p in await programs.list_programs(uow(), coach)] == ["Block"]
    assert await programs.list_programs(uow(), other) == []


async def test_a_program_that_makes_next_week_is_not_a_missing_plan(
    uow: Callable[[], SqlUnitOfWork], users: People
) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    bob = await users.athlete_of(coach, "Bob")
    two_weeks = "Week 1\nMon: A\n- Squat 3x5\nWeek 2\nMon: A\n- Squat 3x5"
    program = await programs.create_program(uow(), coach, name="P", text=two_weeks, now=NOW)
    ref = SourceRef("program", program.id)
    await _publish(uow(), coach, ref, athlete_ids=[ann.athlete.id, bob.athlete.id], group_ids=[])
    other = await users.trainer("Other")
    await invites.redeem(
        uow(), bob, (await invites.create_athlete_invite(uow(), other, NOW)).payload, NOW
    )
    thursday = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    async with uow() as unit:
        found = await attention.standings(
            unit, [ann.athlete, (await users.refresh(bob)).athlete], thursday
        )
    flags = {s.athlete.name: s.flags for s in found}
    assert Flag.NO_NEXT_PLAN not in flags["Ann"]  # week 2 comes on Friday
    assert Flag.NO_NEXT_PLAN in flags["Bob"]  # moved to another trainer: no more weeks
    async with uow() as unit:
        later = await attention.standings(unit, [ann.athlete], thursday + timedelta(weeks=1))
    assert Flag.NO_NEXT_PLAN in later[0].flags  # after the program's last week


async def test_a_program_preview_costs_the_same_for_2_or_6_athletes(
    uow: Callable[[], SqlUnitOfWork], users: People, count_statements
) -> None:
    coach = await users.trainer("Coach")
    program = await programs.create_program(uow(), coach, name="Block", text=TEXT, now=NOW)
    ids: list[int] = []
    counts = []
    for size in (2, 6):
        while len(ids) < size:
            athlete = await users.athlete_of(coach, f"A{len(ids)}")
            ids.append(athlete.athlete.id)
            await programs.set_training_max(
                uow(),
                coach,
                athlete_id=athlete.athlete.id,
                exercise_name="Bench press",
                load=100,
                unit=programs.LoadUnit.KG,
                now=NOW,
            )
            squat = (
                (
                    await _publish(
                        uow(),
                        coach,
                        SourceRef("program", program.id),
                        athlete_ids=[athlete.athlete.id],
                        group_ids=[],
                    )
                )[0]
                .published[0]
                .workouts[0]
                .exercises[0]
            )
            await completion.log_exercise(
                uow(), athlete, squat.id, parse_log_entry("3x12 @ 40kg"), NOW
            )
        with count_statements() as counter:
            shown = await publishing.preview(
                uow(),
                coach,
                SourceRef("program", program.id, 2),
                athlete_ids=ids,
                group_ids=[],
                first_week=NEXT_MONDAY,
                now=NOW,
            )
        counts.append(counter.count)
        squats = {a.weeks[0].sourced.spec.workouts[0].exercises[0].load for a in shown.athletes}
        assert squats == {"42.5kg"}  # each athlete's own last week and logs were read
    assert counts[0] == counts[1]
