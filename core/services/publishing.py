"""Publish to many: one source (a template, a program), several athletes and groups,
from a chosen week. Who -> week -> preview -> publish.

Each athlete gets their own plans, in a transaction of their own (a group of 40 is 40
short transactions, not one long one that holds the write lock), and a week that
already has a plan is left alone: a started one (a done workout or a log) always, an
untouched one unless ``replace_untouched``.

Sources plug in through ``SOURCES`` (see core/plan_sources.py for the interface).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from core import errors, models
from core.plan_sources import PlanSource, SourcedWeek, SourceOpener, SourceRef
from core.ports import UnitOfWork
from core.services import program_source, templates
from core.services.access import coached_athlete, require_trainer
from core.services.plans import _add_plan, _plannable, athlete_timezone
from core.weeks import current_week_start

# Source kinds by name.
SOURCES: dict[str, SourceOpener] = {
    "template": templates.open_source,
    "program": program_source.open_source,
}


class WeekStatus(StrEnum):
    NEW = "new"  # no plan that week: it is published
    UNTOUCHED = "untouched"  # a plan nothing was done in: replaced only when asked
    STARTED = "started"  # done workouts or logs: never replaced
    REPLACED = "replaced"  # (outcome) an untouched plan gave way
    BEFORE_FIRST = "before_first"  # (outcome) before the athlete's week 1
    GONE = "gone"  # (outcome) no longer the trainer's athlete


SKIPPED = frozenset(
    {WeekStatus.UNTOUCHED, WeekStatus.STARTED, WeekStatus.BEFORE_FIRST, WeekStatus.GONE}
)


@dataclass(frozen=True)
class Targets:
    """Whom the trainer can pick on the "who" screen."""

    athletes: tuple[models.Athlete, ...]
    groups: tuple[models.AthleteGroup, ...]


@dataclass(frozen=True)
class WeekPreview:
    week_start: date
    status: WeekStatus
    sourced: SourcedWeek


@dataclass(frozen=True)
class AthletePreview:
    athlete: models.Athlete
    weeks: tuple[WeekPreview, ...]


@dataclass(frozen=True)
class PublishPreview:
    source_name: str
    first_week: date
    athletes: tuple[AthletePreview, ...]

    def count(self, status: WeekStatus) -> int:
        return sum(1 for a in self.athletes for w in a.weeks if w.status == status)


@dataclass(frozen=True)
class AthleteOutcome:
    athlete: models.Athlete
    published: tuple[models.Plan, ...]
    statuses: tuple[tuple[date, WeekStatus], ...]  # every week of the source, in order
    missing_maxes: tuple[str, ...] = ()  # in the weeks published: lines left without a load

    @property
    def skipped(self) -> tuple[tuple[date, WeekStatus], ...]:
        return tuple((w, s) for w, s in self.statuses if s in SKIPPED)


async def open_source(
    uow: UnitOfWork, actor: models.Actor, ref: SourceRef, now: datetime | None = None
) -> PlanSource:
    """Inside an open unit of work. An unknown kind is as good as a missing source."""
    opener = SOURCES.get(ref.kind)
    if opener is None:
        raise errors.NotFound(ref.kind)
    return await opener(uow, actor, ref.id, start=ref.start, now=now)


async def source_name(uow: UnitOfWork, actor: models.Actor, ref: SourceRef) -> str:
    return (await source_info(uow, actor, ref)).name


@dataclass(frozen=True)
class SourceInfo:
    name: str
    starts: int  # 1: nothing to choose; a program: its weeks, any of which can come first


async def source_info(uow: UnitOfWork, actor: models.Actor, ref: SourceRef) -> SourceInfo:
    async with uow:
        source = await open_source(uow, actor, ref)
        return SourceInfo(name=source.name, starts=source.starts)


async def targets(uow: UnitOfWork, actor: models.Actor) -> Targets:
    trainer = require_trainer(actor)
    async with uow:
        return await _targets_of(uow, trainer)


async def _targets_of(uow: UnitOfWork, trainer: models.Trainer) -> Targets:
    """``targets`` inside an open unit of work: two statements."""
    athletes = await uow.athletes.list_for_trainer(trainer.id)
    groups = await uow.groups.list(trainer.id)
    return Targets(athletes=tuple(athletes), groups=tuple(groups))


async def _chosen(
    uow: UnitOfWork, actor: models.Actor, athlete_ids: Iterable[int], group_ids: Iterable[int]
) -> list[models.Athlete]:
    """The athletes picked one by one and through groups, each once, by name. A forged id
    (someone else's athlete or group) is refused: nothing is published."""
    found = await _targets_of(uow, require_trainer(actor))
    own = {a.id: a for a in found.athletes}
    groups = {g.id: g for g in found.groups}
    wanted: set[int] = set()
    for athlete_id in athlete_ids:
        if athlete_id not in own:
            raise errors.NotYourAthlete(athlete_id)
        wanted.add(athlete_id)
    wanted.update(group_member_ids(groups, group_ids))
    if not wanted:
        raise errors.NobodyChosen()
    return by_name(own[a] for a in wanted if a in own)


def group_member_ids(groups: dict[int, models.AthleteGroup], group_ids: Iterable[int]) -> set[int]:
    """The members of the chosen groups, from the trainer's own ``groups`` by id: any
    other group id (another trainer's, or a missing one) is GroupNotFound."""
    wanted: set[int] = set()
    for group_id in group_ids:
        if group_id not in groups:
            raise errors.GroupNotFound(group_id)
        wanted.update(groups[group_id].member_ids)
    return wanted


def by_name(athletes: Iterable[models.Athlete]) -> list[models.Athlete]:
    return sorted(athletes, key=lambda a: (a.name.casefold(), a.id))


def plannable_weeks(actor: models.Actor, now: datetime, default_tz: str) -> list[date]:
    """The first weeks a trainer can publish from, in their own timezone (as in /plan)."""
    return _plannable(current_week_start(now, athlete_timezone(actor.athlete, default_tz)))


def _check_week(actor: models.Actor, first_week: date, now: datetime, default_tz: str) -> None:
    if first_week not in plannable_weeks(actor, now, default_tz):
        raise errors.WeekNotPlannable(first_week)


async def count_chosen(
    uow: UnitOfWork, actor: models.Actor, athlete_ids: Sequence[int], group_ids: Sequence[int]
) -> int:
    """How many athletes the choice amounts to (the "who" step's Next)."""
    async with uow:
        return len(await _chosen(uow, actor, athlete_ids, group_ids))


async def preview(
    uow: UnitOfWork,
    actor: models.Actor,
    ref: SourceRef,
    *,
    athlete_ids: Sequence[int],
    group_ids: Sequence[int],
    first_week: date,
    now: datetime,
    default_tz: str = "UTC",
) -> PublishPreview:
    """What publishing would do for each athlete, in a constant number of queries (plus
    what the source itself reads)."""
    _check_week(actor, first_week, now, default_tz)
    async with uow:
        source = await open_source(uow, actor, ref, now)
        athletes = await _chosen(uow, actor, athlete_ids, group_ids)
        weeks = source.weeks(first_week)
        existing = await uow.publishing.existing_weeks(
            (a.id, week) for a in athletes for week in weeks
        )
        await source.prepare(uow, athletes, weeks)
        entries = []
        for athlete in athletes:
            shown = []
            for week in weeks:
                started = existing.get((athlete.id, week))
                status = (
                    WeekStatus.NEW
                    if started is None
                    else WeekStatus.STARTED
                    if started
                    else WeekStatus.UNTOUCHED
                )
                shown.append(WeekPreview(week, status, await source.week_for(uow, athlete, week)))
            entries.append(AthletePreview(athlete, tuple(shown)))
    return PublishPreview(source_name=source.name, first_week=first_week, athletes=tuple(entries))


async def publish(
    uow: UnitOfWork,
    actor: models.Actor,
    ref: SourceRef,
    *,
    athlete_ids: Sequence[int],
    group_ids: Sequence[int],
    first_week: date,
    now: datetime,
    replace_untouched: bool = False,
    default_tz: str = "UTC",
) -> AsyncIterator[AthleteOutcome]:
    """Publish, one athlete (one transaction) at a time, yielding each athlete's outcome
    once it is committed, so that their notice can go out while the rest follow.

    Ownership is checked again for every athlete; the choice is read again (a group
    changed since the preview publishes to its members now).
    """
    _check_week(actor, first_week, now, default_tz)
    async with uow:
        source = await open_source(uow, actor, ref, now)
        athletes = await _chosen(uow, actor, athlete_ids, group_ids)
    weeks = source.weeks(first_week)
    for chosen in athletes:
        published: list[models.Plan] = []
        statuses: list[tuple[date, WeekStatus]] = []
        missing: list[str] = []
        async with uow:
            try:
                athlete = await coached_athlete(uow, actor, chosen.id)
            except errors.PermissionDenied:
                athlete = None
            if athlete is None:
                statuses = [(week, WeekStatus.GONE) for week in weeks]
            else:
                for week in weeks:
                    statuses.append(
                        (
                            week,
                            await _publish_week(
                                uow,
                                actor,
                                source,
                                athlete,
                                week,
                                now,
                                replace_untouched,
                                published,
                                missing,
                            ),
                        )
                    )
                if statuses[0][1] in (WeekStatus.NEW, WeekStatus.REPLACED):
                    await source.published(uow, athlete, weeks[0])
                await uow.commit()
        yield AthleteOutcome(
            athlete=athlete or chosen,
            published=tuple(published),
            statuses=tuple(statuses),
            missing_maxes=tuple(dict.fromkeys(missing)),
        )


async def _publish_week(
    uow: UnitOfWork,
    actor: models.Actor,
    source: PlanSource,
    athlete: models.Athlete,
    week: date,
    now: datetime,
    replace_untouched: bool,
    published: list[models.Plan],
    missing: list[str],
) -> WeekStatus:
    sourced = await source.week_for(uow, athlete, week)
    existing = await uow.plans.get_for_week(athlete.id, week)
    if existing is not None:
        await uow.plans.lock(existing.id)  # no Done or log may slip in before the check
        if await uow.plans.has_activity(existing.id):
            return WeekStatus.STARTED
        if not replace_untouched:
            return WeekStatus.UNTOUCHED
    try:
        plan = await _add_plan(
            uow, actor, athlete, week, sourced.spec, now, replace=existing is not None
        )
    except errors.PlanExists:  # added meanwhile (SQLite serialises writers; rare)
        return WeekStatus.UNTOUCHED
    except errors.PlanLocked:
        return WeekStatus.STARTED
    except errors.WeekBeforeFirstPlan:
        return WeekStatus.BEFORE_FIRST
    published.append(plan)
    missing.extend(sourced.missing_maxes)
    return WeekStatus.NEW if existing is None else WeekStatus.REPLACED
