"""The delivery ledger's repository: candidates, atomic claims and outcomes.

Two processes can tick against one database at once, so every claim is a single
statement that is atomic on both SQLite and PostgreSQL:

- a new delivery is claimed by inserting its row under the unique key
  (kind, athlete_id, period) with ``ON CONFLICT DO NOTHING ... RETURNING``: whoever
  inserts first gets the row back, everybody else gets nothing;
- an existing row (a failed attempt whose retry is due, or a claim whose lease lapsed)
  is claimed by an ``UPDATE ... WHERE <still claimable> RETURNING``. On PostgreSQL a
  concurrent update of the same row waits for the first and then re-checks the
  condition, which no longer holds; SQLite has a single writer anyway.

Nothing here commits: the unit of work does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core import models
from core.weeks import week_start_of
from storage import mapping
from storage.tables import AthleteRow, DeliveryRow, PlanRow, TrainerRow, WorkoutRow

_LEDGER = DeliveryRow.__table__
_KEY = ["kind", "athlete_id", "period"]
_CHUNK = 500  # rows per multi-row insert, well under both databases' parameter limits
_CLAIMED = models.DeliveryStatus.CLAIMED.value
_FAILED = models.DeliveryStatus.FAILED.value
LAPSED_AFTER_WINDOW = (
    "the claim lapsed after the window closed; whether Telegram got the message is unknown"
)


class DeliveryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _insert(self):
        dialect = self._session.get_bind().dialect.name
        return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(_LEDGER)

    async def timezones(self) -> list[str | None]:
        rows = await self._session.scalars(select(AthleteRow.timezone).distinct())
        return sorted(rows, key=lambda tz: (tz is not None, tz or ""))

    async def pending(
        self,
        kind: models.DeliveryKind,
        period: date,
        *,
        timezones: Sequence[str | None],
        existed_at: datetime,
        unchanged_since: datetime | None = None,
    ) -> list[models.Recipient]:
        """Recipients in ``timezones`` (None: no zone set) due ``kind`` for ``period``, with
        no ledger row yet: only plans (and trainers) that existed at ``existed_at`` count.

        With ``unchanged_since``, a reminder also needs its recipient's record (their
        reminder setting) not to have changed since then, so that a slot that has closed
        is not recorded for someone who turned reminders on only afterwards.
        """
        no_row_yet = ~exists().where(
            DeliveryRow.kind == kind.value,
            DeliveryRow.athlete_id == AthleteRow.id,
            DeliveryRow.period == period,
        )
        named = [tz for tz in timezones if tz is not None]
        zone_tests = [AthleteRow.timezone.in_(named)] if named else []
        if None in timezones:
            zone_tests.append(AthleteRow.timezone.is_(None))
        query = select(AthleteRow.id, AthleteRow.telegram_id, AthleteRow.reachable).where(
            or_(*zone_tests), no_row_yet
        )
        week = week_start_of(period)
        if kind is models.DeliveryKind.DIGEST:
            coached = aliased(AthleteRow)
            # No digest of nothing: at least one athlete had a plan for the week.
            query = query.join(TrainerRow, TrainerRow.athlete_id == AthleteRow.id).where(
                TrainerRow.created_at <= existed_at,
                exists()
                .where(coached.trainer_id == TrainerRow.id)
                .where(
                    exists().where(
                        PlanRow.athlete_id == coached.id,
                        PlanRow.week_start == week,
                        PlanRow.created_at <= existed_at,
                    )
                ),
            )
        else:
            query = query.join(PlanRow, PlanRow.athlete_id == AthleteRow.id).where(
                PlanRow.week_start == week, PlanRow.created_at <= existed_at
            )
            if kind is models.DeliveryKind.REMINDER:
                query = query.where(
                    AthleteRow.reminders_enabled.is_(True),
                    exists().where(
                        WorkoutRow.plan_id == PlanRow.id,
                        WorkoutRow.day_of_week == period.weekday(),
                    ),
                )
                if unchanged_since is not None:
                    query = query.where(AthleteRow.updated_at <= unchanged_since)
        rows = await self._session.execute(query.order_by(AthleteRow.id))
        return [models.Recipient(athlete_id=r[0], telegram_id=r[1], reachable=r[2]) for r in rows]

    async def record(
        self,
        kind: models.DeliveryKind,
        period: date,
        athlete_ids: Iterable[int],
        *,
        status: models.DeliveryStatus,
        due_at: datetime,
        expires_at: datetime,
        now: datetime,
        error: str | None = None,
    ) -> int:
        values = [
            {
                "kind": kind.value,
                "athlete_id": athlete_id,
                "period": period,
                "status": status.value,
                "attempts": 0,
                "due_at": due_at,
                "expires_at": expires_at,
                "last_error": error,
                "created_at": now,
                "updated_at": now,
            }
            for athlete_id in athlete_ids
        ]
        inserted = 0
        for start in range(0, len(values), _CHUNK):
            statement = (
                self._insert()
                .values(values[start : start + _CHUNK])
                .on_conflict_do_nothing(index_elements=_KEY)
            )
            inserted += (await self._session.execute(statement)).rowcount
        return inserted

    async def claim(
        self,
        kind: models.DeliveryKind,
        athlete_id: int,
        period: date,
        *,
        due_at: datetime,
        expires_at: datetime,
        claimed_by: str,
        lease_until: datetime,
        now: datetime,
    ) -> models.Delivery | None:
        statement = (
            self._insert()
            .values(
                kind=kind.value,
                athlete_id=athlete_id,
                period=period,
                status=_CLAIMED,
                attempts=1,
                due_at=due_at,
                expires_at=expires_at,
                claimed_by=claimed_by,
                lease_until=lease_until,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=_KEY)
            .returning(*_LEDGER.c)
        )
        row = (await self._session.execute(statement)).first()
        return mapping.delivery(row) if row else None

    @staticmethod
    def _claimable(now: datetime):
        return and_(
            _LEDGER.c.expires_at > now,
            or_(
                and_(_LEDGER.c.status == _FAILED, _LEDGER.c.next_attempt_at <= now),
                and_(_LEDGER.c.status == _CLAIMED, _LEDGER.c.lease_until <= now),
            ),
        )

    async def reclaim(
        self, delivery_id: int, *, claimed_by: str, lease_until: datetime, now: datetime
    ) -> models.Delivery | None:
        statement = (
            update(_LEDGER)
            .where(_LEDGER.c.id == delivery_id, self._claimable(now))
            .values(
                status=_CLAIMED,
                claimed_by=claimed_by,
                lease_until=lease_until,
                next_attempt_at=None,
                attempts=_LEDGER.c.attempts + 1,
                updated_at=now,
            )
            .returning(*_LEDGER.c)
        )
        row = (await self._session.execute(statement)).first()
        return mapping.delivery(row) if row else None

    async def retryable(self, now: datetime) -> list[models.Delivery]:
        rows = await self._session.execute(
            select(_LEDGER).where(self._claimable(now)).order_by(_LEDGER.c.due_at, _LEDGER.c.id)
        )
        return [mapping.delivery(r) for r in rows]

    async def finish(
        self,
        delivery_id: int,
        *,
        claimed_by: str,
        status: models.DeliveryStatus,
        now: datetime,
        message_id: int | None = None,
        error: str | None = None,
        next_attempt_at: datetime | None = None,
    ) -> bool:
        values: dict[str, Any] = {
            "status": status.value,
            "lease_until": None,
            "next_attempt_at": next_attempt_at,
            "updated_at": now,
        }
        if status is models.DeliveryStatus.SENT:
            values.update(sent_at=now, message_id=message_id)
        if error is not None:
            values["last_error"] = error[:2000]
        return await self._update_own_claim(delivery_id, claimed_by, values)

    async def release(
        self, delivery_id: int, *, claimed_by: str, now: datetime, error: str | None = None
    ) -> bool:
        """Hand a claim back untried (the bot could not send at all): due again at once,
        and the claim does not count as an attempt."""
        values: dict[str, Any] = {
            "status": _FAILED,
            "lease_until": None,
            "next_attempt_at": now,
            "attempts": _LEDGER.c.attempts - 1,
            "updated_at": now,
        }
        if error is not None:
            values["last_error"] = error[:2000]
        return await self._update_own_claim(delivery_id, claimed_by, values)

    async def _update_own_claim(
        self, delivery_id: int, claimed_by: str, values: dict[str, Any]
    ) -> bool:
        """Change a row only while this process still holds its claim."""
        result = await self._session.execute(
            update(_LEDGER)
            .where(
                _LEDGER.c.id == delivery_id,
                _LEDGER.c.status == _CLAIMED,
                _LEDGER.c.claimed_by == claimed_by,
            )
            .values(**values)
        )
        return result.rowcount == 1

    async def close_expired(self, now: datetime) -> int:
        gave_up = await self._session.execute(
            update(_LEDGER)
            .where(
                _LEDGER.c.status == _FAILED,
                _LEDGER.c.next_attempt_at.is_not(None),
                _LEDGER.c.expires_at <= now,
            )
            .values(next_attempt_at=None, updated_at=now)
        )
        lapsed = await self._session.execute(
            update(_LEDGER)
            .where(
                _LEDGER.c.status == _CLAIMED,
                _LEDGER.c.lease_until <= now,
                _LEDGER.c.expires_at <= now,
            )
            .values(
                status=_FAILED,
                lease_until=None,
                next_attempt_at=None,
                last_error=LAPSED_AFTER_WINDOW,
                updated_at=now,
            )
        )
        return gave_up.rowcount + lapsed.rowcount

    async def get(
        self, kind: models.DeliveryKind, athlete_id: int, period: date
    ) -> models.Delivery | None:
        row = (
            await self._session.execute(
                select(_LEDGER).where(
                    _LEDGER.c.kind == kind.value,
                    _LEDGER.c.athlete_id == athlete_id,
                    _LEDGER.c.period == period,
                )
            )
        ).first()
        return mapping.delivery(row) if row else None

    async def list(
        self,
        *,
        kind: models.DeliveryKind | None = None,
        status: models.DeliveryStatus | None = None,
    ) -> list[models.Delivery]:
        query = select(_LEDGER)
        if kind is not None:
            query = query.where(_LEDGER.c.kind == kind.value)
        if status is not None:
            query = query.where(_LEDGER.c.status == status.value)
        rows = await self._session.execute(query.order_by(_LEDGER.c.id))
        return [mapping.delivery(r) for r in rows]
