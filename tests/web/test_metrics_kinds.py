"""``GET /metrics`` reports every ledger kind, the ones added after the metrics too
(program weeks, the Thursday check), read from a real database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import SettableClock
from core.models import DeliveryKind, DeliveryStatus
from storage import status
from storage.uow import SqlUnitOfWork
from tests.conftest import NOW, People
from web.app import create_app, web_routes
from web.context import LedgerCounts, WebContext
from web.metrics import KINDS

MONDAY = date(2026, 11, 30)


async def test_every_delivery_kind_is_counted(
    engine: AsyncEngine, uow: Callable[[], SqlUnitOfWork], users: People
) -> None:
    assert set(KINDS) == {kind.value for kind in DeliveryKind}
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    async with uow() as unit:
        for kind, athlete in (
            (DeliveryKind.PROGRAM_WEEK, ann.athlete),
            (DeliveryKind.ATTENTION, coach.athlete),
        ):
            claimed = await unit.deliveries.claim(
                kind,
                athlete.id,
                MONDAY,
                due_at=NOW,
                expires_at=NOW + timedelta(days=1),
                claimed_by="test",
                lease_until=NOW + timedelta(minutes=5),
                now=NOW,
            )
            assert claimed is not None
            if kind is DeliveryKind.PROGRAM_WEEK:
                await unit.deliveries.finish(
                    claimed.id, claimed_by="test", status=DeliveryStatus.SENT, now=NOW
                )
        await unit.commit()

    async def ledger() -> LedgerCounts:
        counts, backlog = await status.delivery_counts(engine)
        return LedgerCounts(by_kind_and_status=counts, backlog=backlog)

    context = WebContext(uow=uow, clock=SettableClock(NOW), bot_token="1:x", ledger_counts=ledger)
    transport = httpx.ASGITransport(app=create_app(web_routes(context)))
    async with httpx.AsyncClient(transport=transport, base_url="http://coach.test") as client:
        metrics = (await client.get("/metrics")).text
    assert 'coach_deliveries{kind="program_week",status="sent"} 1.0' in metrics
    assert 'coach_deliveries{kind="attention",status="claimed"} 1.0' in metrics
    assert 'coach_deliveries{kind="attention",status="sent"} 0.0' in metrics
