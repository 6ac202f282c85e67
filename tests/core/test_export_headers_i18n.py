"""The export's header rows in the exporter's language, on real SQLite and PostgreSQL.

The expected headers are read from the .po catalogs themselves (not written out here),
so a test fails if the export ignores the language, falls back to English, or the
catalog loses a column. Everything but the header row is the same in every language.
"""

from __future__ import annotations

import csv
import functools
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

import bot.i18n  # installs the catalogs behind core.i18n.gettext
from core import i18n
from core.services import export
from tests.conftest import NOW

TABLES = ("plans", "workouts", "exercises", "logs", "check_ins", "records")


def catalog_header(table: str, language: str) -> list[str]:
    if language == i18n.DEFAULT:
        return list(export.COLUMNS[table])
    catalog = _catalog(language)
    return [catalog.get(column).string for column in export.COLUMNS[table]]


@functools.cache
def _catalog(language: str) -> Catalog:
    """The .po file itself, read once per run (it is asked for about sixty times)."""
    with bot.i18n.po_path(language).open("rb") as po:
        return read_po(po, locale=language)


def _lines(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _fresh(directory: Path) -> Path:
    directory.mkdir()
    return directory


async def _export(uow, actor, directory: Path, **options) -> dict[str, list[list[str]]]:
    result = await export.export_athletes(uow(), actor, directory, **options)
    assert [f.path.name for f in result.files] == [f"{t}.csv" for t in TABLES]  # names stay
    return {f.table: _lines(f.path) for f in result.files}


@pytest.mark.parametrize("language", ["ru", "es"])
def test_every_header_is_translated_and_unique_within_its_file(language) -> None:
    for table in TABLES:
        header = catalog_header(table, language)
        assert all(header), table
        assert len(set(header)) == len(header), table  # csv.DictReader keys stay distinct
        assert not set(header) & set(export.COLUMNS[table]), table  # none left in English
        assert list(export.header(table, language)) == header


@pytest.mark.parametrize("language", ["ru", "es"])
async def test_an_export_has_its_header_rows_in_the_language_asked(
    uow, users, tmp_path, language
) -> None:
    coach = await users.trainer("Coach")
    ann = await users.athlete_of(coach, "Ann")
    async with uow() as u:
        await u.checkins.save(
            ann.athlete_id,
            date(2026, 11, 16),
            now=NOW,
            answered_at=NOW,
            energy=3,
            body_weight_kg=72.4,
            note="knee, sore",
        )
        await u.commit()

    english = await _export(uow, ann, _fresh(tmp_path / "en"))
    # The language travels with the call: the current one (a ContextVar) is another, and
    # the files are written in a worker thread.
    other = "es" if language == "ru" else "ru"
    with i18n.using(other):
        local = await _export(uow, ann, _fresh(tmp_path / language), language=language)
        default = await _export(uow, ann, _fresh(tmp_path / "default"))

    for table in TABLES:
        assert english[table][0] == list(export.COLUMNS[table])
        assert default[table][0] == list(export.COLUMNS[table])  # no language: English
        assert local[table][0] == catalog_header(table, language)
        assert local[table][0] != english[table][0]
        assert local[table][1:] == english[table][1:]  # ISO dates, dot decimals, units
    (row,) = local["check_ins"][1:]
    assert row[1] == "2026-11-16" and row[5:8] == ["72.4", "kg", "72.4"]
