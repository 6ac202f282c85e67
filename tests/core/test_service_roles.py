"""Roles on real databases: nobody becomes their own trainer; what each person is."""

from __future__ import annotations

from datetime import date

import pytest

from core import errors
from core.plan_text import parse_plan_text
from core.services import assignment, invites, plans, roles, trainers
from tests.conftest import NOW

THIS_MONDAY = date(2026, 11, 23)


async def test_nobody_is_assigned_to_themselves(uow, users) -> None:
    admin = await users.person("Ada", admin=True)
    coach = await users.trainer("Coach")
    tom = await users.trainer("Tom")
    invite = await invites.create_athlete_invite(uow(), coach, NOW)
    await invites.redeem(uow(), tom, invite.payload, NOW)  # Tom trains with Coach
    tom = await users.refresh(tom)
    plan = await plans.create_plan(
        uow(),
        coach,
        athlete_id=tom.athlete_id,
        week_start=THIS_MONDAY,
        spec=parse_plan_text("Mon: Run\n- Run 1x30min"),
        now=NOW,
    )
    # An admin may reassign anyone, but not to the athlete's own trainer profile...
    with pytest.raises(errors.OwnTrainer):
        await assignment.assign_trainer(
            uow(), admin, athlete_id=tom.athlete_id, trainer_id=tom.trainer_id, now=NOW
        )
    with pytest.raises(errors.OwnTrainer):
        await assignment.propose_assignment(
            uow(), admin, athlete_id=tom.athlete_id, trainer_id=tom.trainer_id
        )
    # ... nor may Coach, whose athlete Tom is (a forged trainer button).
    with pytest.raises(errors.OwnTrainer):
        await assignment.assign_trainer(
            uow(), coach, athlete_id=tom.athlete_id, trainer_id=tom.trainer_id, now=NOW
        )
    # One plan can't go to its own athlete either.
    with pytest.raises(errors.OwnTrainer):
        await assignment.assign_plan_trainer(
            uow(), admin, plan_id=plan.id, trainer_id=tom.trainer_id, now=NOW
        )
    assert (await users.refresh(tom)).athlete.trainer_id == coach.trainer_id
    assert (await plans.get_plan(uow(), admin, plan.id)).trainer_id == coach.trainer_id
    # The picker never offers it in the first place.
    athlete, options = await assignment.assignable_trainers(uow(), admin, tom.athlete_id)
    assert athlete.id == tom.athlete_id
    assert [t.name for t in options] == ["Coach"]
    # A real choice goes through, and the confirmation names who is left.
    other = await users.trainer("Other")
    proposal = await assignment.propose_assignment(
        uow(), coach, athlete_id=tom.athlete_id, trainer_id=other.trainer_id
    )
    assert proposal.trainer.id == other.trainer_id
    assert proposal.previous_trainer.id == coach.trainer_id
    assert (await users.refresh(tom)).athlete.trainer_id == coach.trainer_id  # only asked


async def test_a_trainer_cannot_join_themselves(uow, users) -> None:
    coach = await users.trainer("Coach")
    invite = await invites.create_athlete_invite(uow(), coach, NOW)
    with pytest.raises(errors.OwnTrainer) as raised:
        await invites.redeem(uow(), coach, invite.payload, NOW)
    assert isinstance(raised.value, errors.OwnInvite)
    assert (await users.refresh(coach)).athlete.trainer_id is None
    assert await trainers.coached_athletes(uow(), coach) == []


async def test_a_trainer_link_names_the_admin_who_made_it(uow, users) -> None:
    admin = await users.person("Ada", admin=True)
    ann = await users.person("Ann")
    invite = await invites.create_trainer_invite(uow(), admin, NOW)
    redemption = await invites.redeem(uow(), ann, invite.payload, NOW)
    assert redemption.invited_by == admin.athlete.telegram_id
    assert redemption.trainer.athlete_id == ann.athlete_id
    assert (await users.refresh(ann)).athlete.trainer_id is None  # a trainer, not their own


async def test_roles_say_who_trains_and_who_only_administers(uow, users) -> None:
    admin = await users.person("Ada", admin=True)
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    plain = await users.person("Pat")

    only_admin = await roles.roles_of(uow(), admin)
    assert only_admin.admin_only and not only_admin.athlete
    only_trainer = await roles.roles_of(uow(), coach)
    assert only_trainer.trainer and not only_trainer.trains and not only_trainer.athlete
    athlete = await roles.roles_of(uow(), ann)
    assert athlete.athlete and athlete.has_trainer and not athlete.trainer
    newcomer = await roles.roles_of(uow(), plain)
    assert newcomer.athlete and not newcomer.trains  # the athlete's commands, and a hint

    # An admin with a plan of their own trains: no longer admin-only.
    await plans.create_plan(
        uow(),
        admin,
        athlete_id=admin.athlete_id,
        week_start=THIS_MONDAY,
        spec=parse_plan_text("Mon: Run\n- Run 1x30min"),
        now=NOW,
    )
    trains = await roles.roles_of(uow(), admin)
    assert trains.has_plan and trains.athlete and not trains.admin_only
    # A trainer who joins another trainer trains themselves.
    other = await users.trainer("Other")
    invite = await invites.create_athlete_invite(uow(), other, NOW)
    await invites.redeem(uow(), coach, invite.payload, NOW)
    both = await roles.person_roles(uow(), coach.athlete.telegram_id, is_admin=False)
    assert both.trainer and both.trains and both.athlete
    assert await roles.person_roles(uow(), 999999, is_admin=False) is None


async def test_an_admin_trainer_planning_their_own_week_does_not_oversee_it(uow, users) -> None:
    coach = await users.trainer("Coach")
    invite = await invites.create_trainer_invite(uow(), await users.person("Ada", admin=True), NOW)
    boss = await users.person("Boss", admin=True)
    await invites.redeem(uow(), boss, invite.payload, NOW)
    boss = await users.refresh(boss)
    assert boss.trainer is not None and boss.is_admin
    ann = await users.athlete_of(coach, "Ann")
    spec = parse_plan_text("Mon: Run\n- Run 1x30min")
    own = await plans.create_plan(
        uow(), boss, athlete_id=boss.athlete_id, week_start=THIS_MONDAY, spec=spec, now=NOW
    )
    assert own.trainer_id is None  # not their own trainer
    theirs = await plans.create_plan(
        uow(), boss, athlete_id=ann.athlete_id, week_start=THIS_MONDAY, spec=spec, now=NOW
    )
    assert theirs.trainer_id == coach.trainer_id  # the athlete's trainer oversees it
