"""Editing a week in progress: the ✓-marked text, reading it back, and what changed.

A started workout (ticked Done, or with logs on its exercises) is written back with a
``✓`` at the start of its workout line. Publishing keeps each such workout, row and
logs, exactly as it was: its block must come back unchanged. Unchanged untouched
workouts keep their rows too (the buttons already sent keep working); the rest of the
week is replaced. All of it is pure: the services load and store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.errors import LineError, PlanTextError
from core.measures import LoadUnit
from core.plan_spec import DAY_ABBREVIATIONS, PlanSpec, WorkoutSpec
from core.plan_text import _BULLETS, _SEPARATOR_RE, format_exercise, format_plan_text
from core.plan_text import parse_plan_text as _parse

DONE_MARK = "✓"
_MARKS = ("✓", "✔", "☑", "✅")  # what a phone keyboard might turn the mark into


@dataclass(frozen=True)
class ExistingWorkout:
    id: int
    spec: WorkoutSpec
    started: bool  # done or logged: kept as it is, or the edit is refused


@dataclass(frozen=True)
class PlanEdit:
    """What publishing the edited text does to the week."""

    workouts: tuple[WorkoutSpec, ...]  # the whole new week, in order
    kept: tuple[int | None, ...]  # per new workout: the id of the row it keeps, or None
    removed: tuple[int, ...]  # ids of rows that go
    changes: tuple[str, ...] = ()  # what changes, line by line (plan_changes)

    @property
    def spec(self) -> PlanSpec:
        return PlanSpec(workouts=self.workouts)


def block_text(workout: WorkoutSpec) -> str:
    return format_plan_text(PlanSpec(workouts=(workout,)))


def marked_text(existing: Sequence[ExistingWorkout]) -> str:
    """The week as plan text, each started workout's line starting with ``✓``."""
    blocks = []
    for workout in existing:
        text = block_text(workout.spec)
        blocks.append(f"{DONE_MARK} {text}" if workout.started else text)
    return "\n\n".join(blocks)


def read_edit(
    text: str, existing: Sequence[ExistingWorkout], *, unit: LoadUnit = LoadUnit.KG
) -> PlanEdit:
    """The edited week, or a PlanTextError listing every problem with its line number.

    A ``✓`` workout must match a started workout exactly; a started workout must come
    back (marked or not) unchanged, since done work cannot silently vanish.
    """
    lines = text.splitlines()
    marked: set[int] = set()
    headers: list[int] = []
    cleaned = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        mark = next((m for m in _MARKS if line.startswith(m)), None)
        if mark is not None:
            marked.add(number)
            line = line[len(mark) :].strip()
            raw = line
        if line and not (
            line.startswith("#")
            or _SEPARATOR_RE.match(line)
            or line.startswith(">")
            or line.startswith(_BULLETS)
        ):
            headers.append(number)
        cleaned.append(raw)
    errors: list[LineError] = []
    for number in sorted(marked - set(headers)):
        errors.append(
            LineError(number, f"{DONE_MARK} goes on a workout line (a day and a title), not here")
        )
    try:
        spec = _parse("\n".join(cleaned), unit=unit)
    except PlanTextError as error:
        raise PlanTextError(sorted([*error.errors, *errors], key=lambda e: e.line)) from None
    assert len(spec.workouts) == len(headers)  # a valid text: one workout per header line

    unclaimed = {w.id: w for w in existing}
    by_text: dict[str, list[ExistingWorkout]] = {}
    for workout in existing:
        by_text.setdefault(block_text(workout.spec), []).append(workout)
    kept: list[int | None] = []
    for workout, line in zip(spec.workouts, headers, strict=True):
        candidates = [w for w in by_text.get(block_text(workout), ()) if w.id in unclaimed]
        if line in marked:
            match = next((w for w in candidates if w.started), None)
            if match is None:
                errors.append(LineError(line, _marked_problem(workout, existing)))
                kept.append(None)
                continue
        else:
            # Started first: an unchanged done workout without its ✓ is still that one.
            match = next((w for w in sorted(candidates, key=lambda w: not w.started)), None)
        kept.append(match.id if match else None)
        if match is not None:
            del unclaimed[match.id]
    for workout in unclaimed.values():
        if workout.started:
            errors.append(
                LineError(
                    1,
                    f'"{_header(workout.spec)}" is done or logged, so it can\'t be removed or '
                    f"changed: keep its lines as they were, with {DONE_MARK} at the start",
                )
            )
    if errors:
        raise PlanTextError(sorted(errors, key=lambda e: e.line))
    old = PlanSpec(workouts=tuple(w.spec for w in existing))
    return PlanEdit(
        workouts=spec.workouts,
        kept=tuple(kept),
        removed=tuple(w.id for w in existing if w.id in unclaimed),
        changes=tuple(plan_changes(old, spec)),
    )


