"""Programs across layers: plain frozen dataclasses (see core/models.py for the rest)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Program:
    id: int
    trainer_id: int
    name: str
    weeks: tuple[str, ...]  # each week's plan text, week 1 first


@dataclass(frozen=True)
class ProgramSummary:
    id: int
    name: str
    week_count: int


@dataclass(frozen=True)
class ProgramAssignment:
    """An athlete following a program, with what the Friday generation needs."""

    program_id: int
    program_name: str
    week_count: int
    athlete_id: int
    athlete_name: str
    athlete_timezone: str | None
    trainer_id: int
    trainer_telegram_id: int
    start_index: int
    first_week_start: date
    trainer_language: str | None = None  # the trainer's (choice, else Telegram's)

    def week_start_of(self, index: int) -> date:
        from datetime import timedelta

        return self.first_week_start + timedelta(weeks=index - self.start_index)

    def makes(self, monday: date) -> bool:
        """Whether the Friday generation makes the week of ``monday`` (a later week of
        the program), so that it needs no plan of its own."""
        index = self.start_index + (monday - self.first_week_start).days // 7
        return self.start_index < index <= self.week_count


@dataclass(frozen=True)
class TrainingMax:
    athlete_id: int
    exercise_name: str
    load_kg: float
    unit: str  # "kg" or "lb": as the trainer wrote it
