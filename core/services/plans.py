"""Training plans: write a week, read it back, replace it, copy it forward."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core import errors, models
from core.i18n import language_of
from core.motivation import motivational_message
from core.plan_spec import ExerciseSpec, PlanSpec, VideoSpec, WorkoutSpec
from core.ports import UnitOfWork
from core.progression import Progression, apply_progression
from core.services.access import coached_athlete, viewable_plan, visible_athlete
from core.services.roles import overseer
from core.weeks import current_week_start, week_end_of, week_number

HISTORY_PAGE_SIZE = 5
PLANNABLE_WEEKS = 4  # this week, next week and the two after


@dataclass(frozen=True)
class WeekSlot:
    """What publishing a plan for this athlete and week would do."""

    athlete: models.Athlete
    week_start: date
    week_end: date
    existing: models.Plan | None
    locked: bool  # the existing plan has done workouts or logs and cannot be replaced


def athlete_timezone(athlete: models.Athlete, default_tz: str) -> str:
    return athlete.timezone or default_tz


def spec_of(plan: models.Plan) -> PlanSpec:
    """The plan as a trainer would have written it."""
    return PlanSpec(
        workouts=tuple(
            WorkoutSpec(
                day_of_week=w.day_of_week,
                title=w.title,
                description=w.description,
                duration_minutes=w.duration_minutes,
                exercises=tuple(
                    ExerciseSpec(
                        name=e.name,
                        sets=e.sets,
                        reps=e.reps,
                        duration_seconds=e.duration_seconds,
                        load=e.load,
                        notes=e.notes,
                        distance_m=e.distance_m,
                        reps_max=e.reps_max,
                        amrap=e.amrap,
                        per_side=e.per_side,
                        load_kg=e.load_kg,
                        pace_s_per_km=e.pace_s_per_km,
                        rpe=e.rpe,
                        rir=e.rir,
                        video=(
                            VideoSpec(
                                url=e.video.url,
                                title=e.video.title,
                                thumbnail_url=e.video.thumbnail_url,
                                duration_seconds=e.video.duration_seconds,
                            )
                            if e.video
                            else None
                        ),
                    )
                    for e in w.exercises
                ),
            )
            for w in plan.workouts
        )
    )


async def plannable_weeks(
    uow: UnitOfWork,
    actor: models.Actor,
    athlete_id: int,
    now: datetime,
    *,
    default_tz: str = "UTC",
    count: int = PLANNABLE_WEEKS,
) -> tuple[models.Athlete, list[date]]:
    """The athlete and the Mondays a trainer can plan: this week and the next ones."""
    async with uow:
        athlete = await coached_athlete(uow, actor, athlete_id)
    this_monday = current_week_start(now, athlete_timezone(athlete, default_tz))
    return athlete, _plannable(this_monday, count)


def copy_target(latest: models.Plan, now: datetime, timezone: str) -> date:
    return max(latest.week_start + timedelta(days=7), current_week_start(now, timezone))


@dataclass(frozen=True)
class CopySource:
    athlete: models.Athlete
    latest: models.Plan
    target: date  # the Monday the copy would go to


async def copy_source(
    uow: UnitOfWork,
    actor: models.Actor,
    athlete_id: int,
    now: datetime,
    *,
    default_tz: str = "UTC",
) -> CopySource:
    """What /copyweek would copy forward, and where to."""
    async with uow:
        athlete = await coached_athlete(uow, actor, athlete_id)
        latest = await uow.plans.latest(athlete_id)
    if latest is None:
        raise errors.NothingToCopy(athlete.name)
    target = copy_target(latest, now, athlete_timezone(athlete, default_tz))
    return CopySource(athlete=athlete, latest=latest, target=target)


async def week_slot(
    uow: UnitOfWork,
    actor: models.Actor,
    athlete_id: int,
    week_start: date,
    now: datetime,
    *,
    default_tz: str = "UTC",
) -> WeekSlot:
    """A week the trainer picked in /plan: one of the weeks they can plan, and its state."""
    async with uow:
        athlete = await coached_athlete(uow, actor, athlete_id)
        this_monday = current_week_start(now, athlete_timezone(athlete, default_tz))
        if week_start not in _plannable(this_monday):
            raise errors.WeekNotPlannable(week_start)
        existing = await uow.plans.get_for_week(athlete_id, week_start)
        locked = existing is not None and await uow.plans.has_activity(existing.id)
    return WeekSlot(
        athlete=athlete,
        week_start=week_start,
        week_end=week_end_of(week_start),
        existing=existing,
        locked=locked,
    )


async def create_plan(
    uow: UnitOfWork,
    actor: models.Actor,
    *,
    athlete_id: int,
    week_start: date,
    spec: PlanSpec,
    now: datetime,
    replace: bool = False,
) -> models.Plan:
    """Store a week's plan. With ``replace``, an untouched plan for that week gives way."""
    _require_monday(week_start)
    async with uow:
        athlete = await coached_athlete(uow, actor, athlete_id)
        plan = await _add_plan(uow, actor, athlete, week_start, spec, now, replace=replace)
        await uow.commit()
    return plan


async def get_plan(uow: UnitOfWork, actor: models.Actor, plan_id: int) -> models.Plan:
    async with uow:
        return await viewable_plan(uow, actor, plan_id)


