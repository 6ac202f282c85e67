"""Progressions for /copyweek: "+1 rep, +5%" turns last week's plan into the next one.

Loads are free text, so only loads that read as a number with a unit ("20kg",
"22.5 kg", "45lb") are changed; the rest ("bodyweight", "RPE 8") is left alone
rather than guessed at. Decimal keeps 62.5 kg from turning into 62.49999.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from core.errors import InvalidProgression
from core.i18n import N_, P_, gettext, ngettext
from core.load_step import LoadStep, default_step, round_load
from core.measures import LoadUnit
from core.plan_spec import ExerciseSpec, PlanSpec
from core.plan_text import (
    MAX_DURATION_SECONDS,
    MAX_LOAD_CHARS,
    MAX_REPS,
    MAX_SETS,
    UNIT_SECONDS,
    format_duration,
    read_load,
)

# The progression as a reader sees it (``describe`` stays the English that is read back).
SETS_STEP = P_("{step} set", "{step} sets")
REPS_STEP = P_("{step} rep", "{step} reps")
LOAD_PERCENT_STEP = N_("{step}% load")
NO_CHANGE = N_("no change")
MESSAGES = (SETS_STEP, REPS_STEP, LOAD_PERCENT_STEP, NO_CHANGE)

_NO_CHANGE = frozenset({"", "none", "same", "no change", "nothing", "-", "0"})
_STEP_SEPARATOR = re.compile(r"\s*(?:,|;|&|\band\b|\s(?=[+-]))\s*")
_STEP = re.compile(
    r"^(?P<sign>[+-])?\s*(?P<number>[0-9]{1,6}(?:\.[0-9]{1,3})?)\s*"
    r"(?P<unit>reps?|sets?|%|percent|kgs?|lbs?|s|secs?|seconds?|m|mins?|minutes?)"
    r"(?:\s+(?:load|weight))?$"
)
_LOAD = re.compile(
    r"^(?P<number>[0-9]{1,9}(?:[.,][0-9]{1,3})?)(?P<space>\s*)(?P<unit>kgs?|lbs?)$",
    re.IGNORECASE | re.ASCII,
)
_MAX_LOAD_PERCENT = Decimal(100)
_MAX_ABSOLUTE_LOAD = Decimal(500)
_ZERO = Decimal(0)


@dataclass(frozen=True)
class Progression:
    """Changes to apply to every exercise of a plan; zero means unchanged."""

    sets: int = 0
    reps: int = 0
    duration_seconds: int = 0
    load_percent: Decimal = _ZERO
    load_kg: Decimal = _ZERO
    load_lb: Decimal = _ZERO

    @property
    def is_noop(self) -> bool:
        return self == Progression()

    def describe(self) -> str:
        """A short text like "+1 rep, +5% load" that parse_progression reads back."""
        parts = []
        if self.sets:
            parts.append(f"{_signed(self.sets)} {'set' if abs(self.sets) == 1 else 'sets'}")
        if self.reps:
            parts.append(f"{_signed(self.reps)} {'rep' if abs(self.reps) == 1 else 'reps'}")
        if self.duration_seconds:
            sign = "+" if self.duration_seconds > 0 else "-"
            parts.append(f"{sign}{format_duration(abs(self.duration_seconds))}")
        if self.load_percent:
            parts.append(f"{_signed(self.load_percent)}% load")
        if self.load_kg:
            parts.append(f"{_signed(self.load_kg)} kg")
        if self.load_lb:
            parts.append(f"{_signed(self.load_lb)} lb")
        return ", ".join(parts) if parts else "no change"

    def shown(self) -> str:
        """``describe`` in the current language, for the trainer to read."""
        parts = []
        for count, msg in ((self.sets, SETS_STEP), (self.reps, REPS_STEP)):
            if count:
                template = ngettext(msg.singular, msg.plural, abs(count))
                parts.append(template.format(step=_signed(count)))
        if self.duration_seconds:
            sign = "+" if self.duration_seconds > 0 else "-"
            parts.append(f"{sign}{format_duration(abs(self.duration_seconds))}")
        if self.load_percent:
            parts.append(gettext(LOAD_PERCENT_STEP).format(step=_signed(self.load_percent)))
        if self.load_kg:
            parts.append(f"{_signed(self.load_kg)} kg")
        if self.load_lb:
            parts.append(f"{_signed(self.load_lb)} lb")
        return ", ".join(parts) if parts else gettext(NO_CHANGE)


def parse_progression(text: str) -> Progression:
    """Read steps like "+1 rep, +5%", "-1 set and -10%", "+15s"; "same" is no change.

    Steps of the same kind add up. Anything unreadable raises InvalidProgression.
    """
    normalized = text.strip().lower().replace("−", "-")
    if normalized in _NO_CHANGE:
        return Progression()
    totals = {
        "sets": 0,
        "reps": 0,
        "duration_seconds": 0,
        "load_percent": _ZERO,
        "load_kg": _ZERO,
        "load_lb": _ZERO,
    }
    steps = [step for step in _STEP_SEPARATOR.split(normalized) if step]
    if not steps:
        raise InvalidProgression(text)
    for step in steps:
        match = _STEP.match(step)
        if match is None:
            raise InvalidProgression(text)
        number = Decimal(match["number"])
        if match["sign"] == "-":
            number = -number
        field_name, amount = _step_amount(match["unit"], number, text)
        totals[field_name] += amount
    progression = Progression(**totals)
    _check_bounds(progression, text)
    return progression


def _step_amount(unit: str, number: Decimal, text: str) -> tuple[str, int | Decimal]:
    if unit in ("%", "percent"):
        return "load_percent", number
    if unit.startswith("kg"):
        return "load_kg", number
    if unit.startswith("lb"):
        return "load_lb", number
    if unit in UNIT_SECONDS:
        seconds = number * UNIT_SECONDS[unit]
        if seconds != seconds.to_integral_value():
            raise InvalidProgression(text)
        return "duration_seconds", int(seconds)
    if number != number.to_integral_value():
        raise InvalidProgression(text)
    return ("reps" if unit.startswith("rep") else "sets"), int(number)


def _check_bounds(progression: Progression, text: str) -> None:
    if (
        abs(progression.sets) > MAX_SETS
        or abs(progression.reps) > MAX_REPS
        or abs(progression.duration_seconds) > MAX_DURATION_SECONDS
        or abs(progression.load_percent) > _MAX_LOAD_PERCENT
        or abs(progression.load_kg) > _MAX_ABSOLUTE_LOAD
        or abs(progression.load_lb) > _MAX_ABSOLUTE_LOAD
    ):
        raise InvalidProgression(text)


def apply_progression(
    spec: PlanSpec, progression: Progression, *, step: LoadStep | None = None
) -> PlanSpec:
    """The next week's plan: ``spec`` with ``progression`` applied to every exercise.

    Reps change only rep-based exercises and duration only time-based ones; sets,
    reps and duration stay within 1 and the parser's upper bounds so the result is
    always a valid plan. Everything but the numbers is kept as it was. With ``step``
    (the trainer's load step), changed loads are rounded to it (core/load_step.py).
    """
    if progression.is_noop:
        return spec
    return replace(
        spec,
        workouts=tuple(
            replace(
                workout,
                exercises=tuple(
                    _progress(exercise, progression, step) for exercise in workout.exercises
                ),
            )
            for workout in spec.workouts
        ),
    )


def _progress(
    exercise: ExerciseSpec, progression: Progression, step: LoadStep | None = None
) -> ExerciseSpec:
    reps, duration = exercise.reps, exercise.duration_seconds
    load = _progress_load(exercise.load, progression, step)
    load_kg = exercise.load_kg
    if load != exercise.load and load is not None:
        load_kg = read_load(load, LoadUnit.KG)[1]  # a changed load always has its unit
    reps_max = exercise.reps_max
    if reps_max is not None and reps is not None:
        reps_max = max(
            _step(reps, progression.reps, MAX_REPS) + 1, _step(reps_max, progression.reps, MAX_REPS)
        )
    return replace(
        exercise,
        reps_max=reps_max,
        load_kg=load_kg,
        sets=_step(exercise.sets, progression.sets, MAX_SETS),
        reps=None if reps is None else _step(reps, progression.reps, MAX_REPS),
        duration_seconds=(
            None
            if duration is None
            else _step(duration, progression.duration_seconds, MAX_DURATION_SECONDS)
        ),
        load=load,
    )


def _step(value: int, delta: int, high: int) -> int:
    if delta == 0:
        return value
    return max(1, min(high, value + delta))


def _progress_load(
    load: str | None, progression: Progression, step: LoadStep | None = None
) -> str | None:
    match = _LOAD.match(load.strip()) if load else None
    if match is None:
        return load
    in_kg = match["unit"].lower().startswith("kg")
    absolute = progression.load_kg if in_kg else progression.load_lb
    if not progression.load_percent and not absolute:
        return load
    uses_comma = "," in match["number"]
    value = Decimal(match["number"].replace(",", "."))
    if step is not None:
        unit = LoadUnit.KG if in_kg else LoadUnit.LB
        plate = step.value if step.unit is unit else default_step(unit).value
        changed = value * (100 + progression.load_percent) / 100 + absolute
        value = round_load(max(_ZERO, changed), value, plate)
    else:
        if progression.load_percent:
            scaled = value * (100 + progression.load_percent) / 100
            value = (scaled * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2
        value = max(_ZERO, value + absolute)
    number = _plain(value)
    if uses_comma:
        number = number.replace(".", ",")
    progressed = f"{number}{match['space']}{match['unit']}"
    # A load too long to store would make the next week's plan invalid.
    return progressed if len(progressed) <= MAX_LOAD_CHARS else load


def _plain(value: Decimal) -> str:
    """2.50 -> "2.5", 100 -> "100" (never "1E+2")."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _signed(value: int | Decimal) -> str:
    text = _plain(value) if isinstance(value, Decimal) else str(value)
    return text if text.startswith("-") else f"+{text}"
