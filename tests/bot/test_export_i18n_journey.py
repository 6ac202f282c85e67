"""/export in the user's language, end to end: a Russian athlete and a Spanish trainer get
header rows from their catalogs (file names and every value unchanged); `/export en`
keeps the English column ids; a wrong argument is explained; a stranger's forged press of
the English-header picker sends nothing."""

from __future__ import annotations

import csv
import io
import re

import pytest

from bot import texts
from core import i18n
from core.services import export
from tests.bot.conftest import (
    RunningBot,
    invite_athletes,
    make_settings,
    make_trainer,
    publish_plan,
    wait_text,
)
from tests.core.test_export_headers_i18n import TABLES, catalog_header

WEEK = "Wed: Lift (60 min)\n- Back squat 3x5 @ 60kg RPE 8\n"


def said(name: str, language: str) -> str:
    """The longest literal piece of the text ``name`` in ``language``, as shown (no tags)."""
    with i18n.using(language):
        shown = re.sub(r"<[^>]+>", "", getattr(texts, name))
    return max(re.split(r"\{\w+\}", shown), key=len)


async def choose(user, language: str) -> None:
    await user.send("/language")
    await wait_text(user, "🌐")
    await user.press(i18n.NAMES[language])
    await wait_text(user, said("LANGUAGE_SET", language))


def documents(api, user) -> list:
    return [m for m in api.messages(user.id) if m.document is not None]


async def export_headers(api, user, command: str, language: str, press: str | None = None):
    """Send ``command`` (and press ``press``); the header row of each file it sent, by name."""
    before = len(documents(api, user))
    await user.send(command)
    if press is not None:
        await wait_text(user, said("EXPORT_PICK", language))
        await user.press(press)
    await wait_text(user, said("EXPORT_DONE", language), timeout=10)
    sent = documents(api, user)[before:]
    rows = {}
    for message in sent:
        content = api.world.file(message.document.file_id).content.decode("utf-8")
        rows[message.document.file_name] = list(csv.reader(io.StringIO(content)))
    return rows


def by_table(rows: dict, who: str) -> dict[str, list[list[str]]]:
    tables = {}
    for name, lines in rows.items():
        table = next(t for t in TABLES if name.startswith(f"coach-{who}-{t}-"))
        tables[table] = lines
    assert list(tables) == list(TABLES)  # English, stable file names, as before
    return tables


@pytest.fixture
async def coach_bot(api, any_bot_database_url, clock):
    """The bot on SQLite and on PostgreSQL."""
    running = await RunningBot(make_settings(api, any_bot_database_url), clock).start()
    yield running
    await running.stop()


async def test_exports_have_header_rows_in_the_users_language(coach_bot, api, admin) -> None:
    tom = api.user(10, "Tom", username="tom")
    ann = api.user(20, "Ann", username="ann")
    eve = api.user(30, "Eve", username="eve")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann", text=WEEK)
    english = by_table(await export_headers(api, ann, "/export", "en"), "ann")
    for table in TABLES:
        assert english[table][0] == list(export.COLUMNS[table])

    # Ann reads Russian: her headers are the catalog's, the rest of every file as before.
    await choose(ann, "ru")
    russian = by_table(await export_headers(api, ann, "/export", "ru"), "ann")
    for table in TABLES:
        assert russian[table][0] == catalog_header(table, "ru") != english[table][0]
        assert russian[table][1:] == english[table][1:]
    assert len(russian["exercises"]) == 2  # the squat, its values as in English
    # For scripts, /export en keeps the English column ids.
    stable = by_table(await export_headers(api, ann, "/export EN", "ru"), "ann")
    assert {t: lines[0] for t, lines in stable.items()} == {
        t: list(export.COLUMNS[t]) for t in TABLES
    }

    # Tom reads Spanish: all his athletes, Spanish headers; with `en`, the English ids.
    await choose(tom, "es")
    everyone = said("BUTTON_EXPORT_ALL", "es")
    spanish = await export_headers(api, tom, "/export", "es", press=everyone)
    for table, lines in by_table(spanish, "all-athletes").items():
        assert lines[0] == catalog_header(table, "es")
        assert lines[1:] == english[table][1:]  # Ann is his only athlete
    kept = await export_headers(api, tom, "/export en", "es", press=everyone)
    for table, lines in by_table(kept, "all-athletes").items():
        assert lines[0] == list(export.COLUMNS[table])

    # A wrong argument is explained, in his language, and nothing is sent.
    before = len(documents(api, tom))
    await tom.send("/export fr")
    answer = await wait_text(tom, said("EXPORT_USAGE", "es"))
    assert "/export fr" in answer.text
    assert len(documents(api, tom)) == before

    # Eve, a stranger, forges a press of the English-header picker: nothing of Ann's.
    ann_id = english["plans"][1][1]
    await eve.send("/start")
    await eve.next_message()
    press = await eve.press_data(f"exp:en:ath:{ann_id}")
    assert (await press.answer()).text
    press = await eve.press_data("exp:en:all")
    assert (await press.answer()).text
    assert not documents(api, eve)
