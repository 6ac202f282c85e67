"""The rules that turn a program's written week into one athlete's week. Pure functions.

- **Double progression** (``3x8-12 @ 40kg``): the rep target climbs one rep a week
  while the athlete logs the target on every set; once they log the top of the range
  on every set, the load goes up one step and the target goes back to the bottom. A
  week where the target was missed (or nothing was logged) keeps the same target.
- **Relative loads** (``5x5 @ 75%``): a percentage of the athlete's training max for
  the exercise, set by the trainer, else their best recent Epley e1RM
  (w x (1 + reps/30)), rounded to the load step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from core.measures import LoadUnit, epley, from_kg, plain_number, to_kg
from core.models import CompletionLog
from core.plan_spec import ExerciseSpec, PlanSpec

# What one "load step" is until trainers can set theirs (branch weekedit adds the
# setting, default 2.5 kg / 5 lb): read it only through ``load_step``.
DEFAULT_LOAD_STEP = {LoadUnit.KG: 2.5, LoadUnit.LB: 5.0}
RECENT_LOGS = timedelta(days=90)  # "best recent log" for an estimated max
_PERCENT = re.compile(r"^(?P<number>[0-9]{1,3}(?:\.[0-9]{1,3})?)\s*%$", re.ASCII)
_UNIT_OF_LOAD = re.compile(r"(?P<unit>kg|lb)s?\s*$", re.IGNORECASE)


def load_step(unit: LoadUnit, trainer_step: float | None = None) -> float:
    """The trainer's load step in ``unit`` (today always the default)."""
    return trainer_step if trainer_step else DEFAULT_LOAD_STEP[unit]


