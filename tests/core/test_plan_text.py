"""The plan-text grammar of product.md, its error messages, and format/parse round trips."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import LineError, PlanTextError
from core.measures import LoadUnit
from core.plan_spec import ExerciseSpec, PlanSpec, VideoSpec, WorkoutSpec
from core.plan_text import (
    MAX_DURATION_SECONDS,
    MAX_PLAN_CHARS,
    MAX_REPORTED_ERRORS,
    MAX_REPS,
    MAX_SETS,
    MAX_WORKOUT_MINUTES,
    MAX_WORKOUTS,
    format_plan_text,
    parse_plan_text,
    read_load,
)
from tests.sample_plans import PRODUCT_EXAMPLE

PRODUCT_EXAMPLE_SPEC = PlanSpec(
    workouts=(
        WorkoutSpec(
            day_of_week=0,
            title="Upper body strength",
            description="Warm up 5 minutes first",
            duration_minutes=45,
            exercises=(
                ExerciseSpec(name="Push-ups", sets=3, reps=12),
                ExerciseSpec(name="Plank", sets=3, duration_seconds=60),
                ExerciseSpec(
                    name="Dumbbell row",
                    sets=4,
                    reps=10,
                    load="20kg",
                    load_kg=20.0,
                    video=VideoSpec(url="https://example.com/row.mp4"),
                ),
            ),
        ),
        WorkoutSpec(
            day_of_week=2,
            title="Easy run",
            duration_minutes=30,
            exercises=(ExerciseSpec(name="Run", sets=1, duration_seconds=1800),),
        ),
        WorkoutSpec(
            day_of_week=4,
            title="Lower body",
            duration_minutes=40,
            exercises=(
                ExerciseSpec(
                    name="Back squat",
                    sets=5,
                    reps=5,
                    load="60kg",
                    load_kg=60.0,
                    notes="keep the chest up",
                ),
            ),
        ),
    )
)


def errors_of(text: str) -> tuple[LineError, ...]:
    with pytest.raises(PlanTextError) as caught:
        parse_plan_text(text)
    return caught.value.errors


def only_exercise(text: str) -> ExerciseSpec:
    (workout,) = parse_plan_text(f"Mon: Test\n{text}").workouts
    (exercise,) = workout.exercises
    return exercise


def test_product_example_parses_to_the_expected_spec() -> None:
    assert parse_plan_text(PRODUCT_EXAMPLE) == PRODUCT_EXAMPLE_SPEC


def test_product_example_formats_back_to_plan_text() -> None:
    assert format_plan_text(PRODUCT_EXAMPLE_SPEC) == (
        "Mon: Upper body strength (45 min)\n"
        "> Warm up 5 minutes first\n"
        "- Push-ups 3x12\n"
        "- Plank 3x60s\n"
        "- Dumbbell row 4x10 @ 20kg | video: https://example.com/row.mp4\n"
        "\n"
        "Wed: Easy run (30 min)\n"
        "- Run 1x30min\n"
        "\n"
        "Fri: Lower body (40 min)\n"
        "- Back squat 5x5 @ 60kg | keep the chest up"
    )


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Mon", 0),
        ("monday", 0),
        ("TUESDAY", 1),
        ("Tue", 1),
        ("tues", 1),
        ("wed", 2),
        ("Wednesday", 2),
        ("thu", 3),
        ("Thurs", 3),
        ("fri", 4),
        ("Saturday", 5),
        ("SUN", 6),
        ("sunday", 6),
    ],
)
def test_day_names_and_abbreviations_in_any_case(line: str, day: int) -> None:
    (workout,) = parse_plan_text(f"{line}: Session").workouts
    assert workout.day_of_week == day
    assert workout.title == "Session"


@pytest.mark.parametrize(
    ("header", "title", "minutes"),
    [
        ("Mon: Legs (45 min)", "Legs", 45),
        ("Mon: Legs (45 minutes)", "Legs", 45),
        ("Mon: Legs (45min)", "Legs", 45),
        ("Mon: Legs ( 45  MIN )", "Legs", 45),
        ("Mon: Legs (1 hour)", "Legs", 60),
        ("Mon: Legs", "Legs", None),
        ("Mon:Legs (easy)", "Legs (easy)", None),
        ("Mon: Legs: heavy day (20 min)", "Legs: heavy day", 20),
    ],
)
def test_workout_title_and_optional_duration(header: str, title: str, minutes: int | None) -> None:
    (workout,) = parse_plan_text(header).workouts
    assert (workout.title, workout.duration_minutes) == (title, minutes)


@pytest.mark.parametrize(
    ("line", "sets", "reps", "seconds"),
    [
        ("- Push-ups 3x12", 3, 12, None),
        ("- Push-ups 3X12", 3, 12, None),
        ("- Push-ups 3 x 12", 3, 12, None),
        ("- Push-ups 3×12", 3, 12, None),
        ("- Push-ups 3x12 reps", 3, 12, None),
        ("- Plank 3x60s", 3, None, 60),
        ("- Plank 3x90sec", 3, None, 90),
        ("- Plank 3 x 90 SEC", 3, None, 90),
        ("- Plank 2x2min", 2, None, 120),
        ("- Run 1x30min", 1, None, 1800),
        ("- Run 1x1.5min", 1, None, 90),
        ("- Ride 1x2h", 1, None, 7200),
    ],
)
def test_exercise_volume_forms(line: str, sets: int, reps: int | None, seconds: int | None) -> None:
    exercise = only_exercise(line)
    assert (exercise.sets, exercise.reps, exercise.duration_seconds) == (sets, reps, seconds)


def test_exercise_names_may_contain_digits_and_x() -> None:
    assert only_exercise("- Tabata 4x4 intervals 2x10").name == "Tabata 4x4 intervals"
    assert only_exercise("- 21s curl 3x21").name == "21s curl"
    assert only_exercise("- Box jumps 3x5").name == "Box jumps"


def test_load_video_and_notes_in_any_order() -> None:
    first = only_exercise("- Row 4x10 @ 20 kg | video: https://example.com/a | slow negatives")
    second = only_exercise("- Row 4x10 @ 20 kg | slow negatives | VIDEO: https://example.com/a")
    assert first == second
    assert first == ExerciseSpec(
        name="Row",
        sets=4,
        reps=10,
        load="20 kg",
        load_kg=20.0,
        notes="slow negatives",
        video=VideoSpec(url="https://example.com/a"),
    )


def test_load_is_kept_as_written() -> None:
    assert only_exercise("- Bench 3x8 @ bodyweight").load == "bodyweight"
    assert only_exercise("- Bench 3x8 @ 75%").load == "75%"
    assert only_exercise("- Bench 3x8 @62.5kg").load == "62.5kg"


def test_a_bare_link_is_the_video_and_several_notes_are_kept() -> None:
    exercise = only_exercise("- Row 3x10 | https://youtu.be/x | slow | pause at top")
    assert exercise.video == VideoSpec(url="https://youtu.be/x")
    assert exercise.notes == "slow | pause at top"


def test_descriptions_several_workouts_a_day_comments_and_blank_lines() -> None:
    text = """
