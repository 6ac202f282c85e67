"""A program's text: 1-16 weeks of plan text under ``Week N`` headers, or a base week
followed by a ``Progression:`` block with one progression per later week.

Every problem is reported at once, with its line, in one PlanTextError; nothing else
escapes for any str input. Each week's own lines go through the plan-text parser, with
their line numbers kept as they are in the whole text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from core import vocabulary
from core.errors import InvalidProgression, LineError, PlanTextError
from core.i18n import N_, gettext
from core.load_step import LoadStep
from core.measures import LoadUnit
from core.plan_spec import ExerciseSpec, PlanSpec
from core.plan_text import MAX_PLAN_CHARS, MAX_REPORTED_ERRORS, parse_plan_text
from core.progression import apply_progression, parse_progression

MAX_PROGRAM_WEEKS = 16
MAX_PROGRAM_CHARS = 60_000
MAX_PROGRAM_NAME_CHARS = 60
MAX_PERCENT = 150

# The writer's errors, in the writer's language (the current one while parsing).
TOO_LONG = N_("the program is {length} characters; at most {most}")
WEEK_TWICE = N_("week {week} is written twice; expected Week {expected}")
WEEKS_IN_ORDER = N_('weeks go in order: expected "Week {expected}", found "Week {week}"')
TOO_MANY_WEEKS = N_("a program has at most {most} weeks")
STARTS_WITH_WEEK_1 = N_('a program starts with a "Week 1" line, then that week\'s plan')
NO_WEEK_HEADERS = N_('write each week under a "Week N" line: "Week 1", "Week 2"...')
PROGRESSIONS_IN_ORDER = N_('progressions go in order: expected "Week {expected}:"')
BAD_PROGRESSION = N_(
    'unreadable progression "{step}"; write one per week, like "Week 2: +1 rep", "+5%", '
    '"+2.5kg", "+1 set", "+10s" or "-10%"'
)
TOO_MANY_WEEKS_BASE = N_("a program has at most {most} weeks (the base week and {more} more)")
PERCENT_RANGE = N_(
    'a load relative to the training max is between 1% and {most}%, found "{found}%"'
)
NO_WORKOUTS = N_("{what} has no workouts; write its plan below it")
SEGMENT_TOO_LONG = N_("{what} is longer than {most} characters")
WEEK_N = N_("week {week}")
BASE_WEEK = N_("the base week")
PROGRESSIONS_TOO_LONG = N_("the progressions are too long")
ONE_PROGRESSION_PER_WEEK = N_(
    'write one progression per week after the first, like "Week 2: +1 rep"'
)
TOO_MANY_WEEKS_TEMPLATE = N_("a program has at most {most} weeks (the template and {more} more)")
MESSAGES = (
    TOO_LONG,
    WEEK_TWICE,
    WEEKS_IN_ORDER,
    TOO_MANY_WEEKS,
    STARTS_WITH_WEEK_1,
    NO_WEEK_HEADERS,
    PROGRESSIONS_IN_ORDER,
    BAD_PROGRESSION,
    TOO_MANY_WEEKS_BASE,
    PERCENT_RANGE,
    NO_WORKOUTS,
    SEGMENT_TOO_LONG,
    WEEK_N,
    BASE_WEEK,
    PROGRESSIONS_TOO_LONG,
    ONE_PROGRESSION_PER_WEEK,
    TOO_MANY_WEEKS_TEMPLATE,
)

_WEEK_HEADER = re.compile(r"^week\s*(?P<n>[0-9]{1,6})\s*(?:[:.\-–—].*)?$", re.IGNORECASE)
_PROGRESSION_HEADER = re.compile(r"^progressions?\s*:?\s*$", re.IGNORECASE)
_PROGRESSION_LINE = re.compile(r"^(?:week\s*(?P<n>[0-9]{1,6})\s*:)?\s*(?P<step>.*)$", re.I)
_RELATIVE = re.compile(r"^(?P<number>[0-9]{1,3}(?:\.[0-9]{1,3})?)\s*%$", re.ASCII)
_PERCENT_LOAD = re.compile(r"@\s*(?P<number>[0-9]{1,6}(?:\.[0-9]{1,3})?)\s*%", re.ASCII)


@dataclass(frozen=True)
class ProgramSpec:
    weeks: tuple[PlanSpec, ...]


def parse_program_text(
    text: str, *, unit: LoadUnit = LoadUnit.KG, step: LoadStep | None = None
) -> ProgramSpec:
    """Read a program in either form; see the module docstring."""
    if len(text) > MAX_PROGRAM_CHARS:
        raise PlanTextError(
            [
                LineError(
                    1,
                    gettext(TOO_LONG).format(
                        length=f"{len(text):,}", most=f"{MAX_PROGRAM_CHARS:,}"
                    ),
                )
            ]
        )
    lines = text.splitlines()
    if any(_PROGRESSION_HEADER.match(line.strip()) for line in lines):
        return _parse_base_and_progressions(lines, unit, step)
    return _parse_weeks(lines, unit)


def _parse_weeks(lines: list[str], unit: LoadUnit) -> ProgramSpec:
    errors: list[LineError] = []
    headers: list[tuple[int, int]] = []  # (line number, week number)
    for number, raw in enumerate(lines, start=1):
        match = _WEEK_HEADER.match(raw.strip())
        if match is None:
            continue
        week = int(match["n"])
        expected = len(headers) + 1
        if any(week == seen for _, seen in headers):
            errors.append(
                LineError(number, gettext(WEEK_TWICE).format(week=week, expected=expected))
            )
        elif week != expected:
            errors.append(
                LineError(number, gettext(WEEKS_IN_ORDER).format(expected=expected, week=week))
            )
        if len(headers) == MAX_PROGRAM_WEEKS:
            errors.append(LineError(number, gettext(TOO_MANY_WEEKS).format(most=MAX_PROGRAM_WEEKS)))
        headers.append((number, week))
    first_header = headers[0][0] if headers else len(lines) + 1
    for number, raw in enumerate(lines[: first_header - 1], start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            errors.append(LineError(number, gettext(STARTS_WITH_WEEK_1)))
            break
    if not headers:
        if not errors:
            errors.append(LineError(1, gettext(NO_WEEK_HEADERS)))
        raise PlanTextError(errors)
    weeks: list[PlanSpec] = []
    bounds = [line for line, _ in headers] + [len(lines) + 1]
    for (start, week), end in zip(headers, bounds[1:], strict=True):
        spec = _parse_segment(lines, start, end, unit, errors, gettext(WEEK_N).format(week=week))
        if spec is not None:
            weeks.append(spec)
    _raise_if(errors)
    return ProgramSpec(weeks=tuple(weeks[:MAX_PROGRAM_WEEKS]))


def _parse_base_and_progressions(
    lines: list[str], unit: LoadUnit, step: LoadStep | None = None
) -> ProgramSpec:
    errors: list[LineError] = []
    header = next(
        i for i, line in enumerate(lines, start=1) if _PROGRESSION_HEADER.match(line.strip())
    )
    base = _parse_segment(lines, 0, header, unit, errors, gettext(BASE_WEEK))
    steps = _read_progressions(lines, header, errors)
    if 1 + len(steps) > MAX_PROGRAM_WEEKS:
        errors.append(
            LineError(
                header,
                gettext(TOO_MANY_WEEKS_BASE).format(
                    most=MAX_PROGRAM_WEEKS, more=MAX_PROGRAM_WEEKS - 1
                ),
            )
        )
    _raise_if(errors)
    assert base is not None
    return _progressed(base, steps, step)


def _progressed(base: PlanSpec, steps: list, step: LoadStep | None) -> ProgramSpec:
    weeks = [base]
    for progression in steps:
        assert progression is not None
        next_week = apply_progression(weeks[-1], progression, step=step)
        weeks.append(_scale_percentages(weeks[-1], next_week, progression.load_percent))
    return ProgramSpec(weeks=tuple(weeks))


def _scale_percentages(before: PlanSpec, after: PlanSpec, percent: Decimal) -> PlanSpec:
    """A ``+5%`` or ``-10%`` progression scales ``@ 75%`` loads too (``-10%``: a deload
    to 67.5% of the max), to the nearest 0.5%, within 1-150%; the copy-week machinery
    only changes loads written as weights."""
    if not percent:
        return after

    def scale(old: ExerciseSpec, new: ExerciseSpec) -> ExerciseSpec:
        match = _RELATIVE.match(old.load.strip()) if old.load else None
        if match is None:
            return new
        value = Decimal(match["number"]) * (100 + percent) / 100
        value = (value * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2
        value = min(max(value, Decimal(1)), Decimal(MAX_PERCENT))
        return replace(new, load=f"{format(value.normalize(), 'f')}%")

    return replace(
        after,
        workouts=tuple(
            replace(w_new, exercises=tuple(map(scale, w_old.exercises, w_new.exercises)))
            for w_old, w_new in zip(before.workouts, after.workouts, strict=True)
        ),
    )


def program_from_base(
    base: PlanSpec, progressions: str, *, step: LoadStep | None = None
) -> ProgramSpec:
    """A program from a ready week (a template) and the text of its progressions: one
    line per later week, ``Week 2: +1 rep`` or just ``+1 rep``; a ``Progression:`` line
    may come first. Errors (with their lines) all at once, as for the whole text."""
    lines = progressions.splitlines()
    if len(progressions) > MAX_PROGRAM_CHARS:
        raise PlanTextError([LineError(1, gettext(PROGRESSIONS_TOO_LONG))])
    header = next(
        (i for i, line in enumerate(lines, start=1) if _PROGRESSION_HEADER.match(line.strip())),
        0,
    )
    errors: list[LineError] = []
    steps = _read_progressions(lines, header, errors)
    if not steps and not errors:
        errors.append(LineError(1, gettext(ONE_PROGRESSION_PER_WEEK)))
    if 1 + len(steps) > MAX_PROGRAM_WEEKS:
        errors.append(
            LineError(
                1,
                gettext(TOO_MANY_WEEKS_TEMPLATE).format(
                    most=MAX_PROGRAM_WEEKS, more=MAX_PROGRAM_WEEKS - 1
                ),
            )
        )
    _raise_if(errors)
    return _progressed(base, steps, step)


def _read_progressions(lines: list[str], header: int, errors: list[LineError]) -> list:
    """The progressions after line ``header`` (1-based; 0: from the first line), one per
    week from week 2; an unreadable one is None, with its error in ``errors``."""
    steps: list = []
    for number, raw in enumerate(lines[header:], start=header + 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _PROGRESSION_LINE.match(line)
        expected = len(steps) + 2
        if match is None:  # pragma: no cover - the pattern matches any line
            continue
        if match["n"] is not None and int(match["n"]) != expected:
            errors.append(
                LineError(number, gettext(PROGRESSIONS_IN_ORDER).format(expected=expected))
            )
            steps.append(None)
            continue
        try:
            steps.append(parse_progression(match["step"]))
        except InvalidProgression:
            errors.append(
                LineError(number, gettext(BAD_PROGRESSION).format(step=match["step"][:40]))
            )
            steps.append(None)
    return steps


def _parse_segment(
    lines: list[str], header: int, end: int, unit: LoadUnit, errors: list[LineError], what: str
) -> PlanSpec | None:
    """Lines ``header+1 .. end-1`` (1-based) as one week; errors keep their line numbers."""
    body = lines[header : end - 1]
    for offset, raw in enumerate(body, start=header + 1):
        for match in _PERCENT_LOAD.finditer(raw):
            if not 0 < float(match["number"]) <= MAX_PERCENT:
                errors.append(
                    LineError(
                        offset,
                        gettext(PERCENT_RANGE).format(most=MAX_PERCENT, found=match["number"]),
                    )
                )
    if not any(line.strip() and not line.strip().startswith("#") for line in body):
        errors.append(LineError(max(header, 1), gettext(NO_WORKOUTS).format(what=what)))
        return None
    segment = "\n" * header + "\n".join(body)
    if len(segment) - header > MAX_PLAN_CHARS:
        errors.append(
            LineError(
                max(header, 1),
                gettext(SEGMENT_TOO_LONG).format(what=what, most=f"{MAX_PLAN_CHARS:,}"),
            )
        )
        return None
    try:
        return parse_plan_text(segment, unit=unit)
    except PlanTextError as error:
        errors.extend(error.errors)
        return None


def _raise_if(errors: list[LineError]) -> None:
    if not errors:
        return
    errors.sort(key=lambda error: error.line)
    if len(errors) > MAX_REPORTED_ERRORS:
        rest = len(errors) - MAX_REPORTED_ERRORS
        errors[MAX_REPORTED_ERRORS:] = [
            LineError(
                errors[MAX_REPORTED_ERRORS].line,
                gettext(vocabulary.MORE_PROBLEMS).format(count=rest),
            )
        ]
    raise PlanTextError(errors)


def check_program_name(name: str) -> str | None:
    """The name as stored, or None when it is empty or too long."""
    cleaned = " ".join(name.split())
    return cleaned if 0 < len(cleaned) <= MAX_PROGRAM_NAME_CHARS else None
