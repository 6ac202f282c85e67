"""Records, units, chart data and CSV exports on real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from core import errors
from core.log_entry import parse_log_entry
from core.measures import KG_PER_LB, LoadUnit
from core.plan_text import parse_plan_text
from core.records import RecordKind
from core.services import completion, export, people, plans, progress
from tests.conftest import NOW

THIS_MONDAY = date(2026, 11, 23)
WEEK = """\
Wed: Track and lift (90 min)
- Intervals 6x400m @ 4:10/km
- Back squat 3x5 @ 60kg RPE 8 | chest up
- Long run 1x12km
"""


async def _athlete_with_a_week(uow, users, coach=None, name: str = "Ann"):
    coach = coach or await users.trainer("Coach")
    athlete = await users.athlete_of(coach, name)
    plan = await plans.create_plan(
        uow(),
        coach,
        athlete_id=athlete.athlete_id,
        week_start=THIS_MONDAY,
        spec=parse_plan_text(WEEK),
        now=NOW,
    )
    exercises = {e.name: e for e in plan.workouts[0].exercises}
    return coach, athlete, plan, exercises


async def test_targets_and_logs_are_stored_as_numbers(uow, users) -> None:
    _, ann, _, exercises = await _athlete_with_a_week(uow, users)
    intervals = exercises["Intervals"]
    assert (intervals.distance_m, intervals.pace_s_per_km, intervals.reps) == (400, 250, None)
    squat = exercises["Back squat"]
    assert (squat.load_kg, squat.rpe) == (60.0, 8.0)
    logged = await completion.log_exercise(
        uow(), ann, squat.id, parse_log_entry("10,10,8 @ 40kg RIR 2"), NOW
    )
    assert logged.log.reps_by_set == (10, 10, 8) and logged.log.load_kg == 40.0
    assert logged.log.rir == 2 and logged.log.sets == 3
    run = await completion.log_exercise(
        uow(), ann, exercises["Long run"].id, parse_log_entry("12km in 1:05:00"), NOW
    )
    assert (run.log.distance_m, run.log.duration_seconds) == (12000, 3900)


async def test_records_are_announced_with_the_trainer_and_listed(uow, users) -> None:
    coach, ann, _, exercises = await _athlete_with_a_week(uow, users)
    squat = exercises["Back squat"].id
    first = await completion.log_exercise(uow(), ann, squat, parse_log_entry("3x5 @ 60kg"), NOW)
    assert first.records == ()
    later = NOW + timedelta(hours=1)
    tie = await completion.log_exercise(uow(), ann, squat, parse_log_entry("5x5 @ 60kg"), later)
    assert tie.records == ()
    better = await completion.log_exercise(
        uow(), ann, squat, parse_log_entry("3x5 @ 62.5kg"), later + timedelta(hours=1)
    )
    assert {(r.kind, r.bucket) for r in better.records} == {
        (RecordKind.LOAD, 5),
        (RecordKind.E1RM, 0),
    }
    assert better.trainer.id == coach.trainer_id and better.athlete.id == ann.athlete_id
    view = await progress.records(uow(), coach, ann.athlete_id)
    load = next(r for r in view.records if r.kind is RecordKind.LOAD)
    assert (load.value, load.log_id) == (62.5, better.log.id)


async def test_units_are_kept_per_person(uow, users) -> None:
    _, ann, _, exercises = await _athlete_with_a_week(uow, users)
    athlete = await people.set_units(uow(), ann, LoadUnit.LB, NOW)
    assert athlete.units == "lb"
    ann = await users.refresh(ann)
    assert ann.athlete.units == "lb"
    logged = await completion.log_exercise(
        uow(),
        ann,
        exercises["Back squat"].id,
        parse_log_entry("3x5 @ 135", LoadUnit(ann.athlete.units)),
        NOW,
    )
    assert logged.log.load_kg == pytest.approx(135 * KG_PER_LB)


async def test_nobody_reads_another_athletes_progress(uow, users) -> None:
    coach, ann, _, exercises = await _athlete_with_a_week(uow, users)
    logged = await completion.log_exercise(
        uow(), ann, exercises["Back squat"].id, parse_log_entry("3x5 @ 60kg"), NOW
    )
    rival = await users.trainer("Rival")
    stranger = await users.person("Eve")
    for actor in (rival, stranger):
        with pytest.raises(errors.PermissionDenied):
            await progress.records(uow(), actor, ann.athlete_id)
        with pytest.raises(errors.PermissionDenied):
            await progress.series_for_log(uow(), actor, logged.log.id)
        with pytest.raises(errors.PermissionDenied):
            await progress.completion_series(uow(), actor, NOW, ann.athlete_id)
    series = await progress.series_for_log(uow(), coach, logged.log.id)
    assert [p.top_load_kg for p in series.strength] == [60.0]
    with pytest.raises(errors.PermissionDenied):
        await progress.roster_completion(uow(), stranger, NOW)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


async def test_export_parses_back_to_the_rows_and_holds_nobody_else(
    uow, users, tmp_path: Path
) -> None:
    coach, ann, plan, exercises = await _athlete_with_a_week(uow, users)
    _, bob, bob_plan, bob_exercises = await _athlete_with_a_week(uow, users, coach, "Bob")
    _, eve, eve_plan, eve_exercises = await _athlete_with_a_week(uow, users, None, "Eve")
    for athlete, found in ((ann, exercises), (bob, bob_exercises), (eve, eve_exercises)):
        await completion.log_exercise(
            uow(), athlete, found["Back squat"].id, parse_log_entry("3x5 @ 60kg ünïcödé"), NOW
        )
        await completion.log_exercise(
            uow(), athlete, found["Long run"].id, parse_log_entry("12km in 1:05:00"), NOW
        )

    await completion.log_exercise(
        uow(), ann, exercises["Back squat"].id, parse_log_entry("10,10,8 @ 40kg RIR 1"), NOW
    )

    mine = tmp_path / "ann"
    mine.mkdir()
    result = await export.export_athletes(uow(), ann, mine)
    assert [f.table for f in result.files] == [
        "plans",
        "workouts",
        "exercises",
        "logs",
        "check_ins",
        "records",
    ]
    for file in result.files:
        with file.path.open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == list(export.COLUMNS[file.table])
    plans_rows = _read(mine / "plans.csv")
    assert [(r["plan_id"], r["athlete_id"], r["week_start"]) for r in plans_rows] == [
        (str(plan.id), str(ann.athlete_id), "2026-11-23")
    ]
    workouts = _read(mine / "workouts.csv")
    assert [int(r["workout_id"]) for r in workouts] == [w.id for w in plan.workouts]
    exercise_rows = _read(mine / "exercises.csv")
    stored = [e for w in plan.workouts for e in w.exercises]
    assert [
        (int(r["exercise_id"]), r["name"], r["distance_m"], r["load_kg"], r["pace_s_per_km"])
        for r in exercise_rows
    ] == [
        (
            e.id,
            e.name,
            str(e.distance_m or ""),
            "" if e.load_kg is None else str(e.load_kg),
            str(e.pace_s_per_km or ""),
        )
        for e in stored
    ]
    logs = _read(mine / "logs.csv")
    stored_logs = [item for item in await _logs_of(uow, ann)]
    assert [
        {k: r[k] for k in export.COLUMNS["logs"] if not k.startswith("target_")} for r in logs
    ] == [
        {
            "log_id": str(item.log.id),
            "exercise_id": str(item.log.exercise_id),
            "athlete_id": str(item.log.athlete_id),
            "exercise_name": item.exercise_name,
            "logged_at": item.log.logged_at.isoformat(),
            **{
                name: str(export.cell(getattr(item.log, name)))
                for name in (
                    "sets",
                    "reps",
                    "duration_seconds",
                    "distance_m",
                    "load",
                    "load_kg",
                    "rpe",
                    "rir",
                    "notes",
                )
            },
            "reps_by_set": ",".join(map(str, item.log.reps_by_set or ())),
        }
        for item in stored_logs
    ]
    squat = next(r for r in logs if r["exercise_name"] == "Back squat")
    assert (squat["load_kg"], squat["notes"], squat["target_load_kg"], squat["target_rpe"]) == (
        "60.0",
        "ünïcödé",
        "60.0",
        "8.0",
    )
    assert squat["logged_at"] == NOW.isoformat()
    run = next(r for r in logs if r["exercise_name"] == "Long run")
    assert (run["distance_m"], run["duration_seconds"], run["target_distance_m"]) == (
        "12000",
        "3900",
        "12000",
    )
    records = _read(mine / "records.csv")
    assert {r["kind"] for r in records} == {"load", "e1rm", "distance", "pace"}

    # Another person's rows never appear: not Bob's (same trainer), not Eve's.
    others = {str(bob.athlete_id), str(eve.athlete_id)}
    for name in ("plans", "workouts", "exercises", "logs", "records"):
        assert not [r for r in _read(mine / f"{name}.csv") if r["athlete_id"] in others]

    # The trainer: one athlete, or all of theirs (Ann and Bob, never Eve).
    everyone = tmp_path / "all"
    everyone.mkdir()
    roster = await export.export_athletes(uow(), coach, everyone, everyone=True)
    assert {a.name for a in roster.athletes} == {"Ann", "Bob"}
    ids = {r["athlete_id"] for r in _read(everyone / "logs.csv")}
    assert ids == {str(ann.athlete_id), str(bob.athlete_id)}
    assert str(eve_plan.id) not in {r["plan_id"] for r in _read(everyone / "plans.csv")}
    with pytest.raises(errors.PermissionDenied):
        await export.export_athletes(uow(), coach, tmp_path, athlete_id=eve.athlete_id)
    with pytest.raises(errors.PermissionDenied):
        await export.export_athletes(uow(), ann, tmp_path, athlete_id=bob.athlete_id)
    with pytest.raises(errors.PermissionDenied):
        await export.export_athletes(uow(), ann, tmp_path, everyone=True)
    del bob_plan


async def _logs_of(uow, actor):
    async with uow() as unit:
        return await unit.logs.for_athlete(actor.athlete_id)


async def test_exercise_choices_most_logged_first_by_name_across_weeks(uow, users) -> None:
    coach, ann, _, exercises = await _athlete_with_a_week(uow, users)
    later = await plans.create_plan(
        uow(),
        coach,
        athlete_id=ann.athlete_id,
        week_start=THIS_MONDAY + timedelta(weeks=1),
        spec=parse_plan_text("Mon: Lift\n- BACK SQUAT 3x5 @ 65kg"),
        now=NOW,
    )
    squat_next_week = later.workouts[0].exercises[0]
    await completion.log_exercise(uow(), ann, exercises["Long run"].id, parse_log_entry("5km"), NOW)
    await completion.log_exercise(
        uow(), ann, exercises["Back squat"].id, parse_log_entry("3x5 @ 60kg"), NOW
    )
    newest = await completion.log_exercise(
        uow(), ann, squat_next_week.id, parse_log_entry("3x5 @ 65kg"), NOW
    )
    athlete, choices = await progress.exercise_choices(uow(), coach, ann.athlete_id)
    assert athlete.id == ann.athlete_id
    assert [(c.name, c.logs, c.last_log_id) for c in choices] == [
        ("BACK SQUAT", 2, newest.log.id),
        ("Long run", 1, choices[1].last_log_id),
    ]
    with pytest.raises(errors.PermissionDenied):
        await progress.exercise_choices(uow(), await users.person("Eve"), ann.athlete_id)