# week 3, deload

MONDAY: Mobility
> Easy pace.
>
> Breathe through the nose.
monday: Run (20 min)
   - Run 1x20min
----------
Sun: Long walk
"""
    spec = parse_plan_text(text)
    assert [(w.day_of_week, w.title) for w in spec.workouts] == [
        (0, "Mobility"),
        (0, "Run"),
        (6, "Long walk"),
    ]
    assert spec.workouts[0].description == "Easy pace.\n\nBreathe through the nose."
    assert spec.workouts[0].exercises == ()
    assert spec.workouts[2].exercises == ()


def test_workouts_keep_text_order_not_day_order() -> None:
    spec = parse_plan_text("Fri: B\nMon: A\nWed: C")
    assert [w.day_of_week for w in spec.workouts] == [4, 0, 2]


def test_windows_line_endings() -> None:
    assert parse_plan_text(PRODUCT_EXAMPLE.replace("\n", "\r\n")) == PRODUCT_EXAMPLE_SPEC


@pytest.mark.parametrize(
    ("text", "line", "fragments"),
    [
        (
            "Mon: Push\n- Push-ups",
            2,
            [
                'expected "SETSxREPS", "SETSxDURATION" or "SETSxDISTANCE"',
                '"Push-ups 3x12"',
                'found "Push-ups"',
            ],
        ),
        ("Mnday: Push", 1, ['unknown day "Mnday"', "Mon..Sun or Monday..Sunday"]),
        ("Someday: Push", 1, ['unknown day "Someday"']),
        (": Push", 1, ['expected a day before ":"']),
        ("- Push-ups 3x12\nMon: Push", 1, ["exercise line before any workout line", "Mon:"]),
        ("> warm up\nMon: Push", 1, ["description line before any workout line"]),
        ("Mon: Push\n- Push-ups 0x12", 2, ["sets must be between 1 and 50", "found 0"]),
        ("Mon: Push\n- Push-ups 51x12", 2, ["sets must be between 1 and 50", "found 51"]),
        ("Mon: Push\n- Push-ups 3x0", 2, ["reps must be between 1 and 1000"]),
        ("Mon: Push\n- Push-ups 3x1001", 2, ["reps must be between 1 and 1000", "1001"]),
        ("Mon: Push\n- Push-ups 3x12.5", 2, ["reps must be a whole number", "12.5"]),
        ("Mon: Push\n- Plank 3x0s", 2, ["duration must be between 1s and 6h"]),
        ("Mon: Push\n- Plank 3x7h", 2, ["duration must be between 1s and 6h", "7h"]),
        ("Mon: Push\n- Plank 3x0.5s", 2, ["whole seconds"]),
        ("Mon: Push (0 min)", 1, ["between 1 and 600 minutes"]),
        ("Mon: Push (601 min)", 1, ["between 1 and 600 minutes"]),
        ("Mon: (45 min)", 1, ['expected a title after "Mon:"']),
        ("Mon:", 1, ['expected a title after "Mon:"']),
        ("Monday Push day", 1, ['expected ":" after the day']),
        ("Mon: Push\nPush-ups 3x12", 2, ['exercise lines start with "-"']),
        ("Mon: Push\nhello there", 2, ["expected a workout line", 'found "hello there"']),
        ("Mon: Push\n- 3x12", 2, ["expected an exercise name"]),
        ("Mon: Push\n- Row 3x10 @", 2, ['expected a load, a pace or an effort after "@"']),
        ("Mon: Push\n- Curl 3x12-8", 2, ["a rep range goes from fewer to more reps", '"12-8"']),
        ("Mon: Push\n- Plank 3x2m", 2, ['"m" means metres', 'minutes are written "min"', "3x2min"]),
        ("Mon: Run\n- Run 1x5km @ 0:30/km", 2, ["a pace must be between 1:00/km and 30:00/km"]),
        ("Mon: Run\n- Run 1x5km @ 5:75/km", 2, ["a pace has seconds below 60"]),
        ("Mon: Run\n- Row 3x10 @ 5:00/km", 2, ["a pace goes with a distance or a time"]),
        ("Mon: Lift\n- Squat 3x5 @ 60kg RPE 11", 2, ["RPE goes from 1 to 10", '"RPE 8"']),
        ("Mon: Lift\n- Squat 3x5 RIR 12", 2, ["RIR must be between 0 and 10"]),
        ("Mon: Lift\n- Squat 3x5 @ 2000kg", 2, ["a load must be at most 1000kg"]),
        ("Mon: Run\n- Run 1x500km", 2, ["a distance must be between 10m and 300km"]),
        ("Mon: Push\n- Row 3x10 each side", 2, ['unexpected "each side"', "notes"]),
        ("Mon: Push\n- Row 3x10kg", 2, ['unexpected "kg"', '"@ 20kg"']),
        (
            "Mon: Push\n- Row 3x10 | video: ftp://example.com/a",
            2,
            ["must start with http:// or https://", "ftp://example.com/a"],
        ),
        ("Mon: Push\n- Row 3x10 | video: www.example.com", 2, ["http:// or https://"]),
        ("Mon: Push\n- Row 3x10 | video:", 2, ['expected a link after "video:"']),
        ("Mon: Push\n- Row 3x10 | video: http://a b", 2, ["cannot contain spaces"]),
        (
            "Mon: Push\n- Row 3x10 | video: http://a.com | video: http://b.com",
            2,
            ["only one video"],
        ),
        ("Mon: " + "T" * 121, 1, ["title is 121 characters"]),
        ("Mon: Push\n- " + "N" * 121 + " 3x10", 2, ["name is 121 characters"]),
        ("Mon: Push\n- Row 3x10 @ " + "9" * 41, 2, ["load is 41 characters"]),
        ("Mon: Push\n- Row 3x10 | " + "n" * 501, 2, ["notes are 501 characters"]),
        ("Mon: Push\n> " + "d" * 2001, 1, ["description of this workout is 2001 characters"]),
    ],
)
def test_error_messages_say_what_was_found_and_expected(
    text: str, line: int, fragments: list[str]
) -> None:
    (error,) = errors_of(text)
    assert error.line == line
    for fragment in fragments:
        assert fragment in error.message


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n\n# and another"])
def test_an_empty_plan_is_one_error_with_an_example(text: str) -> None:
    (error,) = errors_of(text)
    assert error.line == 1
    assert "empty" in error.message
    assert "Mon:" in error.message and "- Push-ups 3x12" in error.message


def test_all_errors_are_reported_at_once_in_line_order() -> None:
    text = """\
