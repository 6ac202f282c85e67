"""What an athlete sends in /log after picking an exercise: "3x10 @ 20kg felt strong".

Numbers come first (they are what the log is for), then, in any order, a load or a
pace after "@", an effort (``RPE 8``, ``RIR 2``) and a time (``in 27:30``), then free
notes. A lone number is read as one set ("10" is 1x10, "60s" is 1x60s, "5km" is
1x5km) because that is what someone typing a single number after one set means.
Set by set, ``10,10,8 @ 40kg`` is three sets of 10, 10 and 8 reps at 40 kg.

``m`` is metres, as in plan text; minutes are ``min``. A time belongs to one set:
``6x400m in 1:32`` is six 400 m repeats of 1:32 each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import InvalidLogEntry
from core.measures import LoadUnit, format_clock, format_load
from core.plan_text import (
    MAX_DURATION_SECONDS,
    MAX_LOAD_CHARS,
    MAX_NOTES_CHARS,
    MAX_REPS,
    MAX_SETS,
    PACE_RE,
    RIR_RE,
    RPE_RE,
    SINGLE_AMOUNT_PATTERN,
    VOLUME_PATTERN,
    VolumeError,
    format_effort,
    format_volume,
    read_load,
    read_pace,
    read_rir,
    read_rpe,
    read_seconds,
    read_volume,
)

_MAX_TEXT_CHARS = 1000
_VOLUME = re.compile(rf"^{VOLUME_PATTERN}", re.IGNORECASE)
_SINGLE_SET = re.compile(rf"^{SINGLE_AMOUNT_PATTERN}", re.IGNORECASE)
_SET_BY_SET = re.compile(r"^[0-9]{1,4}(?:\s*,\s*[0-9]{1,4})+(?![0-9.])")
# A load after "@" that reads as a number with an optional unit, else one word.
_NUMERIC_LOAD = re.compile(
    r"^[0-9]+(?:[.,][0-9]+)?(?:\s*(?:kgs?|lbs?|%)(?![^\W\d_]))?", re.IGNORECASE | re.ASCII
)
_BARE_LOAD = re.compile(
    r"^[0-9]+(?:[.,][0-9]+)?\s*(?:kgs?|lbs?)(?![^\W\d_])", re.IGNORECASE | re.ASCII
)
_CLOCK = r"(?P<h>[0-9]{1,2}:)?(?P<m>[0-9]{1,3}):(?P<s>[0-9]{2})(?![0-9:/])"
_TIME_UNIT = (
    r"(?P<amount>[0-9]+(?:\.[0-9]+)?)\s*"
    r"(?P<unit>seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h)(?![^\W\d_])"
)
_IN_TIME = re.compile(rf"^(?:in\s+)?(?:{_CLOCK}|{_TIME_UNIT})", re.IGNORECASE)
_IN_TIME_WORD = re.compile(rf"^in\s+(?:{_CLOCK}|{_TIME_UNIT})", re.IGNORECASE)
_PACE_AT_START = re.compile(rf"^{PACE_RE.pattern}", re.IGNORECASE)
_RPE_AT_START = re.compile(rf"^{RPE_RE.pattern}", re.IGNORECASE)
_RIR_AT_START = re.compile(rf"^{RIR_RE.pattern}", re.IGNORECASE)
# Punctuation people put between the numbers and their notes: "3x10, felt strong".
_NOTES_LEAD = re.compile(r"^[\s,;:|\-–—.]+")
_SEPARATORS = re.compile(r"^[\s,;]+")


@dataclass(frozen=True)
class LogEntry:
    """What was actually done: reps for rep-based work, duration for timed work, distance
    for distance work (with the time of one set when given)."""

    sets: int
    reps: int | None = None
    duration_seconds: int | None = None
    load: str | None = None
    notes: str | None = None
    distance_m: int | None = None
    load_kg: float | None = None
    rpe: float | None = None
    rir: int | None = None
    reps_by_set: tuple[int, ...] | None = None  # set by set, when the sets differ

    def describe(self, unit: LoadUnit = LoadUnit.KG) -> str:
        """ "3x10 @ 20kg", for the reply that lists an exercise's last logs."""
        return describe_performance(self, unit)


def describe_performance(item, unit: LoadUnit) -> str:
    """A log (entry or stored) as the athlete would write it, loads in ``unit``."""
    reps_by_set = getattr(item, "reps_by_set", None)
    distance_m = getattr(item, "distance_m", None)
    if reps_by_set:
        text = ",".join(str(reps) for reps in reps_by_set)
    else:
        timed = item.duration_seconds if distance_m is None else None
        text = format_volume(item.sets or 1, item.reps, timed, distance_m)
    if distance_m is not None and item.duration_seconds:
        text += f" in {format_clock(item.duration_seconds)}"
    load_kg = getattr(item, "load_kg", None)
    load = format_load(load_kg, unit) if load_kg is not None else item.load
    if load:
        text += f" @ {load}"
    if effort := format_effort(getattr(item, "rpe", None), getattr(item, "rir", None)):
        text += f" {effort}"
    return text


