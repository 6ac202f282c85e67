"""Plan-text vocabulary in every language Coach speaks: day names, units, keywords.

Data only, so the parser (core/plan_text.py) stays one grammar: it looks a word up
here whatever language the trainer writes in (``Пн``, ``Понедельник``, ``Lun``,
``Lunes``, ``Mon``, ``Monday``; any case; a trailing dot allowed).
"""

from __future__ import annotations

import re

from core.i18n import N_, gettext

# Monday first; full names, then abbreviations, per language.
DAYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (
        ("monday", "mon"),
        ("tuesday", "tue", "tues"),
        ("wednesday", "wed", "weds"),
        ("thursday", "thu", "thur", "thurs"),
        ("friday", "fri"),
        ("saturday", "sat"),
        ("sunday", "sun"),
    ),
    "ru": (
        ("понедельник", "пн", "пон"),
        ("вторник", "вт", "вто"),
        ("среда", "ср", "сре"),
        ("четверг", "чт", "чет"),
        ("пятница", "пт", "пят"),
        ("суббота", "сб", "суб"),
        ("воскресенье", "вс", "вос", "вск"),
    ),
    "es": (
        ("lunes", "lun", "lu"),
        ("martes", "mar", "ma"),
        ("miércoles", "miercoles", "mié", "mie", "mi"),
        ("jueves", "jue", "ju"),
        ("viernes", "vie", "vi"),
        ("sábado", "sabado", "sáb", "sab", "sa"),
        ("domingo", "dom", "do"),
    ),
}


def day_index(word: str) -> int | None:
    """Monday = 0 for a day name in any language and any case, else None."""
    key = word.strip().rstrip(".").casefold().replace("ё", "е")
    for names in DAYS.values():
        for index, spellings in enumerate(names):
            if key in spellings:
                return index
    return None


# Units and keywords written in another language, as the parser's English spelling.
UNIT_ALIASES: dict[str, str] = {
    "мин": "min",
    "минут": "min",
    "минуты": "min",
    "минута": "min",
    "сек": "s",
    "с": "s",
    "ч": "h",
    "час": "h",
    "часа": "h",
    "кг": "kg",
    "фнт": "lb",
    "км": "km",
    "м": "m",
    "seg": "s",
    "minutos": "min",
    "minuto": "min",
    "hora": "h",
    "horas": "h",
}
KEYWORD_ALIASES: dict[str, str] = {
    "каждая": "each",
    "каждой": "each",
    "каждую": "each",
    "на сторону": "each",
    "на каждую": "each",
    "cada": "each",
    "por lado": "each",
}

_WORD_END = r"(?![^\W\d_])"
# A one-letter unit (с, м, ч) only right after its number: "3x10 с паузой" keeps its "с".
_LONG_UNITS = sorted((u for u in UNIT_ALIASES if len(u) > 1), key=len, reverse=True)
_SHORT_UNITS = [u for u in UNIT_ALIASES if len(u) == 1]
_UNIT_RE = re.compile(
    r"(?<=\d)(?:(\s*)("
    + "|".join(map(re.escape, _LONG_UNITS))
    + r")|()("
    + "|".join(map(re.escape, _SHORT_UNITS))
    + r"))\.?"
    + _WORD_END,
    re.IGNORECASE,
)
_TIMES_RE = re.compile(r"(?<=\d)\s*[хХ]\s*(?=\d|amrap|AMRAP)")  # Cyrillic "х" for "x"
_KEYWORD_RE = re.compile(
    r"(?<![^\W\d_])("
    + "|".join(sorted(map(re.escape, KEYWORD_ALIASES), key=len, reverse=True))
    + r")"
    + _WORD_END,
    re.IGNORECASE,
)
_VOLUME_START_RE = re.compile(r"(?<![\w.])\d+\s*[xх×Хx]", re.IGNORECASE)
_VIDEO_RE = re.compile(r"^(\s*)(?:видео|vídeo)\s*:", re.IGNORECASE)
_DURATION_RE = re.compile(r"\(\s*(\d+)\s*(мин|минут|ч|час|min|minutos|h|horas?)\.?\s*\)$", re.I)


