"""Programs: write one, set training maxes, and generate each later week the Friday
before its Monday (through the delivery ledger).

Publishing a program (to one athlete or many) goes through core/services/publishing.py
with the program as its source (core/services/program_source.py): ``resolve_week`` is
each athlete's week, ``follow`` makes them follow the program from there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from core import errors, models
from core.load_step import step_of
from core.measures import LoadUnit, from_kg, to_kg
from core.plan_spec import PlanSpec
from core.plan_text import format_plan_text, parse_plan_text
from core.ports import UnitOfWork
from core.program_models import Program, ProgramAssignment, ProgramSummary, TrainingMax
from core.program_rules import ResolvedWeek, progress_rep_ranges, resolve_relative_loads
from core.program_text import check_program_name, parse_program_text, program_from_base
from core.schedule import local_moment
from core.services import templates
from core.services.access import coached_athlete, require_trainer
from core.services.plans import _add_plan, athlete_timezone, spec_of
from core.services.profiles import load_step_of
from core.weeks import current_week_start

# A later week is generated on the Friday before its Monday, at this local time (the
# athlete's timezone), so that the week's logs up to then count; it can still be
# generated (late, after downtime) until that week ends.
GENERATE_AT = time(12, 0)
LEAD_DAYS = 3  # Friday is three days before Monday
KIND = models.DeliveryKind.PROGRAM_WEEK
LEASE = timedelta(minutes=5)
MAX_EXERCISE_NAME = 120
LEFT_TRAINER = "the athlete is no longer coached by the program's trainer"


class ProgramNotFound(errors.NotFound):
    pass


class NotYourProgram(errors.PermissionDenied):
    pass


class InvalidProgramName(errors.CoachError):
    pass


class InvalidTrainingMax(errors.CoachError):
    pass


@dataclass(frozen=True)
class GeneratedWeek:
    """One program week made by a tick; the bot tells the trainer, then ``notified``."""

    delivery_id: int
    assignment: ProgramAssignment
    week_index: int
    plan: models.Plan | None  # None: the week already had a plan, which was kept
    missing_maxes: tuple[str, ...]


# --- writing programs ----------------------------------------------------------------


async def create_program(
    uow: UnitOfWork,
    actor: models.Actor,
    *,
    name: str,
    text: str,
    now: datetime,
    unit: LoadUnit = LoadUnit.KG,
) -> Program:
    """Store a program read from ``text`` (PlanTextError lists every problem)."""
    trainer = require_trainer(actor)
    cleaned = check_program_name(name)
    if cleaned is None:
        raise InvalidProgramName(name)
    spec = parse_program_text(text, unit=unit, step=load_step_of(actor))
    async with uow:
        program = await uow.programs.add(
            trainer_id=trainer.id,
            name=cleaned,
            weeks=[format_plan_text(week) for week in spec.weeks],
            now=now,
        )
        await uow.commit()
    return program


async def create_program_from_template(
    uow: UnitOfWork,
    actor: models.Actor,
    *,
    name: str,
    template_id: int,
    progressions: str,
    now: datetime,
) -> Program:
    """Store a program whose week 1 is the template's week and each later week the one
    before with its progression (``Week 2: +1 rep`` a line; PlanTextError lists every
    problem). Another trainer's template is not found."""
    trainer = require_trainer(actor)
    cleaned = check_program_name(name)
    if cleaned is None:
        raise InvalidProgramName(name)
    async with uow:
        template = await templates.own_template(uow, actor, template_id)
        spec = program_from_base(
            templates.spec_for(actor, template), progressions, step=load_step_of(actor)
        )
        program = await uow.programs.add(
            trainer_id=trainer.id,
            name=cleaned,
            weeks=[format_plan_text(week) for week in spec.weeks],
            now=now,
        )
        await uow.commit()
    return program


async def list_programs(uow: UnitOfWork, actor: models.Actor) -> list[ProgramSummary]:
    trainer = require_trainer(actor)
    async with uow:
        return await uow.programs.of_trainer(trainer.id)


