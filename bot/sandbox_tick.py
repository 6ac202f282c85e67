"""``/tick <ISO time>`` in ``coach sandbox``: the scheduler at a chosen moment.

The sandbox's clock jumps to that moment and runs on from there, and the same tick as
``coach jobs tick --at`` runs at it, so the Monday message, the day's reminder, the
Sunday summary with its check-in and the trainer's digest can be seen without waiting
a week; and what is tapped afterwards happens at that moment too (Done on the reminder).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram.ext import Application

from bot.context import runtime_of
from bot.jobs import run_tick, sender_for
from core.services.deliveries import TickReport

EXAMPLE = "/tick 2026-12-07T08:00"
USAGE = (
    f"/tick needs a moment in ISO form, e.g. {EXAMPLE} (Monday 08:00, the week's message), "
    "2026-12-13T20:00 (Sunday 20:00, the summary and the digest); without an offset it is "
    "{tz} time."
)


class SandboxClock:
    """The wall clock until ``/tick`` moves it; from then on it runs from that moment."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._start: datetime | None = None
        self._origin = 0.0

    def now(self) -> datetime:
        if self._start is None:
            return datetime.now(UTC)
        return self._start + timedelta(seconds=self._monotonic() - self._origin)

    def jump_to(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self._start, self._origin = moment, self._monotonic()


def parse_moment(text: str, default_tz: str) -> datetime:
    """An ISO-8601 moment; one without an offset is local time in ``default_tz``.
    Anything else raises ValueError with what to type instead."""
    usage = USAGE.format(tz=default_tz)
    if not text.strip():
        raise ValueError(usage)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a moment. {usage}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(default_tz))
    return moment.astimezone(UTC)


async def tick_at(application: Application, clock: SandboxClock, moment: datetime) -> TickReport:
    clock.jump_to(moment)
    runtime = runtime_of(application)
    return await run_tick(
        runtime.settings, runtime.uow(), sender_for(application.bot, runtime.settings), clock
    )
