"""The weekly check-in's rules: its scores, a typed body weight, a note, and how long
an old week's check-in can still be answered."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from core.errors import CheckInClosed, CheckInNoteTooLong, InvalidBodyWeight
from core.measures import LoadUnit, to_kg
from core.weeks import current_week_start

SCORES = range(1, 6)  # 1..5, energy, sleep and soreness alike
NOTE_MAX_CHARS = 500
# A body weight outside this range is a typo (or the other unit), not a person.
LIGHTEST_KG, HEAVIEST_KG = 25.0, 350.0

_WEIGHT = re.compile(r"^\s*(\d{1,3}(?:[.,]\d{1,2})?)\s*(kg|kgs|lb|lbs)?\s*$", re.IGNORECASE)


def check_open(week_start: date, now: datetime, tz: str) -> None:
    """A week's check-in is answered during that week (the summary comes on its Sunday
    evening) or the next one; once a later week's summary can have asked again, the old
    one is closed, so that answers never land on a week nobody looks at any more."""
    this_week = current_week_start(now, tz)
    if not (this_week - timedelta(days=7) <= week_start <= this_week):
        raise CheckInClosed(week_start.isoformat())


def score(value: int | None) -> int | None:
    """A 1..5 score, or None for Skip; anything else is refused."""
    if value is None:
        return None
    if value not in SCORES:
        raise ValueError(f"a score is 1..5, got {value}")
    return value


def parse_body_weight(text: str, unit: LoadUnit) -> float:
    """``72.4``, ``72,4``, ``72.4 kg`` or ``160 lb`` to kg; a bare number is in ``unit``."""
    match = _WEIGHT.match(text)
    if match is None:
        raise InvalidBodyWeight(text)
    value = float(match[1].replace(",", "."))
    written = (match[2] or "").lower()
    given = LoadUnit.LB if written.startswith("lb") else LoadUnit.KG if written else unit
    kg = round(to_kg(value, given), 2)
    if not LIGHTEST_KG <= kg <= HEAVIEST_KG:
        raise InvalidBodyWeight(text)
    return kg


def clean_note(text: str) -> str:
    note = text.strip()
    if len(note) > NOTE_MAX_CHARS:
        raise CheckInNoteTooLong(str(len(note)))
    return note
