"""The needs-attention rules at their thresholds (core/attention.py): pure, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from core import attention, models
from core.attention import Flag, PlannedWorkout

MONDAY = date(2026, 11, 23)
THIS_WEDNESDAY_NOON = datetime(2026, 11, 25, 12, tzinfo=UTC)


def athlete(reachable: bool = True) -> models.Athlete:
    return models.Athlete(1, 101, "Ann", None, "UTC", 1, True, reachable)


def stats(week_start: date, completed: int, total: int) -> models.PlanStats:
    return models.PlanStats(1, 1, 1, week_start, 1, total, completed, total, 0, 0)


def workout(day: int, done_at: datetime | None = None, n: int = 0) -> tuple[int, datetime | None]:
    return day, done_at


def plan(week_start: date, *workouts: tuple[int, datetime | None]) -> list[PlannedWorkout]:
    return [
        PlannedWorkout(1, week_start + timedelta(days=day), done_at is not None, done_at)
        for day, done_at in workouts
    ]


def test_behind_is_20_points_or_more_below_the_average() -> None:
    assert not attention.behind(61, 80)  # 19 below
    assert attention.behind(60, 80)  # 20 below
    assert attention.behind(0, 100)
    assert not attention.behind(None, 80)  # nothing due yet this week
    assert not attention.behind(0, None)  # no earlier week with a plan


def test_the_four_week_average_pools_the_weeks_that_had_a_plan() -> None:
    by_week = {
        MONDAY - timedelta(weeks=1): stats(MONDAY - timedelta(weeks=1), 3, 4),
        # two weeks ago: no plan, not a 0%
        MONDAY - timedelta(weeks=3): stats(MONDAY - timedelta(weeks=3), 1, 4),
        MONDAY - timedelta(weeks=5): stats(MONDAY - timedelta(weeks=5), 0, 9),  # too old
        MONDAY: stats(MONDAY, 0, 3),  # this week is not in its own average
    }
    assert attention.four_week_average(by_week, MONDAY) == 50
    assert attention.four_week_average({}, MONDAY) is None


def test_this_week_so_far_counts_only_what_was_due_by_today() -> None:
    wednesday = MONDAY + timedelta(days=2)
    done = datetime(2026, 11, 23, 9, tzinfo=UTC)
    week = plan(MONDAY, workout(0, done, 1), workout(2, None, 2), workout(4, None, 3))
    assert attention.so_far(week, wednesday) == 50  # Mon done, Wed not yet; Fri not due
    assert attention.so_far(week, MONDAY) == 100
    assert attention.so_far(plan(MONDAY, workout(4)), wednesday) is None
    ahead = plan(MONDAY, workout(0, None, 1), workout(4, done, 2))  # Friday's done on Monday
    assert attention.so_far(ahead, MONDAY) == 100


def test_idle_after_4_days_without_a_tick_with_workouts_planned_on_them() -> None:
    today = date(2026, 11, 27)  # Friday
    planned_mon = plan(MONDAY, workout(0, None, 1), workout(4, None, 2))
    assert attention.idle(planned_mon, today, "UTC")  # Mon planned, nothing ticked
    ticked_4_days_ago = datetime(2026, 11, 23, 20, tzinfo=UTC)  # Monday: inside the 4 days
    assert not attention.idle(plan(MONDAY, workout(0, ticked_4_days_ago, 1)), today, "UTC")
    ticked_5_days_ago = datetime(2026, 11, 22, 20, tzinfo=UTC)  # last Sunday: outside
    last_week = plan(MONDAY - timedelta(weeks=1), workout(6, ticked_5_days_ago, 3))
    assert attention.idle(last_week + planned_mon, today, "UTC")
    # Only today's workout is planned in the window's days: it may still happen.
    assert not attention.idle(plan(MONDAY, workout(4, None, 1)), today, "UTC")
    # Planned 3 days before today only, not ticked: idle too (it is inside the 4 days).
    assert attention.idle(plan(MONDAY, workout(1, None, 1)), today, "UTC")
    # Planned 5 days before today only: outside the window, not idle.
    assert not attention.idle(plan(MONDAY - timedelta(weeks=1), workout(6, None, 1)), today, "UTC")


def test_no_plan_for_next_week_counts_from_thursday() -> None:
    wednesday = datetime(2026, 11, 25, 23, 59, tzinfo=UTC)
    thursday = datetime(2026, 11, 26, 0, 0, tzinfo=UTC)
    assert not attention.no_next_plan(wednesday, has_next_plan=False)
    assert attention.no_next_plan(thursday, has_next_plan=False)
    assert not attention.no_next_plan(thursday, has_next_plan=True)
    assert attention.no_next_plan(wednesday, has_next_plan=False, any_day=True)


def test_no_checkin_is_unknown_until_check_ins_are_wired() -> None:
    assert not attention.no_checkin(None)
    assert not attention.no_checkin(True)
    assert attention.no_checkin(False)


def test_flags_together_in_a_fixed_order() -> None:
    thursday = datetime(2026, 11, 26, 12, tzinfo=UTC)
    previous = MONDAY - timedelta(weeks=1)
    by_week = {previous: stats(previous, 4, 4), MONDAY: stats(MONDAY, 0, 2)}
    this_week = plan(MONDAY, workout(0, None, 1), workout(1, None, 2))
    found = attention.flags(
        athlete(reachable=False),
        by_week=by_week,
        recent=this_week,
        this_monday=MONDAY,
        local=thursday,
        timezone="UTC",
        has_checkin_last_week=False,
    )
    assert found == (
        Flag.BEHIND,
        Flag.IDLE,
        Flag.UNREACHABLE,
        Flag.NO_NEXT_PLAN,
        Flag.NO_CHECKIN,
    )
    fine = attention.flags(
        athlete(),
        by_week={**by_week, MONDAY + timedelta(weeks=1): stats(MONDAY, 0, 1)},
        recent=plan(MONDAY, workout(3, thursday, 1)),
        this_monday=MONDAY,
        local=thursday,
        timezone="UTC",
    )
    assert fine == ()
