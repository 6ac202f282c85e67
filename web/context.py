"""What the web adapter is given by the composition root: it imports neither bot nor storage."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from core import models
from core.clock import Clock
from core.ports import UnitOfWork
from core.services.completion import LoggedExercise, WorkoutChange


class Notices(Protocol):
    """Tells people in Telegram what happened through the API (the bot implements it)."""

    async def plan_published(
        self, actor: models.Actor, plan: models.Plan, athlete: models.Athlete
    ) -> bool:
        """The athlete gets their new plan; False when they could not be reached."""
        ...

    async def workout_changed(self, change: WorkoutChange) -> None:
        """A Done tap reaches the athlete's trainer, as it does from the chat."""
        ...

    async def exercise_logged(self, actor: models.Actor, logged: LoggedExercise) -> None:
        """A log reaches the athlete's trainer by /log's rule (a note, below plan, a record)."""
        ...


class NoNotices:
    """For a web server without a bot (tests of the API alone)."""

    async def plan_published(
        self, actor: models.Actor, plan: models.Plan, athlete: models.Athlete
    ) -> bool:
        return False

    async def workout_changed(self, change: WorkoutChange) -> None:
        return None

    async def exercise_logged(self, actor: models.Actor, logged: LoggedExercise) -> None:
        return None


@dataclass(frozen=True)
class LedgerCounts:
    by_kind_and_status: dict[tuple[str, str], int]
    backlog: int  # claimed, or failed and waiting for a retry


@dataclass
class WebContext:
    uow: Callable[[], UnitOfWork]
    clock: Clock
    bot_token: str  # the key of Telegram's Mini App signature; never logged
    admin_ids: frozenset[int] = frozenset()
    default_tz: str = "UTC"
    notices: Notices = field(default_factory=NoNotices)
    ping_database: Callable[[], Awaitable[None]] | None = None  # raises when unreachable
    ledger_counts: Callable[[], Awaitable[LedgerCounts]] | None = None
    last_tick_age: Callable[[], float | None] = lambda: None  # seconds; None: none yet
    tick_seconds: float = 60.0
    init_data_max_age_seconds: int = 24 * 3600
