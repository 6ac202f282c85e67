"""The plan text a trainer writes, parsed into a PlanSpec and formatted back.

The grammar is product.md's "Plan text". Parsing collects every problem in the text
before raising, so a trainer can fix them all in one go; nothing but PlanTextError
ever escapes for any str input. The volume helpers (``3x12``, ``3x60s``) and the
bounds are shared with the log-entry parser and progression, so all three agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from core.errors import LineError, PlanTextError
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
_UNIT = r"(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|reps?)"
# The lookarounds stop "Pushups3x12" reading as 3 sets, "3x10kg" as 3x1 and "3x60sec" as
# 3x60s followed by "ec".
_AMOUNT = r"(?P<amount>[0-9]+(?:\.[0-9]+)?)(?![0-9.])"
VOLUME_PATTERN = (
    rf"(?<![\w.])(?P<sets>[0-9]+)\s*[x×]\s*{_AMOUNT}"
    rf"(?:\s*(?P<unit>{_UNIT})(?![^\W\d_]))?(?![^\W\d_])"
)
SINGLE_AMOUNT_PATTERN = rf"{_AMOUNT}(?:\s*(?P<unit>{_UNIT})(?![^\W\d_]))?(?![^\W\d_])"
_EXERCISE_RE = re.compile(rf"^(?P<name>.*?)\s*{VOLUME_PATTERN}\s*$", re.IGNORECASE)
_ANY_VOLUME_RE = re.compile(r"(?<![\w.])[0-9]+\s*[x×]\s*[0-9]", re.IGNORECASE)
_REP_RANGE_RE = re.compile(r"[0-9]+\s*[x×]\s*([0-9]+\s*[-–]\s*[0-9]+)", re.IGNORECASE)
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


def bounded_int(digits: str, what: str, low: int, high: int) -> int:
    """An int from ASCII digits, refusing absurd lengths before int() can choke on them."""
    if len(digits) > len(str(high)) or not low <= int(digits) <= high:
        raise VolumeError(f"{what} must be between {low} and {high}, found {_clip(digits)}")
    return int(digits)


def read_volume(sets: str, amount: str, unit: str | None) -> Volume:
    """Turn the pieces matched by VOLUME_PATTERN into checked numbers."""
    set_count = bounded_int(sets, "sets", 1, MAX_SETS)
    unit_key = (unit or "").lower()
    if unit_key and unit_key not in UNIT_SECONDS and unit_key not in _REP_UNITS:
        # re.IGNORECASE lets a few exotic letters (the long s, U+017F) match; refuse them.
        raise VolumeError(f'unknown unit "{_clip(unit or "")}"; use s, min or h')
    if not unit_key or unit_key in _REP_UNITS:
        if "." in amount:
            raise VolumeError(f'reps must be a whole number, found "{amount}"')
        return Volume(set_count, bounded_int(amount, "reps", 1, MAX_REPS), None)
    whole, _, fraction = amount.partition(".")
    if len(whole) > 6 or len(fraction) > 6:
        raise VolumeError(f'the duration "{_clip(amount + unit_key)}" is too long')
    factor = UNIT_SECONDS[unit_key]
    scaled = int(whole + fraction) * factor
    divisor = 10 ** len(fraction)
    if scaled % divisor:
        raise VolumeError(f'a duration must be whole seconds, found "{amount}{unit_key}"')
    seconds = scaled // divisor
    if not 1 <= seconds <= MAX_DURATION_SECONDS:
        raise VolumeError(
            f"a duration must be between 1s and {MAX_DURATION_SECONDS // 3600}h, "
            f'found "{amount}{unit_key}"'
        )
    return Volume(set_count, None, seconds)


def format_duration(seconds: int) -> str:
    """``120`` -> ``2min``, ``60`` -> ``60s``, ``90`` -> ``90s``, as trainers write them."""
    return f"{seconds // 60}min" if seconds >= 120 and seconds % 60 == 0 else f"{seconds}s"


def format_volume(sets: int, reps: int | None, duration_seconds: int | None) -> str:
    """``3x12`` or ``3x60s``, as a trainer would write it."""
    if reps is not None:
        return f"{sets}x{reps}"
    if duration_seconds is not None:
        return f"{sets}x{format_duration(duration_seconds)}"
    return f"{sets} sets"


def format_exercise(exercise: ExerciseSpec) -> str:
    """One exercise as a plan-text line, without the leading ``- ``."""
    text = (
        f"{exercise.name} {format_volume(exercise.sets, exercise.reps, exercise.duration_seconds)}"
    )
    if exercise.load:
        text += f" @ {exercise.load}"
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


def parse_plan_text(text: str) -> PlanSpec:
    """Parse a trainer's week; every problem is reported at once in a PlanTextError."""
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
                        raise _LineProblem(_orphan_message("a description line"))
                    continue
                current.description.append(line[1:].strip())
            elif line.startswith(_BULLETS):
                exercise = _parse_exercise(line[1:].strip())
                if current is None:
                    if not orphan_reported:
                        orphan_reported = True
                        raise _LineProblem(_orphan_message("an exercise line"))
                    continue
                if len(current.exercises) >= MAX_EXERCISES_PER_WORKOUT:
                    raise _LineProblem(
                        f"too many exercises in this workout: at most {MAX_EXERCISES_PER_WORKOUT}"
                    )
                current.exercises.append(exercise)
            else:
                draft = _Draft(line=number, valid=False)
                drafts.append(draft)
                if len(drafts) > MAX_WORKOUTS and not too_many_workouts_reported:
                    too_many_workouts_reported = True
                    raise _LineProblem(
                        f"too many workouts: at most {MAX_WORKOUTS} in one week; "
                        "split the plan or merge sessions"
                    )
                draft.day_of_week, draft.title, draft.duration_minutes = _parse_workout_line(line)
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
                    f"the description of this workout is {len(description)} characters; "
                    f"at most {MAX_DESCRIPTION_CHARS}",
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
                "the plan is empty; write a workout line followed by its exercises, like\n"
                f"{EXAMPLE_WORKOUT_LINE}\n{EXAMPLE_EXERCISE_LINE}\n- Plank 3x60s",
            )
        )
    if errors:
        errors.sort(key=lambda error: error.line)
        if len(errors) > MAX_REPORTED_ERRORS:
            rest = len(errors) - MAX_REPORTED_ERRORS
            first_unreported = errors[MAX_REPORTED_ERRORS].line
            errors = errors[:MAX_REPORTED_ERRORS]
            errors.append(
                LineError(first_unreported, f"and {rest} more problems from this line on")
            )
        raise PlanTextError(errors)
    return PlanSpec(workouts=tuple(workouts))


