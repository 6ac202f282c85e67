"""Cheap questions about the database for health checks and metrics."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.tables import DeliveryRow


async def ping(engine: AsyncEngine) -> None:
    """Raises unless the database answers a trivial query."""
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


async def delivery_counts(engine: AsyncEngine) -> tuple[dict[tuple[str, str], int], int]:
    """Ledger rows by (kind, status), and the backlog: claimed, or failed with a retry due."""
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(DeliveryRow.kind, DeliveryRow.status, func.count()).group_by(
                DeliveryRow.kind, DeliveryRow.status
            )
        )
        counts = {(kind, status): n for kind, status, n in rows}
        backlog = await connection.scalar(
            select(func.count())
            .select_from(DeliveryRow)
            .where(
                (DeliveryRow.status == "claimed")
                | ((DeliveryRow.status == "failed") & DeliveryRow.next_attempt_at.is_not(None))
            )
        )
    return counts, int(backlog or 0)
