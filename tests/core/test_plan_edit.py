"""The ✓-marked edit text, reading it back, and the athlete's list of changes (pure)."""

from __future__ import annotations

import pytest

from core.errors import PlanTextError
from core.plan_edit import ExistingWorkout, marked_text, plan_changes, read_edit
from core.plan_text import parse_plan_text

WEEK = """\
Tue: Lower body (40 min)
- Back squat 5x5 @ 60kg
Thu: Upper body
- Bench press 5x5 @ 50kg
- Row 3x10
Sat: Long run
- Run 1x60min
"""


def existing(done: set[int] = frozenset()) -> list[ExistingWorkout]:
    spec = parse_plan_text(WEEK)
    return [
        ExistingWorkout(id=10 + n, spec=w, started=n in done) for n, w in enumerate(spec.workouts)
    ]


def test_started_workout_lines_are_marked_not_their_exercises() -> None:
    text = marked_text(existing({0}))
    lines = text.splitlines()
    assert lines[0] == "✓ Tue: Lower body (40 min)"
    assert lines[1] == "- Back squat 5x5 @ 60kg"
    assert "✓" not in "\n".join(lines[2:])


def test_the_marked_text_comes_back_as_the_same_rows() -> None:
    edit = read_edit(marked_text(existing({0})), existing({0}))
    assert edit.kept == (10, 11, 12) and edit.removed == ()


def test_a_changed_unmarked_workout_is_replaced_and_the_rest_kept() -> None:
    text = marked_text(existing({0})).replace("Bench press 5x5 @ 50kg", "Bench press 5x5 @ 45kg")
    text = text.replace("Sat: Long run\n- Run 1x60min", "Fri: Easy run (30 min)\n- Run 1x30min")
    edit = read_edit(text, existing({0}))
    assert edit.kept == (10, None, None) and set(edit.removed) == {11, 12}


def test_a_changed_marked_workout_is_an_error_naming_its_line() -> None:
    text = marked_text(existing({0})).replace("5x5 @ 60kg", "5x5 @ 65kg")
    with pytest.raises(PlanTextError) as caught:
        read_edit(text, existing({0}))
    lines = [e.line for e in caught.value.errors]
    assert 1 in lines and all("done" in e.message for e in caught.value.errors)


def test_a_mark_on_a_workout_that_is_not_done_is_an_error() -> None:
    text = "✓ " + marked_text(existing()).replace("Thu: Upper", "✓ Thu: Upper", 1)
    with pytest.raises(PlanTextError) as caught:
        read_edit(text, existing())
    assert [e.line for e in caught.value.errors] == [1, 4]  # blank lines between workouts


def test_a_done_workout_left_out_is_an_error_not_a_silent_delete() -> None:
    text = "Thu: Upper body\n- Bench press 5x5 @ 50kg\n- Row 3x10"
    with pytest.raises(PlanTextError) as caught:
        read_edit(text, existing({0}))
    assert "Tue: Lower body" in caught.value.errors[0].message


def test_an_unchanged_done_workout_without_its_mark_is_still_kept() -> None:
    edit = read_edit(WEEK, existing({2}))
    assert edit.kept == (10, 11, 12)


def test_errors_of_the_parser_and_of_the_marks_come_together() -> None:
    text = "Tue: Lower body (40 min)\n✓ - Row 3x10\n- Back squat fivexfive"
    with pytest.raises(PlanTextError) as caught:
        read_edit(text, existing())
    assert [e.line for e in caught.value.errors] == [2, 3]


def test_changes_line_by_line() -> None:
    old = parse_plan_text(WEEK)
    new = parse_plan_text(
        WEEK.replace("Bench press 5x5 @ 50kg", "Bench press 5x5 @ 55kg")
        .replace("- Row 3x10\n", "")
        .replace("Sat: Long run\n- Run 1x60min\n", "Fri: Easy run (30 min)\n- Run 1x30min\n")
        .replace("(40 min)", "(45 min)")
    )
    assert plan_changes(old, new) == [
        "Tue · Lower body (40 min) → (45 min)",
        "Thu · Bench press 5x5 @ 50kg → 5x5 @ 55kg",
        "− Thu · Row 3x10",
        "+ Fri: Easy run (30 min)",
        "− Sat: Long run",
    ]
    assert plan_changes(old, old) == []