def _marked_problem(workout: WorkoutSpec, existing: Sequence[ExistingWorkout]) -> str:
    same_name = [
        w
        for w in existing
        if w.started and (w.spec.day_of_week, w.spec.title) == (workout.day_of_week, workout.title)
    ]
    if same_name:
        return (
            f'"{_header(workout)}" is done, so its lines can\'t change; write them as they '
            f"were (or write a new workout without {DONE_MARK})"
        )
    return (
        f"{DONE_MARK} marks a done workout, and no done workout reads "
        f'"{_header(workout)}"; remove the {DONE_MARK} to add it as a new workout'
    )


def _header(workout: WorkoutSpec) -> str:
    text = f"{DAY_ABBREVIATIONS[workout.day_of_week]}: {workout.title}"
    if workout.duration_minutes is not None:
        text += f" ({workout.duration_minutes} min)"
    return text


# --- what changed, for the athlete ---------------------------------------------------


def plan_changes(old: PlanSpec, new: PlanSpec) -> list[str]:
    """What changed from ``old`` to ``new``, line by line, in the new week's order:

    ``Thu · Back squat 5x5 @ 60kg → 5x5 @ 55kg``, ``+ Fri: Easy run (30 min)``,
    ``\u2212 Sat: Long run``. Workouts are matched by day and title, exercises by name.
    """
    remaining = list(old.workouts)
    changes: list[str] = []
    for workout in new.workouts:
        match = next(
            (
                w
                for w in remaining
                if (w.day_of_week, w.title) == (workout.day_of_week, workout.title)
            ),
            None,
        )
        if match is None:
            changes.append(f"+ {_header(workout)}")
            continue
        remaining.remove(match)
        changes += _workout_changes(match, workout)
    changes += [f"− {_header(w)}" for w in remaining]
    return changes


def _workout_changes(old: WorkoutSpec, new: WorkoutSpec) -> list[str]:
    day = DAY_ABBREVIATIONS[new.day_of_week]
    changes = []
    if old.duration_minutes != new.duration_minutes:
        before, after = _minutes(old.duration_minutes), _minutes(new.duration_minutes)
        changes.append(f"{day} · {new.title} {before} → {after}")
    if old.description != new.description:
        changes.append(f"{day} · {new.title}: notes changed")
    remaining = list(old.exercises)
    for exercise in new.exercises:
        match = next((e for e in remaining if e.name == exercise.name), None)
        if match is None:
            changes.append(f"+ {day} · {format_exercise(exercise)}")
            continue
        remaining.remove(match)
        before, after = format_exercise(match), format_exercise(exercise)
        if before != after:
            cut = len(exercise.name) + 1
            changes.append(f"{day} · {exercise.name} {before[cut:]} → {after[cut:]}")
    changes += [f"− {day} · {format_exercise(e)}" for e in remaining]
    return changes


def _minutes(minutes: int | None) -> str:
    return f"({minutes} min)" if minutes is not None else "(no duration)"