def _parse_workout_line(line: str) -> tuple[int, str, int | None]:
    prefix, colon, rest = line.partition(":")
    day_word = prefix.strip().rstrip(".").lower()
    if not colon:
        first_word = line.split()[0].rstrip(".:,-").lower()
        if first_word in _DAYS:
            raise _LineProblem(
                f'expected ":" after the day in "{_clip(line)}", like "{EXAMPLE_WORKOUT_LINE}"'
            )
        if _EXERCISE_RE.match(line):
            raise _LineProblem(
                f'exercise lines start with "-", like "{EXAMPLE_EXERCISE_LINE}"; '
                f'found "{_clip(line)}"'
            )
        raise _LineProblem(
            f'expected a workout line like "{EXAMPLE_WORKOUT_LINE}", an exercise line '
            f'starting with "-" like "{EXAMPLE_EXERCISE_LINE}", or a description line '
            f'starting with ">"; found "{_clip(line)}"'
        )
    if not day_word:
        raise _LineProblem(f'expected a day before ":", like "{EXAMPLE_WORKOUT_LINE}"')
    if day_word not in _DAYS:
        raise _LineProblem(f'unknown day "{_clip(prefix.strip())}"; use Mon..Sun or Monday..Sunday')
    day = _DAYS[day_word]
    rest = rest.strip()
    duration_minutes = None
    match = _WORKOUT_MINUTES_RE.match(rest)
    if match:
        rest = match["title"]
        factor = 60 if match["unit"].lower().startswith("h") else 1
        n = match["n"]
        if len(n) > 4 or not 1 <= int(n) * factor <= MAX_WORKOUT_MINUTES:
            raise _LineProblem(
                f"a workout's duration must be between 1 and {MAX_WORKOUT_MINUTES} minutes, "
                f'found "({_clip(n)} {match["unit"]})"'
            )
        duration_minutes = int(n) * factor
    if not rest:
        raise _LineProblem(
            f'expected a title after "{prefix.strip()}:", like "{EXAMPLE_WORKOUT_LINE}"'
        )
    if len(rest) > MAX_TITLE_CHARS:
        raise _LineProblem(
            f"the workout title is {len(rest)} characters; at most {MAX_TITLE_CHARS}"
        )
    return day, rest, duration_minutes