def parse_log_entry(text: str, unit: LoadUnit = LoadUnit.KG) -> LogEntry:
    """Read "VOLUME [@ load|pace] [RPE n|RIR n] [in TIME] [notes]"; else InvalidLogEntry.

    ``unit`` is what a bare load number means: the athlete's unit.
    """
    stripped = text.strip()
    if not stripped or len(stripped) > _MAX_TEXT_CHARS:
        raise InvalidLogEntry(text)
    try:
        return _parse(stripped, unit)
    except (VolumeError, _Refused):
        raise InvalidLogEntry(text) from None


class _Refused(Exception):
    pass


def _parse(stripped: str, unit: LoadUnit) -> LogEntry:
    reps_by_set = None
    set_by_set = _SET_BY_SET.match(stripped)
    if set_by_set:
        reps_list = [int(part) for part in set_by_set.group().split(",")]
        if not 1 < len(reps_list) <= MAX_SETS or not all(1 <= r <= MAX_REPS for r in reps_list):
            raise _Refused
        sets, reps, duration, distance = len(reps_list), None, None, None
        if len(set(reps_list)) == 1:
            reps = reps_list[0]
        else:
            reps_by_set = tuple(reps_list)
        rest = stripped[set_by_set.end() :]
    else:
        match = _VOLUME.match(stripped) or _SINGLE_SET.match(stripped)
        if match is None:
            raise _Refused
        groups = match.groupdict()
        if groups.get("amrap") or groups.get("low"):
            raise _Refused  # a log says what was done: a number of reps, not a range
        volume = read_volume(groups.get("sets") or "1", groups["amount"], groups["unit"])
        sets, reps = volume.sets, volume.reps
        duration, distance = volume.duration_seconds, volume.distance_m
        rest = stripped[match.end() :]

    found: dict[str, object] = {}
    pace = None
    while True:
        rest = _SEPARATORS.sub("", rest)
        if rest.startswith("@"):
            after_at = rest[1:].strip()
            if pace_match := _PACE_AT_START.match(after_at):
                pace = read_pace(pace_match["min"], pace_match["sec"], pace_match["unit"])
                rest = after_at[pace_match.end() :]
                continue
            if _RPE_AT_START.match(after_at) or _RIR_AT_START.match(after_at):
                rest = after_at
                continue
            load_match = _NUMERIC_LOAD.match(after_at) or re.match(r"^\S+", after_at)
            if load_match is None or "load" in found:
                raise _Refused
            found["load"] = load_match.group().strip()
            rest = after_at[load_match.end() :]
        elif (rpe := _RPE_AT_START.match(rest)) and "rpe" not in found:
            found["rpe"] = read_rpe(rpe["value"])
            rest = rest[rpe.end() :]
        elif (rir := _RIR_AT_START.match(rest)) and "rir" not in found:
            found["rir"] = read_rir(rir["value"])
            rest = rest[rir.end() :]
        elif distance is not None and duration is None and (time := _IN_TIME.match(rest)):
            duration = _seconds(time)
            rest = rest[time.end() :]
        elif _IN_TIME_WORD.match(rest):
            raise _Refused  # "in 27:30" after something that is not a distance
        elif (bare := _BARE_LOAD.match(rest)) and "load" not in found:
            found["load"] = bare.group().strip()
            rest = rest[bare.end() :]
        else:
            break

    load, load_kg = None, None
    if "load" in found:
        load = str(found["load"])
        if len(load) > MAX_LOAD_CHARS:
            raise _Refused
        load, load_kg = read_load(load, unit)
        if load_kg is None:
            load = str(found["load"])
    if pace is not None:
        if distance is not None and duration is None:
            duration = round(pace * distance / 1000)
        elif duration is not None and distance is None and reps is None:
            distance = round(duration / pace * 1000)
        else:
            raise _Refused
    if duration is not None and not 1 <= duration <= MAX_DURATION_SECONDS:
        raise _Refused

    notes = _NOTES_LEAD.sub("", rest).strip()
    if len(notes) > MAX_NOTES_CHARS:
        raise _Refused
    return LogEntry(
        sets=sets,
        reps=reps,
        duration_seconds=duration,
        load=load,
        notes=notes or None,
        distance_m=distance,
        load_kg=load_kg,
        rpe=found.get("rpe"),  # type: ignore[arg-type]
        rir=found.get("rir"),  # type: ignore[arg-type]
        reps_by_set=reps_by_set,
    )


def _seconds(match: re.Match[str]) -> int:
    if match["amount"] is not None:
        return read_seconds(match["amount"], match["unit"].lower())
    hours = int(match["h"][:-1]) if match["h"] else 0
    minutes, seconds = int(match["m"]), int(match["s"])
    if seconds >= 60 or (hours and minutes >= 60):
        raise _Refused
    return hours * 3600 + minutes * 60 + seconds
