"""When scheduled messages are due: a pure function of the moment, a timezone and the times.

Every message belongs to a period in the recipient's own timezone (a week, named by
its Monday, or a day) and has a window: it is due from its local time until the
moment it stops being worth sending.

| kind     | due (local time)         | sent until (local)            | period      |
|----------|--------------------------|-------------------------------|-------------|
| weekly   | Monday, weekly time      | the week ends (Monday 00:00)  | the Monday  |
| reminder | the day, reminder time   | the day ends (00:00)          | the day     |
| summary  | Sunday, summary time     | the next Tuesday (00:00)      | the Monday  |
| digest   | Sunday, summary time     | the next Tuesday (00:00)      | the Monday  |
| attention| Thursday, attention time | the week ends (Monday 00:00)  | the Monday  |

A tick asks for the slots of each timezone in use: the current period's slot once its
time has come, and the previous period's, so that a message missed while the bot was
down is still sent inside its window and recorded as skipped after it. Nothing here
reads the wall clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.models import DeliveryKind
from core.weeks import local_today, resolve_timezone, week_start_of

MIDNIGHT = time(0, 0)
THURSDAY = 3  # days after Monday
# Slots are produced in this order, which is also the order a tick sends them in:
# summaries before digests, so that a digest knows who turned out to be unreachable.
KIND_ORDER = (
    DeliveryKind.WEEKLY,
    DeliveryKind.REMINDER,
    DeliveryKind.SUMMARY,
    DeliveryKind.DIGEST,
    DeliveryKind.ATTENTION,
)


@dataclass(frozen=True)
class ScheduleTimes:
    """Local times of day of the scheduled messages (settings, with these defaults)."""

    weekly_message: time = time(8, 0)  # on Mondays
    reminder: time = time(7, 0)  # on each workout day
    summary: time = time(20, 0)  # on Sundays, also the trainers' digest
    attention: time = time(12, 0)  # on Thursdays: the trainers' needs-attention check


@dataclass(frozen=True)
class Slot:
    """One kind of message for one period in one timezone, with its window (UTC instants)."""

    kind: DeliveryKind
    period: date
    due_at: datetime
    expires_at: datetime

    def is_open(self, now: datetime) -> bool:
        """Inside its window: due, and not too late to send."""
        return self.due_at <= now < self.expires_at

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at


def local_moment(day: date, at: time, tz: str) -> datetime:
    """The UTC instant at which ``tz``'s wall clock shows ``at`` on ``day``.

    A wall time that a daylight-saving change skips or repeats resolves like
    ``zoneinfo`` does with ``fold=0``: to the offset in force before the change.
    """
    return datetime.combine(day, at, tzinfo=ZoneInfo(resolve_timezone(tz))).astimezone(UTC)


def slots_at(now: datetime, tz: str, times: ScheduleTimes) -> list[Slot]:
    """Every slot in ``tz`` whose time has come by ``now``, open or already expired.

    That is, for each kind, the current period's slot (once due) and the previous
    period's (always due by now), in ``KIND_ORDER``.
    """
    today = local_today(now, tz)
    monday = week_start_of(today)
    week = timedelta(days=7)
    day = timedelta(days=1)
    slots: list[Slot] = []
    for week_start in (monday - week, monday):
        slots.append(
            Slot(
                DeliveryKind.WEEKLY,
                week_start,
                local_moment(week_start, times.weekly_message, tz),
                local_moment(week_start + week, MIDNIGHT, tz),
            )
        )
    for d in (today - day, today):
        slots.append(
            Slot(
                DeliveryKind.REMINDER,
                d,
                local_moment(d, times.reminder, tz),
                local_moment(d + day, MIDNIGHT, tz),
            )
        )
    for kind in (DeliveryKind.SUMMARY, DeliveryKind.DIGEST):
        for week_start in (monday - week, monday):
            slots.append(
                Slot(
                    kind,
                    week_start,
                    local_moment(week_start + timedelta(days=6), times.summary, tz),
                    local_moment(week_start + timedelta(days=8), MIDNIGHT, tz),
                )
            )
    for week_start in (monday - week, monday):
        slots.append(
            Slot(
                DeliveryKind.ATTENTION,
                week_start,
                local_moment(week_start + timedelta(days=THURSDAY), times.attention, tz),
                local_moment(week_start + week, MIDNIGHT, tz),
            )
        )
    return [s for s in slots if s.due_at <= now]
