"""Where the plans of a publish-to-many come from (templates, programs): the interface.

``core.services.publishing`` runs one who -> week -> preview -> publish flow over any
source. A source answers one question: for this athlete and this week, which PlanSpec?
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from core import models
from core.plan_spec import PlanSpec
from core.ports import UnitOfWork


@dataclass(frozen=True)
class SourcedWeek:
    """One athlete's week from a source. ``notes``: what the trainer should know about
    it, shown beside that athlete in the preview (e.g. a training max that is missing)."""

    spec: PlanSpec
    notes: tuple[str, ...] = ()
    missing_maxes: tuple[str, ...] = ()  # exercises left without a load: no max for them


@dataclass(frozen=True)
class SourceRef:
    """What the bot keeps between steps: the source's kind and id, opened again (and its
    ownership checked again) at every step."""

    kind: str  # "template" or "program"
    id: int
    start: int = 1  # a program: the program week the first calendar week gets


class PlanSource(Protocol):
    kind: str

    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...

    @property
    def starts(self) -> int:
        """How many places the source can start from (SourceRef.start: 1..starts); a
        template 1, a program its number of weeks."""
        ...

    def weeks(self, first_week: date) -> tuple[date, ...]:
        """The Mondays this source fills when published from ``first_week`` (a template:
        just that week; a program: one per program week)."""
        ...

    async def prepare(
        self, uow: UnitOfWork, athletes: Sequence[models.Athlete], weeks: Sequence[date]
    ) -> None:
        """Before ``week_for`` is asked for many athletes (a preview): read what it needs
        for all of them at once, so that the preview costs the same for 2 or 40."""
        ...

    async def week_for(
        self, uow: UnitOfWork, athlete: models.Athlete, week_start: date
    ) -> SourcedWeek:
        """The plan for this athlete and week (one of ``weeks``), inside an open unit of
        work: a source may read the athlete's data (training maxes, logs). Must not write."""
        ...

    async def published(self, uow: UnitOfWork, athlete: models.Athlete, first_week: date) -> None:
        """Inside the athlete's transaction, once their first week was stored: what else
        the source keeps for them (a program: the athlete follows it from there)."""
        ...


# Opens a source by id for the actor inside an open unit of work; raises a NotFound or
# PermissionDenied error for a source that is not theirs. Called as
# ``opener(uow, actor, id, start=, now=)``: ``start`` is SourceRef.start (a source
# without such a choice refuses any but 1), ``now`` what loads may be estimated at.
SourceOpener = Callable[..., Awaitable[PlanSource]]