async def current_plan(
    uow: UnitOfWork,
    actor: models.Actor,
    now: datetime,
    *,
    athlete_id: int | None = None,
    default_tz: str = "UTC",
) -> models.Plan | None:
    """The plan of the week that contains ``now`` in the athlete's timezone."""
    async with uow:
        athlete = await visible_athlete(uow, actor, athlete_id)
        week_start = current_week_start(now, athlete_timezone(athlete, default_tz))
        return await uow.plans.get_for_week(athlete.id, week_start)


@dataclass(frozen=True)
class ThisWeek:
    plan: models.Plan | None  # the plan of the week that contains now
    upcoming: models.Plan | None  # the next planned week after it, if any


async def this_week(
    uow: UnitOfWork, actor: models.Actor, now: datetime, *, default_tz: str = "UTC"
) -> ThisWeek:
    """The actor's plan for this week and the next one they have to look forward to."""
    async with uow.reading():
        week_start = current_week_start(now, athlete_timezone(actor.athlete, default_tz))
        plan = await uow.plans.get_for_week(actor.athlete.id, week_start)
        upcoming = await uow.plans.following(actor.athlete.id, week_start)
    return ThisWeek(plan=plan, upcoming=upcoming)


async def history(
    uow: UnitOfWork,
    actor: models.Actor,
    now: datetime,
    *,
    limit: int = HISTORY_PAGE_SIZE,
    offset: int = 0,
    athlete_id: int | None = None,
    default_tz: str = "UTC",
) -> models.Page[models.PlanStats]:
    """The athlete's weeks up to this one, newest first (planned weeks aren't history)."""
    limit = max(1, min(limit, 50))
    offset = max(0, offset)
    async with uow:
        athlete = await visible_athlete(uow, actor, athlete_id)
        this_week = current_week_start(now, athlete_timezone(athlete, default_tz))
        items, total = await uow.plans.history(
            athlete.id, limit=limit, offset=offset, up_to=this_week
        )
        if not items and total:  # a page past the end (an old button): show the last one
            offset = (total - 1) // limit * limit
            items, total = await uow.plans.history(
                athlete.id, limit=limit, offset=offset, up_to=this_week
            )
    return models.Page(items=tuple(items), offset=offset, limit=limit, total=total)


async def copy_latest_week(
    uow: UnitOfWork,
    actor: models.Actor,
    *,
    athlete_id: int,
    progression: Progression,
    now: datetime,
    default_tz: str = "UTC",
) -> models.Plan:
    """Copy the athlete's latest plan into the week after it, progressed.

    When that week is already over (the athlete had a break), the copy goes to this
    week instead: a trainer copying forward means "again, from now".
    """
    async with uow:
        athlete = await coached_athlete(uow, actor, athlete_id)
        latest = await uow.plans.latest(athlete_id)
        if latest is None:
            raise errors.NothingToCopy(athlete_id)
        spec = apply_progression(spec_of(latest), progression)
        target = copy_target(latest, now, athlete_timezone(athlete, default_tz))
        plan = await _add_plan(uow, actor, athlete, target, spec, now, replace=False)
        await uow.commit()
    return plan


async def delete_plan(uow: UnitOfWork, actor: models.Actor, plan_id: int) -> None:
    """Delete a plan with everything under it (workouts, exercises, videos, logs, summary)."""
    async with uow:
        plan = await uow.plans.get(plan_id)
        if plan is None:
            raise errors.PlanNotFound(plan_id)
        await coached_athlete(uow, actor, plan.athlete_id)
        await uow.plans.delete(plan_id)
        await uow.commit()


async def _add_plan(
    uow: UnitOfWork,
    actor: models.Actor,
    athlete: models.Athlete,
    week_start: date,
    spec: PlanSpec,
    now: datetime,
    *,
    replace: bool,
) -> models.Plan:
    existing = await uow.plans.get_for_week(athlete.id, week_start)
    if existing is not None:
        if not replace:
            raise errors.PlanExists(existing.id)
        await uow.plans.lock(existing.id)  # no Done or log may slip in before the delete
        if await uow.plans.has_activity(existing.id):
            raise errors.PlanLocked(existing.id)
        await uow.plans.delete(existing.id)
        number = existing.week_number
    else:
        number = week_number(await uow.plans.first_week_start(athlete.id), week_start)
    previous = await uow.plans.previous(athlete.id, week_start)
    following = await uow.plans.following(athlete.id, week_start)
    message = motivational_message(
        athlete.id,
        number,
        previous.motivational_message if previous else None,
        following.motivational_message if following else None,
        language=language_of(athlete),  # the athlete reads it, whoever writes the plan
    )
    return await uow.plans.add(
        athlete_id=athlete.id,
        trainer_id=overseer(actor, athlete),
        week_start=week_start,
        week_end=week_end_of(week_start),
        week_number=number,
        motivational_message=message,
        spec=spec,
        now=now,
    )


def _plannable(this_monday: date, count: int = PLANNABLE_WEEKS) -> list[date]:
    return [this_monday + timedelta(weeks=n) for n in range(count)]


def _require_monday(week_start: date) -> None:
    if week_start.weekday() != 0:
        raise ValueError(f"a week starts on a Monday, not on {week_start:%A}")