async def get_program(uow: UnitOfWork, actor: models.Actor, program_id: int) -> Program:
    async with uow:
        return await get_own_program(uow, actor, program_id)


async def delete_program(uow: UnitOfWork, actor: models.Actor, program_id: int) -> Program:
    """Delete the program; athletes following it keep the weeks already generated."""
    async with uow:
        program = await get_own_program(uow, actor, program_id)
        await uow.programs.delete(program_id)
        await uow.commit()
    return program


async def get_own_program(uow: UnitOfWork, actor: models.Actor, program_id: int) -> Program:
    trainer = require_trainer(actor)
    program = await uow.programs.get(program_id)
    if program is None:
        raise ProgramNotFound(program_id)
    if program.trainer_id != trainer.id:
        raise NotYourProgram(program_id)
    return program


def week_spec(program: Program, index: int) -> PlanSpec:
    """Program week ``index`` (1-based) as written."""
    if not 1 <= index <= len(program.weeks):
        raise ProgramNotFound(program.id)
    return parse_plan_text(program.weeks[index - 1])


# --- one athlete's week ----------------------------------------------------------------


def trainer_step(trainer: models.Trainer | None, unit: LoadUnit) -> float | None:
    """The trainer's load step (``/profile step``) in ``unit``; None: the default."""
    stored = trainer.load_step if trainer is not None else None
    if not stored:
        return None
    step = step_of(stored, unit)
    value = float(step.value)
    if step.unit != unit:
        value = from_kg(to_kg(value, step.unit), unit)
    return value


@dataclass(frozen=True)
class AthleteHistory:
    """What one athlete's program week is worked out from: last week's plan, their logs
    (with exercise names) and their training maxes."""

    previous_plan: models.Plan | None
    logs: tuple[models.ExerciseLog, ...]
    maxes: tuple[TrainingMax, ...]


async def histories(
    uow: UnitOfWork, athletes: Sequence[models.Athlete], week_start: date
) -> dict[int, AthleteHistory]:
    """Every athlete's history for the week of ``week_start``, in three statements
    whatever their number (a preview for a group)."""
    ids = [a.id for a in athletes]
    previous = week_start - timedelta(weeks=1)
    plans = {p.athlete_id: p for p in await uow.plans.for_weeks((i, previous) for i in ids)}
    logs: dict[int, list[models.ExerciseLog]] = defaultdict(list)
    for entry in await uow.programs.logs_of(ids):
        logs[entry.log.athlete_id].append(entry)
    maxes: dict[int, list[TrainingMax]] = defaultdict(list)
    for found in await uow.programs.maxes(ids):
        maxes[found.athlete_id].append(found)
    return {
        i: AthleteHistory(plans.get(i), tuple(logs.get(i, ())), tuple(maxes.get(i, ())))
        for i in ids
    }


async def resolve_week(
    uow: UnitOfWork,
    program: Program,
    trainer: models.Trainer | None,
    athlete: models.Athlete,
    index: int,
    week_start: date,
    now: datetime,
    history: AthleteHistory | None = None,
) -> ResolvedWeek:
    """Program week ``index`` for ``athlete`` in the week of ``week_start``: rep ranges
    carried on from the athlete's previous week, ``@ N%`` loads resolved, both to the
    trainer's load step. Inside an open unit of work; reads only (nothing when given
    the athlete's ``history``)."""
    if history is None:
        history = (await histories(uow, [athlete], week_start))[athlete.id]
    return resolve_from(program, trainer, athlete, index, now, history)


