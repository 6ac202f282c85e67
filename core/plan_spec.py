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
    """Rep-based when ``reps`` is set, time-based when ``duration_seconds`` is set."""

    name: str
    sets: int
    reps: int | None = None
    duration_seconds: int | None = None
    load: str | None = None
    notes: str | None = None
    video: VideoSpec | None = None


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
