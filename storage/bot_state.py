"""A small JSON key-value store for the chat layer's persistence (dialogue state).

It lives in the project's own database, so a restart of ``coach run`` keeps every
half-finished dialogue, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.tables import BotStateRow


class BotStateStore:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def load(self, namespace: str) -> dict[str, Any]:
        async with self._session_factory() as session:
            rows = await session.execute(
                select(BotStateRow.key, BotStateRow.data).where(BotStateRow.namespace == namespace)
            )
            return {key: json.loads(data) for key, data in rows}

    async def save(self, namespace: str, key: str, value: Any) -> None:
        """Store ``value`` under the key; ``None`` deletes it."""
        async with self._session_factory() as session, session.begin():
            row = await session.get(BotStateRow, (namespace, key))
            if value is None:
                if row is not None:
                    await session.execute(
                        delete(BotStateRow).where(
                            BotStateRow.namespace == namespace, BotStateRow.key == key
                        )
                    )
                return
            data = json.dumps(value, sort_keys=True, default=str)
            if row is None:
                session.add(
                    BotStateRow(
                        namespace=namespace, key=key, data=data, updated_at=datetime.now(UTC)
                    )
                )
            elif row.data != data:
                row.data = data
                row.updated_at = datetime.now(UTC)
