"""Numbers with units: loads (stored in kg), distances (metres), times (seconds), paces.

Loads are stored in kilograms whatever the writer's unit, and shown in the reader's
unit rounded to that unit's step, so 100 lb goes in and 100 lb comes out.
"""

from __future__ import annotations

from enum import StrEnum

from core.i18n import N_

KG_PER_LB = 0.45359237
METRES_PER_MILE = 1609.344
MAX_LOAD_KG = 1000.0
MAX_DISTANCE_M = 300_000  # an ultra is long; more is a typo
MIN_DISTANCE_M = 10  # below this, "3x5m" was almost surely meant as minutes
MIN_PACE_S_PER_KM = 60
MAX_PACE_S_PER_KM = 30 * 60


class LoadUnit(StrEnum):
    KG = "kg"
    LB = "lb"


# Shown loads are rounded to the unit's step: fractional plates exist, finer does not.
DISPLAY_STEP = {LoadUnit.KG: 0.25, LoadUnit.LB: 0.5}

# Fastest-pace records are kept per distance bucket: a run counts in the largest bucket
# it reaches (a 6 km run is in "5k"). Runs under the first bucket have no pace record.
PACE_BUCKETS_M = (1000, 5000, 10000, 21097, 42195)
BUCKET_LABELS = {
    1000: "1k",
    5000: "5k",
    10000: "10k",
    21097: N_("half marathon"),  # msgids: the renderer translates them
    42195: N_("marathon"),
}
MESSAGES = (BUCKET_LABELS[21097], BUCKET_LABELS[42195])


def unit_of(value: str | None) -> LoadUnit:
    """A stored unit setting; anything unknown is kg."""
    return LoadUnit.LB if (value or "").lower() == LoadUnit.LB else LoadUnit.KG


def to_kg(value: float, unit: LoadUnit) -> float:
    return value * KG_PER_LB if unit is LoadUnit.LB else float(value)


def from_kg(kg: float, unit: LoadUnit) -> float:
    return kg / KG_PER_LB if unit is LoadUnit.LB else kg


def rounded(value: float, unit: LoadUnit) -> float:
    step = DISPLAY_STEP[unit]
    return round(round(value / step) * step, 2)


def plain_number(value: float) -> str:
    """``40.0`` -> ``40``, ``42.5`` -> ``42.5``, ``41.25`` -> ``41.25``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def format_load(kg: float, unit: LoadUnit) -> str:
    """A stored load in the reader's unit: ``42.5kg``, ``100lb``."""
    return f"{plain_number(rounded(from_kg(kg, unit), unit))}{unit.value}"


def load_in(kg: float, unit: LoadUnit) -> float:
    """A stored load as a number in the reader's unit, rounded to its step."""
    return rounded(from_kg(kg, unit), unit)


def format_distance(metres: int) -> str:
    """Exactly, as a writer would: 400 -> ``400m``, 5000 -> ``5km``, 1500 -> ``1.5km``."""
    if metres >= 1000 and metres % 10 == 0:
        return f"{plain_number(metres / 1000)}km"
    return f"{metres}m"


def format_clock(seconds: int) -> str:
    """``1650`` -> ``27:30``, ``3900`` -> ``1:05:00``."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_pace(seconds_per_km: float) -> str:
    """``330`` -> ``5:30/km``."""
    return f"{format_clock(round(seconds_per_km))}/km"


def pace_of(distance_m: int | None, duration_seconds: int | None) -> float | None:
    """Seconds per km, when both are known."""
    if not distance_m or not duration_seconds:
        return None
    return duration_seconds / (distance_m / 1000)


def pace_bucket(distance_m: int) -> int | None:
    reached = [bucket for bucket in PACE_BUCKETS_M if distance_m >= bucket]
    return reached[-1] if reached else None


def epley(load_kg: float, reps: int) -> float:
    """Estimated one-rep max (Epley); a single is its own max."""
    if reps <= 1:
        return load_kg
    return load_kg * (1 + reps / 30)
