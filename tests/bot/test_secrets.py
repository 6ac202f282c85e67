"""The token and the webhook secret never reach a log line or a traceback, at any level.

``coach run`` is its own OS process writing to a log file; the tests read that file as an
operator (or a log shipper) would.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx

from local_bot_api import FakeBotApiServer
from tests.bot.conftest import wait_text
from tests.bot.scheduling_helpers import cli_env, start_cli
from tests.bot.test_startup_errors import closed_port

SECRET = "webhook-Secret_4711-never-printed"  # not token-shaped: only its name gives it away
START = {
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


async def _stop(process: asyncio.subprocess.Process) -> int:
    process.send_signal(signal.SIGINT)
    return await asyncio.wait_for(process.wait(), 30)


async def _run_webhook(
    api: FakeBotApiServer, tmp_path: Path, log: Path, **extra: str
) -> tuple[asyncio.subprocess.Process, str]:
    port = closed_port()
    url = f"http://127.0.0.1:{port}/telegram-hook"
    env = cli_env(
        api,
        f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}",
        COACH_WEBHOOK_URL=url,
        COACH_PORT=str(port),
        COACH_LOG_LEVEL="DEBUG",
        **extra,
    )
    process = await start_cli("run", env=env, cwd=tmp_path, log=log)
    await api.wait_until(lambda: api.webhook is not None and api.webhook.url == url, 30)
    return process, url


async def test_webhook_mode_at_debug_logs_neither_the_token_nor_the_secret(
    api: FakeBotApiServer, tmp_path: Path
) -> None:
    log = tmp_path / "coach.log"
    guess = "a-wrong-Guess_of_the-secret"
    process, url = await _run_webhook(api, tmp_path, log, COACH_WEBHOOK_SECRET=SECRET)
    try:
        assert api.webhook is not None and api.webhook.secret_token == SECRET
        async with httpx.AsyncClient() as client:
            wrong = await client.post(
                url, json=START, headers={"X-Telegram-Bot-Api-Secret-Token": guess}
            )
        assert wrong.status_code == 403
        ann = api.user(20, "Ann")  # the local Bot API posts with the right secret
        await ann.send("/start")
        await wait_text(ann, "I'm Coach", timeout=30)
    finally:
        assert await _stop(process) == 0
    output = log.read_text()
    assert " DEBUG " in output and "setWebhook" in output  # the calls were logged, redacted
    assert api.token not in output
    assert api.token.split(":")[1] not in output
    assert SECRET not in output
    assert guess not in output  # a near miss of the secret is as good as the secret


async def test_a_generated_webhook_secret_is_never_logged(
    api: FakeBotApiServer, tmp_path: Path
) -> None:
    log = tmp_path / "coach.log"
    process, _ = await _run_webhook(api, tmp_path, log)
    try:
        assert api.webhook is not None
        generated = api.webhook.secret_token
        assert generated and len(generated) >= 32
        ann = api.user(20, "Ann")
        await ann.send("/start")
        await wait_text(ann, "I'm Coach", timeout=30)
    finally:
        assert await _stop(process) == 0
    output = log.read_text()
    assert "setWebhook" in output
    assert generated not in output and api.token not in output


async def test_json_log_lines_parse_and_are_redacted(api: FakeBotApiServer, tmp_path: Path) -> None:
    log = tmp_path / "coach.log"
    env = cli_env(
        api,
        f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}",
        COACH_LOG_FORMAT="json",
        COACH_LOG_LEVEL="DEBUG",
    )
    process = await start_cli("run", env=env, cwd=tmp_path, log=log)
    try:
        ann = api.user(20, "Ann")
        await ann.send("/start")
        await wait_text(ann, "I'm Coach", timeout=30)
    finally:
        assert await _stop(process) == 0
    output = log.read_text()
    records = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert records and all({"time", "level", "logger", "message"} <= r.keys() for r in records)
    assert any(r["message"] == "starting with long polling" for r in records)
    assert any(r["level"] == "DEBUG" and "/bot<token>" in r["message"] for r in records)
    assert api.token not in output


def _python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "COACH_"))}
    clean["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    clean["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}"
    script = tmp_path / "program.py"
    script.write_text(textwrap.dedent(code))
    return subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


TOKEN = "7654321:AAH-real-looking_token-part-0123456789"


def test_an_uncaught_exception_is_printed_redacted(tmp_path: Path) -> None:
    """Whatever escapes, in the main thread or another, leaves its traceback without secrets."""
    result = _python(
        """
        import os, threading
        from bot.logs import configure_logging
        from bot.settings import Settings

        configure_logging(Settings())
        token, secret = os.environ["TELEGRAM_BOT_TOKEN"], os.environ["COACH_WEBHOOK_SECRET"]

        def worker():
            raise ConnectionError(f"POST https://api.telegram.org/bot{token}/getMe failed")

        thread = threading.Thread(target=worker, name="sender")
        thread.start()
        thread.join()
        raise RuntimeError(f"the token {token} was rejected; secret {secret}")
        """,
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        COACH_WEBHOOK_SECRET=SECRET,
    )
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "Exception in thread sender" in result.stderr
    assert "RuntimeError: the token <token> was rejected; secret <redacted>" in result.stderr
    assert "ConnectionError: POST https://api.telegram.org/bot<token>/getMe" in result.stderr
    assert TOKEN not in result.stderr and SECRET not in result.stderr
    assert TOKEN.split(":")[1] not in result.stderr


def test_a_token_shaped_string_is_redacted_before_the_settings_are_read(tmp_path: Path) -> None:
    """``coach`` hooks in first: even an exception before configuration hides tokens."""
    other = "5550001:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"  # not the configured token
    result = _python(
        f"""
        from bot.logs import install_excepthooks

        install_excepthooks()
        raise ValueError("cannot use {other}")
        """,
        tmp_path,
    )
    assert result.returncode == 1
    assert "ValueError: cannot use <token>" in result.stderr and other not in result.stderr


def test_json_exception_text_is_redacted(tmp_path: Path) -> None:
    result = _python(
        """
        import logging, os
        from bot.logs import configure_logging
        from bot.settings import Settings

        configure_logging(Settings())
        token, secret = os.environ["TELEGRAM_BOT_TOKEN"], os.environ["COACH_WEBHOOK_SECRET"]
        try:
            raise RuntimeError(f"send failed: bot{token} with {secret}")
        except RuntimeError:
            logging.getLogger("bot.errors").exception("update %s failed (%s)", 7, secret)
        logging.getLogger("bot.jobs").info("nested", extra={"detail": {"secret": secret}})
        """,
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        COACH_WEBHOOK_SECRET=SECRET,
        COACH_LOG_FORMAT="json",
    )
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stderr.splitlines())
    assert first["level"] == "ERROR" and first["logger"] == "bot.errors"
    assert first["message"] == "update 7 failed (<redacted>)"
    assert "RuntimeError: send failed: bot<token> with <redacted>" in first["exc_info"]
    assert second["detail"] == {"secret": "<redacted>"}
    assert TOKEN not in result.stderr and SECRET not in result.stderr
