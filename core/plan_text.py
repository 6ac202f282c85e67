"""The plan text a trainer writes, parsed into a PlanSpec and formatted back.

The grammar is product.md's "Plan text". Parsing collects every problem in the text
before raising, so a trainer can fix them all in one go; nothing but PlanTextError
ever escapes for any str input. The volume helpers (``3x12``, ``3x60s``) and the
bounds are shared with the log-entry parser and progression, so all three agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from core import vocabulary
from core.errors import LineError, PlanTextError
from core.i18n import gettext
from core.measures import (
    MAX_DISTANCE_M,
    MAX_LOAD_KG,
    MAX_PACE_S_PER_KM,
    METRES_PER_MILE,
    MIN_DISTANCE_M,
    MIN_PACE_S_PER_KM,
    LoadUnit,
    format_distance,
    format_pace,
    plain_number,
    to_kg,
)
from core.plan_spec import (
    DAY_ABBREVIATIONS,
    DAY_NAMES,
    ExerciseSpec,
    PlanSpec,
    VideoSpec,
    WorkoutSpec,
)

MAX_PLAN_CHARS = 20_000
MAX_WORKOUTS = 60
MAX_EXERCISES_PER_WORKOUT = 50
MAX_SETS = 50
MAX_REPS = 1000
MAX_DURATION_SECONDS = 6 * 60 * 60
MAX_WORKOUT_MINUTES = 600
MAX_TITLE_CHARS = 120
MAX_NAME_CHARS = 120
MAX_LOAD_CHARS = 40
MAX_NOTES_CHARS = 500
MAX_DESCRIPTION_CHARS = 2000
MAX_URL_CHARS = 2048
# A pasted wall of garbage would otherwise produce hundreds of errors nobody reads.
MAX_REPORTED_ERRORS = 20

EXAMPLE_WORKOUT_LINE = "Mon: Upper body strength (45 min)"
EXAMPLE_EXERCISE_LINE = "- Push-ups 3x12"

_DAYS: dict[str, int] = {}
for _index, _name in enumerate(DAY_NAMES):
    _DAYS[_name.lower()] = _index
    _DAYS[DAY_ABBREVIATIONS[_index].lower()] = _index
# Common longer abbreviations people type without thinking.
_DAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

UNIT_SECONDS: dict[str, int] = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3600),
}
_REP_UNITS = ("rep", "reps")
# In a volume, "m" is metres (6x400m, as on a track); minutes are "min". See product.md.
VOLUME_TIME_UNITS: dict[str, int] = {k: v for k, v in UNIT_SECONDS.items() if k != "m"}
DISTANCE_UNITS: dict[str, float] = {
    **dict.fromkeys(("m", "metre", "metres", "meter", "meters"), 1.0),
    **dict.fromkeys(("k", "km", "kms"), 1000.0),
    **dict.fromkeys(("mi", "mile", "miles"), METRES_PER_MILE),
}
_UNIT = (
    r"(?:seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h|reps?"
    r"|kms?|k|metres?|meters?|m|miles?|mi)"
)
# The lookarounds stop "Pushups3x12" reading as 3 sets, "3x10kg" as 3x1 and "3x60sec" as
# 3x60s followed by "ec".
_AMOUNT = r"(?P<amount>[0-9]+(?:\.[0-9]+)?)(?![0-9.])"
_RANGE = r"(?P<low>[0-9]+)\s*[-–]\s*(?P<high>[0-9]+)(?:\s*reps?)?"
VOLUME_PATTERN = (
    rf"(?<![\w.])(?P<sets>[0-9]+)\s*[x×]\s*"
    rf"(?:(?P<amrap>amrap)|{_RANGE}|{_AMOUNT}(?:\s*(?P<unit>{_UNIT})(?![^\W\d_]))?)"
    rf"(?![^\W\d_])"
)
SINGLE_AMOUNT_PATTERN = rf"{_AMOUNT}(?:\s*(?P<unit>{_UNIT})(?![^\W\d_]))?(?![^\W\d_])"
_EXERCISE_RE = re.compile(rf"^(?P<name>.*?)\s*{VOLUME_PATTERN}\s*$", re.IGNORECASE)
_ANY_VOLUME_RE = re.compile(r"(?<![\w.])[0-9]+\s*[x×]\s*[0-9]", re.IGNORECASE)
# What may follow the volume before "@": "each", "per side", an effort.
_TRAILING_MODIFIER_RE = re.compile(
    r"\s+(?P<mod>each|per\s+side|per\s+leg|per\s+arm"
    r"|rpe\s*[0-9]+(?:\.[0-9]+)?|rir\s*[0-9]+)\s*$",
    re.IGNORECASE,
)
PACE_RE = re.compile(
    r"(?<![0-9:])(?P<min>[0-9]{1,2}):(?P<sec>[0-9]{2})\s*/\s*(?P<unit>km|mi|mile)(?![^\W\d_])",
    re.IGNORECASE,
)
RPE_RE = re.compile(r"(?<![^\W\d_])rpe\s*(?P<value>[0-9]{1,2}(?:\.[0-9]+)?)(?![0-9.])", re.I)
RIR_RE = re.compile(r"(?<![^\W\d_])rir\s*(?P<value>[0-9]{1,2})(?![0-9.])", re.IGNORECASE)
_EACH_RE = re.compile(r"(?<![^\W\d_])(?:each|per\s+(?:side|leg|arm))(?![^\W\d_])", re.I)
NUMERIC_LOAD_RE = re.compile(
    r"^(?P<number>[0-9]{1,4}(?:[.,][0-9]{1,3})?)(?P<space>\s*)(?P<unit>kgs?|lbs?)?$",
    re.IGNORECASE | re.ASCII,
)
_WORKOUT_MINUTES_RE = re.compile(
    r"^(?P<title>.*?)\s*\(\s*(?P<n>[0-9]+)\s*"
    r"(?P<unit>m|mins?|minutes?|h|hrs?|hours?)\.?\s*\)$",
    re.IGNORECASE,
)
_VIDEO_RE = re.compile(r"^(?:video|demo)\s*:\s*(?P<url>.*)$", re.IGNORECASE)
_BARE_URL_RE = re.compile(r"^https?://\S+$", re.IGNORECASE)
_SEPARATOR_RE = re.compile(r"^[-=_*~—–]{3,}$")
_BULLETS = ("-", "–", "—", "•", "*")


class VolumeError(ValueError):
    """A SETSxREPS / SETSxDURATION whose numbers are out of bounds; the message says why."""


@dataclass(frozen=True)
class Volume:
    sets: int
    reps: int | None
    duration_seconds: int | None
    distance_m: int | None = None
    reps_max: int | None = None
    amrap: bool = False


def bounded_int(digits: str, what: str, low: int, high: int) -> int:
    """An int from ASCII digits, refusing absurd lengths before int() can choke on them."""
    if len(digits) > len(str(high)) or not low <= int(digits) <= high:
        raise VolumeError(
            vocabulary.say(
                vocabulary.OUT_OF_RANGE, what=gettext(what), low=low, high=high, found=_clip(digits)
            )
        )
    return int(digits)


def read_volume(
    sets: str,
    amount: str | None,
    unit: str | None,
    *,
    low: str | None = None,
    high: str | None = None,
    amrap: str | None = None,
) -> Volume:
    """Turn the pieces matched by VOLUME_PATTERN into checked numbers."""
    set_count = bounded_int(sets, "sets", 1, MAX_SETS)
    if amrap:
        return Volume(set_count, None, None, amrap=True)
    if low is not None and high is not None:
        bottom = bounded_int(low, "reps", 1, MAX_REPS)
        top = bounded_int(high, "reps", 1, MAX_REPS)
        if top <= bottom:
            raise VolumeError(vocabulary.say(vocabulary.BAD_RANGE, found=f"{low}-{high}"))
        return Volume(set_count, bottom, None, reps_max=top)
    assert amount is not None
    unit_key = (unit or "").lower()
    if unit_key in DISTANCE_UNITS:
        return Volume(set_count, None, None, distance_m=read_distance(amount, unit_key))
    if unit_key and unit_key not in VOLUME_TIME_UNITS and unit_key not in _REP_UNITS:
        # re.IGNORECASE lets a few exotic letters (the long s, U+017F) match; refuse them.
        raise VolumeError(vocabulary.say(vocabulary.UNKNOWN_UNIT, unit=_clip(unit or "")))
    if not unit_key or unit_key in _REP_UNITS:
        if "." in amount:
            raise VolumeError(vocabulary.say(vocabulary.WHOLE_REPS, found=amount))
        return Volume(set_count, bounded_int(amount, "reps", 1, MAX_REPS), None)
    return Volume(set_count, None, read_seconds(amount, unit_key))


def read_seconds(amount: str, unit_key: str) -> int:
    """``1.5`` ``min`` -> 90; whole seconds between 1s and the maximum, else VolumeError."""
    whole, _, fraction = amount.partition(".")
    if len(whole) > 6 or len(fraction) > 6:
        raise VolumeError(
            vocabulary.say(vocabulary.DURATION_TOO_LONG, found=_clip(amount + unit_key))
        )
    factor = UNIT_SECONDS[unit_key]
    scaled = int(whole + fraction) * factor
    divisor = 10 ** len(fraction)
    if scaled % divisor:
        raise VolumeError(vocabulary.say(vocabulary.WHOLE_SECONDS, found=amount + unit_key))
    seconds = scaled // divisor
    if not 1 <= seconds <= MAX_DURATION_SECONDS:
        raise VolumeError(
            vocabulary.say(
                vocabulary.DURATION_RANGE,
                hours=MAX_DURATION_SECONDS // 3600,
                found=amount + unit_key,
            )
        )
    return seconds


def read_distance(amount: str, unit_key: str) -> int:
    """``5`` ``km`` -> 5000 metres; ``m`` is always metres (minutes are ``min``)."""
    whole, _, fraction = amount.partition(".")
    if len(whole) > 6 or len(fraction) > 3:
        raise VolumeError(
            vocabulary.say(vocabulary.DISTANCE_TOO_LONG, found=_clip(amount + unit_key))
        )
    metres = round(float(amount) * DISTANCE_UNITS[unit_key])
    if DISTANCE_UNITS[unit_key] == 1.0 and metres < MIN_DISTANCE_M:
        raise VolumeError(
            vocabulary.say(vocabulary.METRES_NOT_MINUTES, amount=amount, unit=unit_key)
        )
    if not MIN_DISTANCE_M <= metres <= MAX_DISTANCE_M:
        raise VolumeError(
            vocabulary.say(
                vocabulary.DISTANCE_RANGE,
                low=MIN_DISTANCE_M,
                high=MAX_DISTANCE_M // 1000,
                found=amount + unit_key,
            )
        )
    return metres


def read_pace(minutes: str, seconds: str, unit: str) -> int:
    """``5``, ``30``, ``km`` -> 330 seconds per km; a mile pace is converted to km."""
    if int(seconds) >= 60:
        raise VolumeError(vocabulary.say(vocabulary.PACE_SECONDS, found=f"{minutes}:{seconds}"))
    per_unit = int(minutes) * 60 + int(seconds)
    per_km = per_unit if unit.lower() == "km" else per_unit * 1000 / METRES_PER_MILE
    if not MIN_PACE_S_PER_KM <= per_km <= MAX_PACE_S_PER_KM:
        raise VolumeError(
            vocabulary.say(vocabulary.PACE_RANGE, found=f"{minutes}:{seconds}/{unit}")
        )
    return round(per_km)


def read_rpe(value: str) -> float:
    number = float(value) if len(value) <= 4 else -1.0
    if not 1 <= number <= 10 or (number * 2) % 1:
        raise VolumeError(vocabulary.say(vocabulary.BAD_RPE, found=value))
    return number


def read_rir(value: str) -> int:
    return bounded_int(value, "RIR", 0, 10)


def read_load(text: str, unit: LoadUnit) -> tuple[str, float | None]:
    """The load as written (a bare number gets the writer's unit) and its value in kg."""
    match = NUMERIC_LOAD_RE.match(text)
    if match is None:
        return text, None
    number = float(match["number"].replace(",", "."))
    written = match["unit"]
    load_unit = unit if written is None else LoadUnit(written.lower().rstrip("s"))
    kg = to_kg(number, load_unit)
    if kg > MAX_LOAD_KG:
        raise VolumeError(
            vocabulary.say(vocabulary.LOAD_TOO_HEAVY, most=plain_number(MAX_LOAD_KG), found=text)
        )
    return (text if written else f"{text}{unit.value}"), kg


def format_duration(seconds: int) -> str:
    """``120`` -> ``2min``, ``60`` -> ``60s``, ``90`` -> ``90s``, as trainers write them."""
    return f"{seconds // 60}min" if seconds >= 120 and seconds % 60 == 0 else f"{seconds}s"


def format_volume(
    sets: int,
    reps: int | None,
    duration_seconds: int | None,
    distance_m: int | None = None,
    reps_max: int | None = None,
    amrap: bool = False,
) -> str:
    """``3x12``, ``3x60s``, ``6x400m``, ``3x8-12`` or ``3xAMRAP``, as a trainer would write it."""
    if amrap:
        return f"{sets}xAMRAP"
    if reps is not None:
        return f"{sets}x{reps}-{reps_max}" if reps_max else f"{sets}x{reps}"
    if distance_m is not None:
        return f"{sets}x{format_distance(distance_m)}"
    if duration_seconds is not None:
        return f"{sets}x{format_duration(duration_seconds)}"
    return f"{sets} sets"


def volume_of(item: Any) -> str:
    """The volume of anything with the exercise fields (a spec, a stored exercise)."""
    return format_volume(
        item.sets,
        item.reps,
        item.duration_seconds,
        getattr(item, "distance_m", None),
        getattr(item, "reps_max", None),
        getattr(item, "amrap", False),
    )


def format_effort(rpe: float | None, rir: int | None) -> str:
    parts = []
    if rpe is not None:
        parts.append(f"RPE {plain_number(rpe)}")
    if rir is not None:
        parts.append(f"RIR {rir}")
    return " ".join(parts)


def format_exercise(exercise: ExerciseSpec) -> str:
    """One exercise as a plan-text line, without the leading ``- ``."""
    text = f"{exercise.name} {volume_of(exercise)}"
    if exercise.per_side:
        text += " each"
    targets = [exercise.load] if exercise.load else []
    if exercise.pace_s_per_km is not None:
        targets.append(format_pace(exercise.pace_s_per_km))
    if effort := format_effort(exercise.rpe, exercise.rir):
        targets.append(effort)
    if targets:
        text += " @ " + " ".join(targets)
    if exercise.video is not None:
        text += f" | video: {exercise.video.url}"
    if exercise.notes:
        text += f" | {exercise.notes}"
    return text


def format_plan_text(spec: PlanSpec) -> str:
    """Plan text that parses back to ``spec``, to show a trainer an existing week.

    Only a video's url is written: title, thumbnail and duration are metadata the
    bot fills in, not something a trainer types.
    """
    blocks = []
    for workout in spec.workouts:
        header = f"{DAY_ABBREVIATIONS[workout.day_of_week]}: {workout.title}"
        if workout.duration_minutes is not None:
            header += f" ({workout.duration_minutes} min)"
        lines = [header]
        if workout.description:
            lines += [f"> {line}".rstrip() for line in workout.description.split("\n")]
        lines += [f"- {format_exercise(exercise)}" for exercise in workout.exercises]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


class _LineProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class _Draft:
    """A workout being read; ``valid`` is False when its own line had errors."""

    line: int
    valid: bool
    day_of_week: int = 0
    title: str = ""
    duration_minutes: int | None = None
    description: list[str] = field(default_factory=list)
    exercises: list[ExerciseSpec] = field(default_factory=list)


def parse_plan_text(text: str, *, unit: LoadUnit = LoadUnit.KG) -> PlanSpec:
    """Parse a trainer's week; every problem is reported at once in a PlanTextError.

    ``unit`` is the writer's load unit: what a bare number after "@" means.
    """
    if len(text) > MAX_PLAN_CHARS:
        raise PlanTextError([_too_long_error(text)])

    errors: list[LineError] = []
    drafts: list[_Draft] = []
    orphan_reported = False
    too_many_workouts_reported = False

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#") or _SEPARATOR_RE.match(line):
            continue
        current = drafts[-1] if drafts else None
        try:
            if line.startswith(">"):
                if current is None:
                    if not orphan_reported:
                        orphan_reported = True
                        raise _LineProblem(_orphan_message(vocabulary.ORPHAN_DESCRIPTION))
                    continue
                current.description.append(line[1:].strip())
            elif line.startswith(_BULLETS):
                exercise = _parse_exercise(vocabulary.normalize_exercise(line[1:].strip()), unit)
                if current is None:
                    if not orphan_reported:
                        orphan_reported = True
                        raise _LineProblem(_orphan_message(vocabulary.ORPHAN_EXERCISE))
                    continue
                if len(current.exercises) >= MAX_EXERCISES_PER_WORKOUT:
                    raise _LineProblem(
                        gettext(vocabulary.TOO_MANY_EXERCISES).format(
                            most=MAX_EXERCISES_PER_WORKOUT
                        )
                    )
                current.exercises.append(exercise)
            else:
                draft = _Draft(line=number, valid=False)
                drafts.append(draft)
                if len(drafts) > MAX_WORKOUTS and not too_many_workouts_reported:
                    too_many_workouts_reported = True
                    raise _LineProblem(
                        gettext(vocabulary.TOO_MANY_WORKOUTS).format(most=MAX_WORKOUTS)
                    )
                draft.day_of_week, draft.title, draft.duration_minutes = _parse_workout_line(
                    vocabulary.normalize_workout(line)
                )
                draft.valid = True
        except _LineProblem as problem:
            errors.append(LineError(number, problem.message))

    workouts = []
    for draft in drafts:
        description = _trim_blank_lines(draft.description)
        if len(description) > MAX_DESCRIPTION_CHARS:
            errors.append(
                LineError(
                    draft.line,
                    _too_long(vocabulary.THE_DESCRIPTION, len(description), MAX_DESCRIPTION_CHARS),
                )
            )
        if draft.valid:
            workouts.append(
                WorkoutSpec(
                    day_of_week=draft.day_of_week,
                    title=draft.title,
                    description=description,
                    duration_minutes=draft.duration_minutes,
                    exercises=tuple(draft.exercises),
                )
            )

    if not errors and not workouts:
        errors.append(
            LineError(
                1,
                gettext(vocabulary.EMPTY_PLAN).format(example=gettext(vocabulary.EXAMPLE_PLAN)),
            )
        )
    if errors:
        errors.sort(key=lambda error: error.line)
        if len(errors) > MAX_REPORTED_ERRORS:
            rest = len(errors) - MAX_REPORTED_ERRORS
            first_unreported = errors[MAX_REPORTED_ERRORS].line
            errors = errors[:MAX_REPORTED_ERRORS]
            errors.append(
                LineError(first_unreported, gettext(vocabulary.MORE_PROBLEMS).format(count=rest))
            )
        raise PlanTextError(errors)
    return PlanSpec(workouts=tuple(workouts))


def _parse_workout_line(line: str) -> tuple[int, str, int | None]:
    prefix, colon, rest = line.partition(":")
    day_word = prefix.strip().rstrip(".").lower()
    if not colon:
        first_word = line.split()[0].rstrip(".:,-").lower()
        if vocabulary.day_index(first_word) is not None:
            raise _LineProblem(
                gettext(vocabulary.MISSING_COLON).format(
                    line=_clip(line), example=gettext(EXAMPLE_WORKOUT_LINE)
                )
            )
        if _EXERCISE_RE.match(line):
            raise _LineProblem(
                gettext(vocabulary.NOT_AN_EXERCISE_LINE).format(
                    example=gettext(EXAMPLE_EXERCISE_LINE), line=_clip(line)
                )
            )
        raise _LineProblem(
            gettext(vocabulary.NOT_A_LINE).format(
                example=gettext(EXAMPLE_WORKOUT_LINE),
                exercise=gettext(EXAMPLE_EXERCISE_LINE),
                line=_clip(line),
            )
        )
    if not day_word:
        raise _LineProblem(gettext(vocabulary.NO_DAY).format(example=gettext(EXAMPLE_WORKOUT_LINE)))
    day = vocabulary.day_index(day_word)  # any language Coach speaks (core/vocabulary.py)
    if day is None:
        raise _LineProblem(gettext(vocabulary.UNKNOWN_DAY).format(day=_clip(prefix.strip())))
    rest = rest.strip()
    duration_minutes = None
    match = _WORKOUT_MINUTES_RE.match(rest)
    if match:
        rest = match["title"]
        factor = 60 if match["unit"].lower().startswith("h") else 1
        n = match["n"]
        if len(n) > 4 or not 1 <= int(n) * factor <= MAX_WORKOUT_MINUTES:
            raise _LineProblem(
                vocabulary.say(
                    vocabulary.WORKOUT_MINUTES,
                    most=MAX_WORKOUT_MINUTES,
                    found=f"({_clip(n)} {match['unit']})",
                )
            )
        duration_minutes = int(n) * factor
    if not rest:
        raise _LineProblem(
            gettext(vocabulary.NO_TITLE).format(
                day=prefix.strip(), example=gettext(EXAMPLE_WORKOUT_LINE)
            )
        )
    if len(rest) > MAX_TITLE_CHARS:
        raise _LineProblem(_too_long(vocabulary.THE_TITLE, len(rest), MAX_TITLE_CHARS))
    return day, rest, duration_minutes


def _parse_exercise(body: str, unit: LoadUnit) -> ExerciseSpec:
    main, *extras = body.split("|")
    left, at, target_text = main.partition("@")
    left = left.strip()
    modifiers = []
    while trailing := _TRAILING_MODIFIER_RE.search(left):
        modifiers.append(trailing["mod"])
        left = left[: trailing.start()].rstrip()
    match = _EXERCISE_RE.match(left)
    if match is None:
        raise _LineProblem(_volume_problem(left))
    name = match["name"].strip()
    if not name:
        raise _LineProblem(
            gettext(vocabulary.NO_EXERCISE_NAME).format(
                found=_clip(left), example=gettext(EXAMPLE_EXERCISE_LINE)
            )
        )
    if len(name) > MAX_NAME_CHARS:
        raise _LineProblem(_too_long(vocabulary.THE_NAME, len(name), MAX_NAME_CHARS))
    try:
        volume = read_volume(
            match["sets"],
            match["amount"],
            match["unit"],
            low=match["low"],
            high=match["high"],
            amrap=match["amrap"],
        )
        targets = read_targets(" ".join([*reversed(modifiers), target_text]), unit)
    except VolumeError as error:
        raise _LineProblem(str(error)) from None
    if at and targets.is_empty:
        raise _LineProblem(gettext(vocabulary.NOTHING_AFTER_AT))
    if targets.load and len(targets.load) > MAX_LOAD_CHARS:
        raise _LineProblem(_too_long(vocabulary.THE_LOAD, len(targets.load), MAX_LOAD_CHARS))
    if (
        targets.pace_s_per_km is not None
        and volume.distance_m is None
        and (volume.duration_seconds is None)
    ):
        raise _LineProblem(gettext(vocabulary.PACE_WITHOUT_DISTANCE))

    video = None
    notes = []
    for extra in extras:
        part = extra.strip()
        if not part:
            continue
        video_match = _VIDEO_RE.match(part)
        if video_match or _BARE_URL_RE.match(part):
            if video is not None:
                raise _LineProblem("only one video per exercise")
            video = VideoSpec(url=_checked_url(video_match["url"].strip() if video_match else part))
        else:
            notes.append(part)
    notes_text = " | ".join(notes)
    if len(notes_text) > MAX_NOTES_CHARS:
        raise _LineProblem(_too_long(vocabulary.THE_NOTES, len(notes_text), MAX_NOTES_CHARS))
    return ExerciseSpec(
        name=name,
        sets=volume.sets,
        reps=volume.reps,
        duration_seconds=volume.duration_seconds,
        load=targets.load,
        notes=notes_text or None,
        video=video,
        distance_m=volume.distance_m,
        reps_max=volume.reps_max,
        amrap=volume.amrap,
        per_side=targets.per_side,
        load_kg=targets.load_kg,
        pace_s_per_km=targets.pace_s_per_km,
        rpe=targets.rpe,
        rir=targets.rir,
    )


@dataclass(frozen=True)
class Targets:
    """What follows the volume: "@ 40kg RPE 8", "each", "@ 5:30/km"."""

    load: str | None = None
    load_kg: float | None = None
    pace_s_per_km: int | None = None
    rpe: float | None = None
    rir: int | None = None
    per_side: bool = False

    @property
    def is_empty(self) -> bool:
        return self == Targets()


def read_targets(text: str, unit: LoadUnit) -> Targets:
    """Pick the pace, the effort and "each" out of ``text``; what is left is the load."""
    found: dict[str, Any] = {}
    rest = text
    if pace := PACE_RE.search(rest):
        found["pace_s_per_km"] = read_pace(pace["min"], pace["sec"], pace["unit"])
        rest = rest[: pace.start()] + " " + rest[pace.end() :]
    if rpe := RPE_RE.search(rest):
        found["rpe"] = read_rpe(rpe["value"])
        rest = rest[: rpe.start()] + " " + rest[rpe.end() :]
    if rir := RIR_RE.search(rest):
        found["rir"] = read_rir(rir["value"])
        rest = rest[: rir.start()] + " " + rest[rir.end() :]
    if each := _EACH_RE.search(rest):
        found["per_side"] = True
        rest = rest[: each.start()] + " " + rest[each.end() :]
    load = " ".join(rest.split()).strip(" ,;")
    if load:
        found["load"], found["load_kg"] = read_load(load, unit)
    return Targets(**found)


def _volume_problem(left: str) -> str:
    """Say as precisely as possible why ``left`` is not ``Name SETSxREPS``."""
    expected = gettext(vocabulary.EXPECTED_VOLUME)
    if not left:
        return gettext(vocabulary.EMPTY_AFTER_DASH).format(expected=expected)
    volumes = list(_ANY_VOLUME_RE.finditer(left))
    if volumes:
        after = left[volumes[-1].end() :]
        trailing = re.sub(r"^[0-9.]*\s*", "", after)
        return gettext(vocabulary.UNEXPECTED_AFTER_VOLUME).format(found=_clip(trailing))
    return gettext(vocabulary.EXPECTED_VOLUME_FOUND).format(expected=expected, found=_clip(left))


def _checked_url(url: str) -> str:
    if not url:
        raise _LineProblem(gettext(vocabulary.NO_VIDEO_LINK))
    if len(url) > MAX_URL_CHARS:
        raise _LineProblem(_too_long(vocabulary.THE_LINK, len(url), MAX_URL_CHARS))
    if any(character.isspace() for character in url):
        raise _LineProblem(vocabulary.say(vocabulary.LINK_SPACES, found=_clip(url)))
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise _LineProblem(vocabulary.say(vocabulary.LINK_SCHEME, found=_clip(url)))
    return url


def _too_long(msgid: str, length: int, most: int) -> str:
    return vocabulary.say(msgid, length=length, most=most)


def _orphan_message(msgid: str) -> str:
    return gettext(msgid).format(example=gettext(EXAMPLE_WORKOUT_LINE))


def _too_long_error(text: str) -> LineError:
    consumed = 0
    limit_line = 1
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        limit_line = number
        consumed += len(raw)
        if consumed > MAX_PLAN_CHARS:
            break
    return LineError(
        limit_line,
        vocabulary.say(
            vocabulary.PLAN_TOO_LONG, length=f"{len(text):,}", most=f"{MAX_PLAN_CHARS:,}"
        ),
    )


def _trim_blank_lines(lines: list[str]) -> str:
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return "\n".join(lines[start:end])


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
