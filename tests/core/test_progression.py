"""Progressions for /copyweek: parsing steps and applying them to a plan."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import InvalidProgression
from core.plan_spec import ExerciseSpec, PlanSpec, VideoSpec, WorkoutSpec
from core.plan_text import MAX_REPS, MAX_SETS, format_plan_text, parse_plan_text
from core.progression import Progression, apply_progression, parse_progression


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+1 rep", Progression(reps=1)),
        ("+2 reps", Progression(reps=2)),
        ("+1 set", Progression(sets=1)),
        ("+5%", Progression(load_percent=Decimal(5))),
        ("+5% load", Progression(load_percent=Decimal(5))),
        ("+2.5 kg", Progression(load_kg=Decimal("2.5"))),
        ("+5lb", Progression(load_lb=Decimal(5))),
        ("+15s", Progression(duration_seconds=15)),
        ("+30 sec", Progression(duration_seconds=30)),
        ("+1min", Progression(duration_seconds=60)),
        ("-1 set", Progression(sets=-1)),
        ("-10%", Progression(load_percent=Decimal(-10))),
        ("−1 set", Progression(sets=-1)),  # a typographic minus
        ("+1 rep, +5%", Progression(reps=1, load_percent=Decimal(5))),
        ("+1 rep and +1 set", Progression(reps=1, sets=1)),
        ("+1 REP +5 %", Progression(reps=1, load_percent=Decimal(5))),
        ("-1 set; -10% load", Progression(sets=-1, load_percent=Decimal(-10))),
        ("+1 rep, +1 rep", Progression(reps=2)),
        ("1 rep", Progression(reps=1)),
        ("", Progression()),
        ("none", Progression()),
        ("Same", Progression()),
    ],
)
def test_parse_progression(text: str, expected: Progression) -> None:
    assert parse_progression(text) == expected


@pytest.mark.parametrize(
    "text",
    ["lots", "+1", "+rep", "+1.5 reps", "+1 rep,, foo", "+0.5s", "+1000%", "+99 sets", "+1 mile"],
)
def test_unreadable_progressions_are_refused_with_the_text(text: str) -> None:
    with pytest.raises(InvalidProgression) as caught:
        parse_progression(text)
    assert caught.value.text == text


@given(st.text(max_size=40))
def test_any_text_is_a_progression_or_invalid_progression(text: str) -> None:
    try:
        progression = parse_progression(text)
    except InvalidProgression as error:
        assert error.text == text
    else:
        assert parse_progression(progression.describe()) == progression


def test_describe() -> None:
    assert parse_progression("+1 rep, +5%").describe() == "+1 rep, +5% load"
    assert parse_progression("-1 set, -2.5kg").describe() == "-1 set, -2.5 kg"
    assert parse_progression("+2 reps, +30s").describe() == "+2 reps, +30s"
    assert Progression().describe() == "no change"


progressions = st.builds(
    Progression,
    sets=st.integers(-5, 5),
    reps=st.integers(-5, 5),
    duration_seconds=st.integers(-600, 600),
    load_percent=st.decimals(-50, 50, places=1),
    load_kg=st.decimals(-20, 20, places=2),
    load_lb=st.decimals(-20, 20, places=2),
)


@given(progressions)
def test_describe_reads_back_as_the_same_progression(progression: Progression) -> None:
    assert parse_progression(progression.describe()) == progression


WEEK = PlanSpec(
    workouts=(
        WorkoutSpec(
            day_of_week=0,
            title="Strength",
            description="Warm up first",
            duration_minutes=45,
            exercises=(
                ExerciseSpec("Squat", sets=5, reps=5, load="60kg", notes="chest up"),
                ExerciseSpec("Bench", sets=3, reps=8, load="62.5 kg"),
                ExerciseSpec("Curl", sets=3, reps=10, load="45lb"),
                ExerciseSpec("Row", sets=3, reps=10, load="22,5kg"),
                ExerciseSpec("Pull-ups", sets=3, reps=6, load="bodyweight"),
                ExerciseSpec("Press", sets=3, reps=6, load="RPE 8"),
                ExerciseSpec(
                    "Plank",
                    sets=3,
                    duration_seconds=60,
                    video=VideoSpec("https://example.com/plank"),
                ),
            ),
        ),
        WorkoutSpec(day_of_week=2, title="Run", description="Easy"),
    )
)
# With the numbers the parser derives from the text (load_kg, RPE), as a stored plan has.
WEEK = parse_plan_text(format_plan_text(WEEK))


def exercises_of(spec: PlanSpec) -> dict[str, ExerciseSpec]:
    return {e.name: e for w in spec.workouts for e in w.exercises}


def test_reps_change_only_rep_based_exercises_and_duration_only_timed_ones() -> None:
    after = exercises_of(apply_progression(WEEK, parse_progression("+1 rep, +15s")))
    assert after["Squat"].reps == 6 and after["Squat"].duration_seconds is None
    assert after["Plank"].duration_seconds == 75 and after["Plank"].reps is None
    assert after["Squat"].sets == 5


def test_sets_change_every_exercise() -> None:
    after = exercises_of(apply_progression(WEEK, parse_progression("+1 set")))
    assert {e.sets for e in after.values()} == {6, 4}
    assert after["Plank"].sets == 4


def test_percent_changes_numeric_loads_rounded_to_half_units_keeping_their_style() -> None:
    after = exercises_of(apply_progression(WEEK, parse_progression("+5%")))
    assert after["Squat"].load == "63kg"
    assert after["Bench"].load == "65.5 kg"  # 65.625 -> 65.5
    assert after["Curl"].load == "47.5lb"  # 47.25 -> 47.5, half-up
    assert after["Row"].load == "23,5kg"  # 23.625 -> 23.5, comma kept
    assert after["Pull-ups"].load == "bodyweight"
    assert (after["Press"].load, after["Press"].rpe) == (None, 8.0)  # an effort, not a load
    assert after["Plank"].load is None


def test_absolute_load_steps_apply_to_loads_in_the_same_unit() -> None:
    after = exercises_of(apply_progression(WEEK, parse_progression("+2.5kg")))
    assert after["Squat"].load == "62.5kg"
    assert after["Bench"].load == "65 kg"
    assert after["Curl"].load == "45lb"
    after = exercises_of(apply_progression(WEEK, parse_progression("+5 lb")))
    assert after["Curl"].load == "50lb"
    assert after["Squat"].load == "60kg"


def test_deloads_never_go_below_zero_load_or_one_set_rep_or_second() -> None:
    deload = Progression(sets=-10, reps=-100, duration_seconds=-600, load_percent=Decimal(-100))
    after = exercises_of(apply_progression(WEEK, deload))
    assert {e.sets for e in after.values()} == {1}
    assert after["Squat"].reps == 1
    assert after["Plank"].duration_seconds == 1
    assert after["Squat"].load == "0kg"
    assert after["Bench"].load == "0 kg"
    assert (
        exercises_of(apply_progression(WEEK, Progression(load_kg=Decimal(-100))))["Squat"].load
        == "0kg"
    )


def test_increases_stop_at_the_parser_bounds() -> None:
    spec = parse_plan_text(f"Mon: A\n- Max {MAX_SETS}x{MAX_REPS}")
    after = apply_progression(spec, Progression(sets=5, reps=5))
    assert after == spec


def test_everything_but_the_numbers_is_kept() -> None:
    after = apply_progression(WEEK, parse_progression("+1 rep, +1 set, +5%"))
    for before_workout, after_workout in zip(WEEK.workouts, after.workouts, strict=True):
        assert (after_workout.day_of_week, after_workout.title) == (
            before_workout.day_of_week,
            before_workout.title,
        )
        assert after_workout.description == before_workout.description
        assert after_workout.duration_minutes == before_workout.duration_minutes
        for before_exercise, after_exercise in zip(
            before_workout.exercises, after_workout.exercises, strict=True
        ):
            assert after_exercise.name == before_exercise.name
            assert after_exercise.notes == before_exercise.notes
            assert after_exercise.video == before_exercise.video


def test_no_change_returns_the_same_plan() -> None:
    assert apply_progression(WEEK, parse_progression("same")) == WEEK


@given(progressions)
def test_a_progressed_plan_is_still_valid_plan_text(progression: Progression) -> None:
    after = apply_progression(WEEK, progression)
    assert parse_plan_text(format_plan_text(after)) == after
