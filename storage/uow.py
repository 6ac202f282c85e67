"""The unit of work: one session, its repositories, rollback unless committed."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.deliveries import DeliveryRepository
from storage.exports import ExportRepository
from storage.repositories import (
    AthleteRepository,
    InviteRepository,
    LogRepository,
    PlanRepository,
    SummaryRepository,
    TrainerRepository,
)


class SqlUnitOfWork:
    """Reusable: each ``async with`` opens a fresh session."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> SqlUnitOfWork:
        if self._session is not None:
            raise RuntimeError("this unit of work is already open")
        self._session = session = self._session_factory()
        self.athletes = AthleteRepository(session)
        self.trainers = TrainerRepository(session)
        self.invites = InviteRepository(session)
        self.plans = PlanRepository(session)
        self.logs = LogRepository(session)
        self.summaries = SummaryRepository(session)
        self.deliveries = DeliveryRepository(session)
        self.exports = ExportRepository(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        assert session is not None
        try:
            await session.rollback()
        finally:
            await session.close()

    async def commit(self) -> None:
        assert self._session is not None, "commit outside of 'async with'"
        await self._session.commit()

    async def rollback(self) -> None:
        assert self._session is not None, "rollback outside of 'async with'"
        await self._session.rollback()