- Orphan 3x10
- Another orphan 3x10
Mnday: Push
- Push-ups 3x12
Wed: Run (30 min)
- Run
- Plank 3x60s
Fri: Legs
- Squat 5x5 | video: example.com
"""
    errors = errors_of(text)
    assert [error.line for error in errors] == [1, 3, 6, 9]
    assert "before any workout line" in errors[0].message
    assert "unknown day" in errors[1].message
    assert "SETSxREPS" in errors[2].message
    assert "http" in errors[3].message


def test_lines_under_a_bad_workout_line_are_still_checked_but_not_called_orphans() -> None:
    errors = errors_of("Mnday: Push\n- Push-ups 3x12\n- Dips 3x")
    assert [error.line for error in errors] == [1, 3]
    assert all("before any workout" not in error.message for error in errors)


def test_plan_text_error_lists_line_numbers_in_its_text() -> None:
    with pytest.raises(PlanTextError, match=r"line 2: .*SETSxREPS"):
        parse_plan_text("Mon: Push\n- Push-ups")


def test_too_long_text_is_refused_with_the_line_where_the_limit_is_passed() -> None:
    line = "Mon: " + "x" * 95 + "\n"  # 101 characters with its newline
    text = line * (MAX_PLAN_CHARS // len(line) + 1)
    (error,) = errors_of(text)
    assert f"at most {MAX_PLAN_CHARS:,}" in error.message
    assert error.line == MAX_PLAN_CHARS // len(line) + 1


def test_too_many_workouts_is_one_error_on_the_first_extra_workout() -> None:
    text = "\n".join(f"Mon: Session {n}" for n in range(MAX_WORKOUTS + 5))
    (error,) = errors_of(text)
    assert error.line == MAX_WORKOUTS + 1
    assert f"at most {MAX_WORKOUTS}" in error.message


def test_a_flood_of_errors_is_capped_with_a_note_about_the_rest() -> None:
    text = "\n".join(["Mon: Push"] + ["- nope"] * (MAX_REPORTED_ERRORS + 7))
    errors = errors_of(text)
    assert len(errors) == MAX_REPORTED_ERRORS + 1
    assert errors[-1].line == MAX_REPORTED_ERRORS + 2
    assert errors[-1].message == "and 7 more problems from this line on"


def test_bounds_are_inclusive() -> None:
    exercise = only_exercise(f"- Max {MAX_SETS}x{MAX_REPS}")
    assert (exercise.sets, exercise.reps) == (MAX_SETS, MAX_REPS)
    assert only_exercise("- Long 1x6h").duration_seconds == MAX_DURATION_SECONDS
    (workout,) = parse_plan_text(f"Mon: Long ({MAX_WORKOUT_MINUTES} min)").workouts
    assert workout.duration_minutes == MAX_WORKOUT_MINUTES


@settings(max_examples=500)
@given(st.text())
def test_arbitrary_text_raises_nothing_but_plan_text_error(text: str) -> None:
    try:
        spec = parse_plan_text(text)
    except PlanTextError as error:
        assert error.errors
        assert all(e.line >= 1 and e.message for e in error.errors)
    else:
        assert spec.workouts


# Fragments that reach deep into the grammar, so that random combinations hit the
# exercise and workout branches rather than stopping at the first character.
_FRAGMENTS = st.sampled_from(
    [
        "Mon:",
        "sunday:",
        "Xyz:",
        "-",
        ">",
        "#",
        "|",
        "@",
        "video:",
        "https://a.b/c",
        "http://[",
        "3x12",
        "3 × 60s",
        "0x0",
        "9" * 30 + "x" + "9" * 30,
        "1.5min",
        "(45 min)",
        "(99999 h)",
        "8-12",
        "reps",
        "kg",
        "ſ",
        "Push-ups",
        " ",
        "\n",
        "\r",
        "\u2028",
        "x",
        ".",
        "400m",
        "5km",
        "3mi",
        "2m",
        "@ 4:10/km",
        "9:99/mi",
        "RPE 8",
        "rpe 11.5",
        "RIR 2",
        "AMRAP",
        "each",
        "per side",
        "12-8",
        "@ 40",
        "lb",
    ]
)


@settings(max_examples=500)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=3)), max_size=40).map("".join))
def test_grammar_like_text_raises_nothing_but_plan_text_error(text: str) -> None:
    try:
        parse_plan_text(text)
    except PlanTextError as error:
        assert error.errors


_SAFE_CHARS = st.characters(
    exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="|@\r\n"
)


def _clean(max_size: int) -> st.SearchStrategy[str]:
    return st.text(_SAFE_CHARS, min_size=1, max_size=max_size).map(str.strip).filter(bool)


_names = _clean(30)
_titles = _clean(40).filter(lambda s: "(" not in s)
_notes = _clean(40).filter(
    lambda s: not s.lower().startswith(("video", "demo", "http://", "https://"))
)
_urls = st.from_regex(r"https://example\.com/[a-z0-9._/-]{0,20}", fullmatch=True)


_LOADS = st.one_of(
    st.none(),
    st.sampled_from(["bodyweight", "75%", "light band", "BW"]),
    st.builds(
        lambda n, unit, space: f"{n}{space}{unit}",
        st.decimals(0, 500, places=1).map(str),
        st.sampled_from(["kg", "lb", "kgs", "lbs"]),
        st.sampled_from(["", " "]),
    ),
)


@st.composite
def _exercises(draw: st.DrawFn) -> ExerciseSpec:
    kind = draw(st.sampled_from(["reps", "range", "amrap", "timed", "distance"]))
    load = draw(_LOADS)
    reps = draw(st.integers(1, MAX_REPS - 1)) if kind in ("reps", "range") else None
    moving = kind in ("timed", "distance")
    return ExerciseSpec(
        name=draw(_names),
        sets=draw(st.integers(1, MAX_SETS)),
        reps=reps,
        reps_max=draw(st.integers(reps + 1, MAX_REPS)) if kind == "range" and reps else None,
        amrap=kind == "amrap",
        duration_seconds=draw(st.integers(1, MAX_DURATION_SECONDS)) if kind == "timed" else None,
        distance_m=draw(st.integers(10, 300_000)) if kind == "distance" else None,
        load=load,
        load_kg=read_load(load, LoadUnit.KG)[1] if load else None,
        pace_s_per_km=draw(st.none() | st.integers(60, 1800)) if moving else None,
        rpe=draw(st.none() | st.integers(2, 20).map(lambda halves: halves / 2)),
        rir=draw(st.none() | st.integers(0, 10)),
        per_side=draw(st.booleans()),
        notes=draw(st.none() | _notes),
        video=draw(st.none() | _urls.map(VideoSpec)),
    )


_workouts = st.builds(
    WorkoutSpec,
    day_of_week=st.integers(0, 6),
    title=_titles,
    description=st.lists(_clean(30), max_size=3).map("\n".join),
    duration_minutes=st.none() | st.integers(1, MAX_WORKOUT_MINUTES),
    exercises=st.lists(_exercises(), max_size=5).map(tuple),
)
_plans = st.lists(_workouts, min_size=1, max_size=6).map(lambda ws: PlanSpec(tuple(ws)))


@settings(max_examples=300)
@given(_plans)
def test_generated_plans_round_trip_through_format_and_parse(spec: PlanSpec) -> None:
    assert parse_plan_text(format_plan_text(spec)) == spec


def test_name_that_looks_like_a_volume_round_trips() -> None:
    spec = PlanSpec(
        (WorkoutSpec(0, "A", exercises=(ExerciseSpec("Curl 21 3x", sets=3, reps=10),)),)
    )
    assert parse_plan_text(format_plan_text(spec)) == spec
