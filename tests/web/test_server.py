"""The web server as ``coach run`` serves it: health, metrics, the menu button, the Mini App."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import time
from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import SettableClock
from local_bot_api import FakeBotApiServer
from storage import status
from storage.db import create_engine
from tests.bot.conftest import wait_text
from tests.bot.scheduling_helpers import cli_env, start_cli
from tests.conftest import NOW
from web.app import create_app, web_routes
from web.auth import sign_init_data
from web.context import WebContext


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _get(url: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=10) as client:
        return await client.get(url)


async def _metrics_once_handled(base: str) -> str:
    """/metrics, once a handler's time was counted (another process: a bounded re-check)."""
    async with asyncio.timeout(10):
        while True:
            metrics = (await _get(f"{base}/metrics")).text
            if _sample(metrics, "coach_handler_seconds_count") >= 1:
                return metrics
            await asyncio.sleep(0.05)


async def _wait_for_server(url: str, process: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.returncode is None, "coach run exited"
        try:
            await _get(url)
            return
        except httpx.TransportError:
            await asyncio.sleep(0.2)
    raise AssertionError(f"nothing listened at {url}")


async def test_coach_run_polling_with_a_port_serves_health_metrics_and_the_mini_app(
    api: FakeBotApiServer, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = cli_env(
        api,
        f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}",
        COACH_PORT=str(port),
        COACH_PUBLIC_URL="https://coach.example.com",
    )
    log = tmp_path / "coach.log"
    process = await start_cli("run", env=env, cwd=tmp_path, log=log)
    try:
        await _wait_for_server(f"{base}/healthz", process)
        health = await _get(f"{base}/healthz")
        assert health.status_code == 200
        assert health.json() == {"status": "ok", "database": "ok", "last_tick_age_seconds": None}

        ann = api.user(20, "Ann")
        await ann.send("/start")
        await wait_text(ann, "I'm Coach", timeout=30)
        # The reply goes out inside the handler; its time is counted once it returns.
        metrics = await _metrics_once_handled(base)
        assert _sample(metrics, 'coach_updates_total{type="message"}') >= 1
        assert _sample(metrics, "coach_handler_seconds_count") >= 1
        assert 'coach_deliveries{kind="summary",status="sent"} 0.0' in metrics
        assert "coach_ledger_backlog 0.0" in metrics

        menu = api.menu_button(None)
        assert menu is not None and menu["type"] == "web_app"
        assert menu["web_app"]["url"] == "https://coach.example.com/app/"
        page = await _get(f"{base}/app/")
        assert page.status_code == 200 and "<title>Coach</title>" in page.text
        # No webhook in polling mode.
        assert (await _get(f"{base}/api/openapi.json")).status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(process.wait(), 30) == 0
    output = log.read_text()
    assert f"serving HTTP on 127.0.0.1:{port}" in output
    assert api.token not in output


async def test_coach_run_polling_without_a_port_serves_nothing(
    api: FakeBotApiServer, tmp_path: Path
) -> None:
    env = cli_env(api, f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}")
    log = tmp_path / "coach.log"
    process = await start_cli("run", env=env, cwd=tmp_path, log=log)
    try:
        ann = api.user(20, "Ann")
        await ann.send("/start")
        await wait_text(ann, "I'm Coach", timeout=30)
    finally:
        process.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(process.wait(), 30) == 0
    assert "serving HTTP" not in log.read_text()
    assert api.menu_button(None) is None  # no COACH_PUBLIC_URL, no Mini App button


def _sample(metrics: str, name: str) -> float:
    for line in metrics.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in the metrics")


# --- /healthz on its own, against databases that answer and that don't ------------------


def _health_client(engine: AsyncEngine, **extra) -> httpx.AsyncClient:
    async def ping() -> None:
        await status.ping(engine)

    context = WebContext(
        uow=lambda: None,  # health never opens a unit of work
        clock=SettableClock(NOW),
        bot_token="1:x",
        ping_database=ping,
        **extra,
    )
    transport = httpx.ASGITransport(app=create_app(web_routes(context)))
    return httpx.AsyncClient(transport=transport, base_url="http://coach.test")


async def test_healthz_is_ok_with_the_database_answering(engine: AsyncEngine) -> None:
    async with _health_client(engine, last_tick_age=lambda: 12.34) as client:
        response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "last_tick_age_seconds": 12.3}


