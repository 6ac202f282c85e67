"""The rule behind the trainer's log notice: a note, or below what was planned."""

from __future__ import annotations

import pytest

from core.log_entry import parse_log_entry
from core.log_notice import below_plan, tell_trainer
from core.measures import LoadUnit
from core.models import Exercise
from core.plan_text import parse_plan_text


def planned(line: str) -> Exercise:
    """The exercise of a one-exercise plan text, as stored (no ids needed by the rule)."""
    spec = parse_plan_text(f"Mon: Session\n- {line}").workouts[0].exercises[0]
    return Exercise(
        id=1,
        workout_id=1,
        position=0,
        name=spec.name,
        sets=spec.sets,
        reps=spec.reps,
        duration_seconds=spec.duration_seconds,
        load=spec.load,
        notes=spec.notes,
        video=None,
        distance_m=spec.distance_m,
        reps_max=spec.reps_max,
        amrap=spec.amrap,
        load_kg=spec.load_kg,
        rpe=spec.rpe,
        rir=spec.rir,
    )


@pytest.mark.parametrize(
    ("plan", "log"),
    [
        ("Back squat 5x5 @ 60kg", "4x5 @ 60kg"),  # fewer sets
        ("Back squat 5x5 @ 60kg", "5x4 @ 60kg"),  # fewer reps
        ("Back squat 5x5 @ 60kg", "5,5,5,5,3 @ 60kg"),  # one set short
        ("Back squat 5x5 @ 60kg", "5x5 @ 55kg"),  # lower load
        ("Back squat 5x5 @ 60kg", "5x5 @ 130lb"),  # lower load, in pounds (59 kg)
        ("Run 1x30min", "1x25min"),  # shorter
        ("Plank 3x60s", "3x45s"),  # shorter sets
        ("Run 1x5km", "4km in 25:00"),  # shorter distance
        ("Push-ups 3x8-12", "3x7"),  # below the range
    ],
)
def test_below_plan(plan: str, log: str) -> None:
    entry = parse_log_entry(log, LoadUnit.KG)
    assert below_plan(planned(plan), entry)
    assert tell_trainer(planned(plan), entry)


@pytest.mark.parametrize(
    ("plan", "log"),
    [
        ("Back squat 5x5 @ 60kg", "5x5 @ 60kg"),  # as planned
        ("Back squat 5x5 @ 60kg", "6x6 @ 62.5kg"),  # above
        ("Back squat 5x5 @ 60kg", "5x5"),  # no load given: no evidence of less
        ("Back squat 5x5 @ 60kg", "5x5 @ 132.3lb"),  # 60 kg in pounds
        ("Run 1x30min", "1x32min"),  # longer
        ("Run 1x5km", "5km in 24:00"),
        ("Push-ups 3x8-12", "3x8"),  # the low end of the range is the plan
        ("Push-ups 3xAMRAP", "3x4"),  # as many as possible: any number is the plan
        ("Band pull-apart 3x15 @ band", "3x15 @ light"),  # a load in words: not compared
    ],
)
def test_at_or_above_plan_without_a_note_tells_nobody(plan: str, log: str) -> None:
    entry = parse_log_entry(log, LoadUnit.KG)
    assert not below_plan(planned(plan), entry)
    assert not tell_trainer(planned(plan), entry)


def test_a_note_is_always_told() -> None:
    entry = parse_log_entry("1x32min knee a bit sore", LoadUnit.KG)
    assert not below_plan(planned("Run 1x30min"), entry)
    assert tell_trainer(planned("Run 1x30min"), entry)
