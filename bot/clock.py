"""Clocks for the composition root: the real one and a settable one for tests/sandbox."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SettableClock:
    """A clock that stands still until moved: tests and ``coach jobs tick --at``."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self._now = moment

    def advance(self, delta: timedelta) -> None:
        self._now += delta


class ShiftedClock:
    """The wall clock moved to start at ``start``: ``coach jobs tick --at``.

    It runs on from ``start`` at real speed, so that leases taken during a long
    broadcast at a chosen moment are as long as they say.
    """

    def __init__(self, start: datetime, monotonic: Callable[[], float] = time.monotonic) -> None:
        if start.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self._monotonic = monotonic
        self._start = start
        self._origin = self._monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self._monotonic() - self._origin)