async def test_healthz_is_503_when_the_database_is_unreachable() -> None:
    # Nothing listens on port 1. (An SQLite file that can't be opened would do too, but
    # aiosqlite leaves the failed connection's thread behind to trip over the closed loop.)
    engine = create_engine("postgresql+asyncpg://postgres@127.0.0.1:1/nowhere")
    try:
        async with _health_client(engine) as client:
            response = await client.get("/healthz")
    finally:
        await engine.dispose()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["database"] == "unreachable"
    assert "database" in body["reason"]


async def test_healthz_is_503_when_the_scheduler_stalled(engine: AsyncEngine) -> None:
    async with _health_client(engine, last_tick_age=lambda: 3600.0, tick_seconds=60) as client:
        response = await client.get("/healthz")
    assert response.status_code == 503
    assert "scheduler" in response.json()["reason"]


def test_init_data_signing_matches_telegrams_published_rule() -> None:
    # Telegram's rule, computed here independently of web.auth: key = HMAC("WebAppData", token).
    import hashlib
    import hmac
    from urllib.parse import parse_qsl

    token = "42:secret"
    fields = {"auth_date": "1700000000", "user": json.dumps({"id": 7, "first_name": "A"})}
    signed = dict(parse_qsl(sign_init_data(fields, token)))
    check = f"auth_date=1700000000\nuser={fields['user']}"
    key = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    assert signed["hash"] == hmac.new(key, check.encode(), hashlib.sha256).hexdigest()


# --- operator tokens from the command line, used over HTTP ------------------------------


async def test_an_operator_token_from_the_cli_works_until_revoked(
    api: FakeBotApiServer, tmp_path: Path
) -> None:
    from tests.bot.scheduling_helpers import run_cli

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = cli_env(api, f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}", COACH_PORT=str(port))
    await run_cli("db", "upgrade", env=env, cwd=tmp_path)
    token = (
        await run_cli("api", "token", "create", "--name", "ops", "--admin", env=env, cwd=tmp_path)
    ).strip()
    assert token.startswith("coach_")
    listed = await run_cli("api", "token", "list", env=env, cwd=tmp_path)
    assert "ops\tadmin\tlive" in listed and token not in listed
    process = await start_cli("run", env=env, cwd=tmp_path, log=tmp_path / "coach.log")
    try:
        await _wait_for_server(f"{base}/healthz", process)
        async with httpx.AsyncClient(base_url=base, timeout=10) as client:
            bearer = {"Authorization": f"Bearer {token}"}
            assert (await client.get("/api/training/trainers", headers=bearer)).status_code == 200
            await run_cli("api", "token", "revoke", "--name", "ops", env=env, cwd=tmp_path)
            refused = await client.get("/api/training/trainers", headers=bearer)
            assert refused.status_code == 401
    finally:
        process.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(process.wait(), 30) == 0
    assert token not in (tmp_path / "coach.log").read_text()


async def test_webhook_mode_serves_the_whole_app_beside_the_webhook(
    api: FakeBotApiServer, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = cli_env(
        api,
        f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}",
        COACH_WEBHOOK_URL=f"{base}/telegram-hook",
        COACH_WEBHOOK_SECRET="right-secret",
        COACH_PORT=str(port),
    )
    process = await start_cli("run", env=env, cwd=tmp_path, log=tmp_path / "coach.log")
    try:
        await api.wait_until(lambda: api.webhook is not None, 30)
        ann = api.user(20, "Ann")
        await ann.send("/start")  # through the webhook
        await wait_text(ann, "I'm Coach", timeout=30)
        assert (await _get(f"{base}/healthz")).status_code == 200
        metrics = (await _get(f"{base}/metrics")).text
        assert _sample(metrics, 'coach_updates_total{type="message"}') >= 1
        assert (await _get(f"{base}/app/")).status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(process.wait(), 30) == 0
