"""A week's plan as a trainer wrote it, before it is stored.

The plan-text parser produces these; the plan services store them; progression
turns one into the next week's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_ABBREVIATIONS = tuple(name[:3] for name in DAY_NAMES)


@dataclass(frozen=True)
class VideoSpec:
    url: str
    title: str | None = None
    thumbnail_url: str | None = None
    duration_seconds: int | None = None


@dataclass(frozen=True)
class ExerciseSpec:
    """Rep-based when ``reps`` is set (or ``amrap``), time-based when ``duration_seconds`` is
    set, distance-based when ``distance_m`` is set: exactly one of them."""

    name: str
    sets: int
    reps: int | None = None
    duration_seconds: int | None = None
    load: str | None = None
    notes: str | None = None
    video: VideoSpec | None = None
    # Richer targets ("Progress you can see"); all optional, so older plans read as before.
    distance_m: int | None = None  # distance-based: 6x400m has sets 6, distance 400
    reps_max: int | None = None  # a rep range's top: 3x8-12 has reps 8, reps_max 12
    amrap: bool = False  # 3xAMRAP: as many reps as possible, no rep count
    per_side: bool = False  # 3x10 each
    load_kg: float | None = None  # the load as a number, when "@ 20kg" / "@ 45lb" reads as one
    pace_s_per_km: int | None = None  # @ 5:30/km
    rpe: float | None = None  # RPE 8 (1-10, halves allowed)
    rir: int | None = None  # RIR 2 (reps in reserve)


@dataclass(frozen=True)
class WorkoutSpec:
    day_of_week: int  # 0 = Monday .. 6 = Sunday
    title: str
    description: str = ""
    duration_minutes: int | None = None
    exercises: tuple[ExerciseSpec, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PlanSpec:
    workouts: tuple[WorkoutSpec, ...] = field(default_factory=tuple)
