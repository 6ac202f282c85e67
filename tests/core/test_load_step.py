"""The trainer's load step and copied loads rounded to it (pure)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.load_step import InvalidLoadStep, LoadStep, parse_load_step, round_load, step_of
from core.measures import LoadUnit
from core.plan_text import parse_plan_text
from core.progression import apply_progression, parse_progression

KG, LB = LoadUnit.KG, LoadUnit.LB


def _copied(load: str, progression: str, step: str) -> str:
    spec = parse_plan_text(f"Mon: Lift\n- Squat 5x5 @ {load}")
    copied = apply_progression(spec, parse_progression(progression), step=parse_load_step(step, KG))
    return copied.workouts[0].exercises[0].load


@pytest.mark.parametrize(
    ("load", "progression", "step", "expected"),
    [
        ("20kg", "+5%", "2.5", "22.5kg"),  # 21 would round to 20: never back to the source
        ("20kg", "+5%", "1.25", "21.25kg"),
        ("60kg", "+5%", "2.5", "62.5kg"),  # 63 -> 62.5
        ("60kg", "-5%", "2.5", "57.5kg"),
        ("20kg", "-5%", "2.5", "17.5kg"),  # 19 would round to 20: never back up to it
        ("20kg", "+2.5kg", "2.5", "22.5kg"),
        ("100lb", "+5%", "2.5", "105lb"),  # a kg step: lb loads use the lb default (5 lb)
        ("100lb", "+5%", "5lb", "105lb"),
        ("20kg", "+1 rep", "2.5", "20kg"),
    ],
)
def test_copied_loads_are_rounded_to_the_step(load, progression, step, expected) -> None:
    assert _copied(load, progression, step) == expected


def test_steps_are_read_with_or_without_a_unit() -> None:
    assert parse_load_step("1.25", KG) == LoadStep(Decimal("1.25"), KG)
    assert parse_load_step("1.25kg", LB) == LoadStep(Decimal("1.25"), KG)
    assert parse_load_step("5lb", KG) == LoadStep(Decimal(5), LB)
    assert parse_load_step("5", LB).stored == "5lb"
    assert str(step_of(None, KG)) == "2.5 kg" and str(step_of(None, LB)) == "5 lb"
    assert step_of("1.25kg", LB) == LoadStep(Decimal("1.25"), KG)


@pytest.mark.parametrize("text", ["", "abc", "0", "-2.5", "1.3", "100", "2.5 stone"])
def test_bad_steps_are_refused(text) -> None:
    with pytest.raises(InvalidLoadStep):
        parse_load_step(text, KG)


def test_round_load_never_below_zero() -> None:
    assert round_load(Decimal("0.5"), Decimal("2.5"), Decimal("2.5")) == 0
