"""The delivery ledger on SQLite and PostgreSQL: claims are atomic, outcomes guarded."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from core.models import DeliveryKind, DeliveryStatus
from storage.db import create_engine, create_session_factory
from storage.deliveries import LAPSED_AFTER_WINDOW
from storage.uow import SqlUnitOfWork
from tests.conftest import NOW

MONDAY = date(2026, 11, 30)
DUE = datetime(2026, 11, 30, 8, tzinfo=UTC)
EXPIRES = datetime(2026, 12, 7, tzinfo=UTC)
LEASE = timedelta(minutes=5)


async def _athletes(uow, count: int) -> list[int]:
    async with uow() as u:
        ids = [
            (await u.athletes.add(telegram_id=5000 + n, name=f"A{n}", username=None, now=NOW)).id
            for n in range(count)
        ]
        await u.commit()
    return ids


async def _claim(uow, athlete_id: int, by: str, at: datetime = DUE):
    async with uow() as u:
        claimed = await u.deliveries.claim(
            DeliveryKind.WEEKLY,
            athlete_id,
            MONDAY,
            due_at=DUE,
            expires_at=EXPIRES,
            claimed_by=by,
            lease_until=at + LEASE,
            now=at,
        )
        await u.commit()
    return claimed


async def test_a_key_is_claimed_once_and_recorded_rows_are_never_replaced(uow) -> None:
    ann, ben = await _athletes(uow, 2)
    first = await _claim(uow, ann, "one")
    assert (first.status, first.attempts, first.claimed_by) == (DeliveryStatus.CLAIMED, 1, "one")
    assert first.lease_until == DUE + LEASE and first.due_at == DUE
    assert await _claim(uow, ann, "two") is None
    async with uow() as u:
        recorded = await u.deliveries.record(
            DeliveryKind.WEEKLY,
            MONDAY,
            [ann, ben],
            status=DeliveryStatus.SKIPPED,
            due_at=DUE,
            expires_at=EXPIRES,
            now=DUE,
            error="late",
        )
        await u.commit()
    assert recorded == 1  # Ben only: Ann's row stands
    assert await _claim(uow, ben, "three") is None
    async with uow() as u:
        rows = {r.athlete_id: r for r in await u.deliveries.list(kind=DeliveryKind.WEEKLY)}
    assert rows[ann].status is DeliveryStatus.CLAIMED and rows[ann].claimed_by == "one"
    assert (rows[ben].status, rows[ben].last_error) == (DeliveryStatus.SKIPPED, "late")


async def test_other_kinds_and_periods_are_other_keys(uow) -> None:
    (ann,) = await _athletes(uow, 1)
    async with uow() as u:
        for kind in DeliveryKind:
            for period in (MONDAY, MONDAY + timedelta(days=7)):
                assert await u.deliveries.claim(
                    kind,
                    ann,
                    period,
                    due_at=DUE,
                    expires_at=EXPIRES,
                    claimed_by="x",
                    lease_until=DUE + LEASE,
                    now=DUE,
                )
        await u.commit()
        assert len(await u.deliveries.list()) == 2 * len(DeliveryKind)


async def test_only_the_claim_holder_settles_it(uow) -> None:
    (ann,) = await _athletes(uow, 1)
    claimed = await _claim(uow, ann, "mine")
    async with uow() as u:
        assert not await u.deliveries.finish(
            claimed.id, claimed_by="theirs", status=DeliveryStatus.SENT, now=DUE
        )
        assert await u.deliveries.finish(
            claimed.id, claimed_by="mine", status=DeliveryStatus.SENT, now=DUE, message_id=42
        )
        # A settled row is nobody's claim any more.
        assert not await u.deliveries.finish(
            claimed.id, claimed_by="mine", status=DeliveryStatus.FAILED, now=DUE
        )
        await u.commit()
        row = await u.deliveries.get(DeliveryKind.WEEKLY, ann, MONDAY)
    assert (row.status, row.message_id, row.sent_at, row.lease_until) == (
        DeliveryStatus.SENT,
        42,
        DUE,
        None,
    )


async def test_failed_rows_and_lapsed_claims_are_reclaimable_when_due(uow) -> None:
    ann, ben, cy = await _athletes(uow, 3)
    retry_at = DUE + timedelta(minutes=1)
    async with uow() as u:
        failed = await u.deliveries.claim(
            DeliveryKind.WEEKLY,
            ann,
            MONDAY,
            due_at=DUE,
            expires_at=EXPIRES,
            claimed_by="a",
            lease_until=DUE + LEASE,
            now=DUE,
        )
        await u.deliveries.finish(
            failed.id,
            claimed_by="a",
            status=DeliveryStatus.FAILED,
            now=DUE,
            error="429",
            next_attempt_at=retry_at,
        )
        await u.commit()
    lapsed = await _claim(uow, ben, "dead")
    fresh = await _claim(uow, cy, "alive", at=DUE + timedelta(minutes=3))

    async def claimable(at: datetime) -> set[int]:
        async with uow() as u:
            return {d.id for d in await u.deliveries.retryable(at)}

    assert await claimable(DUE) == set()
    assert await claimable(retry_at) == {failed.id}
    assert await claimable(DUE + LEASE) == {failed.id, lapsed.id}
    assert await claimable(EXPIRES) == set()  # the window has closed
    async with uow() as u:
        assert (
            await u.deliveries.reclaim(
                fresh.id, claimed_by="b", lease_until=EXPIRES, now=DUE + LEASE
            )
            is None
        )
        again = await u.deliveries.reclaim(
            failed.id, claimed_by="b", lease_until=DUE + 2 * LEASE, now=DUE + LEASE
        )
        assert (
            await u.deliveries.reclaim(
                failed.id, claimed_by="c", lease_until=DUE + 2 * LEASE, now=DUE + LEASE
            )
            is None
        )
        await u.commit()
    assert (again.status, again.attempts, again.claimed_by, again.last_error) == (
        DeliveryStatus.CLAIMED,
        2,
        "b",
        "429",
    )
    assert again.next_attempt_at is None


async def test_closing_expired_rows_gives_up_retries_and_lapsed_claims(uow) -> None:
    ann, ben, cy = await _athletes(uow, 3)
    retrying = await _claim(uow, ann, "a")
    lapsed = await _claim(uow, ben, "dead")
    sent = await _claim(uow, cy, "c")
    async with uow() as u:
        await u.deliveries.finish(
            retrying.id,
            claimed_by="a",
            status=DeliveryStatus.FAILED,
            now=DUE,
            error="NetworkError",
            next_attempt_at=DUE + timedelta(minutes=1),
        )
        await u.deliveries.finish(sent.id, claimed_by="c", status=DeliveryStatus.SENT, now=DUE)
        assert await u.deliveries.close_expired(EXPIRES - timedelta(seconds=1)) == 0
        assert await u.deliveries.close_expired(EXPIRES) == 2
        await u.commit()
        rows = {r.id: r for r in await u.deliveries.list()}
    assert (rows[retrying.id].status, rows[retrying.id].next_attempt_at) == (
        DeliveryStatus.FAILED,
        None,
    )
    assert rows[retrying.id].last_error == "NetworkError"
    assert (rows[lapsed.id].status, rows[lapsed.id].last_error) == (
        DeliveryStatus.FAILED,
        LAPSED_AFTER_WINDOW,
    )
    assert rows[sent.id].status is DeliveryStatus.SENT


async def test_the_database_refuses_a_second_row_for_a_key(uow) -> None:
    """The unique key itself, not only the repository's care."""
    from storage.tables import DeliveryRow

    (ann,) = await _athletes(uow, 1)
    await _claim(uow, ann, "one")
    async with uow() as u:
        u.deliveries._session.add(  # straight to the table, past the repository
            DeliveryRow(
                kind="weekly",
                athlete_id=ann,
                period=MONDAY,
                status="claimed",
                attempts=1,
                due_at=DUE,
                expires_at=EXPIRES,
                created_at=DUE,
                updated_at=DUE,
            )
        )
        with pytest.raises(IntegrityError):
            await u.commit()


