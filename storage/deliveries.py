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

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Integer,
    Text,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core import models
from core.weeks import week_start_of
from storage import mapping
from storage.tables import (
    AthleteRow,
    DeliveryRow,
    ExerciseRow,
    PlanRow,
    SummaryRow,
    TrainerRow,
    UTCDateTime,
    VideoRow,
    WorkoutRow,
)

_LEDGER = DeliveryRow.__table__
_KEY = ["kind", "athlete_id", "period"]
_CHUNK = 500  # rows per multi-row insert, well under both databases' parameter limits
_CLAIMED = models.DeliveryStatus.CLAIMED.value
_FAILED = models.DeliveryStatus.FAILED.value
LAPSED_AFTER_WINDOW = (
    "the claim lapsed after the window closed; whether Telegram got the message is unknown"
)


def _finish_statement(*, sent: bool):
    values: dict[str, Any] = {
        "status": bindparam("b_status"),
        "lease_until": None,
        "next_attempt_at": bindparam("b_next_attempt_at", type_=UTCDateTime()),
        "updated_at": bindparam("b_updated_at", type_=UTCDateTime()),
        "last_error": func.coalesce(bindparam("b_error", type_=Text()), _LEDGER.c.last_error),
    }
    if sent:
        values["sent_at"] = bindparam("b_updated_at", type_=UTCDateTime())
        values["message_id"] = bindparam("b_message_id", type_=BigInteger())
    return (
        update(_LEDGER)
        .where(
            _LEDGER.c.id == bindparam("b_id"),
            _LEDGER.c.status == _CLAIMED,
            _LEDGER.c.claimed_by == bindparam("b_claimed_by"),
        )
        .values(**values)
    )


_SENT_NOW = bindparam("b_sent", type_=Boolean())
_FINISH_ANY = (
    update(_LEDGER)
    .where(
        _LEDGER.c.id == bindparam("b_id"),
        _LEDGER.c.status == _CLAIMED,
        _LEDGER.c.claimed_by == bindparam("b_claimed_by"),
    )
    .values(
        status=bindparam("b_status"),
        lease_until=None,
        next_attempt_at=bindparam("b_next_attempt_at", type_=UTCDateTime()),
        updated_at=bindparam("b_updated_at", type_=UTCDateTime()),
        last_error=func.coalesce(bindparam("b_error", type_=Text()), _LEDGER.c.last_error),
        sent_at=case(
            (_SENT_NOW, bindparam("b_updated_at", type_=UTCDateTime())), else_=_LEDGER.c.sent_at
        ),
        message_id=case(
            (_SENT_NOW, bindparam("b_message_id", type_=BigInteger())), else_=_LEDGER.c.message_id
        ),
    )
)
_GROUP = (
    func.unnest(
        bindparam("b_ids", type_=postgresql.ARRAY(Integer())),
        bindparam("b_statuses", type_=postgresql.ARRAY(Text())),
        bindparam("b_next_attempts", type_=postgresql.ARRAY(DateTime(timezone=True))),
        bindparam("b_errors", type_=postgresql.ARRAY(Text())),
        bindparam("b_message_ids", type_=postgresql.ARRAY(BigInteger())),
    )
    .table_valued("id", "status", "next_attempt_at", "error", "message_id")
    .render_derived(name="outcome")
)
_SENT_IN_GROUP = _GROUP.c.status == models.DeliveryStatus.SENT.value
_FINISH_UNNEST = (
    update(_LEDGER)
    .where(
        _LEDGER.c.id == _GROUP.c.id,
        _LEDGER.c.status == _CLAIMED,
        _LEDGER.c.claimed_by == bindparam("b_claimed_by"),
    )
    .values(
        status=_GROUP.c.status,
        lease_until=None,
        next_attempt_at=_GROUP.c.next_attempt_at,
        updated_at=bindparam("b_updated_at", type_=UTCDateTime()),
        last_error=func.coalesce(_GROUP.c.error, _LEDGER.c.last_error),
        sent_at=case(
            (_SENT_IN_GROUP, bindparam("b_updated_at", type_=UTCDateTime())),
            else_=_LEDGER.c.sent_at,
        ),
        message_id=case((_SENT_IN_GROUP, _GROUP.c.message_id), else_=_LEDGER.c.message_id),
    )
    .returning(_LEDGER.c.id)
)
_FINISH = _finish_statement(sent=False)
_FINISH_SENT = _finish_statement(sent=True)


class DeliveryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _insert(self):
        dialect = self._session.get_bind().dialect.name
        return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(_LEDGER)

    async def timezones(self) -> list[str | None]:
        rows = await self._session.scalars(select(AthleteRow.timezone).distinct())
        return sorted(rows, key=lambda tz: (tz is not None, tz or ""))

    def _pending_query(
        self,
        kind: models.DeliveryKind,
        period: date,
        *,
        timezones: Sequence[str | None],
        existed_at: datetime,
        unchanged_since: datetime | None = None,
        after: int = 0,
    ):
        # ``> after`` is repeated on each joined table (it follows from the joins): without
        # it PostgreSQL, whose statistics lag behind the rows a broadcast inserts, merges
        # every ledger row and plan of the week for each page instead of the next few.
        no_row_yet = ~exists().where(
            DeliveryRow.kind == kind.value,
            DeliveryRow.athlete_id == AthleteRow.id,
            DeliveryRow.period == period,
            DeliveryRow.athlete_id > after,
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
                TrainerRow.athlete_id > after,
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
        elif kind is models.DeliveryKind.ATTENTION:
            coached = aliased(AthleteRow)
            # Any trainer with athletes; one with nobody to flag is skipped when composed.
            query = query.join(TrainerRow, TrainerRow.athlete_id == AthleteRow.id).where(
                TrainerRow.athlete_id > after,
                TrainerRow.created_at <= existed_at,
                exists().where(coached.trainer_id == TrainerRow.id),
            )
        else:
            query = query.join(PlanRow, PlanRow.athlete_id == AthleteRow.id).where(
                PlanRow.athlete_id > after,
                PlanRow.week_start == week,
                PlanRow.created_at <= existed_at,
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
        return query

    async def pending(
        self,
        kind: models.DeliveryKind,
        period: date,
        *,
        timezones: Sequence[str | None],
        existed_at: datetime,
        unchanged_since: datetime | None = None,
        after: int = 0,
        limit: int | None = None,
    ) -> list[models.Recipient]:
        """Recipients in ``timezones`` (None: no zone set) due ``kind`` for ``period``, with
        no ledger row yet: only plans (and trainers) that existed at ``existed_at`` count.

        With ``unchanged_since``, a reminder also needs its recipient's record (their
        reminder setting) not to have changed since then, so that a slot that has closed
        is not recorded for someone who turned reminders on only afterwards.

        ``after`` and ``limit`` page through them in id order (a keyset: each page
        costs the same however many came before it).
        """
        query = self._pending_query(
            kind,
            period,
            timezones=timezones,
            existed_at=existed_at,
            unchanged_since=unchanged_since,
            after=after,
        )
        if after:
            query = query.where(AthleteRow.id > after)
        query = query.order_by(AthleteRow.id)
        if limit is not None:
            query = query.limit(limit)
        rows = await self._session.execute(query)
        return [models.Recipient(athlete_id=r[0], telegram_id=r[1], reachable=r[2]) for r in rows]

    async def record_pending(
        self,
        kind: models.DeliveryKind,
        period: date,
        *,
        timezones: Sequence[str | None],
        existed_at: datetime,
        unchanged_since: datetime | None,
        status: models.DeliveryStatus,
        due_at: datetime,
        expires_at: datetime,
        now: datetime,
        error: str | None = None,
    ) -> int:
        """``record`` for everyone ``pending`` names, in one INSERT ... SELECT: the
        recipients never come into Python, however many they are."""
        who = self._pending_query(
            kind,
            period,
            timezones=timezones,
            existed_at=existed_at,
            unchanged_since=unchanged_since,
        ).subquery()
        columns = {
            "kind": literal(kind.value),
            "athlete_id": who.c.id,
            "period": literal(period, Date()),
            "status": literal(status.value),
            "attempts": literal(0),
            "due_at": literal(due_at, UTCDateTime()),
            "expires_at": literal(expires_at, UTCDateTime()),
            "last_error": literal(error, Text()),
            "created_at": literal(now, UTCDateTime()),
            "updated_at": literal(now, UTCDateTime()),
        }
        # WHERE true: SQLite would read ON CONFLICT as the join's ON otherwise.
        source = select(*(value.label(name) for name, value in columns.items())).where(true())
        statement = (
            self._insert()
            .from_select(list(columns), source)
            .on_conflict_do_nothing(index_elements=_KEY)
        )
        return (await self._session.execute(statement)).rowcount

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
            .values(_claim_values(claimed_by, lease_until, now))
            .returning(*_LEDGER.c)
        )
        row = (await self._session.execute(statement)).first()
        return mapping.delivery(row) if row else None

    async def claim_many(
        self,
        kind: models.DeliveryKind,
        period: date,
        athlete_ids: Sequence[int],
        *,
        due_at: datetime,
        expires_at: datetime,
        claimed_by: str,
        lease_until: datetime,
        now: datetime,
    ) -> list[models.Delivery]:
        """``claim`` for many keys in one statement; the rows this call inserted, that is
        the keys nobody else holds (on PostgreSQL a key another transaction is inserting
        waits for it, then is not ours)."""
        if not athlete_ids:
            return []
        values = [
            {
                "kind": kind.value,
                "athlete_id": athlete_id,
                "period": period,
                "status": _CLAIMED,
                "attempts": 1,
                "due_at": due_at,
                "expires_at": expires_at,
                "claimed_by": claimed_by,
                "lease_until": lease_until,
                "created_at": now,
                "updated_at": now,
            }
            for athlete_id in athlete_ids
        ]
        # One statement with many parameter sets: SQLAlchemy's insertmanyvalues sends it
        # as multi-row INSERTs, compiled once (a literal multi-row VALUES is compiled
        # anew for each batch, which costs more than the rows). Only the ids come back:
        # the rest of each row is what was just written.
        statement = (
            self._insert()
            .on_conflict_do_nothing(index_elements=_KEY)
            .returning(_LEDGER.c.id, _LEDGER.c.athlete_id)
        )
        claimed = [
            models.Delivery(
                id=r[0],
                kind=kind,
                athlete_id=r[1],
                period=period,
                status=models.DeliveryStatus.CLAIMED,
                attempts=1,
                due_at=due_at,
                expires_at=expires_at,
                claimed_by=claimed_by,
                lease_until=lease_until,
                next_attempt_at=None,
                last_error=None,
                message_id=None,
                sent_at=None,
                created_at=now,
                updated_at=now,
            )
            for r in await self._session.execute(statement, values)
        ]
        claimed.sort(key=lambda d: d.athlete_id)
        return claimed

    async def reclaim_batch(
        self,
        kind: models.DeliveryKind,
        *,
        after: int,
        limit: int,
        claimed_by: str,
        lease_until: datetime,
        now: datetime,
    ) -> list[models.Delivery]:
        """``reclaim`` for up to ``limit`` rows of ``kind`` with ids above ``after``, in
        one statement: ``UPDATE ... WHERE id IN (SELECT ... LIMIT n) RETURNING``. On
        PostgreSQL the inner select takes ``FOR UPDATE SKIP LOCKED``, so two processes
        take different rows instead of queueing on the same ones; the outer condition is
        checked again on the locked rows. SQLite has one writer at a time."""
        candidates = (
            select(_LEDGER.c.id)
            .where(_LEDGER.c.kind == kind.value, _LEDGER.c.id > after, self._claimable(now))
            .order_by(_LEDGER.c.id)
            .limit(limit)
        )
        if self._session.get_bind().dialect.name == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True)
        statement = (
            update(_LEDGER)
            .where(_LEDGER.c.id.in_(candidates.scalar_subquery()), self._claimable(now))
            .values(_claim_values(claimed_by, lease_until, now))
            .returning(*_LEDGER.c)
        )
        rows = [mapping.delivery(r) for r in await self._session.execute(statement)]
        rows.sort(key=lambda d: d.id)
        return rows

    async def renew(
        self, delivery_ids: Sequence[int], *, claimed_by: str, lease_until: datetime, now: datetime
    ) -> int:
        """Extend claims this process still holds (a long batch); returns how many."""
        if not delivery_ids:
            return 0
        result = await self._session.execute(
            update(_LEDGER)
            .where(
                _LEDGER.c.id.in_(list(delivery_ids)),
                _LEDGER.c.status == _CLAIMED,
                _LEDGER.c.claimed_by == claimed_by,
            )
            .values(lease_until=lease_until, updated_at=now)
        )
        return result.rowcount

    async def hand_back(
        self,
        delivery_ids: Sequence[int],
        *,
        fresh: bool,
        claimed_by: str,
        now: datetime,
    ) -> int:
        """Give back claims that were never tried (the tick is stopping): a fresh claim's
        row is deleted, as if never claimed; a reclaimed row is due again at once, its
        attempt not counted (``release``)."""
        if not delivery_ids:
            return 0
        ours = and_(
            _LEDGER.c.id.in_(list(delivery_ids)),
            _LEDGER.c.status == _CLAIMED,
            _LEDGER.c.claimed_by == claimed_by,
        )
        if fresh:
            result = await self._session.execute(delete(_LEDGER).where(ours))
        else:
            result = await self._session.execute(
                update(_LEDGER)
                .where(ours)
                .values(
                    status=_FAILED,
                    lease_until=None,
                    next_attempt_at=now,
                    attempts=_LEDGER.c.attempts - 1,
                    updated_at=now,
                )
            )
        return result.rowcount

    # --- what a batch of messages is made of: a constant number of queries ---------

    async def recipients(self, athlete_ids: Iterable[int]) -> dict[int, models.Athlete]:
        ids = sorted(set(athlete_ids))
        if not ids:
            return {}
        rows = await self._session.execute(select(*_ATHLETE_COLUMNS).where(AthleteRow.id.in_(ids)))
        return {r[0]: _athlete(r) for r in rows}

    async def plans_for_weeks(
        self, athlete_weeks: Iterable[tuple[int, date]]
    ) -> dict[tuple[int, date], models.Plan]:
        """Each athlete's whole plan (workouts, exercises, videos) for a given week, in
        one statement: plans joined to their workouts, exercises and videos."""
        by_week: dict[date, set[int]] = {}
        for athlete_id, week in athlete_weeks:
            by_week.setdefault(week, set()).add(athlete_id)
        if not by_week:
            return {}
        condition = or_(
            *(
                and_(PlanRow.week_start == week, PlanRow.athlete_id.in_(sorted(ids)))
                for week, ids in by_week.items()
            )
        )
        query = (
            select(*_PLAN_COLUMNS, *_WORKOUT_COLUMNS, *_EXERCISE_COLUMNS, *_VIDEO_COLUMNS)
            .select_from(PlanRow)
            .outerjoin(WorkoutRow, WorkoutRow.plan_id == PlanRow.id)
            .outerjoin(ExerciseRow, ExerciseRow.workout_id == WorkoutRow.id)
            .outerjoin(VideoRow, VideoRow.exercise_id == ExerciseRow.id)
            .where(condition)
            .order_by(PlanRow.id, WorkoutRow.day_of_week, WorkoutRow.position, ExerciseRow.position)
        )
        return _plans_from_rows(await self._session.execute(query))

    async def store_summaries(self, summaries: Sequence[models.WeeklySummary]) -> None:
        """Each plan's WeeklySummary, inserted or replaced, in one statement."""
        if not summaries:
            return
        table = SummaryRow.__table__
        dialect = self._session.get_bind().dialect.name
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
        rows = [
            {
                "plan_id": s.plan_id,
                "total_workouts": s.total_workouts,
                "completed_workouts": s.completed_workouts,
                "total_exercises": s.total_exercises,
                "completion_percentage": s.completion_percentage,
                "planned_minutes": s.planned_minutes,
                "completed_minutes": s.completed_minutes,
                "trainer_feedback": s.trainer_feedback,
                "generated_at": s.generated_at,
            }
            for s in {s.plan_id: s for s in summaries}.values()
        ]
        statement = insert.values(rows)
        statement = statement.on_conflict_do_update(
            index_elements=["plan_id"],
            set_={name: statement.excluded[name] for name in rows[0] if name != "plan_id"},
        )
        await self._session.execute(statement)

    async def trainers_of(self, person_ids: Iterable[int]) -> dict[int, models.Trainer]:
        """The trainer records of people (a digest's recipients), by person id."""
        ids = sorted(set(person_ids))
        if not ids:
            return {}
        rows = await self._session.execute(
            select(
                TrainerRow.id,
                TrainerRow.athlete_id,
                AthleteRow.telegram_id,
                TrainerRow.name,
                TrainerRow.specialization,
                TrainerRow.bio,
            )
            .join(AthleteRow, AthleteRow.id == TrainerRow.athlete_id)
            .where(TrainerRow.athlete_id.in_(ids))
        )
        return {r[1]: models.Trainer(*r) for r in rows}

    async def athletes_of(self, trainer_ids: Iterable[int]) -> dict[int, list[models.Athlete]]:
        """Each trainer's athletes, ordered as ``AthleteRepository.list_for_trainer``."""
        ids = sorted(set(trainer_ids))
        found: dict[int, list[models.Athlete]] = {t: [] for t in ids}
        if not ids:
            return found
        rows = await self._session.execute(
            select(*_ATHLETE_COLUMNS)
            .where(AthleteRow.trainer_id.in_(ids))
            .order_by(func.lower(AthleteRow.name), AthleteRow.id)
        )
        for r in rows:
            found[r[5]].append(_athlete(r))
        return found

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
        # One prebuilt statement per shape (sent or not): this runs once per message, and
        # building an UPDATE costs more than executing it.
        sent = status is models.DeliveryStatus.SENT
        result = await self._session.execute(
            _FINISH_SENT if sent else _FINISH,
            {
                "b_id": delivery_id,
                "b_claimed_by": claimed_by,
                "b_status": status.value,
                "b_next_attempt_at": next_attempt_at,
                "b_updated_at": now,
                "b_error": error[:2000] if error is not None else None,
                **({"b_message_id": message_id} if sent else {}),
            },
        )
        return result.rowcount == 1

    async def finish_many(
        self,
        outcomes: Sequence[models.Outcome],
        *,
        claimed_by: str,
        now: datetime,
    ) -> set[int]:
        """``finish`` for a group of claims in one executemany of one prebuilt statement;
        the ids that were still ours. Where the driver cannot count the rows of an
        executemany (asyncpg), or the count falls short (a claim was taken over), one
        SELECT tells which rows are ours."""
        if not outcomes:
            return set()
        params = [
            {
                "b_id": o.delivery_id,
                "b_claimed_by": claimed_by,
                "b_status": o.status.value,
                "b_next_attempt_at": o.next_attempt_at,
                "b_updated_at": now,
                "b_error": o.error[:2000] if o.error is not None else None,
                "b_message_id": o.message_id,
                "b_sent": o.status is models.DeliveryStatus.SENT,
            }
            for o in outcomes
        ]
        ids = [o.delivery_id for o in outcomes]
        if self._session.get_bind().dialect.name == "postgresql":
            # One UPDATE ... FROM unnest(arrays) RETURNING id: the group in one round trip,
            # and the ids that were still ours come back with it.
            found = await self._session.scalars(
                _FINISH_UNNEST,
                {
                    "b_ids": ids,
                    "b_statuses": [o.status.value for o in outcomes],
                    "b_next_attempts": [o.next_attempt_at for o in outcomes],
                    "b_errors": [o.error[:2000] if o.error is not None else None for o in outcomes],
                    "b_message_ids": [o.message_id for o in outcomes],
                    "b_claimed_by": claimed_by,
                    "b_updated_at": now,
                },
            )
            return set(found)
        # One parameter set is a plain execute, whose row count every driver reports.
        result = await self._session.execute(_FINISH_ANY, params[0] if len(params) == 1 else params)
        counted = len(params) == 1 or self._session.get_bind().dialect.supports_sane_multi_rowcount
        if counted and result.rowcount == len(ids):
            return set(ids)
        if len(params) == 1:
            return set()
        ours = await self._session.scalars(
            select(_LEDGER.c.id).where(
                _LEDGER.c.id.in_(ids),
                _LEDGER.c.claimed_by == claimed_by,
                _LEDGER.c.status != _CLAIMED,
                _LEDGER.c.updated_at == now,
            )
        )
        return set(ours)

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


