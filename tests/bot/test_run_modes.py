"""``coach run`` as an operator starts it: its own process, polling or a webhook."""

from __future__ import annotations

import asyncio
import signal
import socket
from pathlib import Path

import httpx

from local_bot_api import FakeBotApiServer
from tests.bot.conftest import wait_text
from tests.bot.scheduling_helpers import cli_env, start_cli


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _stop(process: asyncio.subprocess.Process) -> int:
    process.send_signal(signal.SIGINT)  # what Ctrl-C or a service manager sends
    return await asyncio.wait_for(process.wait(), 30)


async def test_coach_run_polls_answers_and_keeps_the_token_out_of_its_log(
    api: FakeBotApiServer, tmp_path: Path
) -> None:
    log = tmp_path / "coach.log"
    env = cli_env(api, f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}")
    process = await start_cli("run", env=env, cwd=tmp_path, log=log)
    try:
        ann = api.user(20, "Ann")
        await ann.send("/start")
        await wait_text(ann, "I'm Coach", timeout=30)
        assert api.commands({"type": "all_private_chats"})  # the default menu was set
    finally:
        assert await _stop(process) == 0
    output = log.read_text()
    assert "starting with long polling" in output
    assert api.token not in output


async def test_coach_run_in_webhook_mode_checks_the_secret(
    api: FakeBotApiServer, tmp_path: Path
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram-hook"
    env = cli_env(
        api,
        f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}",
        COACH_WEBHOOK_URL=url,
        COACH_WEBHOOK_SECRET="right-secret",
        COACH_PORT=str(port),
    )
    process = await start_cli("run", env=env, cwd=tmp_path, log=tmp_path / "coach.log")
    try:
        await api.wait_until(lambda: api.webhook is not None and api.webhook.url == url, 30)
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 66, "type": "private"},
                "from": {"id": 66, "is_bot": False, "first_name": "Eve"},
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
        async with httpx.AsyncClient() as client:
            wrong = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            )
        assert wrong.status_code == 403
        ann = api.user(20, "Ann")  # the local Bot API posts with the secret it was given
        await ann.send("/start")
        await wait_text(ann, "I'm Coach", timeout=30)
        assert not api.calls("sendMessage", chat_id=66)
    finally:
        assert await _stop(process) == 0
