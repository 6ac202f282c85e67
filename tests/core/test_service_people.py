"""People, trainers and invites on real databases."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from core import errors
from core.models import InviteKind
from core.plan_text import parse_plan_text
from core.services import invites, people, plans, trainers
from tests.conftest import NOW


async def test_first_contact_registers_and_later_contact_updates(uow, users) -> None:
    ann = await users.person("Ann")
    again = await users.refresh(ann)
    assert again.athlete.id == ann.athlete.id and again.trainer is None
    assert ann.athlete.timezone is None and ann.athlete.reminders_enabled


async def test_timezone_is_validated(uow, users) -> None:
    ann = await users.person("Ann")
    with pytest.raises(errors.UnknownTimezone):
        await people.set_timezone(uow(), ann, "Mars/Olympus", NOW)
    assert (await users.refresh(ann)).athlete.timezone is None
    updated = await people.set_timezone(uow(), ann, "europe/berlin", NOW)
    assert updated.timezone == "Europe/Berlin"
    assert (await users.refresh(ann)).athlete.timezone == "Europe/Berlin"


async def test_reminders_and_reachability(uow, users) -> None:
    ann = await users.person("Ann")
    assert not (await people.set_reminders(uow(), ann, False, NOW)).reminders_enabled
    assert await people.set_reachable(uow(), ann.athlete.telegram_id, False, NOW)
    assert not await people.set_reachable(uow(), ann.athlete.telegram_id, False, NOW)
    assert (await users.refresh(ann)).athlete.reachable  # writing to us makes them reachable


async def test_trainers_are_created_listed_and_profiled(uow, users) -> None:
    coach = await users.trainer("Zoe")
    await users.trainer("Adam")
    assert [t.name for t in await trainers.list_trainers(uow())] == ["Adam", "Zoe"]
    updated = await trainers.update_profile(
        uow(), coach, specialization="  Strength \n and conditioning ", now=NOW
    )
    assert updated.specialization == "Strength and conditioning"
    assert (await trainers.get_trainer(uow(), coach.trainer_id)) == updated
    with pytest.raises(errors.TrainerNotFound):
        await trainers.get_trainer(uow(), 9999)
    with pytest.raises(errors.AlreadyATrainer):
        await trainers.add_trainer(
            uow(), telegram_id=coach.athlete.telegram_id, name="Zoe", now=NOW
        )
    athlete = await users.person("Ann")
    with pytest.raises(errors.NotATrainer):
        await trainers.update_profile(uow(), athlete, specialization="x", now=NOW)


async def test_athlete_invites_link_and_are_replaced(uow, users) -> None:
    coach = await users.trainer("Coach")
    invite = await invites.create_athlete_invite(uow(), coach, NOW)
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", invite.payload)
    assert invite.kind is InviteKind.ATHLETE
    ann, bob = await users.person("Ann"), await users.person("Bob")
    joined = await invites.redeem(uow(), ann, invite.payload, NOW)
    assert joined.trainer.id == coach.trainer_id and joined.athlete.trainer_id == coach.trainer_id
    again = await invites.redeem(uow(), ann, invite.payload, NOW)
    assert again.already_linked
    newer = await invites.create_athlete_invite(uow(), coach, NOW)
    with pytest.raises(errors.InviteRevoked):
        await invites.redeem(uow(), bob, invite.payload, NOW)
    assert (await users.refresh(bob)).athlete.trainer_id is None
    await invites.redeem(uow(), bob, newer.payload, NOW)
    with pytest.raises(errors.OwnInvite):
        await invites.redeem(uow(), coach, newer.payload, NOW)
    roster = await trainers.coached_athletes(uow(), coach)
    assert [athlete.name for athlete in roster] == ["Ann", "Bob"]


async def test_trainer_invites_are_single_use_and_admin_only(uow, users) -> None:
    admin = await users.person("Admin", admin=True)
    ann, bob = await users.person("Ann"), await users.person("Bob")
    with pytest.raises(errors.NotAnAdmin):
        await invites.create_trainer_invite(uow(), ann, NOW)
    invite = await invites.create_trainer_invite(uow(), admin, NOW)
    became = await invites.redeem(uow(), ann, invite.payload, NOW)
    assert became.kind is InviteKind.TRAINER and became.trainer.name == "Ann"
    assert (await users.refresh(ann)).trainer is not None
    with pytest.raises(errors.InviteUsed):
        await invites.redeem(uow(), bob, invite.payload, NOW)
    assert (await users.refresh(bob)).trainer is None


@pytest.mark.parametrize("payload", ["", "nope", "x" * 65, "bad payload", "ünïcode", "a/b"])
async def test_bad_payloads_change_nothing(uow, users, payload: str) -> None:
    ann = await users.person("Ann")
    with pytest.raises(errors.InvalidInvite):
        await invites.redeem(uow(), ann, payload, NOW)
    refreshed = await users.refresh(ann)
    assert refreshed.athlete == ann.athlete and refreshed.trainer is None


async def test_joining_another_trainer_takes_current_and_future_plans(uow, users) -> None:
    tom, zoe = await users.trainer("Tom"), await users.trainer("Zoe")
    ann = await users.athlete_of(tom, "Ann")
    monday = date(2026, 11, 23)
    created = [
        await plans.create_plan(
            uow(),
            tom,
            athlete_id=ann.athlete_id,
            week_start=monday + timedelta(weeks=n),
            spec=parse_plan_text("Mon: Run\n- Run 1x20min"),
            now=NOW,
        )
        for n in (-1, 0, 1)
    ]
    invite = await invites.create_athlete_invite(uow(), zoe, NOW)
    joined = await invites.redeem(uow(), ann, invite.payload, NOW)
    assert joined.previous_trainer.id == tom.trainer_id
    owners = [(await plans.get_plan(uow(), zoe, p.id)).trainer_id for p in created[1:]]
    assert owners == [zoe.trainer_id, zoe.trainer_id]
    assert (await plans.get_plan(uow(), ann, created[0].id)).trainer_id == tom.trainer_id
