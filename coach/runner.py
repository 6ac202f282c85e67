"""``coach run``: the bot, its update inbox, its scheduler and (for a webhook) the web server.

Long polling unless COACH_WEBHOOK_URL is set. With a webhook the ASGI app runs under
uvicorn in the same event loop as python-telegram-bot (its "custom webhook" pattern:
the Application started by hand, the web server run by uvicorn), and Telegram's
updates go straight into the inbox. Several processes may run against one PostgreSQL
database: one polls (whoever holds the polling lock), all process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal
from urllib.parse import urlparse

import uvicorn

from bot.app import ALLOWED_UPDATES
from bot.logs import add_secret
from bot.service import TelegramService
from bot.settings import Settings
from web.app import create_app
from web.webhook import webhook_route

log = logging.getLogger(__name__)


def run_bot(settings: Settings) -> int:
    return asyncio.run(serve(settings))


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> int:
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    webhook = bool(settings.webhook_url)
    service = TelegramService(settings)
    await service.start(polling=not webhook)
    server: uvicorn.Server | None = None
    server_task: asyncio.Task[None] | None = None
    try:
        if webhook:
            server = _webhook_server(settings, service)
            server_task = asyncio.create_task(server.serve(), name="web-server")
            while not server.started:
                if server_task.done():
                    raise SystemExit(f"the web server could not listen on port {settings.port}")
                await asyncio.sleep(0.05)
            await service.application.bot.set_webhook(
                url=settings.webhook_url,
                secret_token=server.config.app.state.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
            log.info("starting in webhook mode on port %s", settings.port)
        else:
            log.info("starting with long polling")
        waiters = [asyncio.create_task(stop.wait())]
        if server_task is not None:
            waiters.append(server_task)
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if server is not None and server_task is not None:
            server.should_exit = True
            with contextlib.suppress(Exception):
                await server_task
        await service.stop()
    return 0


def _webhook_server(settings: Settings, service: TelegramService) -> uvicorn.Server:
    # Telegram sends the secret with every update; without one anybody could post updates.
    configured = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    secret = configured or secrets.token_urlsafe(32)
    add_secret(secret)  # coach/cli.py makes one up first; this covers serve() called directly
    path = urlparse(settings.webhook_url).path or "/"
    assert service.inbox is not None
    app = create_app([webhook_route(path, secret, service.inbox.receive)])
    app.state.webhook_secret = secret
    config = uvicorn.Config(
        app,
        host=settings.http_host,
        port=settings.port,
        log_config=None,  # ours (bot/logs.py), with its redaction
        access_log=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    return server
