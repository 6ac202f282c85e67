"""Operators' HTTP API tokens: only their hashes are stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core import models
from storage.tables import ApiTokenRow


def _token(row: ApiTokenRow) -> models.ApiToken:
    return models.ApiToken(
        id=row.id,
        name=row.name,
        is_admin=row.is_admin,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


class ApiTokenRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self, *, name: str, token_hash: str, is_admin: bool, now: datetime
    ) -> models.ApiToken | None:
        row = ApiTokenRow(name=name, token_hash=token_hash, is_admin=is_admin, created_at=now)
        try:
            async with self._session.begin_nested():
                self._session.add(row)
                await self._session.flush()
        except IntegrityError:
            return None
        return _token(row)

    async def by_hash(self, token_hash: str) -> models.ApiToken | None:
        row = await self._session.scalar(
            select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash)
        )
        return _token(row) if row is not None else None

    async def touch(self, token_id: int, now: datetime) -> None:
        await self._session.execute(
            update(ApiTokenRow).where(ApiTokenRow.id == token_id).values(last_used_at=now)
        )

    async def revoke(self, name: str, now: datetime) -> bool:
        result = await self._session.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.name == name, ApiTokenRow.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return bool(result.rowcount)

    async def list(self) -> list[models.ApiToken]:
        rows = await self._session.scalars(select(ApiTokenRow).order_by(ApiTokenRow.id))
        return [_token(r) for r in rows]
