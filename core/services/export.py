"""CSV exports: plans, workouts, exercises, logs with their targets, check-ins, records.

One file per table, UTF-8, one header row, ISO 8601 dates and times (UTC), empty for
none, ``true``/``false`` for booleans; docs/export.md documents every column. Rows are
streamed from the database into a file a batch at a time (the file is written in a
worker thread), so an export of any size never sits in memory. Only the athletes the
actor may see are exported: themselves, one of their athletes, or all of them.

The header row is in the language asked for (``language``, passed explicitly: the file
is written in a worker thread, so a ContextVar is no way to carry it); the column ids in
``COLUMNS`` are the msgids, so English is exactly the stable header, and every other
cell (ISO dates, dot decimals, ids, units, ``true``/``false``) is the same in every
language. The file names stay English.
"""

from __future__ import annotations

import asyncio
import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from core import i18n, models
from core.measures import LoadUnit, from_kg, unit_of
from core.ports import UnitOfWork
from core.records import listing
from core.services.access import require_trainer_or_admin, visible_athlete

COLUMNS: dict[str, tuple[str, ...]] = {
    "plans": (
        "plan_id",
        "athlete_id",
        "athlete_name",
        "trainer_id",
        "week_start",
        "week_end",
        "week_number",
        "motivational_message",
        "created_at",
        "updated_at",
    ),
    "workouts": (
        "workout_id",
        "plan_id",
        "athlete_id",
        "day_of_week",
        "position",
        "title",
        "description",
        "duration_minutes",
        "completed",
        "completed_at",
    ),
    "exercises": (
        "exercise_id",
        "workout_id",
        "plan_id",
        "athlete_id",
        "position",
        "name",
        "sets",
        "reps",
        "reps_max",
        "amrap",
        "per_side",
        "duration_seconds",
        "distance_m",
        "load",
        "load_kg",
        "pace_s_per_km",
        "rpe",
        "rir",
        "notes",
        "video_url",
    ),
    "logs": (
        "log_id",
        "exercise_id",
        "athlete_id",
        "exercise_name",
        "logged_at",
        "sets",
        "reps",
        "reps_by_set",
        "duration_seconds",
        "distance_m",
        "load",
        "load_kg",
        "rpe",
        "rir",
        "notes",
        "target_sets",
        "target_reps",
        "target_reps_max",
        "target_duration_seconds",
        "target_distance_m",
        "target_load",
        "target_load_kg",
        "target_pace_s_per_km",
        "target_rpe",
        "target_rir",
    ),
    "check_ins": (
        "athlete_id",
        "week_start",
        "energy",
        "sleep",
        "soreness",
        "body_weight",
        "body_weight_unit",
        "body_weight_kg",
        "note",
        "answered_at",
    ),
    "records": (
        "athlete_id",
        "exercise",
        "kind",
        "bucket",
        "value",
        "reps",
        "load_kg",
        "log_id",
        "logged_at",
    ),
}
STREAMED_TABLES = ("plans", "workouts", "exercises", "logs", "check_ins")

# The column ids are the msgids of the header cells (bot.i18n extracts them).
MESSAGES = tuple(dict.fromkeys(i18n.N_(c) for columns in COLUMNS.values() for c in columns))


def header(table: str, language: str) -> tuple[str, ...]:
    """``table``'s header row as ``language`` reads it, in the order of COLUMNS."""
    return tuple(i18n.gettext(column, language) for column in COLUMNS[table])


@dataclass(frozen=True)
class ExportFile:
    table: str
    path: Path
    rows: int


@dataclass(frozen=True)
class Export:
    athletes: tuple[models.Athlete, ...]
    files: tuple[ExportFile, ...]


async def export_athletes(
    uow: UnitOfWork,
    actor: models.Actor,
    directory: Path,
    *,
    athlete_id: int | None = None,
    everyone: bool = False,
    language: str = i18n.DEFAULT,
) -> Export:
    """Write the CSV files into ``directory``: the actor's own data (no ``athlete_id``),
    one athlete's they coach, or (``everyone``) all of their athletes'. The header rows
    are in ``language`` (English, the stable column ids, unless told)."""
    async with uow:
        if everyone:
            require_trainer_or_admin(actor)
            if actor.trainer is not None:
                athletes = await uow.athletes.list_for_trainer(actor.trainer.id)
            else:
                athletes = await uow.athletes.list_all()
        else:
            athletes = [await visible_athlete(uow, actor, athlete_id)]
        ids = [a.id for a in athletes]
        unit = unit_of(actor.athlete.units)  # the body weight in the reader's unit
        files = []
        for table in STREAMED_TABLES:
            path = directory / f"{table}.csv"
            count = 0
            handle = await asyncio.to_thread(_open, path)
            try:
                writer = csv.writer(handle)
                await asyncio.to_thread(writer.writerow, header(table, language))
                async for rows in uow.exports.stream(table, ids):
                    batch = [_checkin_row(r, unit) for r in rows] if table == "check_ins" else rows
                    await asyncio.to_thread(_write, writer, batch)
                    count += len(batch)
            finally:
                await asyncio.to_thread(handle.close)
            files.append(ExportFile(table, path, count))
        records = []
        for athlete in athletes:
            logs = await uow.logs.for_athlete(athlete.id)
            records.extend(
                (
                    athlete.id,
                    r.exercise,
                    r.kind.value,
                    r.bucket,
                    round(r.value, 3),
                    r.reps,
                    r.load_kg,
                    r.log_id,
                    r.logged_at,
                )
                for r in listing(logs)
            )
    path = directory / "records.csv"
    await asyncio.to_thread(_write_file, path, header("records", language), records)
    files.append(ExportFile("records", path, len(records)))
    return Export(athletes=tuple(athletes), files=tuple(files))


def _checkin_row(row: Sequence[Any], unit: LoadUnit) -> tuple[Any, ...]:
    """The stored row with the body weight also in ``unit`` (kept in kg beside it)."""
    athlete_id, week_start, energy, sleep, soreness, kg, note, answered_at = row
    weight = None if kg is None else round(from_kg(kg, unit), 1)
    shown_unit = None if kg is None else unit.value
    return (
        athlete_id,
        week_start,
        energy,
        sleep,
        soreness,
        weight,
        shown_unit,
        kg,
        note,
        answered_at,
    )


def cell(value: Any) -> Any:
    """How a value is written: ISO dates, true/false, empty for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _write(writer: Any, rows: Sequence[Sequence[Any]]) -> None:
    writer.writerows([cell(v) for v in row] for row in rows)


def _open(path: Path) -> IO[str]:
    return path.open("w", encoding="utf-8", newline="")


def _write_file(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    with _open(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        _write(writer, rows)
