"""The trainer's load step: the plate increment copied loads are rounded to.

2.5 kg by default, or 5 lb for a trainer who works in pounds. A progression that
adds load never rounds back down to the source load (+5% on 20 kg with a 2.5 kg step
is 22.5 kg, not 20 kg); one that takes load off never rounds back up to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from core.errors import CoachError
from core.i18n import N_, gettext
from core.measures import LoadUnit

MIN_STEP = {LoadUnit.KG: Decimal("0.25"), LoadUnit.LB: Decimal("0.5")}
MAX_STEP = {LoadUnit.KG: Decimal(25), LoadUnit.LB: Decimal(50)}
# Why a step is refused, in the trainer's language (the current one while parsing).
EXPECTED_NUMBER_UNIT = N_("expected a number with an optional unit")
EXPECTED_NUMBER = N_("expected a number")
STEP_RANGE = N_("a step is between {low} and {high} {unit}")
STEP_MULTIPLE = N_("a step is a multiple of {low} {unit}")
MESSAGES = (EXPECTED_NUMBER_UNIT, EXPECTED_NUMBER, STEP_RANGE, STEP_MULTIPLE)
_STEP = re.compile(r"^(?P<number>[0-9]{1,3}(?:[.,][0-9]{1,3})?)\s*(?P<unit>kgs?|lbs?)?$")


class InvalidLoadStep(CoachError):
    """A load step that reads as no plate increment; ``reason`` says what is expected."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(reason)
        self.text = text
        self.reason = reason


@dataclass(frozen=True)
class LoadStep:
    value: Decimal
    unit: LoadUnit

    def __str__(self) -> str:
        return f"{_plain(self.value)} {self.unit.value}"

    @property
    def stored(self) -> str:
        return f"{_plain(self.value)}{self.unit.value}"


def default_step(unit: LoadUnit) -> LoadStep:
    return LoadStep(Decimal("5") if unit is LoadUnit.LB else Decimal("2.5"), unit)


def step_of(stored: str | None, unit: LoadUnit) -> LoadStep:
    """A stored step ("1.25kg"), or the default for the trainer's unit."""
    if stored:
        try:
            return parse_load_step(stored, unit)
        except InvalidLoadStep:
            pass
    return default_step(unit)


def parse_load_step(text: str, unit: LoadUnit) -> LoadStep:
    """ "1.25", "1.25kg", "5 lb"; a bare number is in ``unit``."""
    match = _STEP.match(text.strip().lower())
    if match is None:
        raise InvalidLoadStep(text, gettext(EXPECTED_NUMBER_UNIT))
    try:
        value = Decimal(match["number"].replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        raise InvalidLoadStep(text, gettext(EXPECTED_NUMBER)) from None
    step_unit = LoadUnit.LB if (match["unit"] or unit.value).startswith("lb") else LoadUnit.KG
    if not MIN_STEP[step_unit] <= value <= MAX_STEP[step_unit]:
        raise InvalidLoadStep(
            text,
            gettext(STEP_RANGE).format(
                low=_plain(MIN_STEP[step_unit]),
                high=_plain(MAX_STEP[step_unit]),
                unit=step_unit.value,
            ),
        )
    if (value / MIN_STEP[step_unit]) != (value / MIN_STEP[step_unit]).to_integral_value():
        raise InvalidLoadStep(
            text,
            gettext(STEP_MULTIPLE).format(low=_plain(MIN_STEP[step_unit]), unit=step_unit.value),
        )
    return LoadStep(value, step_unit)


def round_load(value: Decimal, source: Decimal, step: Decimal) -> Decimal:
    """``value`` to the nearest multiple of ``step``, never back to (or past) ``source``
    when the change went the other way; never below zero."""
    if value == source:
        return value
    rounded = (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    if value > source and rounded <= source:
        rounded = ((source / step).to_integral_value(rounding=ROUND_FLOOR) + 1) * step
    elif value < source and rounded >= source:
        rounded = ((source / step).to_integral_value(rounding=ROUND_CEILING) - 1) * step
    return max(Decimal(0), rounded)


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text
