"""Deployment: ``coach run`` migrates PostgreSQL on start when asked; the image builds."""

from __future__ import annotations

import asyncio
import shutil
import signal
import subprocess
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from local_bot_api import FakeBotApiServer
from tests.bot.conftest import wait_text
from tests.bot.scheduling_helpers import cli_env, start_cli
from tests.conftest import POSTGRES_SERVER, REQUIRE_POSTGRES, _admin, _asyncpg_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def empty_postgres() -> AsyncIterator[str]:
    """A PostgreSQL database with no schema at all, as a fresh container has."""
    name = f"coach_empty_{uuid.uuid4().hex[:12]}"
    try:
        await _admin(f'CREATE DATABASE "{name}"')
    except (OSError, asyncpg.PostgresError) as error:
        message = f"PostgreSQL not reachable at {POSTGRES_SERVER}: {error!r}"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield _asyncpg_url(name)
    finally:
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_coach_run_upgrades_postgres_on_start_behind_a_flag(
    api: FakeBotApiServer, empty_postgres: str, tmp_path: Path
) -> None:
    refused = await start_cli("run", env=cli_env(api, empty_postgres), cwd=tmp_path)
    _, stderr = await asyncio.wait_for(refused.communicate(), 60)
    assert refused.returncode == 2
    assert "coach db upgrade" in stderr.decode()

    env = cli_env(api, empty_postgres, COACH_MIGRATE_ON_START="1")
    process = await start_cli("run", env=env, cwd=tmp_path, log=tmp_path / "coach.log")
    try:
        ann = api.user(20, "Ann")
        await ann.send("/start")
        await wait_text(ann, "I'm Coach", timeout=60)
    finally:
        process.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(process.wait(), 30) == 0


def _docker_problem() -> str | None:
    if shutil.which("docker") is None:
        return "no docker command on this machine"
    probe = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        return "no Docker daemon answers on this machine (docker info failed)"
    return None


def test_the_image_builds_and_runs_as_a_user_not_root() -> None:
    problem = _docker_problem()
    if problem is not None:
        pytest.skip(f"image build not tested: {problem}")
    tag = f"coach-test:{uuid.uuid4().hex[:8]}"
    build = subprocess.run(
        ["docker", "build", "-t", tag, str(ROOT)], capture_output=True, text=True, timeout=1200
    )
    assert build.returncode == 0, build.stderr[-3000:]
    try:
        user = subprocess.run(
            ["docker", "run", "--rm", "--entrypoint", "id", tag, "-u"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert user.stdout.strip() not in ("", "0")
        version = subprocess.run(
            ["docker", "run", "--rm", "--entrypoint", "coach", tag, "--version"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert version.stdout.startswith("coach ")
    finally:
        subprocess.run(["docker", "rmi", "-f", tag], capture_output=True, timeout=120)
