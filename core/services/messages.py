"""Messages between an athlete and their trainer, either way, and form checks.

A message is stored before it is sent (status pending) and marked delivered or not
delivered after, so nothing anyone sent is lost when the other side blocked the bot.
Who may write to whom is checked against the database on every message: an athlete
writes to their own trainer, a trainer to their own athletes (admins get no exception:
a message comes from the athlete's trainer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core import errors, models
from core.ports import UnitOfWork
from core.services.access import require_trainer

LATEST_MESSAGES = 5
_MEDIA_FOR_FORM_CHECK = (models.MessageKind.PHOTO, models.MessageKind.VIDEO)


@dataclass(frozen=True)
class Outgoing:
    """A stored message, ready to be sent: who sends it, who gets it."""

    message: models.RelayedMessage
    sender: models.Athlete  # the sender's person record
    sender_name: str  # as the recipient sees it: the athlete's name, the trainer's name
    recipient: models.Athlete  # the recipient's person record (telegram_id, units)
    exercise: models.Exercise | None = None  # a form check's exercise


async def to_trainer(
    uow: UnitOfWork,
    actor: models.Actor,
    content: models.MessageContent,
    now: datetime,
    *,
    exercise_id: int | None = None,
    answering_trainer_id: int | None = None,
) -> Outgoing:
    """An athlete's message (or form check, with ``exercise_id``) to their trainer.
    ``answering_trainer_id``: a reply to that trainer's message, refused when they no
    longer coach the athlete."""
    async with uow:
        # Read again: another update may have given them a new trainer since this one began.
        athlete = await uow.athletes.get(actor.athlete.id) or actor.athlete
        if answering_trainer_id is not None and athlete.trainer_id != answering_trainer_id:
            raise errors.TrainerChanged(answering_trainer_id)  # not the new trainer's
        trainer = await uow.trainers.get(athlete.trainer_id) if athlete.trainer_id else None
        if trainer is None or trainer.athlete_id == athlete.id:
            raise errors.NoTrainer(athlete.id)
        recipient = await uow.athletes.get(trainer.athlete_id)
        if recipient is None:
            raise errors.NoTrainer(athlete.id)
        exercise = None
        if exercise_id is not None:
            found = await uow.plans.get_exercise(exercise_id)
            if found is None:
                raise errors.ExerciseNotFound(exercise_id)
            if found[1] != athlete.id:
                raise errors.NotYourPlan(found[1])
            exercise = found[0]
            if content.kind in _MEDIA_FOR_FORM_CHECK:
                content = _as_form_check(content)
        message = await uow.messages.add(
            athlete_id=athlete.id,
            trainer_id=trainer.id,
            sender_id=athlete.id,
            recipient_id=recipient.id,
            direction=models.MessageDirection.TO_TRAINER,
            content=content,
            now=now,
            exercise_id=exercise.id if exercise else None,
            exercise_name=exercise.name if exercise else None,
        )
        await uow.commit()
    return Outgoing(message, athlete, athlete.name, recipient, exercise)


async def message_target(uow: UnitOfWork, actor: models.Actor, athlete_id: int) -> models.Athlete:
    """The athlete a trainer wants to write to, if they are the trainer's own."""
    async with uow:
        return await _own_athlete(uow, actor, athlete_id)


async def to_athlete(
    uow: UnitOfWork,
    actor: models.Actor,
    athlete_id: int,
    content: models.MessageContent,
    now: datetime,
) -> Outgoing:
    """A trainer's message to one of their athletes (the card's Message button)."""
    async with uow:
        athlete = await _own_athlete(uow, actor, athlete_id)
        outgoing = await _store_to_athlete(uow, actor, athlete, content, now)
        await uow.commit()
    return outgoing


