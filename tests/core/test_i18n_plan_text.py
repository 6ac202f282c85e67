"""Plan text in three languages: day names, units and keywords; errors in the writer's."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bot.i18n  # noqa: F401  (installs the catalogs' translator into core.i18n)
from core import i18n, vocabulary
from core.errors import PlanTextError
from core.motivation import MILESTONE, POOL, WELCOME, motivational_message, pool_for
from core.plan_text import parse_plan_text

SPELLINGS = [
    (spelling, index)
    for names in vocabulary.DAYS.values()
    for index, spellings in enumerate(names)
    for spelling in spellings
]


def _any_case(draw, word: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(c.upper() if up else c.lower() for c, up in zip(word, flips, strict=True))


@st.composite
def day_words(draw):
    spelling, index = draw(st.sampled_from(SPELLINGS))
    word = _any_case(draw, spelling)
    if draw(st.booleans()):
        word += "."
    return word, index


@given(day_words(), st.sampled_from(["Силовая", "Fuerza", "Strength"]))
def test_a_day_name_in_any_language_and_case_is_read(day, title) -> None:
    word, index = day
    spec = parse_plan_text(f"{word}: {title} (45 min)\n- Push-ups 3x12")
    assert spec.workouts[0].day_of_week == index
    assert spec.workouts[0].title == title


@pytest.mark.parametrize(
    ("written", "day"),
    [("Пн", 0), ("Понедельник", 0), ("Lun", 0), ("Lunes", 0), ("вс", 6), ("Domingo", 6)],
)
def test_the_product_examples(written: str, day: int) -> None:
    assert vocabulary.day_index(written) == day


def test_a_russian_plan_with_russian_units() -> None:
    spec = parse_plan_text(
        "Пн: Силовая (45 мин)\n- Присед 5х5 @ 60кг\n- Выпады 3x10 каждая\n"
        "Ср: Бег (1 ч)\n- Бег 1x30мин\n- Планка 3x60с"
    )
    strength, run = spec.workouts
    assert strength.duration_minutes == 45 and run.duration_minutes == 60
    squat, lunges = strength.exercises
    assert (squat.name, squat.sets, squat.reps, squat.load) == ("Присед", 5, 5, "60kg")
    assert lunges.per_side
    assert run.exercises[0].duration_seconds == 1800
    assert run.exercises[1].duration_seconds == 60


def test_a_spanish_plan() -> None:
    spec = parse_plan_text("Mié: Carrera (30 minutos)\n- Zancadas 3x10 cada\n- Plancha 3x60 seg")
    (run,) = spec.workouts
    assert run.day_of_week == 2 and run.duration_minutes == 30
    assert run.exercises[0].per_side and run.exercises[1].duration_seconds == 60


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", 'unknown day "Xyz"'),
        ("ru", "неизвестный день «Xyz»"),
        ("es", 'día desconocido "Xyz"'),
    ],
)
def test_parser_errors_are_in_the_writers_language(language: str, expected: str) -> None:
    with i18n.using(language), pytest.raises(PlanTextError) as raised:
        parse_plan_text("Xyz: Legs\n")
    assert expected in raised.value.errors[0].message


@pytest.mark.parametrize("language", ["en", "ru", "es"])
def test_each_language_has_its_own_pool_of_at_least_twelve(language: str) -> None:
    pool = pool_for(language)
    assert len(set(pool)) >= 12
    if language != "en":
        assert not set(pool) & set(POOL)
    for week in (2, 3, 5, 6, 7):
        assert motivational_message(7, week, None, language=language) in pool


@pytest.mark.parametrize("language", ["en", "ru", "es"])
def test_week_one_welcomes_and_every_fourth_week_is_a_milestone(language: str) -> None:
    assert motivational_message(3, 1, None, language=language) == i18n.gettext(WELCOME, language)
    # The milestone's own words, as the catalog has them (up to its first placeholder).
    head = i18n.gettext(MILESTONE, language).split("{span}")[0].format(week_number=8)
    for week in (4, 8, 12):
        message = motivational_message(3, week, None, language=language)
        assert message.startswith(head.replace("8", str(week)))
        assert message not in pool_for(language)
    assert "рубеж" in motivational_message(3, 4, None, language="ru")
    assert "hito" in motivational_message(3, 4, None, language="es")


def test_a_pool_pick_never_repeats_last_weeks_in_any_language() -> None:
    for language in ("ru", "es"):
        last = motivational_message(5, 6, None, language=language)
        assert motivational_message(5, 6, last, language=language) != last


def test_a_one_letter_unit_must_touch_its_number() -> None:
    assert vocabulary.normalize_exercise("Планка 3x60с") == "Планка 3x60s"
    assert vocabulary.normalize_exercise("Отжимания 3x10 с паузой") == "Отжимания 3x10 с паузой"
    assert vocabulary.normalize_exercise("Бег 1x5 км") == "Бег 1x5 km"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "после названия упражнения нужно"), ("es", "después del nombre del ejercicio")],
)
def test_volume_errors_are_in_the_writers_language(language: str, expected: str) -> None:
    with i18n.using(language), pytest.raises(PlanTextError) as raised:
        parse_plan_text("Пн: Ноги\n- Присед много\n")
    assert expected in raised.value.errors[0].message


@given(
    st.text(alphabet="абвкгмсч каждуюcada", max_size=12),  # a name without a volume in it
    st.text(alphabet="Каждую cada мин кг 5x|:", max_size=20),
)
def test_names_and_notes_are_never_rewritten(name: str, notes: str) -> None:
    line = f"{name.strip() or 'Присед'} 3x10 | {notes}"
    normalized = vocabulary.normalize_exercise(line)
    assert normalized.split(" 3x10", 1)[0] == line.split(" 3x10", 1)[0]
    assert normalized.partition("|")[2] == line.partition("|")[2]


@pytest.mark.parametrize(
    ("line", "ru", "es"),
    [
        ("- Присед 99x5", "подходы: допустимо от 1 до", "series: entre 1 y"),
        ("- Бег 1x3m", "значит метры", "son metros"),
        ("- Тяга 3x5 @ 9999кг", "вес — не больше", "como mucho"),
    ],
)
def test_limits_are_told_in_the_writers_language(line: str, ru: str, es: str) -> None:
    for language, expected in (("ru", ru), ("es", es)):
        with i18n.using(language), pytest.raises(PlanTextError) as raised:
            parse_plan_text(f"Пн: Ноги\n{line}\n")
        assert expected in raised.value.errors[0].message


def test_the_examples_in_messages_are_the_parsers_own_and_parse_in_every_language() -> None:
    from core import plan_text

    assert vocabulary.EXAMPLE_WORKOUT_LINE == plan_text.EXAMPLE_WORKOUT_LINE
    assert vocabulary.EXAMPLE_EXERCISE_LINE == plan_text.EXAMPLE_EXERCISE_LINE
    for language in ("en", "ru", "es"):
        example = i18n.gettext(vocabulary.EXAMPLE_PLAN, language)
        assert len(parse_plan_text(example).workouts[0].exercises) == 2