def normalize_exercise(text: str) -> str:
    """An exercise line in Russian or Spanish units, as the English grammar reads it:
    ``Присед 5х5 @ 60кг`` -> ``Присед 5x5 @ 60kg``. Exercise names are left alone."""
    head, bar, tail = text.partition("|")  # notes and the video link are the writer's own
    volume = _VOLUME_START_RE.search(head)
    if volume is None:
        return text
    name, rest = head[: volume.start()], head[volume.start() :]
    rest = _TIMES_RE.sub("x", rest)
    rest = _UNIT_RE.sub(_english_unit, rest)
    rest = _KEYWORD_RE.sub(lambda m: KEYWORD_ALIASES[m[1].casefold()], rest)
    return name + rest + bar + _VIDEO_RE.sub(r"\1video:", tail, count=1)


def _english_unit(match: re.Match[str]) -> str:
    space, unit = (match[1], match[2]) if match[2] else (match[3], match[4])
    return space + UNIT_ALIASES[unit.casefold()]


def normalize_workout(line: str) -> str:
    """A workout line's ``(45 мин)`` as ``(45 min)``; the title is left alone."""
    match = _DURATION_RE.search(line)
    if not match:
        return line
    unit = UNIT_ALIASES.get(match[2].casefold(), match[2])
    return f"{line[: match.start()]}({match[1]} {unit})"


# The parser's messages about days and lines, translated in the writer's language
# (core.i18n.LANGUAGE is the writer's while their update is handled).
UNKNOWN_DAY = N_('unknown day "{day}"; use Mon..Sun or Monday..Sunday')
MISSING_COLON = N_('expected ":" after the day in "{line}", like "{example}"')
NOT_AN_EXERCISE_LINE = N_('exercise lines start with "-", like "{example}"; found "{line}"')
NOT_A_LINE = N_(
    'expected a workout line like "{example}", an exercise line starting with "-" like '
    '"{exercise}", or a description line starting with ">"; found "{line}"'
)
NO_DAY = N_('expected a day before ":", like "{example}"')
NO_TITLE = N_('expected a title after "{day}:", like "{example}"')
ORPHAN_DESCRIPTION = N_(
    "a description line before any workout line; start each workout with a day and a title, "
    'like "{example}"'
)
ORPHAN_EXERCISE = N_(
    "an exercise line before any workout line; start each workout with a day and a title, "
    'like "{example}"'
)
EMPTY_PLAN = N_(
    "the plan is empty; write a workout line followed by its exercises, like\n{example}"
)
MORE_PROBLEMS = N_("and {count} more problems from this line on")
EXPECTED_VOLUME = N_(
    'expected "SETSxREPS", "SETSxDURATION" or "SETSxDISTANCE" after the exercise name, '
    'like "Push-ups 3x12", "Plank 3x60s" or "Intervals 6x400m"'
)
EMPTY_AFTER_DASH = N_("{expected}; the line is empty after the dash")
EXPECTED_VOLUME_FOUND = N_('{expected}; found "{found}"')
UNEXPECTED_AFTER_VOLUME = N_(
    'unexpected "{found}" after the sets and reps; durations are written like "3x60s" or '
    '"3x2min", distances like "6x400m" or "1x5km", a load goes after "@" (like "@ 20kg") '
    'and notes after "|" (like "| keep the chest up")'
)
NO_EXERCISE_NAME = N_('expected an exercise name before "{found}", like "{example}"')
NOTHING_AFTER_AT = N_(
    'expected a load, a pace or an effort after "@", like "@ 20kg", "@ 5:30/km" or "@ 40kg RPE 8"'
)
PACE_WITHOUT_DISTANCE = N_(
    'a pace goes with a distance or a time, like "6x400m @ 4:10/km" or "1x30min @ 6:00/km"'
)
TOO_MANY_EXERCISES = N_("too many exercises in this workout: at most {most}")
TOO_MANY_WORKOUTS = N_(
    "too many workouts: at most {most} in one week; split the plan or merge sessions"
)
OUT_OF_RANGE = N_("{what} must be between {low} and {high}, found {found}")
SETS, REPS = N_("sets"), N_("reps")  # the ``what`` of OUT_OF_RANGE
BAD_RANGE = N_('a rep range goes from fewer to more reps, like "3x8-12"; found "{found}"')
UNKNOWN_UNIT = N_('unknown unit "{unit}"; use s, min or h, or m, km or mi')
WHOLE_REPS = N_('reps must be a whole number, found "{found}"')
DURATION_TOO_LONG = N_('the duration "{found}" is too long')
WHOLE_SECONDS = N_('a duration must be whole seconds, found "{found}"')
DURATION_RANGE = N_('a duration must be between 1s and {hours}h, found "{found}"')
DISTANCE_TOO_LONG = N_('the distance "{found}" is too long')
METRES_NOT_MINUTES = N_(
    '"{amount}{unit}" would be {amount} metres: "m" means metres, as in 6x400m; '
    'minutes are written "min", like 3x{amount}min'
)
DISTANCE_RANGE = N_('a distance must be between {low}m and {high}km, found "{found}"')
PACE_SECONDS = N_('a pace has seconds below 60, found "{found}"')
PACE_RANGE = N_('a pace must be between 1:00/km and 30:00/km, found "{found}"')
BAD_RPE = N_('RPE goes from 1 to 10 in halves, like "RPE 8" or "RPE 7.5"; found "{found}"')
LOAD_TOO_HEAVY = N_('a load must be at most {most}kg, found "{found}"')
THE_DESCRIPTION = N_("the description of this workout is {length} characters; at most {most}")
THE_TITLE = N_("the workout title is {length} characters; at most {most}")
THE_NAME = N_("the exercise name is {length} characters; at most {most}")
THE_LOAD = N_("the load is {length} characters; at most {most}")
THE_NOTES = N_("the notes are {length} characters; at most {most}")
THE_LINK = N_("the video link is {length} characters; at most {most}")
WORKOUT_MINUTES = N_('a workout\'s duration must be between 1 and {most} minutes, found "{found}"')
NO_VIDEO_LINK = N_('expected a link after "video:", like "video: https://example.com/row.mp4"')
LINK_SPACES = N_('a video link cannot contain spaces, found "{found}"')
LINK_SCHEME = N_('a video link must start with http:// or https://, found "{found}"')
PLAN_TOO_LONG = N_(
    "the plan is {length} characters long; at most {most} (the limit is passed on this line). "
    "Send a shorter plan."
)


