"""Personal records, derived from logs: nothing is stored, so a corrected log recomputes.

Four kinds, each per exercise (by name, case-insensitive, across weeks):
heaviest load for a rep count, best estimated one-rep max (Epley), longest distance
of one set, fastest pace per distance bucket (a run counts in the largest bucket it
reaches). A record is *new* only when it beats the athlete's earlier best for the same
kind (and rep count or bucket) strictly: a tie is not a record, and a first log of an
exercise (or of a rep count, or a bucket) sets a best without being announced.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from core import models
from core.measures import epley, pace_bucket, pace_of

# Loads are kg floats converted from lb; differences below this are the same load.
_EPSILON = 1e-6


class RecordKind(StrEnum):
    LOAD = "load"  # heaviest load for ``bucket`` reps
    E1RM = "e1rm"  # best estimated one-rep max
    DISTANCE = "distance"  # longest single set, in metres
    PACE = "pace"  # fastest pace (seconds per km) over ``bucket`` metres or more


@dataclass(frozen=True)
class Record:
    exercise: str  # the name as the plan of the log that set it wrote it
    kind: RecordKind
    bucket: int  # reps (LOAD), metres (PACE), 0 otherwise
    value: float  # kg (LOAD, E1RM), metres (DISTANCE), seconds per km (PACE)
    reps: int | None  # LOAD and E1RM: the reps of the set that made it
    load_kg: float | None  # E1RM: the load of that set
    log_id: int
    logged_at: datetime

    @property
    def key(self) -> tuple[str, RecordKind, int]:
        return (self.exercise.casefold(), self.kind, self.bucket)

    def beats(self, other: Record) -> bool:
        if self.kind is RecordKind.PACE:
            return self.value < other.value - _EPSILON  # faster is less time
        return self.value > other.value + _EPSILON


def sets_of(log: models.CompletionLog) -> list[tuple[int, float]]:
    """(reps, kg) of each loaded set of a rep-based log."""
    if log.load_kg is None:
        return []
    if log.reps_by_set:
        return [(reps, log.load_kg) for reps in log.reps_by_set]
    if log.reps is not None:
        return [(log.reps, log.load_kg)] * max(1, log.sets or 1)
    return []


def candidates(item: models.ExerciseLog) -> list[Record]:
    """Every best this one log sets on its own."""
    log, name = item.log, item.exercise_name
    found: dict[tuple[str, RecordKind, int], Record] = {}

    def offer(record: Record) -> None:
        current = found.get(record.key)
        if current is None or record.beats(current):
            found[record.key] = record

    for reps, kg in sets_of(log):
        if kg <= 0:
            continue
        offer(Record(name, RecordKind.LOAD, reps, kg, reps, kg, log.id, log.logged_at))
        offer(Record(name, RecordKind.E1RM, 0, epley(kg, reps), reps, kg, log.id, log.logged_at))
    if log.distance_m:
        offer(
            Record(name, RecordKind.DISTANCE, 0, log.distance_m, None, None, log.id, log.logged_at)
        )
        pace = pace_of(log.distance_m, log.duration_seconds)
        bucket = pace_bucket(log.distance_m)
        if pace is not None and bucket is not None:
            offer(Record(name, RecordKind.PACE, bucket, pace, None, None, log.id, log.logged_at))
    return list(found.values())


def best_records(logs: Iterable[models.ExerciseLog]) -> dict[tuple[str, RecordKind, int], Record]:
    """The best of each kind over ``logs``; on a tie the earlier log keeps it."""
    best: dict[tuple[str, RecordKind, int], Record] = {}
    for item in logs:
        for record in candidates(item):
            current = best.get(record.key)
            if current is None or record.beats(current):
                best[record.key] = record
    return best


def new_records(earlier: Iterable[models.ExerciseLog], latest: models.ExerciseLog) -> list[Record]:
    """What ``latest`` beats among the bests of ``earlier`` (logs of any exercise)."""
    before = best_records(earlier)
    return [
        record
        for record in candidates(latest)
        if record.key in before and record.beats(before[record.key])
    ]


def listing(logs: Iterable[models.ExerciseLog]) -> list[Record]:
    """All current bests, by exercise, then kind, then rep count or bucket."""
    order = {kind: index for index, kind in enumerate(RecordKind)}
    return sorted(
        best_records(logs).values(),
        key=lambda r: (r.exercise.casefold(), order[r.kind], r.bucket),
    )
