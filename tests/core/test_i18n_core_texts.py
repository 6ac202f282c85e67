"""Core's own texts in the reader's language: the week's change lines, the program
parser's errors, the load step's reasons; the Friday week's trainer language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

import bot.i18n  # noqa: F401  (installs the catalogs' translator)
from core import i18n
from core.errors import PlanTextError
from core.load_step import InvalidLoadStep, parse_load_step
from core.measures import LoadUnit
from core.plan_edit import plan_changes
from core.plan_text import parse_plan_text
from core.program_text import parse_program_text
from core.services import languages, programs
from storage.uow import SqlUnitOfWork
from tests.conftest import NOW, People, publish_program

OLD = "Tue: Lower body (40 min)\n- Back squat 5x5 @ 60kg\nThu: Upper body\n- Row 3x10\n"
NEW = "Tue: Lower body (45 min)\n- Back squat 5x5 @ 55kg\nFri: Easy run\n- Run 1x30min\n"


def test_a_weeks_changes_read_in_the_language_they_are_shown_in() -> None:
    changes = plan_changes(parse_plan_text(OLD), parse_plan_text(NEW))
    assert [str(c) for c in changes] == [
        "Tue · Lower body (40 min) → (45 min)",
        "Tue · Back squat 5x5 @ 60kg → 5x5 @ 55kg",
        "+ Fri: Easy run",
        "− Thu: Upper body",
    ]
    with i18n.using("ru"):  # the same changes, shown to a Russian athlete
        assert [str(c) for c in changes] == [
            "Вт · Lower body (40 мин) → (45 мин)",
            "Вт · Back squat 5x5 @ 60kg → 5x5 @ 55kg",
            "+ Пт: Easy run",
            "− Чт: Upper body",
        ]
    with i18n.using("es"):
        assert str(changes[2]) == "+ Vie: Easy run"
    lunges = plan_changes(
        parse_plan_text("Mon: Legs\n- Lunges 3x10 each\n"), parse_plan_text("Mon: Legs\n")
    )
    with i18n.using("es"):
        assert [str(c) for c in lunges] == ["− Lun · Lunges 3x10 por lado"]
    assert changes[0] == "Tue · Lower body (40 min) → (45 min)"  # outside a block: English


def test_program_errors_are_in_the_writers_language() -> None:
    text = "Week 1\nMon: Legs\n- Squat 5x5\nWeek 3\nMon: Legs\n- Squat 5x5\n"
    with i18n.using("ru"), pytest.raises(PlanTextError) as raised:
        parse_program_text(text)
    assert [e.message for e in raised.value.errors] == [
        "недели идут по порядку: ожидалась «Week 2», а написано «Week 3»"
    ]
    with i18n.using("es"), pytest.raises(PlanTextError) as raised:
        parse_program_text("Mon: Legs\n- Squat 5x5 @ 200%\nProgression:\nWeek 2: +5%\n")
    assert raised.value.errors[0].message.startswith("una carga relativa")


def test_a_load_step_reason_is_in_the_trainers_language() -> None:
    with i18n.using("es"), pytest.raises(InvalidLoadStep) as raised:
        parse_load_step("100", LoadUnit.KG)
    assert raised.value.reason == "el paso va de 0.25 a 25 kg"
    with pytest.raises(InvalidLoadStep) as raised:
        parse_load_step("1.3", LoadUnit.KG)
    assert raised.value.reason == "a step is a multiple of 0.25 kg"


async def test_the_friday_week_knows_the_trainers_language(
    uow: Callable[[], SqlUnitOfWork], users: People
) -> None:
    coach = await users.trainer("Coach")
    ana = await users.athlete_of(coach, "Ana")
    await languages.set_language(uow(), coach, "es", NOW)
    text = "Week 1\nMon: Legs\n- Back squat 3x8-12 @ 40kg\nWeek 2\nMon: Legs\n- Back squat 3x8-12\n"
    program = await programs.create_program(uow(), coach, name="P", text=text, now=NOW)
    await publish_program(
        uow(),
        coach,
        program_id=program.id,
        athlete_id=ana.athlete.id,
        week_start=date(2026, 11, 23),
        now=NOW,
    )
    friday = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    made = await programs.generate_due_weeks(uow(), friday, default_tz="UTC", worker="a")
    assert [w.assignment.trainer_language for w in made] == ["es"]


def test_a_progression_is_shown_in_the_trainers_language_and_stored_in_english() -> None:
    from core.progression import parse_progression

    progression = parse_progression("+1 rep, +2 sets, +5%")
    with i18n.using("ru"):
        assert progression.shown() == "+2 подхода, +1 повтор, +5% веса"
    with i18n.using("es"):
        assert parse_progression("same").shown() == "sin cambios"
        assert parse_progression(progression.describe()) == progression  # read back
    assert progression.shown() == progression.describe() == "+2 sets, +1 rep, +5% load"


def test_a_pace_records_distance_is_named_in_the_readers_language() -> None:
    from bot import render
    from core.records import Record, RecordKind

    record = Record("Run", RecordKind.PACE, 21097, 300.0, None, None, 1, NOW)
    with i18n.using("ru"):
        assert "полумарафон" in render.record_value(record, LoadUnit.KG)
    with i18n.using("es"):
        assert "media maratón" in render.record_value(record, LoadUnit.KG)
    assert "half marathon" in render.record_value(record, LoadUnit.KG)
