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

from core import vocabulary
from core.errors import LineError, PlanTextError
from core.i18n import N_, current, gettext
from core.measures import LoadUnit
from core.plan_spec import PlanSpec, WorkoutSpec
from core.plan_text import _BULLETS, _SEPARATOR_RE, format_exercise, format_plan_text
from core.plan_text import parse_plan_text as _parse

DONE_MARK = "✓"

# The trainer's errors (composed in the trainer's language) and the change lines
# (composed again in the reader's language each time they are shown: see Change).
MARK_NOT_ON_HEADER = N_("{mark} goes on a workout line (a day and a title), not here")
STARTED_REMOVED = N_(
    '"{workout}" is done or logged, so it can\'t be removed or changed: keep its lines as '
    "they were, with {mark} at the start"
)
STARTED_CHANGED = N_(
    '"{workout}" is done, so its lines can\'t change; write them as they were (or write a '
    "new workout without {mark})"
)
NO_SUCH_DONE = N_(
    '{mark} marks a done workout, and no done workout reads "{workout}"; remove the {mark} '
    "to add it as a new workout"
)
HEADER = N_("{day}: {title}")
HEADER_MINUTES = N_("{day}: {title} ({minutes} min)")
MINUTES = N_("({minutes} min)")
NO_DURATION = N_("(no duration)")
WORKOUT_ADDED = N_("+ {workout}")
WORKOUT_REMOVED = N_("− {workout}")
DURATION_CHANGED = N_("{day} · {title} {before} → {after}")
NOTES_CHANGED = N_("{day} · {title}: notes changed")
EXERCISE_ADDED = N_("+ {day} · {exercise}")
EXERCISE_CHANGED = N_("{day} · {name} {before} → {after}")
EXERCISE_REMOVED = N_("− {day} · {exercise}")
PER_SIDE = N_(" each")  # "Lunges 3x10 each", as the reader says it
MESSAGES = (
    MARK_NOT_ON_HEADER,
    STARTED_REMOVED,
    STARTED_CHANGED,
    NO_SUCH_DONE,
    HEADER,
    HEADER_MINUTES,
    MINUTES,
    NO_DURATION,
    WORKOUT_ADDED,
    WORKOUT_REMOVED,
    DURATION_CHANGED,
    NOTES_CHANGED,
    EXERCISE_ADDED,
    EXERCISE_CHANGED,
    EXERCISE_REMOVED,
    PER_SIDE,
)
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
    changes: tuple[Change, ...] = ()  # what changes, line by line (plan_changes)

    @property
    def spec(self) -> PlanSpec:
        return PlanSpec(workouts=self.workouts)


def day_abbreviation(day_of_week: int) -> str:
    """``Mon``, ``Пн``, ``Lun`` in the current language (the parser reads them back)."""
    days = vocabulary.DAYS.get(current(), vocabulary.DAYS["en"])
    name = days[day_of_week][1]
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class Change:
    """One line of what changed: a msgid and its values, composed in the current language
    whenever it is shown (``str(change)``), so the athlete reads it in theirs. A value
    under ``day`` is a weekday (Monday 0), one under ``workout`` a (day, title, minutes)."""

    template: str
    values: tuple[tuple[str, object], ...]

    def __str__(self) -> str:
        values = {}
        for key, value in self.values:
            if key == "day":
                value = day_abbreviation(value)
            elif key == "workout":
                value = _header_text(*value)
            elif key in ("before", "after") and isinstance(value, tuple):
                value = _minutes(value[0])
            elif key in ("exercise", "before", "after") and isinstance(value, str):
                value = value.replace(PER_SIDE, gettext(PER_SIDE))
            values[key] = value
        return gettext(self.template).format(**values)

    def __eq__(self, other: object) -> bool:  # compares with its text, as tests read it
        if isinstance(other, str):
            return str(self) == other
        return isinstance(other, Change) and (self.template, self.values) == (
            other.template,
            other.values,
        )

    def __hash__(self) -> int:
        return hash((self.template, self.values))


def _change(template: str, **values: object) -> Change:
    return Change(template, tuple(values.items()))


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
        errors.append(LineError(number, gettext(MARK_NOT_ON_HEADER).format(mark=DONE_MARK)))
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
                    gettext(STARTED_REMOVED).format(workout=_header(workout.spec), mark=DONE_MARK),
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
        return gettext(STARTED_CHANGED).format(workout=_header(workout), mark=DONE_MARK)
    return gettext(NO_SUCH_DONE).format(workout=_header(workout), mark=DONE_MARK)


def _header(workout: WorkoutSpec) -> str:
    return _header_text(*_workout_key(workout))


def _workout_key(workout: WorkoutSpec) -> tuple[int, str, int | None]:
    return (workout.day_of_week, workout.title, workout.duration_minutes)


def _header_text(day_of_week: int, title: str, minutes: int | None) -> str:
    day = day_abbreviation(day_of_week)
    if minutes is None:
        return gettext(HEADER).format(day=day, title=title)
    return gettext(HEADER_MINUTES).format(day=day, title=title, minutes=minutes)


# --- what changed, for the athlete ---------------------------------------------------


def plan_changes(old: PlanSpec, new: PlanSpec) -> list[Change]:
    """What changed from ``old`` to ``new``, line by line, in the new week's order:

    ``Thu · Back squat 5x5 @ 60kg → 5x5 @ 55kg``, ``+ Fri: Easy run (30 min)``,
    ``\u2212 Sat: Long run``. Workouts are matched by day and title, exercises by name.
    """
    remaining = list(old.workouts)
    changes: list[Change] = []
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
            changes.append(_change(WORKOUT_ADDED, workout=_workout_key(workout)))
            continue
        remaining.remove(match)
        changes += _workout_changes(match, workout)
    changes += [_change(WORKOUT_REMOVED, workout=_workout_key(w)) for w in remaining]
    return changes


def _workout_changes(old: WorkoutSpec, new: WorkoutSpec) -> list[Change]:
    day = new.day_of_week
    changes = []
    if old.duration_minutes != new.duration_minutes:
        changes.append(
            _change(
                DURATION_CHANGED,
                day=day,
                title=new.title,
                before=(old.duration_minutes,),
                after=(new.duration_minutes,),
            )
        )
    if old.description != new.description:
        changes.append(_change(NOTES_CHANGED, day=day, title=new.title))
    remaining = list(old.exercises)
    for exercise in new.exercises:
        match = next((e for e in remaining if e.name == exercise.name), None)
        if match is None:
            changes.append(_change(EXERCISE_ADDED, day=day, exercise=format_exercise(exercise)))
            continue
        remaining.remove(match)
        before, after = format_exercise(match), format_exercise(exercise)
        if before != after:
            cut = len(exercise.name) + 1
            changes.append(
                _change(
                    EXERCISE_CHANGED,
                    day=day,
                    name=exercise.name,
                    before=before[cut:],
                    after=after[cut:],
                )
            )
    changes += [_change(EXERCISE_REMOVED, day=day, exercise=format_exercise(e)) for e in remaining]
    return changes


def _minutes(minutes: int | None) -> str:
    if minutes is None:
        return gettext(NO_DURATION)
    return gettext(MINUTES).format(minutes=minutes)
