"""What the program services need from storage (joined into core.ports.UnitOfWork)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Protocol

from core.models import ExerciseLog
from core.program_models import Program, ProgramAssignment, ProgramSummary, TrainingMax


class ProgramRepository(Protocol):
    async def add(
        self, *, trainer_id: int, name: str, weeks: Sequence[str], now: datetime
    ) -> Program: ...
    async def get(self, program_id: int) -> Program | None: ...
    async def of_trainer(self, trainer_id: int) -> list[ProgramSummary]: ...
    async def delete(self, program_id: int) -> None: ...
    async def assign(
        self,
        *,
        program_id: int,
        athlete_id: int,
        trainer_id: int,
        start_index: int,
        first_week_start: date,
        now: datetime,
    ) -> None:
        """The athlete's one assignment (a previous one is replaced)."""
        ...

    async def logs_of(self, athlete_ids: Iterable[int]) -> list[ExerciseLog]:
        """These athletes' logs with their exercise's name, oldest first; one statement."""
        ...

    async def assignments(
        self, athlete_ids: Iterable[int] | None = None
    ) -> list[ProgramAssignment]:
        """Who follows which program (only ``athlete_ids``' when given)."""
        ...

    async def generated(self, athlete_ids: Iterable[int]) -> set[tuple[int, date]]:
        """(athlete, Monday) of the program weeks the ledger has a row for."""
        ...

    async def forget_generated_after(self, athlete_id: int, monday: date) -> None: ...
    async def set_max(
        self, *, athlete_id: int, exercise_name: str, load_kg: float, unit: str, now: datetime
    ) -> None: ...
    async def remove_max(self, athlete_id: int, exercise_name: str) -> bool: ...
    async def maxes(self, athlete_ids: Iterable[int]) -> list[TrainingMax]: ...
