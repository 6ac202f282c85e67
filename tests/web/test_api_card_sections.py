"""The Mini App's card carries the latest check-in and the latest messages (real
SQLite and PostgreSQL), and a stranger gets neither."""

from __future__ import annotations

from datetime import date, timedelta

from core import models
from tests.conftest import NOW
from tests.web.conftest import Team, tma

LAST_MONDAY = date(2026, 11, 16)


async def _message(u, team: Team, n: int, **content) -> None:
    to_trainer = n % 2 == 0
    await u.messages.add(
        athlete_id=team.ann.athlete.id,
        trainer_id=team.tom.trainer.id,
        sender_id=(team.ann if to_trainer else team.tom).athlete.id,
        recipient_id=(team.tom if to_trainer else team.ann).athlete.id,
        direction=(
            models.MessageDirection.TO_TRAINER if to_trainer else models.MessageDirection.TO_ATHLETE
        ),
        content=models.MessageContent(
            kind=content.get("kind", models.MessageKind.TEXT),
            text=content.get("text", f"message {n}"),
            file_id=None,
            source_chat_id=1,
            source_message_id=n,
        ),
        now=NOW - timedelta(minutes=10 - n),
        exercise_name=content.get("exercise_name"),
    )


async def test_the_card_has_the_latest_checkin_and_messages(client, uow, team: Team) -> None:
    url = f"/api/athletes/{team.ann.athlete.id}"
    empty = (await client.get(url, headers=tma(team.tom))).json()
    assert empty["check_ins"] == [] and empty["messages"] == []
    async with uow() as u:
        await u.checkins.save(
            team.ann.athlete.id,
            LAST_MONDAY - timedelta(weeks=1),
            now=NOW,
            energy=1,
            answered_at=NOW,
        )
        await u.checkins.save(
            team.ann.athlete.id,
            LAST_MONDAY,
            now=NOW,
            energy=3,
            sleep=4,
            soreness=2,
            body_weight_kg=72.4,
            note="knee sore",
            answered_at=NOW,
        )
        for n in range(4):
            await _message(u, team, n)
        await _message(
            u,
            team,
            4,
            kind=models.MessageKind.FORM_CHECK,
            text="depth ok?",
            exercise_name="Back squat",
        )
        await u.commit()

    card = (await client.get(url, headers=tma(team.tom))).json()
    (checkin,) = card["check_ins"]
    assert checkin["week_start"] == LAST_MONDAY.isoformat()
    assert (checkin["energy"], checkin["sleep"], checkin["soreness"]) == (3, 4, 2)
    assert (checkin["body_weight_kg"], checkin["note"]) == (72.4, "knee sore")
    assert [
        (m["direction"], m["kind"], m["text"], m["exercise_name"]) for m in card["messages"]
    ] == [
        ("to_trainer", "form_check", "depth ok?", "Back squat"),
        ("to_athlete", "text", "message 3", None),
        ("to_trainer", "text", "message 2", None),
    ]
    # Another trainer sees nothing of Ann's card.
    refused = await client.get(url, headers=tma(team.kim))
    assert refused.status_code == 403 and "knee" not in refused.text
