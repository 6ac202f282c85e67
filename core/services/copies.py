"""/copyweek: any of the athlete's last four weeks into a week the trainer picks,
progressed, with loads rounded to the trainer's load step; previewed, then published."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core import errors, models
from core.plan_spec import PlanSpec
from core.ports import UnitOfWork
from core.progression import Progression, apply_progression
from core.services.access import coached_athlete
from core.services.plans import _add_plan, spec_of, week_slot
from core.services.profiles import load_step_of

SOURCE_WEEKS = 4


@dataclass(frozen=True)
class CopySources:
    athlete: models.Athlete
    weeks: tuple[models.PlanStats, ...]  # newest first


@dataclass(frozen=True)
class CopyTarget:
    week_start: date
    replaces: bool  # an untouched plan is there: publishing replaces it (confirmed first)


async def copy_sources(
    uow: UnitOfWork, actor: models.Actor, athlete_id: int, *, count: int = SOURCE_WEEKS
) -> CopySources:
    """The athlete's latest plans (planned weeks included), to pick one to copy."""
    async with uow:
        athlete = await coached_athlete(uow, actor, athlete_id)
        weeks, _ = await uow.plans.history(athlete.id, limit=count, offset=0)
    if not weeks:
        raise errors.NothingToCopy(athlete.name)
    return CopySources(athlete=athlete, weeks=tuple(weeks))


async def copy_target(
    uow: UnitOfWork,
    actor: models.Actor,
    athlete_id: int,
    source: date,
    target: date,
    now: datetime,
    *,
    default_tz: str = "UTC",
) -> CopyTarget:
    """A target week: plannable, not the source, and without done or logged work."""
    if target == source:
        raise CopyOntoItself(target)
    slot = await week_slot(uow, actor, athlete_id, target, now, default_tz=default_tz)
    if slot.locked:
        raise errors.PlanLocked(slot.existing.id)
    return CopyTarget(week_start=target, replaces=slot.existing is not None)


async def copy_preview(
    uow: UnitOfWork,
    actor: models.Actor,
    athlete_id: int,
    source: date,
    progression: Progression,
) -> PlanSpec:
    async with uow:
        return await _copied_spec(uow, actor, athlete_id, source, progression)


async def publish_copy(
    uow: UnitOfWork,
    actor: models.Actor,
    *,
    athlete_id: int,
    source: date,
    target: date,
    progression: Progression,
    replace: bool,
    now: datetime,
) -> models.Plan:
    """Store the copy; an untouched plan in the target week gives way only with
    ``replace`` (a started one never: PlanLocked)."""
    async with uow:
        spec = await _copied_spec(uow, actor, athlete_id, source, progression)
        athlete = await coached_athlete(uow, actor, athlete_id)
        plan = await _add_plan(uow, actor, athlete, target, spec, now, replace=replace)
        await uow.commit()
    return plan


class CopyOntoItself(errors.CoachError):
    def __init__(self, week_start: date) -> None:
        super().__init__(week_start.isoformat())
        self.week_start = week_start


async def _copied_spec(
    uow: UnitOfWork, actor: models.Actor, athlete_id: int, source: date, progression: Progression
) -> PlanSpec:
    athlete = await coached_athlete(uow, actor, athlete_id)
    plan = await uow.plans.get_for_week(athlete.id, source)
    if plan is None:
        raise errors.PlanNotFound(source.isoformat())
    return apply_progression(spec_of(plan), progression, step=load_step_of(actor))
