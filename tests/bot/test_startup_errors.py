"""What an operator sees when ``coach`` can't start: one line on stderr, exit 2, no secret.

Each case is ``coach`` as its own OS process against the real thing: a closed port, a
local Bot API that refuses a token, a database server that isn't there.
"""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

from local_bot_api import FakeBotApiServer
from tests.bot.scheduling_helpers import cli_env, start_cli
from tests.bot.test_cli import coach

TOKEN = "123456:" + "A" * 35
COMMANDS = (
    ["run"],
    ["db", "upgrade"],
    ["db", "current"],
    ["trainer", "add", "--telegram-id", "4242", "--name", "Tom"],
    ["jobs", "tick"],
)


def closed_port() -> int:
    """A loopback port nothing listens on (it was free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "COACH_"))}
    clean["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}"
    clean["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return clean


def one_line(result: subprocess.CompletedProcess[str], *never: str) -> str:
    """The single stderr line of a refused start (exit 2), which holds none of ``never``."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for secret in never:
        assert secret not in result.stderr and secret not in result.stdout
    return lines[0]


def test_a_malformed_token_is_refused_without_echoing_it(tmp_path: Path, env: dict) -> None:
    almost = "123456-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"  # a typo away from a real token
    result = coach("run", cwd=tmp_path, env={**env, "TELEGRAM_BOT_TOKEN": almost})
    line = one_line(result, almost, almost[7:])
    assert line.startswith("Configuration error: TELEGRAM_BOT_TOKEN is malformed")
    assert "@BotFather" in line


async def test_a_token_telegram_rejects_is_one_line(api: FakeBotApiServer, tmp_path: Path) -> None:
    foreign = "987654321:" + "Z" * 35  # well-formed, but not the local Bot API's token
    env = cli_env(api, f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}", TELEGRAM_BOT_TOKEN=foreign)
    for command in (["run"], ["jobs", "tick"]):
        process = await start_cli(*command, env=env, cwd=tmp_path)
        stdout, stderr = await process.communicate()
        result = subprocess.CompletedProcess(
            command, process.returncode, stdout.decode(), stderr.decode()
        )
        line = one_line(result, foreign, foreign.split(":")[1])
        assert line.startswith("coach: Telegram rejected TELEGRAM_BOT_TOKEN (Unauthorized)")
        assert "@BotFather" in line
    assert not api.calls("getUpdates") and not api.calls("setWebhook")


def test_telegram_unreachable_names_the_host_not_the_token(tmp_path: Path, env: dict) -> None:
    port = closed_port()
    env = {
        **env,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{port}/bot",
    }
    line = one_line(coach("run", cwd=tmp_path, env=env), TOKEN, TOKEN.split(":")[1])
    assert line.startswith(f"coach: cannot reach Telegram at 127.0.0.1:{port} ")
    assert "TELEGRAM_API_BASE_URL" in line


def test_an_unreachable_database_is_one_line_in_every_command(tmp_path: Path, env: dict) -> None:
    port = closed_port()
    password = "hunter2-database-password"
    env = {
        **env,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "DATABASE_URL": f"postgresql+asyncpg://coach:{password}@127.0.0.1:{port}/coach",
    }
    for command in COMMANDS:
        line = one_line(coach(*command, cwd=tmp_path, env=env), password, TOKEN)
        assert line.startswith(f"coach: cannot reach the database at 127.0.0.1:{port}: "), command


def test_an_sqlite_file_that_cannot_be_opened_is_one_line(tmp_path: Path, env: dict) -> None:
    path = tmp_path / "no-such-directory" / "coach.db"
    env = {**env, "TELEGRAM_BOT_TOKEN": TOKEN, "DATABASE_URL": f"sqlite+aiosqlite:///{path}"}
    for command in (["run"], ["db", "upgrade"]):
        line = one_line(coach(*command, cwd=tmp_path, env=env))
        assert line == (
            f"coach: cannot reach the database at the SQLite file {path}: "
            "OperationalError: unable to open database file"
        )


def test_a_driverless_unreachable_url_is_normalised_then_named(tmp_path: Path, env: dict) -> None:
    port = closed_port()
    for scheme in ("postgres", "postgresql"):
        url = f"{scheme}://coach:pw-secret@127.0.0.1:{port}/coach"
        line = one_line(coach("db", "upgrade", cwd=tmp_path, env={**env, "DATABASE_URL": url}))
        assert line.startswith(f"coach: cannot reach the database at 127.0.0.1:{port}: ")
        assert "pw-secret" not in line


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("definitely not a url", "DATABASE_URL is not a database URL, e.g. sqlite+aiosqlite"),
        ("mysql://coach:pw-secret@db/coach", "DATABASE_URL names the database 'mysql'"),
        (
            "postgresql+psycopg2://coach:pw-secret@db/coach",
            "DATABASE_URL names the driver postgresql+psycopg2, which Coach can't use; "
            "use postgresql+asyncpg",
        ),
    ],
)
def test_a_database_url_coach_cannot_use_is_one_line(
    tmp_path: Path, env: dict, url: str, expected: str
) -> None:
    line = one_line(coach("db", "upgrade", cwd=tmp_path, env={**env, "DATABASE_URL": url}))
    assert line.startswith(f"Configuration error: {expected}")
    assert "pw-secret" not in line


def test_a_bad_time_setting_names_the_variable_and_the_form(tmp_path: Path, env: dict) -> None:
    for variable, value in [
        ("COACH_WEEKLY_MESSAGE_TIME", "25:00"),
        ("COACH_REMINDER_TIME", "7am"),
        ("COACH_SUMMARY_TIME", "20:75"),
    ]:
        line = one_line(coach("run", cwd=tmp_path, env={**env, variable: value}))
        assert line == (
            f"Configuration error: {variable} must be a time of day as HH:MM (24-hour), "
            f"e.g. 08:00; got {value!r}"
        )


def test_every_configuration_problem_is_a_line_naming_its_variable(
    tmp_path: Path, env: dict
) -> None:
    env = {
        **env,
        "COACH_LOG_LEVEL": "LOUD",
        "COACH_LOG_FORMAT": "xml",
        "COACH_PORT": "eighty",
        "COACH_ADMIN_IDS": "12,abc",
    }
    result = coach("db", "upgrade", cwd=tmp_path, env=env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert sorted(result.stderr.splitlines()) == [
        "Configuration error: COACH_ADMIN_IDS must be comma-separated Telegram user ids, "
        "e.g. 12345,67890",
        "Configuration error: COACH_LOG_FORMAT must be text or json; got 'xml'",
        "Configuration error: COACH_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR; "
        "got 'LOUD'",
        "Configuration error: COACH_PORT: input should be a valid integer, unable to parse "
        "string as an integer (got 'eighty')",
    ]
