"""Messages between athletes and trainers: stored before sending, marked after."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core import models
from storage.tables import MessageRow


def _message(row: MessageRow) -> models.RelayedMessage:
    return models.RelayedMessage(
        id=row.id,
        athlete_id=row.athlete_id,
        trainer_id=row.trainer_id,
        sender_id=row.sender_id,
        recipient_id=row.recipient_id,
        direction=models.MessageDirection(row.direction),
        kind=models.MessageKind(row.kind),
        text=row.text,
        file_id=row.file_id,
        source_chat_id=row.source_chat_id,
        source_message_id=row.source_message_id,
        exercise_id=row.exercise_id,
        exercise_name=row.exercise_name,
        relayed_chat_id=row.relayed_chat_id,
        relayed_message_id=row.relayed_message_id,
        status=models.MessageStatus(row.status),
        failure=row.failure,
        created_at=row.created_at,
    )


class MessageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        *,
        athlete_id: int,
        trainer_id: int,
        sender_id: int,
        recipient_id: int,
        direction: models.MessageDirection,
        content: models.MessageContent,
        now: datetime,
        exercise_id: int | None = None,
        exercise_name: str | None = None,
    ) -> models.RelayedMessage:
        row = MessageRow(
            athlete_id=athlete_id,
            trainer_id=trainer_id,
            sender_id=sender_id,
            recipient_id=recipient_id,
            direction=direction.value,
            kind=content.kind.value,
            text=content.text,
            file_id=content.file_id,
            source_chat_id=content.source_chat_id,
            source_message_id=content.source_message_id,
            exercise_id=exercise_id,
            exercise_name=exercise_name,
            status=models.MessageStatus.PENDING.value,
            created_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        return _message(row)

    async def mark(
        self,
        message_id: int,
        *,
        status: models.MessageStatus,
        now: datetime,
        relayed_chat_id: int | None = None,
        relayed_message_id: int | None = None,
        failure: str | None = None,
    ) -> None:
        delivered = status is models.MessageStatus.DELIVERED
        await self._session.execute(
            update(MessageRow)
            .where(MessageRow.id == message_id)
            .values(
                status=status.value,
                relayed_chat_id=relayed_chat_id,
                relayed_message_id=relayed_message_id,
                failure=failure[:256] if failure else None,
                delivered_at=now if delivered else None,
            )
        )

    async def by_relayed(self, chat_id: int, message_id: int) -> models.RelayedMessage | None:
        """The stored message whose copy is ``message_id`` in ``chat_id``."""
        row = await self._session.scalar(
            select(MessageRow)
            .where(
                MessageRow.relayed_chat_id == chat_id,
                MessageRow.relayed_message_id == message_id,
            )
            .order_by(MessageRow.id.desc())
            .limit(1)
        )
        return _message(row) if row is not None else None

    async def latest_for_athlete(
        self, athlete_id: int, trainer_id: int | None, limit: int
    ) -> list[models.RelayedMessage]:
        """The latest messages and form checks between the athlete and that trainer, both
        ways, newest first (none without a trainer: a new trainer doesn't read the old one's)."""
        if trainer_id is None:
            return []
        rows = await self._session.scalars(
            select(MessageRow)
            .where(MessageRow.athlete_id == athlete_id, MessageRow.trainer_id == trainer_id)
            .order_by(MessageRow.id.desc())
            .limit(limit)
        )
        return [_message(row) for row in rows]