_ATHLETE_COLUMNS = (
    AthleteRow.id,
    AthleteRow.telegram_id,
    AthleteRow.name,
    AthleteRow.username,
    AthleteRow.timezone,
    AthleteRow.trainer_id,
    AthleteRow.reminders_enabled,
    AthleteRow.reachable,
    AthleteRow.language_code,  # i18n: scheduled messages go out in the recipient's language
    AthleteRow.language,
)
_PLAN_COLUMNS = (
    PlanRow.id,
    PlanRow.athlete_id,
    PlanRow.trainer_id,
    PlanRow.week_start,
    PlanRow.week_end,
    PlanRow.week_number,
    PlanRow.motivational_message,
    PlanRow.created_at,
    PlanRow.updated_at,
)
_WORKOUT_COLUMNS = (
    WorkoutRow.id,
    WorkoutRow.day_of_week,
    WorkoutRow.position,
    WorkoutRow.title,
    WorkoutRow.description,
    WorkoutRow.duration_minutes,
    WorkoutRow.completed,
    WorkoutRow.completed_at,
)
_EXERCISE_COLUMNS = (
    ExerciseRow.id,
    ExerciseRow.position,
    ExerciseRow.name,
    ExerciseRow.sets,
    ExerciseRow.reps,
    ExerciseRow.duration_seconds,
    ExerciseRow.load,
    ExerciseRow.notes,
)
_VIDEO_COLUMNS = (
    VideoRow.url,
    VideoRow.title,
    VideoRow.thumbnail_url,
    VideoRow.duration_seconds,
)
_P = len(_PLAN_COLUMNS)
_W = _P + len(_WORKOUT_COLUMNS)
_E = _W + len(_EXERCISE_COLUMNS)


