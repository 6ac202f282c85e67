"""The user's language on SQLite and PostgreSQL: Telegram's code kept current, /language
wins over it, a trainer's language reaches their notices and a plan's motivation is in
its athlete's language."""

from __future__ import annotations

from datetime import timedelta

import pytest

import bot.i18n  # noqa: F401  (installs the catalogs' translator into core.i18n)
from core import i18n
from core.motivation import WELCOME
from core.plan_text import parse_plan_text
from core.services import languages, people, plans
from core.services.completion import set_workout_done
from tests.conftest import NOW


async def _identify(uow, telegram_id: int, code: str | None):
    return await people.identify(
        uow(),
        telegram_id=telegram_id,
        name="Ann",
        username=None,
        is_admin=False,
        now=NOW,
        language_code=code,
    )


async def test_language_code_is_recorded_and_followed_and_a_choice_wins(uow) -> None:
    first = await _identify(uow, 501, "ru")
    assert first.athlete.language_code == "ru" and i18n.language_of(first.athlete) == "ru"
    changed = await _identify(uow, 501, "es-ES")
    assert changed.athlete.language_code == "es-ES"
    assert i18n.language_of(changed.athlete) == "es"
    unchanged = await _identify(uow, 501, None)  # an update without a code keeps the last
    assert unchanged.athlete.language_code == "es-ES"

    chosen = await languages.set_language(uow(), changed, "ru", NOW)
    assert chosen.language == "ru"
    again = await _identify(uow, 501, "en")
    assert again.athlete.language == "ru" and i18n.language_of(again.athlete) == "ru"


async def test_an_unknown_language_changes_nothing(uow) -> None:
    actor = await _identify(uow, 502, "en")
    with pytest.raises(languages.UnknownLanguage):
        await languages.set_language(uow(), actor, "xx", NOW)
    assert (await _identify(uow, 502, "en")).athlete.language is None


async def test_a_choice_changes_only_the_choosers_own_record(uow, users) -> None:
    ann = await _identify(uow, 503, "en")
    bob = await _identify(uow, 504, "en")
    await languages.set_language(uow(), ann, "es", NOW)
    assert (await _identify(uow, 504, "en")).athlete.language is None
    assert bob.athlete.id != ann.athlete.id


async def test_the_plan_motivation_is_in_the_athletes_language_and_the_trainer_known(
    uow, users
) -> None:
    coach = await users.trainer("Tess")
    await languages.set_language(uow(), coach, "es", NOW)
    ann = await users.athlete_of(coach, "Ann")
    await languages.set_language(uow(), ann, "ru", NOW)
    with i18n.using("es"):  # the trainer writes: their update speaks Spanish
        plan = await plans.create_plan(
            uow(),
            await users.refresh(coach),
            athlete_id=ann.athlete_id,
            week_start=NOW.date() - timedelta(days=NOW.weekday()),
            spec=parse_plan_text("Lun: Fuerza\n- Sentadilla 5x5"),
            now=NOW,
        )
    assert plan.motivational_message == i18n.gettext(WELCOME, "ru")
    change = await set_workout_done(uow(), await users.refresh(ann), plan.workouts[0].id, True, NOW)
    assert change.trainer is not None and change.trainer.language == "es"
