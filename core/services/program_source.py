"""A program as a source of plans for publishing to many (core/plan_sources.py).

The first calendar week gets program week ``start`` (SourceRef.start), resolved for
each athlete (their training maxes, their previous week's rep ranges, the trainer's
load step); once it is stored the athlete follows the program, and each later week is
generated for them on the Friday before it (core/services/programs.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from core import models
from core.plan_sources import SourcedWeek
from core.ports import UnitOfWork
from core.program_models import Program
from core.services import programs


@dataclass(frozen=True)
class ProgramSource:
    program: Program
    trainer: models.Trainer | None
    start: int
    now: datetime | None  # None: opened only for its name
    kind: str = "program"
    # (athlete id, Monday) -> their history, read at once for a preview by ``prepare``
    _histories: dict[tuple[int, date], programs.AthleteHistory] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def id(self) -> int:
        return self.program.id

    @property
    def name(self) -> str:
        return self.program.name

    @property
    def starts(self) -> int:
        return len(self.program.weeks)

    def weeks(self, first_week: date) -> tuple[date, ...]:
        return (first_week,)  # the later weeks come on Fridays, from the athlete's logs

    async def prepare(
        self, uow: UnitOfWork, athletes: Sequence[models.Athlete], weeks: Sequence[date]
    ) -> None:
        for week in weeks:
            found = await programs.histories(uow, athletes, week)
            self._histories.update(((i, week), h) for i, h in found.items())

    async def week_for(
        self, uow: UnitOfWork, athlete: models.Athlete, week_start: date
    ) -> SourcedWeek:
        assert self.now is not None, "opened without a moment to resolve loads at"
        resolved = await programs.resolve_week(
            uow,
            self.program,
            self.trainer,
            athlete,
            self.start,
            week_start,
            self.now,
            self._histories.get((athlete.id, week_start)),
        )
        return SourcedWeek(spec=resolved.spec, missing_maxes=resolved.missing_maxes)

    async def published(self, uow: UnitOfWork, athlete: models.Athlete, first_week: date) -> None:
        assert self.now is not None, "opened without a moment to publish at"
        await programs.follow(
            uow,
            self.program,
            athlete,
            start_index=self.start,
            first_week=first_week,
            now=self.now,
        )


async def open_source(
    uow: UnitOfWork,
    actor: models.Actor,
    program_id: int,
    *,
    start: int = 1,
    now: datetime | None = None,
) -> ProgramSource:
    """``publishing.SOURCES["program"]``: inside an open unit of work. A start outside
    the program's weeks is as good as a missing program."""
    program = await programs.get_own_program(uow, actor, program_id)
    if not 1 <= start <= len(program.weeks):
        raise programs.ProgramNotFound(program_id)
    trainer = await uow.trainers.get(program.trainer_id)  # its load step as stored now
    return ProgramSource(program=program, trainer=trainer, start=start, now=now)