async def answer_relayed(
    uow: UnitOfWork,
    actor: models.Actor,
    replied_message_id: int,
    content: models.MessageContent,
    now: datetime,
) -> Outgoing:
    """A Telegram reply to a message the bot relayed into the actor's chat.

    A reply to an athlete's message goes back to that athlete, if they are still the
    actor's; a reply to the actor's own trainer's message goes to that trainer.
    """
    async with uow:
        relayed = await uow.messages.by_relayed(actor.athlete.telegram_id, replied_message_id)
        if relayed is None or relayed.recipient_id != actor.athlete.id:
            raise errors.NotARelayedMessage(replied_message_id)
    if relayed.direction is models.MessageDirection.TO_ATHLETE:
        return await to_trainer(uow, actor, content, now, answering_trainer_id=relayed.trainer_id)
    trainer = require_trainer(actor)
    async with uow:
        athlete = await uow.athletes.get(relayed.athlete_id)
        if athlete is None:
            raise errors.AthleteNotFound(relayed.athlete_id)
        if athlete.trainer_id != trainer.id:
            raise errors.AthleteMovedOn(athlete.id)
        outgoing = await _store_to_athlete(uow, actor, athlete, content, now)
        await uow.commit()
    return outgoing


async def delivered(
    uow: UnitOfWork, message_id: int, chat_id: int, relayed_message_id: int, now: datetime
) -> None:
    async with uow:
        await uow.messages.mark(
            message_id,
            status=models.MessageStatus.DELIVERED,
            now=now,
            relayed_chat_id=chat_id,
            relayed_message_id=relayed_message_id,
        )
        await uow.commit()


async def not_delivered(uow: UnitOfWork, message_id: int, reason: str, now: datetime) -> None:
    async with uow:
        await uow.messages.mark(
            message_id, status=models.MessageStatus.NOT_DELIVERED, now=now, failure=reason
        )
        await uow.commit()


async def latest(
    uow: UnitOfWork, actor: models.Actor, athlete_id: int, limit: int = LATEST_MESSAGES
) -> tuple[models.RelayedMessage, ...]:
    """For the athlete card: the latest messages and form checks, both ways, newest
    first. The athlete themselves, their trainer or an admin may see them."""
    async with uow:
        athlete = await uow.athletes.get(athlete_id)
        if athlete is None:
            raise errors.AthleteNotFound(athlete_id)
        if (
            athlete_id != actor.athlete.id
            and not actor.is_admin
            and (actor.trainer is None or athlete.trainer_id != actor.trainer.id)
        ):
            raise errors.NotYourAthlete(athlete_id)
        # The conversation with their trainer now, not with an earlier one.
        return tuple(await uow.messages.latest_for_athlete(athlete_id, athlete.trainer_id, limit))


async def _own_athlete(uow: UnitOfWork, actor: models.Actor, athlete_id: int) -> models.Athlete:
    trainer = require_trainer(actor)
    athlete = await uow.athletes.get(athlete_id)
    if athlete is None:
        raise errors.AthleteNotFound(athlete_id)
    if athlete.trainer_id != trainer.id or athlete.id == actor.athlete.id:
        raise errors.NotYourAthlete(athlete_id)
    return athlete


async def _store_to_athlete(
    uow: UnitOfWork,
    actor: models.Actor,
    athlete: models.Athlete,
    content: models.MessageContent,
    now: datetime,
) -> Outgoing:
    trainer = require_trainer(actor)
    message = await uow.messages.add(
        athlete_id=athlete.id,
        trainer_id=trainer.id,
        sender_id=actor.athlete.id,
        recipient_id=athlete.id,
        direction=models.MessageDirection.TO_ATHLETE,
        content=content,
        now=now,
    )
    return Outgoing(message, actor.athlete, trainer.name, athlete)


def _as_form_check(content: models.MessageContent) -> models.MessageContent:
    return models.MessageContent(
        kind=models.MessageKind.FORM_CHECK,
        text=content.text,
        file_id=content.file_id,
        source_chat_id=content.source_chat_id,
        source_message_id=content.source_message_id,
    )
