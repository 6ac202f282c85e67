"""``coach sandbox``: /export in the person's language (header rows from the catalog),
and ``/export en`` with the English column ids; the files are saved to look at."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from bot.sandbox import MEDIA_DIRECTORY
from core.services import export
from tests.bot.test_sandbox import after, coach
from tests.bot.test_sandbox_language import _text
from tests.core.test_export_headers_i18n import catalog_header


def _headers(tmp_path: Path) -> dict[str, list[str]]:
    headers = {}
    for path in sorted((tmp_path / MEDIA_DIRECTORY).glob("coach-ann-*.csv")):
        table = next(t for t in export.COLUMNS if path.name.startswith(f"coach-ann-{t}-"))
        with path.open(encoding="utf-8", newline="") as handle:
            headers[table] = next(csv.reader(handle))
    assert sorted(headers) == sorted(export.COLUMNS)
    return headers


def test_the_sandbox_exports_in_the_persons_language(tmp_path: Path) -> None:
    result = coach(tmp_path, "sandbox", script="/as ann\n/lang ru\n/export\n/quit\n")
    assert result.returncode == 0, result.stderr
    done = _text("EXPORT_DONE", "ru").split("{")[0]
    assert done in after(result.stdout, "Ann> /export")
    assert _headers(tmp_path) == {t: catalog_header(t, "ru") for t in export.COLUMNS}

    shutil.rmtree(tmp_path / MEDIA_DIRECTORY)
    result = coach(tmp_path, "sandbox", script="/as ann\n/lang ru\n/export en\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert done in after(result.stdout, "Ann> /export en")
    assert _headers(tmp_path) == {t: list(c) for t, c in export.COLUMNS.items()}
