"""Programs from a base week and progressions: ``@ N%`` loads follow ``+5%`` / ``-10%``."""

from __future__ import annotations

import pytest

from core.errors import PlanTextError
from core.plan_text import parse_plan_text
from core.program_text import parse_program_text, program_from_base


def _loads(program) -> list[list[str | None]]:
    return [[e.load for e in week.workouts[0].exercises] for week in program.weeks]


def test_a_percentage_progression_scales_relative_loads_too() -> None:
    text = "Mon: A\n- Bench press 3x8-12 @ 75%\n- Squat 5x5 @ 100kg\nProgression:\n"
    program = parse_program_text(text + "Week 2: +5%\nWeek 3: +1 rep\nWeek 4: -10%")
    assert _loads(program) == [
        ["75%", "100kg"],
        ["79%", "105kg"],  # 78.75% to the nearest 0.5%
        ["79%", "105kg"],
        ["71%", "94.5kg"],  # the deload
    ]


def test_relative_loads_stay_within_150_percent() -> None:
    base = parse_plan_text("Mon: A\n- Bench press 1x1 @ 140%")
    program = program_from_base(base, "+10%\n+10%")
    assert _loads(program) == [["140%"], ["150%"], ["150%"]]


@pytest.mark.parametrize(
    ("progressions", "lines"),
    [("", [1]), ("Progression:\n+1 rep\nWeek 2: +1 set", [3]), ("\n".join(["+1 rep"] * 16), [1])],
)
def test_progressions_for_a_template_are_checked_line_by_line(
    progressions: str, lines: list[int]
) -> None:
    base = parse_plan_text("Mon: A\n- Squat 3x5")
    with pytest.raises(PlanTextError) as raised:
        program_from_base(base, progressions)
    assert [e.line for e in raised.value.errors] == lines
