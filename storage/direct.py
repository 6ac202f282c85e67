"""Statements sent on a unit of work's connection directly, bypassing the ORM.

``AsyncSession.execute`` runs even a Core statement through the ORM's execution path:
about 45 µs of CPU more per statement than the same statement on the session's
connection (measured on PostgreSQL, 2026-12-08). The Done tap's writes run on every
tap, so they go this way. A write sent past the ORM is noted on the session, as the
ORM's own writes are (``storage.uow`` reads the note: a unit of work that wrote and
did not commit rolls its joined transaction back).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, Executable
from sqlalchemy.ext.asyncio import AsyncSession

WROTE = "coach_wrote"  # session.info key: this unit of work has written


async def write(
    session: AsyncSession, statement: Executable, parameters: dict[str, Any]
) -> CursorResult[Any]:
    """Run a writing Core statement in the session's transaction, noted as a write."""
    session.info[WROTE] = True  # before: a statement that fails has still begun to write
    connection = await session.connection()
    return await connection.execute(statement, parameters)
