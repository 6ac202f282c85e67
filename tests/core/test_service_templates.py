"""Templates, groups and publishing to many, on real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event

from core import errors
from core.plan_sources import SourceRef
from core.plan_text import parse_plan_text
from core.services import athlete_groups, completion, plans, publishing, templates
from core.services.publishing import WeekStatus
from tests.conftest import NOW
from tests.sample_plans import PRODUCT_EXAMPLE

THIS_MONDAY = date(2026, 11, 23)  # NOW is the Wednesday of this week
NEXT_MONDAY = THIS_MONDAY + timedelta(weeks=1)


async def _template(uow, trainer, name="Base week", text=PRODUCT_EXAMPLE):
    return await templates.save_template(uow(), trainer, name=name, text=text, now=NOW)


async def test_template_crud_with_names_unique_per_trainer(uow, users) -> None:
    tom = await users.trainer("Tom")
    eve = await users.trainer("Eve")
    saved = await _template(uow, tom, "  Base   week ")
    assert saved.name == "Base week" and saved.text == PRODUCT_EXAMPLE
    with pytest.raises(errors.NameTaken):
        await _template(uow, tom, "BASE WEEK")  # casefolded
    with pytest.raises(errors.NameTaken):
        await templates.name_free(uow(), tom, "base week")
    assert (await _template(uow, eve, "Base week")).trainer_id != saved.trainer_id  # Eve's own
    with pytest.raises(errors.PlanTextError):
        await _template(uow, tom, "Broken", "Wdn: nothing")
    with pytest.raises(errors.InvalidName):
        await _template(uow, tom, "x" * 65)
    second = await _template(uow, tom, "Deload")
    page = await templates.list_templates(uow(), tom)
    assert [t.name for t in page.items] == ["Base week", "Deload"] and page.total == 2

    with pytest.raises(errors.NameTaken):
        await templates.rename_template(uow(), tom, second.id, "base WEEK", NOW)
    renamed = await templates.rename_template(uow(), tom, second.id, "Easy week", NOW)
    assert renamed.name == "Easy week"
    assert await templates.delete_template(uow(), tom, saved.id) == "Base week"
    page = await templates.list_templates(uow(), tom)
    assert [t.name for t in page.items] == ["Easy week"]
    # The old name is free again.
    await _template(uow, tom, "Base week")


async def test_another_trainer_can_not_see_or_use_a_template(uow, users) -> None:
    tom = await users.trainer("Tom")
    eve = await users.trainer("Eve")
    ann = await users.athlete_of(eve, "Ann")
    saved = await _template(uow, tom)
    with pytest.raises(errors.TemplateNotFound):
        await templates.get_template(uow(), eve, saved.id)
    with pytest.raises(errors.TemplateNotFound):
        await templates.rename_template(uow(), eve, saved.id, "Mine", NOW)
    with pytest.raises(errors.TemplateNotFound):
        await templates.delete_template(uow(), eve, saved.id)
    with pytest.raises(errors.TemplateNotFound):
        await publishing.preview(
            uow(),
            eve,
            SourceRef("template", saved.id),
            athlete_ids=[ann.athlete.id],
            group_ids=[],
            first_week=THIS_MONDAY,
            now=NOW,
        )
    with pytest.raises(errors.NotATrainer):
        await templates.list_templates(uow(), ann)
    assert (await templates.get_template(uow(), tom, saved.id)).name == "Base week"


async def test_a_week_saved_as_a_template_keeps_days_not_dates(uow, users) -> None:
    tom = await users.trainer("Tom")
    eve = await users.trainer("Eve")
    ann = await users.athlete_of(tom, "Ann")
    plan = await plans.create_plan(
        uow(),
        tom,
        athlete_id=ann.athlete.id,
        week_start=THIS_MONDAY,
        spec=parse_plan_text(PRODUCT_EXAMPLE),
        now=NOW,
    )
    with pytest.raises(errors.NotYourAthlete):
        await templates.save_week_as_template(uow(), eve, plan_id=plan.id, name="Stolen", now=NOW)
    saved = await templates.save_week_as_template(
        uow(), tom, plan_id=plan.id, name="Ann's", now=NOW
    )
    assert "Mon:" in saved.text and "2026" not in saved.text
    assert templates.spec_for(tom, saved) == plans.spec_of(plan)


async def test_groups_toggle_members_and_drop_athletes_who_leave(uow, users) -> None:
    tom = await users.trainer("Tom")
    eve = await users.trainer("Eve")
    ann = await users.athlete_of(tom, "Ann")
    bob = await users.athlete_of(tom, "Bob")
    cat = await users.athlete_of(eve, "Cat")
    group = await athlete_groups.create_group(
        uow(), tom, name="Runners", member_ids=[ann.athlete.id, bob.athlete.id], now=NOW
    )
    assert set(group.member_ids) == {ann.athlete.id, bob.athlete.id}
    other = await athlete_groups.create_group(
        uow(), tom, name="Lifters", member_ids=[ann.athlete.id], now=NOW
    )
    assert other.member_ids == (ann.athlete.id,)  # Ann is in both
    with pytest.raises(errors.NameTaken):
        await athlete_groups.create_group(uow(), tom, name="runners", member_ids=[], now=NOW)
    with pytest.raises(errors.NotYourAthlete):
        await athlete_groups.set_members(uow(), tom, group.id, [cat.athlete.id], NOW)
    with pytest.raises(errors.GroupNotFound):
        await athlete_groups.set_members(uow(), eve, group.id, [cat.athlete.id], NOW)
    with pytest.raises(errors.GroupNotFound):
        await athlete_groups.delete_group(uow(), eve, group.id)
    assert (await athlete_groups.get_group(uow(), tom, group.id)).member_ids == group.member_ids

    await athlete_groups.set_members(uow(), tom, group.id, [bob.athlete.id], NOW)
    renamed = await athlete_groups.rename_group(uow(), tom, group.id, "Trail runners", NOW)
    assert renamed.member_ids == (bob.athlete.id,) and renamed.name == "Trail runners"

    # Bob leaves Tom for Eve: he drops out of Tom's groups.
    await users.athlete_of(eve, "Bob2")  # (Eve's invite is made fresh)
    async with uow() as u:
        await u.athletes.update(bob.athlete.id, now=NOW, trainer_id=cat.athlete.trainer_id)
        await u.commit()
    listed = await athlete_groups.list_groups(uow(), tom)
    assert [(g.name, g.member_ids) for g in listed] == [
        ("Lifters", (ann.athlete.id,)),
        ("Trail runners", ()),
    ]
    assert await athlete_groups.delete_group(uow(), tom, group.id) == "Trail runners"
    assert [g.name for g in await athlete_groups.list_groups(uow(), tom)] == ["Lifters"]


async def test_publishing_a_template_to_a_group_skips_started_weeks(uow, users) -> None:
    tom = await users.trainer("Tom")
    eve = await users.trainer("Eve")
    ann = await users.athlete_of(tom, "Ann")
    bob = await users.athlete_of(tom, "Bob")
    cat = await users.athlete_of(tom, "Cat")
    stranger = await users.athlete_of(eve, "Dan")
    saved = await _template(uow, tom)
    group = await athlete_groups.create_group(
        uow(), tom, name="All", member_ids=[ann.athlete.id, bob.athlete.id], now=NOW
    )
    spec = parse_plan_text("Mon: Other (10 min)\n- Run 1x10min")
    started = await plans.create_plan(
        uow(), tom, athlete_id=ann.athlete.id, week_start=THIS_MONDAY, spec=spec, now=NOW
    )
    await completion.set_workout_done(uow(), ann, started.workouts[0].id, True, NOW)
    untouched = await plans.create_plan(
        uow(), tom, athlete_id=bob.athlete.id, week_start=THIS_MONDAY, spec=spec, now=NOW
    )
    ref = SourceRef("template", saved.id)
    chosen = {"athlete_ids": [cat.athlete.id, ann.athlete.id], "group_ids": [group.id]}

    for forged in ({"athlete_ids": [stranger.athlete.id]}, {"group_ids": [10_000]}):
        choice = {"athlete_ids": [], "group_ids": [], **forged}
        with pytest.raises((errors.NotYourAthlete, errors.GroupNotFound)):
            await publishing.preview(uow(), tom, ref, first_week=THIS_MONDAY, now=NOW, **choice)
    with pytest.raises(errors.NobodyChosen):
        await publishing.preview(
            uow(), tom, ref, athlete_ids=[], group_ids=[], first_week=THIS_MONDAY, now=NOW
        )
    with pytest.raises(errors.WeekNotPlannable):
        await publishing.preview(
            uow(), tom, ref, first_week=THIS_MONDAY - timedelta(weeks=1), now=NOW, **chosen
        )

    shown = await publishing.preview(uow(), tom, ref, first_week=THIS_MONDAY, now=NOW, **chosen)
    assert [(a.athlete.name, a.weeks[0].status) for a in shown.athletes] == [
        ("Ann", WeekStatus.STARTED),
        ("Bob", WeekStatus.UNTOUCHED),
        ("Cat", WeekStatus.NEW),
    ]
    outcomes = [
        o
        async for o in publishing.publish(
            uow(), tom, ref, first_week=THIS_MONDAY, now=NOW, **chosen
        )
    ]
    assert [(o.athlete.name, o.statuses[0][1]) for o in outcomes] == [
        ("Ann", WeekStatus.STARTED),
        ("Bob", WeekStatus.UNTOUCHED),
        ("Cat", WeekStatus.NEW),
    ]
    cats = outcomes[2].published[0]
    assert cats.workouts[0].title == "Upper body strength"
    bobs = await plans.get_plan(uow(), tom, untouched.id)
    assert bobs.workouts[0].title == "Other"  # untouched, not replaced without the choice

    outcomes = [
        o
        async for o in publishing.publish(
            uow(), tom, ref, first_week=THIS_MONDAY, now=NOW, replace_untouched=True, **chosen
        )
    ]
    assert [(o.athlete.name, o.statuses[0][1]) for o in outcomes] == [
        ("Ann", WeekStatus.STARTED),
        ("Bob", WeekStatus.REPLACED),
        ("Cat", WeekStatus.REPLACED),
    ]
    anns = await plans.get_plan(uow(), tom, started.id)
    assert anns.workouts[0].completed  # a started week is never replaced
    # Each athlete's plan is their own: editing Cat's week changes nobody else's.
    cat_plan = outcomes[2].published[0]
    await plans.create_plan(
        uow(),
        tom,
        athlete_id=cat.athlete.id,
        week_start=THIS_MONDAY,
        spec=spec,
        now=NOW,
        replace=True,
    )
    bob_now = await plans.current_plan(uow(), tom, NOW, athlete_id=bob.athlete.id)
    assert bob_now.workouts[0].title == "Upper body strength" and bob_now.id != cat_plan.id


async def test_publishing_to_40_is_one_transaction_per_athlete(
    uow, users, engine, count_statements
) -> None:
    tom = await users.trainer("Tom")
    saved = await _template(uow, tom)
    ref = SourceRef("template", saved.id)
    counts = {}
    for size in (5, 40):
        athletes = [await users.athlete_of(tom, f"S{size}-{n}") for n in range(size)]
        group = await athlete_groups.create_group(
            uow(), tom, name=f"G{size}", member_ids=[a.athlete.id for a in athletes], now=NOW
        )
        with count_statements() as counter:
            shown = await publishing.preview(
                uow(),
                tom,
                ref,
                athlete_ids=[],
                group_ids=[group.id],
                first_week=NEXT_MONDAY,
                now=NOW,
            )
        assert len(shown.athletes) == size
        counts[("preview", size)] = counter.count
        transactions: list[object] = []
        listener = transactions.append
        event.listen(engine.sync_engine, "commit", listener)
        try:
            with count_statements() as counter:
                outcomes = [
                    o
                    async for o in publishing.publish(
                        uow(),
                        tom,
                        ref,
                        athlete_ids=[],
                        group_ids=[group.id],
                        first_week=NEXT_MONDAY,
                        now=NOW,
                    )
                ]
        finally:
            event.remove(engine.sync_engine, "commit", listener)
        assert [o.statuses[0][1] for o in outcomes] == [WeekStatus.NEW] * size
        counts[size] = (counter.count, len(transactions))
    assert counts[("preview", 5)] == counts[("preview", 40)]  # one screen, constant queries
    (small, small_tx), (large, large_tx) = counts[5], counts[40]
    print(f"publish to many on {engine.dialect.name}: {counts}")
    assert small_tx == 5 and large_tx == 40  # one commit per athlete, nothing else
    per_athlete, remainder = divmod(large - small, 35)
    assert remainder == 0  # every athlete costs the same statements
    assert per_athlete <= 16
    assert small - 5 * per_athlete <= 6  # the choice is read in a constant few


async def test_templates_are_listed_a_page_at_a_time(uow, users) -> None:
    tom = await users.trainer("Tom")
    for n in range(1, 10):
        await _template(uow, tom, f"Week {n}")
    first = await templates.list_templates(uow(), tom, offset=0, limit=8)
    assert [t.name for t in first.items] == [f"Week {n}" for n in range(1, 9)]
    assert first.total == 9 and first.has_older
    second = await templates.list_templates(uow(), tom, offset=8, limit=8)
    assert [t.name for t in second.items] == ["Week 9"]
    past = await templates.list_templates(uow(), tom, offset=40, limit=8)  # an old button
    assert past.offset == 8 and [t.name for t in past.items] == ["Week 9"]