def resolve_from(
    program: Program,
    trainer: models.Trainer | None,
    athlete: models.Athlete,
    index: int,
    now: datetime,
    history: AthleteHistory,
) -> ResolvedWeek:
    unit = LoadUnit.LB if athlete.units == LoadUnit.LB else LoadUnit.KG
    step = trainer_step(trainer, unit)
    written = week_spec(program, index)
    by_exercise: dict[int, list[models.CompletionLog]] = defaultdict(list)
    by_name: dict[str, list[models.CompletionLog]] = defaultdict(list)
    for entry in history.logs:
        by_exercise[entry.log.exercise_id].append(entry.log)
        by_name[entry.exercise_name.casefold()].append(entry.log)
    spec = written
    previous_plan = history.previous_plan
    if previous_plan is not None:
        positions = {
            (w_index, e_index): by_exercise.get(exercise.id, [])
            for w_index, workout in enumerate(previous_plan.workouts)
            for e_index, exercise in enumerate(workout.exercises)
        }
        spec = progress_rep_ranges(written, spec_of(previous_plan), positions, unit=unit, step=step)
    maxes = {m.exercise_name.casefold(): m.load_kg for m in history.maxes}
    return resolve_relative_loads(spec, maxes, by_name, now, unit=unit, step=step)


async def program_week_spec(
    uow: UnitOfWork,
    actor: models.Actor,
    *,
    program_id: int,
    athlete_id: int,
    week_index: int,
    week_start: date,
    now: datetime,
) -> ResolvedWeek:
    """The PlanSpec for athlete A, program week k, in the week of ``week_start``: what a
    preview shows and what publishing stores (loads resolved for that athlete)."""
    async with uow:
        program = await get_own_program(uow, actor, program_id)
        athlete = await coached_athlete(uow, actor, athlete_id)
        return await resolve_week(uow, program, actor.trainer, athlete, week_index, week_start, now)


async def follow(
    uow: UnitOfWork,
    program: Program,
    athlete: models.Athlete,
    *,
    start_index: int,
    first_week: date,
    now: datetime,
) -> None:
    """Inside the transaction that stored program week ``start_index`` as the athlete's
    plan for ``first_week``: the athlete follows the program from there (a previous
    program is replaced); later weeks come on Fridays."""
    await uow.programs.assign(
        program_id=program.id,
        athlete_id=athlete.id,
        trainer_id=program.trainer_id,
        start_index=start_index,
        first_week_start=first_week,
        now=now,
    )
    await uow.programs.forget_generated_after(athlete.id, first_week)


# --- training maxes --------------------------------------------------------------------


async def set_training_max(
    uow: UnitOfWork,
    actor: models.Actor,
    *,
    athlete_id: int,
    exercise_name: str,
    load: float,
    unit: LoadUnit,
    now: datetime,
) -> TrainingMax:
    name = " ".join(exercise_name.split())
    if not name or len(name) > MAX_EXERCISE_NAME or not 0 < to_kg(load, unit) <= 1000:
        raise InvalidTrainingMax(exercise_name)
    async with uow:
        athlete = await coached_athlete(uow, actor, athlete_id)
        kg = to_kg(load, unit)
        await uow.programs.set_max(
            athlete_id=athlete.id, exercise_name=name, load_kg=kg, unit=unit.value, now=now
        )
        await uow.commit()
    return TrainingMax(athlete_id=athlete.id, exercise_name=name, load_kg=kg, unit=unit.value)


async def remove_training_max(
    uow: UnitOfWork, actor: models.Actor, *, athlete_id: int, exercise_name: str
) -> bool:
    async with uow:
        athlete = await coached_athlete(uow, actor, athlete_id)
        removed = await uow.programs.remove_max(athlete.id, " ".join(exercise_name.split()))
        await uow.commit()
    return removed


async def training_maxes(
    uow: UnitOfWork, actor: models.Actor, athlete_ids: list[int]
) -> list[TrainingMax]:
    async with uow:
        for athlete_id in athlete_ids:
            await coached_athlete(uow, actor, athlete_id)
        return await uow.programs.maxes(athlete_ids)


# --- the Friday generation -------------------------------------------------------------


def generation_window(monday: date, tz: str) -> tuple[datetime, datetime]:
    """When the program week starting ``monday`` is generated: from the Friday before
    (GENERATE_AT, local) until that week ends."""
    due = local_moment(monday - timedelta(days=LEAD_DAYS), GENERATE_AT, tz)
    return due, local_moment(monday + timedelta(weeks=1), time(0, 0), tz)


