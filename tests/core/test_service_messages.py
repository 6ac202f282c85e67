"""Messages between athletes and trainers, and form checks, on real databases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core import errors, models
from core.plan_text import parse_plan_text
from core.services import assignment, messages, plans
from tests.conftest import NOW

THIS_MONDAY = date(2026, 11, 23)


def text(body: str, message_id: int = 1, chat_id: int = 0) -> models.MessageContent:
    return models.MessageContent(models.MessageKind.TEXT, body, None, chat_id, message_id)


def photo(message_id: int, caption: str | None = None) -> models.MessageContent:
    return models.MessageContent(models.MessageKind.PHOTO, caption, "photo-1", 5, message_id)


async def test_an_athlete_writes_to_their_trainer_and_the_trainer_answers(uow, users) -> None:
    tom = await users.trainer("Tom")
    ann = await users.athlete_of(tom, "Ann")
    sent = await messages.to_trainer(uow(), ann, text("knee sore?", 7), NOW)
    assert sent.recipient.id == tom.athlete.id and sent.sender_name == "Ann"
    assert sent.message.status is models.MessageStatus.PENDING
    assert sent.message.direction is models.MessageDirection.TO_TRAINER
    await messages.delivered(uow(), sent.message.id, tom.athlete.telegram_id, 40, NOW)

    answer = await messages.answer_relayed(uow(), tom, 40, text("rest it", 41), NOW)
    assert answer.recipient.id == ann.athlete.id and answer.sender_name == "Tom"
    assert answer.message.direction is models.MessageDirection.TO_ATHLETE
    with pytest.raises(errors.NotARelayedMessage):
        await messages.answer_relayed(uow(), tom, 39, text("?"), NOW)

    later = NOW + timedelta(minutes=1)
    await messages.not_delivered(uow(), answer.message.id, "blocked the bot", later)
    latest = await messages.latest(uow(), tom, ann.athlete.id)
    assert [(m.text, m.status, m.failure) for m in latest] == [
        ("rest it", models.MessageStatus.NOT_DELIVERED, "blocked the bot"),
        ("knee sore?", models.MessageStatus.DELIVERED, None),
    ]
    assert latest[1].relayed_message_id == 40 and latest[1].sender_id == ann.athlete.id
    assert await messages.latest(uow(), ann, ann.athlete.id) == latest


async def test_no_trainer_no_message(uow, users) -> None:
    loner = await users.person("Lou")
    with pytest.raises(errors.NoTrainer):
        await messages.to_trainer(uow(), loner, text("hello"), NOW)
    assert await messages.latest(uow(), loner, loner.athlete.id) == ()


async def test_a_trainer_reaches_only_their_own_athletes(uow, users) -> None:
    tom, zoe = await users.trainer("Tom"), await users.trainer("Zoe")
    ann = await users.athlete_of(tom, "Ann")
    with pytest.raises(errors.NotYourAthlete):
        await messages.message_target(uow(), zoe, ann.athlete.id)
    with pytest.raises(errors.NotYourAthlete):
        await messages.to_athlete(uow(), zoe, ann.athlete.id, text("hi"), NOW)
    with pytest.raises(errors.NotYourAthlete):
        await messages.latest(uow(), zoe, ann.athlete.id)
    with pytest.raises(errors.NotATrainer):
        await messages.to_athlete(uow(), ann, tom.athlete.id, text("hi"), NOW)
    assert await messages.latest(uow(), tom, ann.athlete.id) == ()
    sent = await messages.to_athlete(uow(), tom, ann.athlete.id, text("hi"), NOW)
    assert sent.recipient.telegram_id == ann.athlete.telegram_id


async def test_a_reply_to_an_athlete_who_moved_on_is_refused(uow, users) -> None:
    tom, zoe = await users.trainer("Tom"), await users.trainer("Zoe")
    admin = await users.person("Ada", admin=True)
    ann = await users.athlete_of(tom, "Ann")
    sent = await messages.to_trainer(uow(), ann, text("hi"), NOW)
    await messages.delivered(uow(), sent.message.id, tom.athlete.telegram_id, 12, NOW)
    await assignment.assign_trainer(
        uow(), admin, athlete_id=ann.athlete.id, trainer_id=zoe.trainer.id, now=NOW
    )
    with pytest.raises(errors.AthleteMovedOn):
        await messages.answer_relayed(uow(), tom, 12, text("answer"), NOW)
    async with uow() as unit:  # nothing stored: Tom's conversation is the one message
        assert len(await unit.messages.latest_for_athlete(ann.athlete.id, tom.trainer.id, 5)) == 1
    # Zoe, the new trainer, doesn't read Ann's conversation with Tom.
    assert await messages.latest(uow(), zoe, ann.athlete.id) == ()


async def test_a_reply_to_a_former_trainers_message_reaches_nobody(uow, users) -> None:
    tom, zoe = await users.trainer("Tom"), await users.trainer("Zoe")
    admin = await users.person("Ada", admin=True)
    ann = await users.athlete_of(tom, "Ann")
    sent = await messages.to_athlete(uow(), tom, ann.athlete.id, text("squat day"), NOW)
    await messages.delivered(uow(), sent.message.id, ann.athlete.telegram_id, 30, NOW)
    await assignment.assign_trainer(
        uow(), admin, athlete_id=ann.athlete.id, trainer_id=zoe.trainer.id, now=NOW
    )
    ann = await users.refresh(ann)
    with pytest.raises(errors.TrainerChanged):
        await messages.answer_relayed(uow(), ann, 30, text("done!"), NOW)
    assert await messages.latest(uow(), zoe, ann.athlete.id) == ()
    # Written without replying, it reaches Zoe.
    assert (await messages.to_trainer(uow(), ann, text("hi Zoe"), NOW)).recipient.id == (
        zoe.athlete.id
    )


async def test_a_form_check_names_its_exercise_and_only_ones_own(uow, users) -> None:
    tom = await users.trainer("Tom")
    ann, bob = await users.athlete_of(tom, "Ann"), await users.athlete_of(tom, "Bob")
    plan = await plans.create_plan(
        uow(),
        tom,
        athlete_id=ann.athlete.id,
        week_start=THIS_MONDAY,
        spec=parse_plan_text("Mon: Legs\n- Back squat 5x5 @ 60kg"),
        now=NOW,
    )
    squat = plan.workouts[0].exercises[0]
    sent = await messages.to_trainer(uow(), ann, photo(3, "depth?"), NOW, exercise_id=squat.id)
    assert sent.exercise.name == "Back squat"
    assert sent.message.kind is models.MessageKind.FORM_CHECK
    assert (sent.message.exercise_id, sent.message.exercise_name) == (squat.id, "Back squat")
    with pytest.raises(errors.NotYourPlan):
        await messages.to_trainer(uow(), bob, photo(4), NOW, exercise_id=squat.id)
    assert [m.kind for m in await messages.latest(uow(), tom, bob.athlete.id)] == []


async def test_the_cards_latest_messages_are_one_statement(uow, users, count_statements) -> None:
    tom = await users.trainer("Tom")
    ann = await users.athlete_of(tom, "Ann")
    for n in range(7):
        await messages.to_trainer(uow(), ann, text(f"m{n}", n), NOW)
        await messages.to_athlete(uow(), tom, ann.athlete.id, text(f"a{n}", n), NOW)
    async with uow() as unit:
        await unit.athletes.get(ann.athlete.id)  # the session's own start is not counted
        with count_statements() as counter:
            latest = await unit.messages.latest_for_athlete(ann.athlete.id, tom.trainer.id, 5)
    assert counter.count == 1
    assert [m.text for m in latest] == ["a6", "m6", "a5", "m5", "a4"]
