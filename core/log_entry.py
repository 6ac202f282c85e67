"""What an athlete sends in /log after picking an exercise: "3x10 @ 20kg felt strong".

Numbers come first (they are what the log is for), then an optional load, then free
notes. A lone number is read as one set ("10" is 1x10, "60s" is 1x60s) because
that is what someone typing a single number after one set means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import InvalidLogEntry
from core.plan_text import (
    MAX_LOAD_CHARS,
    MAX_NOTES_CHARS,
    SINGLE_AMOUNT_PATTERN,
    VOLUME_PATTERN,
    VolumeError,
    format_volume,
    read_volume,
)

_MAX_TEXT_CHARS = 1000
_VOLUME = re.compile(rf"^{VOLUME_PATTERN}", re.IGNORECASE)
_SINGLE_SET = re.compile(rf"^{SINGLE_AMOUNT_PATTERN}", re.IGNORECASE)
# A load after "@" that reads as a number with an optional unit, else one word.
_NUMERIC_LOAD = re.compile(
    r"^[0-9]+(?:[.,][0-9]+)?(?:\s*(?:kgs?|lbs?|%)(?![^\W\d_]))?", re.IGNORECASE | re.ASCII
)
_BARE_LOAD = re.compile(
    r"^[0-9]+(?:[.,][0-9]+)?\s*(?:kgs?|lbs?)(?![^\W\d_])", re.IGNORECASE | re.ASCII
)
# Punctuation people put between the numbers and their notes: "3x10, felt strong".
_NOTES_LEAD = re.compile(r"^[\s,;:|\-–—.]+")


@dataclass(frozen=True)
class LogEntry:
    """What was actually done: reps for rep-based work, duration for timed work."""

    sets: int
    reps: int | None = None
    duration_seconds: int | None = None
    load: str | None = None
    notes: str | None = None

    def describe(self) -> str:
        """ "3x10 @ 20kg", for the reply that lists an exercise's last logs."""
        text = format_volume(self.sets, self.reps, self.duration_seconds)
        return f"{text} @ {self.load}" if self.load else text


def parse_log_entry(text: str) -> LogEntry:
    """Read "SETSxREPS|DURATION [@ load] [notes]"; anything else is InvalidLogEntry."""
    stripped = text.strip()
    if not stripped or len(stripped) > _MAX_TEXT_CHARS:
        raise InvalidLogEntry(text)

    match = _VOLUME.match(stripped) or _SINGLE_SET.match(stripped)
    if match is None:
        raise InvalidLogEntry(text)
    groups = match.groupdict()
    try:
        volume = read_volume(groups.get("sets") or "1", groups["amount"], groups["unit"])
    except VolumeError:
        raise InvalidLogEntry(text) from None
    rest = stripped[match.end() :].strip()

    load = None
    if rest.startswith("@"):
        after_at = rest[1:].strip()
        load_match = _NUMERIC_LOAD.match(after_at) or re.match(r"^\S+", after_at)
        if load_match is None:
            raise InvalidLogEntry(text)
        load = load_match.group().strip()
        rest = after_at[load_match.end() :]
    else:
        bare = _BARE_LOAD.match(rest)
        if bare:
            load = bare.group().strip()
            rest = rest[bare.end() :]
    if load is not None and len(load) > MAX_LOAD_CHARS:
        raise InvalidLogEntry(text)

    notes = _NOTES_LEAD.sub("", rest).strip()
    if len(notes) > MAX_NOTES_CHARS:
        raise InvalidLogEntry(text)
    return LogEntry(
        sets=volume.sets,
        reps=volume.reps,
        duration_seconds=volume.duration_seconds,
        load=load,
        notes=notes or None,
    )