def _parse_exercise(body: str) -> ExerciseSpec:
    main, *extras = body.split("|")
    left, at, load_text = main.partition("@")
    load = None
    if at:
        load = load_text.strip()
        if not load:
            raise _LineProblem('expected a load after "@", like "@ 20kg"')
        if len(load) > MAX_LOAD_CHARS:
            raise _LineProblem(f"the load is {len(load)} characters; at most {MAX_LOAD_CHARS}")
    match = _EXERCISE_RE.match(left.strip())
    if match is None:
        raise _LineProblem(_volume_problem(left.strip()))
    name = match["name"].strip()
    if not name:
        raise _LineProblem(
            f'expected an exercise name before "{_clip(left.strip())}", like '
            f'"{EXAMPLE_EXERCISE_LINE}"'
        )
    if len(name) > MAX_NAME_CHARS:
        raise _LineProblem(f"the exercise name is {len(name)} characters; at most {MAX_NAME_CHARS}")
    try:
        volume = read_volume(match["sets"], match["amount"], match["unit"])
    except VolumeError as error:
        raise _LineProblem(str(error)) from None

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
        raise _LineProblem(f"the notes are {len(notes_text)} characters; at most {MAX_NOTES_CHARS}")
    return ExerciseSpec(
        name=name,
        sets=volume.sets,
        reps=volume.reps,
        duration_seconds=volume.duration_seconds,
        load=load,
        notes=notes_text or None,
        video=video,
    )


def _volume_problem(left: str) -> str:
    """Say as precisely as possible why ``left`` is not ``Name SETSxREPS``."""
    expected = (
        'expected "SETSxREPS" or "SETSxDURATION" after the exercise name, '
        'like "Push-ups 3x12" or "Plank 3x60s"'
    )
    if not left:
        return f"{expected}; the line is empty after the dash"
    rep_range = _REP_RANGE_RE.search(left)
    if rep_range:
        return (
            f'reps must be one number, found the range "{rep_range[1]}"; write e.g. "3x10" '
            'and put the range in the notes after "|"'
        )
    volumes = list(_ANY_VOLUME_RE.finditer(left))
    if volumes:
        after = left[volumes[-1].end() :]
        trailing = re.sub(r"^[0-9.]*\s*", "", after)
        return (
            f'unexpected "{_clip(trailing)}" after the sets and reps; durations are written '
            'like "3x60s" or "3x2min", a load goes after "@" (like "@ 20kg") and notes '
            'after "|" (like "| keep the chest up")'
        )
    return f'{expected}; found "{_clip(left)}"'


def _checked_url(url: str) -> str:
    if not url:
        raise _LineProblem(
            'expected a link after "video:", like "video: https://example.com/row.mp4"'
        )
    if len(url) > MAX_URL_CHARS:
        raise _LineProblem(f"the video link is {len(url)} characters; at most {MAX_URL_CHARS}")
    if any(character.isspace() for character in url):
        raise _LineProblem(f'a video link cannot contain spaces, found "{_clip(url)}"')
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise _LineProblem(
            f'a video link must start with http:// or https://, found "{_clip(url)}"'
        )
    return url


def _orphan_message(kind: str) -> str:
    return (
        f"{kind} before any workout line; start each workout with a day and a title, "
        f'like "{EXAMPLE_WORKOUT_LINE}"'
    )


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
        f"the plan is {len(text):,} characters long; at most {MAX_PLAN_CHARS:,} "
        "(the limit is passed on this line). Send a shorter plan.",
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
