"""The week's edges on real databases: tick windows, regenerated summaries, notices to
correct, logged minutes, check-ins (one row per week, the last answer, ownership) and
the digest's logs and check-ins in a constant number of statements."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core import errors, models
from core.log_entry import parse_log_entry
from core.plan_text import parse_plan_text
from core.services import checkins, completion, notices, plans, summaries
from core.services.deliveries import _digests
from tests.conftest import NOW

THIS_MONDAY = date(2026, 11, 23)  # NOW is its Wednesday
TEXT = """\
Mon: Strength (45 min)
- Push-ups 3x12
- Plank 3x60s
Wed: Run (30 min)
- Run 1x30min
Fri: Legs (40 min)
- Squat 5x5 @ 60kg
"""


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def _week(uow, coach, athlete, week_start: date = THIS_MONDAY) -> models.Plan:
    return await plans.create_plan(
        uow(),
        coach,
        athlete_id=athlete.athlete_id,
        week_start=week_start,
        spec=parse_plan_text(TEXT),
        now=NOW - timedelta(days=3),
    )


async def test_only_open_weeks_are_ticked_and_last_week_refreshes_its_summary(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    plan = await _week(uow, coach, ann)
    later = await _week(uow, coach, ann, THIS_MONDAY + timedelta(weeks=1))
    with pytest.raises(errors.WeekNotOpenYet) as refused:
        await completion.set_workout_done(uow(), ann, later.workouts[0].id, True, NOW)
    assert refused.value.opens_on == THIS_MONDAY + timedelta(weeks=1)
    assert (await plans.get_plan(uow(), ann, later.id)).completed_workouts == 0

    # Sunday's summary is stored; a Monday tick of last week refreshes it.
    stored = await summaries.generate_summary(uow(), coach, plan.id, utc(2026, 11, 29, 20))
    assert stored.completed_workouts == 0
    sunday_late = utc(2026, 11, 29, 21)  # after the summary, still the same week
    await completion.set_workout_done(uow(), ann, plan.workouts[0].id, True, sunday_late)
    async with uow() as u:
        assert (await u.summaries.get(plan.id)).completed_workouts == 1
    await completion.set_workout_done(uow(), ann, plan.workouts[0].id, False, sunday_late)
    monday = utc(2026, 11, 30, 8)
    change = await completion.set_workout_done(uow(), ann, plan.workouts[2].id, True, monday)
    assert change.changed and change.plan.week_number == 1
    async with uow() as u:
        refreshed = await u.summaries.get(plan.id)
    assert refreshed.completed_workouts == 1 and refreshed.generated_at == monday

    # The trainer's notice is remembered, and an Undo hands it back once to correct.
    notice = models.TrainerNotice(plan.workouts[2].id, chat_id=1, message_id=77)
    await notices.remember_done_notice(uow(), notice, monday)
    undo = await completion.set_workout_done(uow(), ann, plan.workouts[2].id, False, monday)
    assert undo.told == notice
    await completion.set_workout_done(uow(), ann, plan.workouts[2].id, True, monday)
    again = await completion.set_workout_done(uow(), ann, plan.workouts[2].id, False, monday)
    assert again.changed and again.told is None  # corrected already

    # Wednesday: last week is closed, for the athlete and the trainer alike.
    wednesday = utc(2026, 12, 2, 0)
    for actor in (ann, coach):
        with pytest.raises(errors.WeekClosed):
            await completion.set_workout_done(uow(), actor, plan.workouts[0].id, True, wednesday)
    assert (await plans.get_plan(uow(), ann, plan.id)).completed_workouts == 0


async def test_minutes_are_what_was_logged(uow, users) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    plan = await _week(uow, coach, ann)
    for workout in plan.workouts:
        await completion.set_workout_done(uow(), ann, workout.id, True, NOW)
    summary = await summaries.generate_summary(uow(), coach, plan.id, NOW)
    assert (summary.completed_minutes, summary.planned_minutes) == (0, 115)  # none logged
    strength, run, legs = plan.workouts
    await completion.log_exercise(
        uow(), ann, strength.exercises[1].id, parse_log_entry("3x50s"), NOW
    )
    await completion.log_exercise(uow(), ann, run.exercises[0].id, parse_log_entry("1x28min"), NOW)
    await completion.log_exercise(uow(), ann, legs.exercises[0].id, parse_log_entry("5x5"), NOW)
    summary = await summaries.generate_summary(uow(), coach, plan.id, NOW)
    assert summary.completed_minutes == 31  # 28 min + 3 x 50 s = 30.5, a part counts


async def test_a_checkin_is_one_row_per_week_the_last_answer_and_only_the_athletes(
    uow, users
) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    bob = await users.athlete_of(coach, "Bob")
    plan = await _week(uow, coach, ann)
    sunday = utc(2026, 11, 29, 20)
    assert await checkins.latest_checkin(uow(), ann.athlete_id) is None

    await checkins.save_scores(uow(), ann, plan.id, 3, 4, 2, sunday)
    await checkins.save_weight(uow(), ann, plan.id, 72.4, sunday)
    saved = await checkins.save_note(uow(), ann, plan.id, "  knee sore ", sunday)
    assert (saved.energy, saved.sleep, saved.soreness) == (3, 4, 2)
    assert (saved.body_weight_kg, saved.note) == (72.4, "knee sore")

    # Answered again: the same row, the last answer (the skipped parts are cleared).
    monday = sunday + timedelta(hours=12)
    await checkins.save_scores(uow(), ann, plan.id, None, 5, None, monday)
    await checkins.save_note(uow(), ann, plan.id, None, monday)
    latest = await checkins.latest_checkin(uow(), ann.athlete_id)
    assert latest == models.CheckIn(
        athlete_id=ann.athlete_id,
        week_start=THIS_MONDAY,
        energy=None,
        sleep=5,
        soreness=None,
        body_weight_kg=None,
        note=None,
        answered_at=monday,
        updated_at=monday,
    )
    async with uow() as u:
        rows = await u.checkins.for_weeks([(ann.athlete_id, THIS_MONDAY)])
    assert list(rows) == [(ann.athlete_id, THIS_MONDAY)]

    # Nobody else answers for Ann's week: not another athlete, not her trainer.
    for stranger in (bob, coach):
        with pytest.raises(errors.NotYourPlan):
            await checkins.save_scores(uow(), stranger, plan.id, 1, 1, 1, monday)
        with pytest.raises(errors.NotYourPlan):
            await checkins.save_note(uow(), stranger, plan.id, "hacked", monday)
    with pytest.raises(errors.PlanNotFound):
        await checkins.save_scores(uow(), ann, 987654, 1, 1, 1, monday)
    with pytest.raises(ValueError):
        await checkins.save_scores(uow(), ann, plan.id, 6, 1, 1, monday)
    assert await checkins.latest_checkin(uow(), ann.athlete_id) == latest

    # After the week that follows it, the week's check-in is closed.
    with pytest.raises(errors.CheckInClosed):
        await checkins.save_scores(uow(), ann, plan.id, 1, 1, 1, utc(2026, 12, 7, 0, 1))


async def test_the_digest_reads_logs_and_checkins_in_a_constant_number_of_statements(
    uow, users, count_statements
) -> None:
    coach = await users.trainer("Coach")
    counts = []
    sunday = utc(2026, 11, 29, 20)
    for size in (2, 6):
        while len(await _athletes(uow, coach)) < size:
            athlete = await users.athlete_of(coach, f"A{len(await _athletes(uow, coach))}")
            plan = await _week(uow, coach, athlete)
            run = plan.workouts[1].exercises[0]
            for entry in ("1x31min", "1x29min sore"):
                await completion.log_exercise(uow(), athlete, run.id, parse_log_entry(entry), NOW)
            await checkins.save_scores(uow(), athlete, plan.id, 3, 4, 2, sunday)
        delivery = models.Delivery(
            id=1,
            kind=models.DeliveryKind.DIGEST,
            athlete_id=coach.athlete.id,
            period=THIS_MONDAY,
            status=models.DeliveryStatus.CLAIMED,
            attempts=0,
            due_at=sunday,
            expires_at=sunday + timedelta(days=2),
            claimed_by=None,
            lease_until=None,
            next_attempt_at=None,
            last_error=None,
            message_id=None,
            sent_at=None,
            created_at=sunday,
            updated_at=sunday,
        )
        with count_statements() as counter:
            async with uow() as u:
                (digest,) = (await _digests(u, [delivery])).values()
        counts.append(counter.count)
        assert len(digest.lines) == size
        for line in digest.lines:
            assert [w.log.notes for w in line.logs] == [None, "sore"]
            assert line.checkin is not None and line.checkin.energy == 3
    assert counts[0] == counts[1], counts


async def _athletes(uow, coach) -> list[models.Athlete]:
    async with uow() as u:
        return await u.athletes.list_for_trainer(coach.trainer_id)
