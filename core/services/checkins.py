"""The weekly check-in: "How was your week?" after the Sunday summary.

Energy, sleep and soreness (1..5 or skipped) are saved together, then a body weight,
then a note, each on its own. One row per athlete and week: answering again replaces
the earlier answer (the scores step starts the row afresh). Only the athlete answers,
for a plan of their own (the buttons carry the plan's id, checked here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core import errors, models
from core.checkin_rules import check_open, clean_note, score
from core.ports import UnitOfWork
from core.services.plans import athlete_timezone


@dataclass(frozen=True)
class CheckInWeek:
    plan_id: int
    week_start: date
    week_number: int


async def open_week(
    uow: UnitOfWork, actor: models.Actor, plan_id: int, now: datetime, *, default_tz: str = "UTC"
) -> CheckInWeek:
    """The week a check-in button is about, if the actor may answer it now."""
    async with uow:
        return await _week(uow, actor, plan_id, now, default_tz)


async def save_scores(
    uow: UnitOfWork,
    actor: models.Actor,
    plan_id: int,
    energy: int | None,
    sleep: int | None,
    soreness: int | None,
    now: datetime,
    *,
    default_tz: str = "UTC",
) -> models.CheckIn:
    """The first part of an answer; it replaces any earlier answer of that week."""
    async with uow:
        week = await _week(uow, actor, plan_id, now, default_tz)
        saved = await uow.checkins.save(
            actor.athlete.id,
            week.week_start,
            now=now,
            energy=score(energy),
            sleep=score(sleep),
            soreness=score(soreness),
            body_weight_kg=None,
            note=None,
            answered_at=now,
        )
        await uow.commit()
    return saved


async def save_weight(
    uow: UnitOfWork,
    actor: models.Actor,
    plan_id: int,
    kg: float | None,
    now: datetime,
    *,
    default_tz: str = "UTC",
) -> models.CheckIn:
    return await _save(uow, actor, plan_id, now, default_tz, body_weight_kg=kg)


async def save_note(
    uow: UnitOfWork,
    actor: models.Actor,
    plan_id: int,
    note: str | None,
    now: datetime,
    *,
    default_tz: str = "UTC",
) -> models.CheckIn:
    return await _save(
        uow, actor, plan_id, now, default_tz, note=clean_note(note) if note else None
    )


async def latest_checkin(uow: UnitOfWork, athlete_id: int) -> models.CheckIn | None:
    """The athlete's latest answered check-in, in one query (for the athlete card; the
    caller has checked that the actor may see this athlete)."""
    async with uow:
        return await uow.checkins.latest(athlete_id)


async def _save(
    uow: UnitOfWork,
    actor: models.Actor,
    plan_id: int,
    now: datetime,
    default_tz: str,
    **fields: object,
) -> models.CheckIn:
    async with uow:
        week = await _week(uow, actor, plan_id, now, default_tz)
        if await uow.checkins.get(actor.athlete.id, week.week_start) is None:
            raise errors.CheckInClosed(week.week_start.isoformat())  # scores come first
        saved = await uow.checkins.save(
            actor.athlete.id, week.week_start, now=now, answered_at=now, **fields
        )
        await uow.commit()
    return saved


async def _week(
    uow: UnitOfWork, actor: models.Actor, plan_id: int, now: datetime, default_tz: str
) -> CheckInWeek:
    found = await uow.checkins.week_of_plan(plan_id)
    if found is None:
        raise errors.PlanNotFound(plan_id)
    athlete_id, week_start, week_number = found
    if athlete_id != actor.athlete.id:  # a trainer doesn't answer for their athlete
        raise errors.NotYourPlan(plan_id)
    check_open(week_start, now, athlete_timezone(actor.athlete, default_tz))
    return CheckInWeek(plan_id, week_start, week_number)


@dataclass(frozen=True)
class TrainerToTell:
    trainer: models.Trainer
    units: str  # the trainer's own unit setting, for the body weight


async def trainer_to_tell(uow: UnitOfWork, actor: models.Actor) -> TrainerToTell | None:
    """The athlete's trainer, told of a finished check-in (nobody is told of their own)."""
    if actor.athlete.trainer_id is None:
        return None
    async with uow:
        trainer = await uow.trainers.get(actor.athlete.trainer_id)
        if trainer is None or trainer.athlete_id == actor.athlete.id:
            return None
        person = await uow.athletes.get(trainer.athlete_id)
    return TrainerToTell(trainer, person.units if person else "kg")
