"""The Mini App's texts and the API's error messages in the caller's language (issue 13).

Expected texts are read from the catalogs (locales/*/messages.po), never written here.
"""

from __future__ import annotations

import pytest

from bot import i18n as catalogs  # the composition root installs the same translator
from core import errors, web_texts
from core.services import languages
from tests.conftest import NOW
from tests.sample_plans import PRODUCT_EXAMPLE
from tests.web.conftest import Team, tma
from tests.web.test_api import THIS_MONDAY


def catalog(language: str, msgid: str) -> str:
    return catalogs.translations(language).gettext(msgid)


@pytest.mark.parametrize("language", ["ru", "es"])
async def test_the_texts_come_in_the_callers_telegram_language(
    client, team: Team, language: str
) -> None:
    response = await client.get("/api/texts", headers=tma(team.tom, language_code=language))
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == language
    assert body["texts"] == {key: catalog(language, m) for key, m in web_texts.APP.items()}
    assert body["texts"]["tab_today"] not in ("", web_texts.APP["tab_today"])  # translated


async def test_a_language_choice_wins_over_telegrams(client, uow, team: Team) -> None:
    await languages.set_language(uow(), team.ann, "es", NOW)
    response = await client.get("/api/texts", headers=tma(team.ann, language_code="ru"))
    assert response.json()["language"] == "es"
    assert response.json()["texts"]["today"] == catalog("es", web_texts.APP["today"])


async def test_without_a_sign_in_the_texts_follow_the_browser(client) -> None:
    for lang, expected in (("ru-RU", "ru"), ("pt-BR", "en"), (None, "en")):
        params = {"lang": lang} if lang else {}
        response = await client.get("/api/texts", params=params)
        assert response.status_code == 200
        assert response.json()["language"] == expected
    english = (await client.get("/api/texts")).json()["texts"]
    assert english == dict(web_texts.APP)


async def test_error_messages_are_in_the_callers_language_and_codes_stay(
    client, team: Team, notices
) -> None:
    body = {"user_id": team.cid.athlete.id, "week_start": THIS_MONDAY, "text": PRODUCT_EXAMPLE}
    answers = {}
    for language in ("en", "ru", "es"):
        response = await client.post(
            "/api/training/plans", json=body, headers=tma(team.tom, language_code=language)
        )
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "not_your_athlete"
        answers[language] = response.json()["error"]["message"]
    msgid = web_texts.ERRORS[errors.NotYourAthlete]
    assert answers == {language: catalog(language, msgid) for language in ("en", "ru", "es")}
    assert answers["ru"] != answers["en"]
    assert notices.plans == []

    none_yet = await client.get(
        "/api/training/plans/user/me/current", headers=tma(team.ann, language_code="es")
    )
    assert none_yet.status_code == 404
    assert none_yet.json()["error"] == {
        "code": "no_current_plan",
        "message": catalog("es", "No plan for this week."),
    }

    broken = await client.post(
        "/api/training/plans",
        content=b"{not json",
        headers={**tma(team.tom, language_code="ru"), "Content-Type": "application/json"},
    )
    assert broken.status_code == 400
    assert broken.json()["error"]["code"] == "bad_json"
    assert broken.json()["error"]["message"] == catalog("ru", "The body is not valid JSON.")


async def test_every_api_message_is_in_the_catalogs() -> None:
    for msgid in web_texts.MESSAGES:
        for language in ("ru", "es"):
            assert catalogs.translations(language)._catalog.get(msgid), (language, msgid)
