"""check_ins.csv in the export, on real SQLite and PostgreSQL: answered check-ins only,
the body weight in the reader's unit (and in kg), nobody else's rows."""

from __future__ import annotations

import csv
import dataclasses
from datetime import date, timedelta
from pathlib import Path

from core.measures import LoadUnit
from core.services import export, people
from tests.conftest import NOW

LAST_MONDAY = date(2026, 11, 16)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


async def _checkin(uow, actor, monday: date, *, answered: bool = True, **fields) -> None:
    async with uow() as u:
        await u.checkins.save(
            actor.athlete_id, monday, now=NOW, answered_at=NOW if answered else None, **fields
        )
        await u.commit()


async def test_check_ins_csv_in_the_readers_unit_and_only_theirs(uow, users, tmp_path) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    eve = await users.athlete_of(await users.trainer("Other"), "Eve")
    await _checkin(
        uow, ann, LAST_MONDAY, energy=3, sleep=4, soreness=2, body_weight_kg=72.4, note="knee, sore"
    )
    await _checkin(uow, ann, LAST_MONDAY + timedelta(weeks=1), answered=False, energy=1)
    await _checkin(uow, ann, LAST_MONDAY - timedelta(weeks=1), sleep=5)  # all else skipped
    await _checkin(uow, eve, LAST_MONDAY, energy=5, body_weight_kg=60.0)

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
    (checkins_file,) = [f for f in result.files if f.table == "check_ins"]
    assert checkins_file.rows == 2  # the unanswered one is left out
    with checkins_file.path.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == list(export.COLUMNS["check_ins"])
    rows = _read(mine / "check_ins.csv")
    assert [
        {k: r[k] for k in ("week_start", "energy", "sleep", "soreness", "note")} for r in rows
    ] == [
        {"week_start": "2026-11-09", "energy": "", "sleep": "5", "soreness": "", "note": ""},
        {
            "week_start": "2026-11-16",
            "energy": "3",
            "sleep": "4",
            "soreness": "2",
            "note": "knee, sore",
        },
    ]
    assert [(r["body_weight"], r["body_weight_unit"], r["body_weight_kg"]) for r in rows] == [
        ("", "", ""),
        ("72.4", "kg", "72.4"),
    ]
    assert rows[1]["answered_at"] == NOW.isoformat()
    assert {r["athlete_id"] for r in rows} == {str(ann.athlete_id)}

    # Her trainer, who reads pounds, exports all of his athletes: 159.6 lb; never Eve's.
    updated = await people.set_units(uow(), coach, LoadUnit.LB, NOW)
    coach_in_lb = dataclasses.replace(coach, athlete=updated)
    theirs = tmp_path / "coach"
    theirs.mkdir()
    await export.export_athletes(uow(), coach_in_lb, theirs, everyone=True)
    weighed = [r for r in _read(theirs / "check_ins.csv") if r["body_weight"]]
    assert [(r["body_weight"], r["body_weight_unit"], r["body_weight_kg"]) for r in weighed] == [
        ("159.6", "lb", "72.4")
    ]
    assert {r["athlete_id"] for r in _read(theirs / "check_ins.csv")} == {str(ann.athlete_id)}