def _athlete(r: Sequence[Any]) -> models.Athlete:
    return models.Athlete(
        id=r[0],
        telegram_id=r[1],
        name=r[2],
        username=r[3],
        timezone=r[4],
        trainer_id=r[5],
        reminders_enabled=r[6],
        reachable=r[7],
        language_code=r[8],
        language=r[9],
    )


def _plans_from_rows(rows: Iterable[Sequence[Any]]) -> dict[tuple[int, date], models.Plan]:
    """Whole plans from the flat rows of plans joined to workouts, exercises and videos
    (ordered by plan, day, position), as ``mapping.plan`` builds them from the ORM."""
    heads: dict[int, Sequence[Any]] = {}
    workouts: dict[int, list[Sequence[Any]]] = {}
    exercises: dict[int, list[models.Exercise]] = {}
    for r in rows:
        plan_id = r[0]
        if plan_id not in heads:
            heads[plan_id] = r
            workouts[plan_id] = []
        workout_id = r[_P]
        if workout_id is None:
            continue
        if workout_id not in exercises:
            exercises[workout_id] = []
            workouts[plan_id].append(r)
        exercise_id = r[_W]
        if exercise_id is None:
            continue
        video = (
            models.Video(
                url=r[_E], title=r[_E + 1], thumbnail_url=r[_E + 2], duration_seconds=r[_E + 3]
            )
            if r[_E] is not None
            else None
        )
        exercises[workout_id].append(
            models.Exercise(
                id=exercise_id,
                workout_id=workout_id,
                position=r[_W + 1],
                name=r[_W + 2],
                sets=r[_W + 3],
                reps=r[_W + 4],
                duration_seconds=r[_W + 5],
                load=r[_W + 6],
                notes=r[_W + 7],
                video=video,
            )
        )
    plans: dict[tuple[int, date], models.Plan] = {}
    for plan_id, h in heads.items():
        plan = models.Plan(
            id=plan_id,
            athlete_id=h[1],
            trainer_id=h[2],
            week_start=h[3],
            week_end=h[4],
            week_number=h[5],
            motivational_message=h[6],
            created_at=h[7],
            updated_at=h[8],
            workouts=tuple(
                models.Workout(
                    id=w[_P],
                    plan_id=plan_id,
                    day_of_week=w[_P + 1],
                    position=w[_P + 2],
                    title=w[_P + 3],
                    description=w[_P + 4],
                    duration_minutes=w[_P + 5],
                    completed=w[_P + 6],
                    completed_at=w[_P + 7],
                    exercises=tuple(exercises[w[_P]]),
                )
                for w in workouts[plan_id]
            ),
        )
        plans[(plan.athlete_id, plan.week_start)] = plan
    return plans


def _claim_values(claimed_by: str, lease_until: datetime, now: datetime) -> dict:
    """What a claim sets on a ledger row, one row or a batch."""
    return {
        "status": _CLAIMED,
        "claimed_by": claimed_by,
        "lease_until": lease_until,
        "next_attempt_at": None,
        "attempts": _LEDGER.c.attempts + 1,
        "updated_at": now,
    }