def round_to_step(value: float, step: float) -> float:
    """To the nearest multiple of ``step`` (halves up): 76.3 by 2.5 is 77.5, 76.2 is 75."""
    if step <= 0:
        return value
    steps = (Decimal(str(value)) / Decimal(str(step))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float(steps * Decimal(str(step)))


def relative_percent(exercise: ExerciseSpec) -> float | None:
    """75.0 for ``@ 75%``; None when the load is not a percentage."""
    match = _PERCENT.match(exercise.load.strip()) if exercise.load else None
    return float(match["number"]) if match else None


def estimated_max(logs: Iterable[CompletionLog], now: datetime) -> float | None:
    """The best Epley e1RM (kg) among the logs of the last ``RECENT_LOGS``; None if none."""
    best = None
    for log in logs:
        if log.load_kg is None or not log.load_kg > 0 or now - log.logged_at > RECENT_LOGS:
            continue
        reps = max(log.reps_by_set) if log.reps_by_set else log.reps
        if not reps:
            continue
        value = epley(log.load_kg, reps)
        best = value if best is None else max(best, value)
    return best


def _unit_of_load(exercise: ExerciseSpec, fallback: LoadUnit) -> LoadUnit:
    match = _UNIT_OF_LOAD.search(exercise.load or "")
    return LoadUnit(match["unit"].lower()) if match else fallback


def _with_load(exercise: ExerciseSpec, kg: float, unit: LoadUnit, step: float) -> ExerciseSpec:
    shown = round_to_step(from_kg(kg, unit), step)
    return replace(exercise, load=f"{plain_number(shown)}{unit.value}", load_kg=to_kg(shown, unit))


@dataclass(frozen=True)
class ResolvedWeek:
    spec: PlanSpec
    missing_maxes: tuple[str, ...]  # exercises left without a load: no max for them


def resolve_relative_loads(
    spec: PlanSpec,
    maxes_kg: Mapping[str, float],
    logs_by_name: Mapping[str, Sequence[CompletionLog]],
    now: datetime,
    *,
    unit: LoadUnit = LoadUnit.KG,
    step: float | None = None,
) -> ResolvedWeek:
    """``@ N%`` loads as numbers for one athlete. Names match case-insensitively;
    ``maxes_kg`` (trainer-set training maxes) wins over the estimate from the logs."""
    missing: list[str] = []
    step_value = load_step(unit, step)

    def resolve(exercise: ExerciseSpec) -> ExerciseSpec:
        percent = relative_percent(exercise)
        if percent is None:
            return exercise
        key = exercise.name.casefold()
        base = maxes_kg.get(key)
        if base is None:
            base = estimated_max(logs_by_name.get(key, ()), now)
        if base is None:
            if exercise.name not in missing:
                missing.append(exercise.name)
            return replace(exercise, load=None, load_kg=None)
        return _with_load(exercise, base * percent / 100, unit, step_value)

    return ResolvedWeek(
        spec=_map_exercises(spec, resolve),
        missing_maxes=tuple(missing),
    )


def sets_at_or_above(logs: Iterable[CompletionLog], reps: int) -> int:
    """How many logged sets reached ``reps``, across the logs of one exercise."""
    count = 0
    for log in logs:
        per_set = log.reps_by_set or ((log.reps,) * (log.sets or 1) if log.reps else ())
        count += sum(1 for done in per_set if done is not None and done >= reps)
    return count


def double_progression(
    previous: ExerciseSpec,
    logs: Sequence[CompletionLog],
    *,
    bottom: int,
    top: int,
    unit: LoadUnit = LoadUnit.KG,
    step: float | None = None,
) -> ExerciseSpec:
    """Next week's target for a rep-range exercise, from last week's target and logs.

    ``previous.reps`` is last week's rep target (``bottom <= reps <= top``), its load
    last week's load; the result keeps ``previous``'s sets, name and notes.
    """
    target = min(max(previous.reps or bottom, bottom), top)
    sets = previous.sets
    if sets_at_or_above(logs, top) >= sets:
        if previous.load_kg is None:  # nothing to step up: stay at the top of the range
            return replace(previous, reps=top, reps_max=top if top > bottom else None)
        unit = _unit_of_load(previous, unit)
        stepped = replace(previous, reps=bottom, reps_max=top)
        return _with_load(
            stepped,
            previous.load_kg + to_kg(load_step(unit, step), unit),
            unit,
            load_step(unit, step),
        )
    if sets_at_or_above(logs, target) >= sets:
        target = min(target + 1, top)
    return replace(previous, reps=target, reps_max=top)


def progress_rep_ranges(
    written: PlanSpec,
    previous: PlanSpec | None,
    logs_by_position: Mapping[tuple[int, int], Sequence[CompletionLog]],
    *,
    unit: LoadUnit = LoadUnit.KG,
    step: float | None = None,
) -> PlanSpec:
    """The written week with each rep-range exercise carried on from last week's.

    An exercise follows double progression when last week's generated plan had a
    rep-range exercise of the same name (the first such, by workout order); its logs
    are ``logs_by_position[(workout index, exercise index)]`` of last week. Everything
    else is the week as written.
    """
    if previous is None:
        return written
    earlier: dict[str, tuple[ExerciseSpec, Sequence[CompletionLog]]] = {}
    for w_index, workout in enumerate(previous.workouts):
        for e_index, exercise in enumerate(workout.exercises):
            if exercise.reps_max is not None and exercise.reps is not None:
                earlier.setdefault(
                    exercise.name.casefold(),
                    (exercise, logs_by_position.get((w_index, e_index), ())),
                )

    def carry(exercise: ExerciseSpec) -> ExerciseSpec:
        if exercise.reps_max is None or exercise.reps is None:
            return exercise
        found = earlier.get(exercise.name.casefold())
        if found is None:
            return exercise
        last, logs = found
        follow = replace(last, sets=exercise.sets, notes=exercise.notes, video=exercise.video)
        return double_progression(
            follow, logs, bottom=exercise.reps, top=exercise.reps_max, unit=unit, step=step
        )

    return _map_exercises(written, carry)


def _map_exercises(spec: PlanSpec, change) -> PlanSpec:
    return replace(
        spec,
        workouts=tuple(
            replace(workout, exercises=tuple(change(e) for e in workout.exercises))
            for workout in spec.workouts
        ),
    )
