"""The layering rules of architecture.md, enforced."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    """bot -> core <- storage: core imports neither telegram nor sqlalchemy (import-linter)."""
    result = subprocess.run(
        [Path(sys.executable).with_name("lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_core_never_reads_the_wall_clock() -> None:
    reading = re.compile(r"datetime\.now\(|datetime\.utcnow\(|date\.today\(|time\.time\(")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "core").rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if reading.search(line)
    ]
    assert offenders == []


def test_handlers_hold_no_sql_and_no_orm() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "bot" / "handlers").glob("*.py")
        if re.search(r"^\s*(from|import) (sqlalchemy|storage)\b", path.read_text(), re.M)
    ]
    assert offenders == []