def say(msgid: str, **params: object) -> str:
    """A parser message in the current (the writer's) language."""
    return gettext(msgid).format(**params)


# The examples the parser's messages show (core/plan_text.py's, as the writer would write them).
EXAMPLE_WORKOUT_LINE = N_("Mon: Upper body strength (45 min)")
EXAMPLE_EXERCISE_LINE = N_("- Push-ups 3x12")
EXAMPLE_PLAN = N_("Mon: Upper body strength (45 min)\n- Push-ups 3x12\n- Plank 3x60s")

MESSAGES = (
    EXAMPLE_WORKOUT_LINE,
    EXAMPLE_EXERCISE_LINE,
    EXAMPLE_PLAN,
    OUT_OF_RANGE,
    SETS,
    REPS,
    BAD_RANGE,
    UNKNOWN_UNIT,
    WHOLE_REPS,
    DURATION_TOO_LONG,
    WHOLE_SECONDS,
    DURATION_RANGE,
    DISTANCE_TOO_LONG,
    METRES_NOT_MINUTES,
    DISTANCE_RANGE,
    PACE_SECONDS,
    PACE_RANGE,
    BAD_RPE,
    LOAD_TOO_HEAVY,
    THE_DESCRIPTION,
    THE_TITLE,
    THE_NAME,
    THE_LOAD,
    THE_NOTES,
    THE_LINK,
    WORKOUT_MINUTES,
    NO_VIDEO_LINK,
    LINK_SPACES,
    LINK_SCHEME,
    PLAN_TOO_LONG,
    EXPECTED_VOLUME,
    EMPTY_AFTER_DASH,
    EXPECTED_VOLUME_FOUND,
    UNEXPECTED_AFTER_VOLUME,
    NO_EXERCISE_NAME,
    NOTHING_AFTER_AT,
    PACE_WITHOUT_DISTANCE,
    TOO_MANY_EXERCISES,
    TOO_MANY_WORKOUTS,
    UNKNOWN_DAY,
    MISSING_COLON,
    NOT_AN_EXERCISE_LINE,
    NOT_A_LINE,
    NO_DAY,
    NO_TITLE,
    ORPHAN_DESCRIPTION,
    ORPHAN_EXERCISE,
    EMPTY_PLAN,
    MORE_PROBLEMS,
)
