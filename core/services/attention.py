"""Where each athlete of a roster stands: their weeks and their needs-attention flags.

Three queries for the whole roster, whatever its size or history: the weeks' numbers of
every athlete in one aggregate query, the days and completion of this week's and
last week's workouts (for "idle" and "so far") in another, and who answered last
week's check-in in a third.
Callers hold the unit of work open (``standings`` runs inside their transaction).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core import attention, models
from core.attention import Flag
from core.ports import UnitOfWork
from core.services.plans import athlete_timezone
from core.weeks import current_week_start, local_now


@dataclass(frozen=True)
class Standing:
    athlete: models.Athlete
    timezone: str
    local_time: datetime
    this_monday: date
    by_week: Mapping[date, models.PlanStats]  # weeks from ``back`` ago to next week
    flags: tuple[Flag, ...]

    @property
    def week(self) -> models.PlanStats | None:
        return self.by_week.get(self.this_monday)

    def last(self, weeks: int) -> attention.Completion:
        """Pooled completion of this week and the ``weeks - 1`` before it."""
        mondays = (self.this_monday - timedelta(weeks=n) for n in range(weeks))
        return attention.pooled(s for m in mondays if (s := self.by_week.get(m)) is not None)


async def standings(
    uow: UnitOfWork,
    athletes: Sequence[models.Athlete],
    now: datetime,
    *,
    default_tz: str = "UTC",
    back: int = attention.AVERAGE_WEEKS,
    next_week_any_day: bool = False,
) -> list[Standing]:
    """Each athlete's standing at ``now``, in the order given.

    ``next_week_any_day``: "no plan for next week" whatever the athlete's weekday.
    """
    if not athletes:
        return []
    zones = {a.id: athlete_timezone(a, default_tz) for a in athletes}
    mondays = {a.id: current_week_start(now, zones[a.id]) for a in athletes}
    weeks = [(a.id, mondays[a.id] + timedelta(weeks=n)) for a in athletes for n in range(-back, 2)]
    recent = [(a.id, mondays[a.id] - timedelta(weeks=n)) for a in athletes for n in (0, 1)]
    stats = await uow.plans.stats_for_weeks(weeks)
    workouts = await uow.attention.workouts_for_weeks(recent)
    # Who answered last week's check-in: one query for the whole roster.
    last_weeks = [(a.id, mondays[a.id] - timedelta(weeks=1)) for a in athletes]
    checked_in = {athlete_id for athlete_id, _ in await uow.checkins.for_weeks(last_weeks)}
    # An athlete whose program makes next week (on Friday) is not missing its plan.
    trainer_of = {a.id: a.trainer_id for a in athletes}
    from_program = {
        f.athlete_id
        for f in await uow.programs.assignments(trainer_of)
        if f.trainer_id == trainer_of[f.athlete_id]
        and f.makes(mondays[f.athlete_id] + timedelta(weeks=1))
    }
    by_athlete: dict[int, dict[date, models.PlanStats]] = {}
    for s in stats:
        by_athlete.setdefault(s.athlete_id, {})[s.week_start] = s
    recent_of: dict[int, list[attention.PlannedWorkout]] = {}
    for w in workouts:
        recent_of.setdefault(w.athlete_id, []).append(w)
    out = []
    for a in athletes:
        monday = mondays[a.id]
        local = local_now(now, zones[a.id])
        by_week = by_athlete.get(a.id, {})
        out.append(
            Standing(
                athlete=a,
                timezone=zones[a.id],
                local_time=local,
                this_monday=monday,
                by_week=by_week,
                flags=attention.flags(
                    a,
                    by_week=by_week,
                    recent=recent_of.get(a.id, []),
                    this_monday=monday,
                    local=local,
                    timezone=zones[a.id],
                    # Asked only after a planned week's summary: no plan, nothing missed.
                    has_checkin_last_week=(
                        a.id in checked_in if monday - timedelta(weeks=1) in by_week else None
                    ),
                    next_week_any_day=next_week_any_day,
                    next_week_from_program=a.id in from_program,
                ),
            )
        )
    return out


def attention_first(items: Sequence[Standing]) -> list[Standing]:
    """Needs-attention first, then by name."""
    return sorted(items, key=lambda s: (not s.flags, s.athlete.name.casefold(), s.athlete.id))
