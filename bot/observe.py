"""What the bot measures for ``/metrics`` and ``/healthz``: updates, handler latency, ticks.

Installed from outside (coach/web.py) on a built Application: a handler before every
other group notes an update's type and start, one after every other group its end;
APScheduler's job events time the delivery tick.
"""

from __future__ import annotations

import time

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_SUBMITTED
from prometheus_client import Counter, Gauge, Histogram
from telegram import Update
from telegram.ext import Application, TypeHandler

from bot.jobs import TICK_JOB

UPDATES = Counter("coach_updates_total", "Telegram updates handled, by type", ["type"])
HANDLER_SECONDS = Histogram(
    "coach_handler_seconds",
    "Time from the first to the last handler of an update",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
TICK_SECONDS = Histogram(
    "coach_tick_duration_seconds",
    "How long one scheduled-delivery tick took",
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300),
)
LAST_TICK = Gauge("coach_last_tick_timestamp_seconds", "When the last tick started (Unix time)")

UPDATE_TYPES = (
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
    "chat_member",
    "inline_query",
    "channel_post",
    "pre_checkout_query",
)
FIRST_GROUP = -1000
LAST_GROUP = 1000
_MAX_IN_FLIGHT = 10_000  # an update a handler stopped early never reports its end


def update_type(update: Update) -> str:
    return next((name for name in UPDATE_TYPES if getattr(update, name, None)), "other")


class Observer:
    def __init__(self) -> None:
        self._started: dict[int, float] = {}
        self._tick_started: dict[str, float] = {}
        self.last_tick_monotonic: float | None = None
        self._scheduler = None
        self._job_names: dict[str, str | None] = {}

    def last_tick_age(self) -> float | None:
        if self.last_tick_monotonic is None:
            return None
        return time.monotonic() - self.last_tick_monotonic

    def install(self, application: Application) -> None:
        application.add_handler(TypeHandler(Update, self._first), group=FIRST_GROUP)
        application.add_handler(TypeHandler(Update, self._last), group=LAST_GROUP)
        if application.job_queue is not None:
            self._scheduler = application.job_queue.scheduler
            self._scheduler.add_listener(
                self._job_event, EVENT_JOB_SUBMITTED | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR
            )

    async def _first(self, update: Update, context: object) -> None:
        UPDATES.labels(update_type(update)).inc()
        if len(self._started) > _MAX_IN_FLIGHT:
            self._started.clear()
        self._started[update.update_id] = time.perf_counter()

    async def _last(self, update: Update, context: object) -> None:
        started = self._started.pop(update.update_id, None)
        if started is not None:
            HANDLER_SECONDS.observe(time.perf_counter() - started)

    def _job_event(self, event) -> None:
        job = self._job_name(event)
        if job != TICK_JOB:
            return
        if event.code == EVENT_JOB_SUBMITTED:
            self.last_tick_monotonic = time.monotonic()
            self._tick_started[event.job_id] = time.perf_counter()
            LAST_TICK.set_to_current_time()
            return
        started = self._tick_started.pop(event.job_id, None)
        if started is not None:
            TICK_SECONDS.observe(time.perf_counter() - started)

    def _job_name(self, event) -> str | None:
        if event.job_id not in self._job_names:
            job = self._scheduler.get_job(event.job_id) if self._scheduler else None
            self._job_names[event.job_id] = job.name if job is not None else None
        return self._job_names[event.job_id]
