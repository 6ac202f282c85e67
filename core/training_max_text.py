"""The words after /max: "<athlete> [<exercise> <load>|off]". Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.measures import LoadUnit

_LOAD = re.compile(
    r"^(?P<name>.+?)\s+(?P<number>[0-9]{1,4}(?:[.,][0-9]{1,2})?)\s*(?P<unit>kgs?|lbs?)$",
    re.IGNORECASE | re.ASCII,
)
_REMOVE = re.compile(r"^(?P<name>.+?)\s+(?:off|remove|delete|none|-)$", re.IGNORECASE)


@dataclass(frozen=True)
class MaxCommand:
    athlete_index: int | None  # into the names given; None: no athlete named (list all)
    exercise: str | None = None
    load: float | None = None
    unit: LoadUnit | None = None
    remove: bool = False
    unreadable: str | None = None  # what followed the athlete's name, when unreadable
    unknown_athlete: str | None = None


def read_max_command(text: str, athlete_names: Sequence[str]) -> MaxCommand:
    """Match the longest athlete name the text starts with, then read the rest."""
    words = " ".join(text.split())
    if not words:
        return MaxCommand(athlete_index=None)
    best = None
    for index, name in enumerate(athlete_names):
        key = " ".join(name.split()).casefold()
        folded = words.casefold()
        matches = key and (folded == key or folded.startswith(key + " "))
        if matches and (best is None or len(key) > len(" ".join(athlete_names[best].split()))):
            best = index
    if best is None:
        return MaxCommand(athlete_index=None, unknown_athlete=words.split(" ")[0])
    rest = words[len(" ".join(athlete_names[best].split())) :].strip()
    if not rest:
        return MaxCommand(athlete_index=best)
    if removal := _REMOVE.match(rest):
        return MaxCommand(athlete_index=best, exercise=removal["name"], remove=True)
    if load := _LOAD.match(rest):
        return MaxCommand(
            athlete_index=best,
            exercise=load["name"],
            load=float(load["number"].replace(",", ".")),
            unit=LoadUnit(load["unit"].lower().rstrip("s")),
        )
    return MaxCommand(athlete_index=best, unreadable=rest)
