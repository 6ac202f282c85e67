"""The command line as an operator uses it: separate processes, a real database."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from storage.migrate import head_revision, upgrade


def coach(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coach.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "COACH_"))}
    clean["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'ops.db'}"
    clean["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return clean


def test_db_upgrade_and_trainer_add(tmp_path: Path, env: dict[str, str]) -> None:
    upgraded = coach("db", "upgrade", cwd=tmp_path, env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "up to date" in upgraded.stdout
    added = coach(
        "trainer",
        "add",
        "--telegram-id",
        "4242",
        "--name",
        "Tom",
        "--specialization",
        "Running",
        cwd=tmp_path,
        env=env,
    )
    assert added.returncode == 0, added.stderr
    assert "Tom (Telegram id 4242) is a trainer now." in added.stdout
    again = coach("trainer", "add", "--telegram-id", "4242", "--name", "Tom", cwd=tmp_path, env=env)
    assert again.returncode == 1 and "already a trainer" in again.stderr


def test_run_refuses_without_a_token(tmp_path: Path, env: dict[str, str]) -> None:
    result = coach("run", cwd=tmp_path, env=env)
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "@BotFather" in result.stderr


def test_bad_configuration_is_explained(tmp_path: Path, env: dict[str, str]) -> None:
    env = {**env, "COACH_ADMIN_IDS": "12,abc", "COACH_DEFAULT_TIMEZONE": "Mars/Base"}
    result = coach("db", "upgrade", cwd=tmp_path, env=env)
    assert result.returncode == 2
    assert "COACH_ADMIN_IDS" in result.stderr and "Mars/Base" in result.stderr


def test_run_refuses_an_unmigrated_postgresql_database(
    tmp_path: Path, env: dict[str, str], postgres_url: str
) -> None:
    """coach run upgrades SQLite itself; a server database must be upgraded on purpose."""
    empty = postgres_url.rsplit("/", 1)[0] + "/postgres"  # exists, has no coach schema
    env = {**env, "DATABASE_URL": empty, "TELEGRAM_BOT_TOKEN": "123456:" + "A" * 35}
    for command in (["run"], ["jobs", "tick"]):
        result = coach(*command, cwd=tmp_path, env=env)
        assert result.returncode == 2
        assert "not at the latest schema" in result.stderr and "coach db upgrade" in result.stderr
    unreachable = {**env, "DATABASE_URL": "postgresql+asyncpg://postgres@127.0.0.1:1/none"}
    result = coach("run", cwd=tmp_path, env=unreachable)
    assert result.returncode == 2 and "cannot reach the database" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_is_printed_without_any_configuration(tmp_path: Path, env: dict[str, str]) -> None:
    result = coach("--version", cwd=tmp_path, env={**env, "COACH_PORT": "not read"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"coach {version('coach')}"


def test_db_current_says_where_the_schema_stands(tmp_path: Path, env: dict[str, str]) -> None:
    head = head_revision()
    database = tmp_path / "ops.db"
    missing = coach("db", "current", cwd=tmp_path, env=env)
    assert missing.returncode == 1
    assert (
        missing.stdout.strip() == f"none (an empty database; head is {head}: run coach db upgrade)"
    )
    assert not database.exists()  # asking changed nothing
    upgrade(env["DATABASE_URL"], "0001")
    behind = coach("db", "current", cwd=tmp_path, env=env)
    assert behind.returncode == 1
    assert behind.stdout.strip() == f"0001 (behind head {head}: run coach db upgrade)"
    assert coach("db", "upgrade", cwd=tmp_path, env=env).returncode == 0
    current = coach("db", "current", cwd=tmp_path, env=env)
    assert current.returncode == 0, current.stderr
    assert current.stdout.strip() == f"{head} (head)"


def test_driverless_database_urls_are_given_their_driver(
    tmp_path: Path, env: dict[str, str], postgres_url: str
) -> None:
    """``sqlite:///x.db`` and ``postgres://...`` (as hosting providers hand them out) work."""
    sqlite = {**env, "DATABASE_URL": "sqlite:///plain.db"}
    assert coach("db", "upgrade", cwd=tmp_path, env=sqlite).returncode == 0
    assert (tmp_path / "plain.db").exists()
    assert coach("db", "current", cwd=tmp_path, env=sqlite).stdout.endswith("(head)\n")
    for scheme in ("postgres://", "postgresql://"):
        plain = {**env, "DATABASE_URL": postgres_url.replace("postgresql+asyncpg://", scheme)}
        result = coach("db", "current", cwd=tmp_path, env=plain)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"{head_revision()} (head)"


def test_migrations_are_quiet_unless_debugging(tmp_path: Path, env: dict[str, str]) -> None:
    quiet = coach("db", "upgrade", cwd=tmp_path, env=env)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""  # no "Context impl SQLiteImpl.", no "Running upgrade"
    debug = {**env, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'debug.db'}"}
    loud = coach("db", "upgrade", cwd=tmp_path, env={**debug, "COACH_LOG_LEVEL": "debug"})
    assert loud.returncode == 0, loud.stderr
    assert "Context impl SQLiteImpl" in loud.stderr and "Running upgrade" in loud.stderr