def _due_weeks(
    assignment: ProgramAssignment, now: datetime, tz: str, done: set[tuple[int, date]]
) -> list[tuple[int, date, datetime, datetime]]:
    due = []
    for index in range(assignment.start_index + 1, assignment.week_count + 1):
        monday = assignment.week_start_of(index)
        opens, closes = generation_window(monday, tz)
        if opens > now:
            break
        if now < closes and (assignment.athlete_id, monday) not in done:
            due.append((index, monday, opens, closes))
    return due


async def generate_due_weeks(
    uow: UnitOfWork, now: datetime, *, default_tz: str, worker: str
) -> list[GeneratedWeek]:
    """Generate every program week due at ``now``, each exactly once across processes:
    its ledger row (program_week, athlete, Monday) is inserted in the same transaction
    as the plan, and whoever inserts it first generates the week."""
    async with uow:
        assignments = await uow.programs.assignments()
        done = await uow.programs.generated(a.athlete_id for a in assignments)
    generated: list[GeneratedWeek] = []
    for assignment in assignments:
        tz = assignment.athlete_timezone or default_tz
        try:
            weeks = _due_weeks(assignment, now, tz, done)
        except errors.UnknownTimezone:
            weeks = _due_weeks(assignment, now, default_tz, done)
        for index, monday, opens, closes in weeks:
            made = await _generate(uow, assignment, index, monday, opens, closes, now, worker)
            if made is not None:
                generated.append(made)
    return generated


async def _generate(
    uow: UnitOfWork,
    assignment: ProgramAssignment,
    index: int,
    monday: date,
    opens: datetime,
    closes: datetime,
    now: datetime,
    worker: str,
) -> GeneratedWeek | None:
    async with uow:
        delivery = await uow.deliveries.claim(
            KIND,
            assignment.athlete_id,
            monday,
            due_at=opens,
            expires_at=closes,
            claimed_by=worker,
            lease_until=now + LEASE,
            now=now,
        )
        if delivery is None:
            return None  # another process (or an earlier tick) generated it
        program = await uow.programs.get(assignment.program_id)
        athlete = await uow.athletes.get(assignment.athlete_id)
        trainer = await uow.trainers.get(assignment.trainer_id)
        if program is None or athlete is None or trainer is None:
            return None
        if athlete.trainer_id != trainer.id:
            # The athlete moved to another trainer (/assign): the program stops here.
            await uow.deliveries.finish(
                delivery.id,
                claimed_by=worker,
                status=models.DeliveryStatus.SKIPPED,
                now=now,
                error=LEFT_TRAINER,
            )
            await uow.commit()
            return None
        actor = models.Actor(athlete=athlete, trainer=trainer, is_admin=False)
        resolved = await resolve_week(uow, program, trainer, athlete, index, monday, now)
        plan = None
        if await uow.plans.get_for_week(athlete.id, monday) is None:
            plan = await _add_plan(uow, actor, athlete, monday, resolved.spec, now, replace=False)
        await uow.commit()
    return GeneratedWeek(
        delivery_id=delivery.id,
        assignment=assignment,
        week_index=index,
        plan=plan,
        missing_maxes=resolved.missing_maxes,
    )


async def notified(
    uow: UnitOfWork, week: GeneratedWeek, *, sent: bool, worker: str, now: datetime
) -> None:
    """Record whether the trainer was told about a generated week."""
    async with uow:
        await uow.deliveries.finish(
            week.delivery_id,
            claimed_by=worker,
            status=models.DeliveryStatus.SENT if sent else models.DeliveryStatus.FAILED,
            now=now,
            error=None if sent else "the trainer could not be told",
        )
        await uow.commit()


def this_monday(now: datetime, athlete: models.Athlete, default_tz: str) -> date:
    return current_week_start(now, athlete_timezone(athlete, default_tz))
