"""``coach jobs tick``: reading --at, and refusing what it cannot do."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from coach.cli import _moment
from local_bot_api import FakeBotApiServer
from tests.bot.scheduling_helpers import cli_env, start_cli


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-30T08:00", datetime(2026, 11, 30, 7, tzinfo=UTC)),  # local: Berlin
        ("2026-11-30T08:00+00:00", datetime(2026, 11, 30, 8, tzinfo=UTC)),
        ("2026-11-30T08:00Z", datetime(2026, 11, 30, 8, tzinfo=UTC)),
        ("2026-07-06T08:00", datetime(2026, 7, 6, 6, tzinfo=UTC)),  # summer time
    ],
)
def test_at_is_read_in_the_default_timezone_unless_it_has_an_offset(
    text: str, expected: datetime
) -> None:
    assert _moment(text, "Europe/Berlin") == expected


async def test_a_bad_moment_or_a_missing_token_is_refused_clearly(
    api: FakeBotApiServer, tmp_path: Path
) -> None:
    env = cli_env(api, f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}")
    bad = await start_cli("jobs", "tick", "--at", "next monday", env=env, cwd=tmp_path)
    _, stderr = await bad.communicate()
    assert bad.returncode == 2
    assert "'next monday' is not an ISO-8601 moment" in stderr.decode()

    env["TELEGRAM_BOT_TOKEN"] = ""
    tokenless = await start_cli("jobs", "tick", env=env, cwd=tmp_path)
    _, stderr = await tokenless.communicate()
    assert tokenless.returncode == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in stderr.decode()
    assert api.calls() == []  # neither got as far as Telegram