async def test_two_engines_claiming_the_same_keys_at_once_split_them(
    database_url: str, engine, uow
) -> None:
    """Two connection pools, as two processes would have, race over 200 keys."""
    ids = await _athletes(uow, 200)
    other_engine = create_engine(database_url)
    other = create_session_factory(other_engine)
    try:

        async def claimer(make_uow, name: str, order: list[int]) -> list[int]:
            won = []
            for athlete_id in order:
                async with make_uow() as u:
                    claimed = await u.deliveries.claim(
                        DeliveryKind.SUMMARY,
                        athlete_id,
                        MONDAY,
                        due_at=DUE,
                        expires_at=EXPIRES,
                        claimed_by=name,
                        lease_until=DUE + LEASE,
                        now=DUE,
                    )
                    await u.commit()
                if claimed:
                    won.append(athlete_id)
                await asyncio.sleep(0)
            return won

        # Opposite orders: they meet somewhere in the middle and fight over those keys.
        first, second = await asyncio.gather(
            claimer(uow, "first", ids),
            claimer(lambda: SqlUnitOfWork(other), "second", ids[::-1]),
        )
    finally:
        await other_engine.dispose()
    assert sorted(first + second) == ids
    assert not set(first) & set(second)
    assert first and second  # they did race
    async with uow() as u:
        rows = await u.deliveries.list(kind=DeliveryKind.SUMMARY)
    assert len(rows) == 200
    assert {r.claimed_by for r in rows if r.athlete_id in first} <= {"first"}
