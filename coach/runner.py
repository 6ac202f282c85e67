"""``coach run``: the bot, its update inbox, its scheduler and the web server.

Long polling unless COACH_WEBHOOK_URL is set. The web server (health, metrics, the
HTTP API, the Mini App; and the webhook in webhook mode) runs in webhook mode, and in
polling mode when COACH_PORT is set. The ASGI app runs under
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

import uvicorn

from bot.app import ALLOWED_UPDATES
from bot.logs import add_secret
from bot.observe import Observer
from bot.service import TelegramService
from bot.settings import Settings
from coach.web import build_web_app, web_server

log = logging.getLogger(__name__)


def run_bot(settings: Settings) -> int:
    return asyncio.run(serve(settings))


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> int:
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    webhook = bool(settings.webhook_url)
    observer = Observer()
    service = TelegramService(settings, extend=observer.install)
    await service.start(polling=not webhook)
    server: uvicorn.Server | None = None
    server_task: asyncio.Task[None] | None = None
    try:
        if webhook or serves_http(settings):
            server = _web_server(settings, service, observer, webhook=webhook)
            server_task = asyncio.create_task(server.serve(), name="web-server")
            while not server.started:
                if server_task.done():
                    raise SystemExit(f"the web server could not listen on port {settings.port}")
                await asyncio.sleep(0.05)
            log.info("serving HTTP on %s:%s", settings.http_host, settings.port)
        if webhook:
            assert server is not None
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


def serves_http(settings: Settings) -> bool:
    """Polling mode serves HTTP only when COACH_PORT was given (its default is for webhooks)."""
    return bool(settings.webhook_url) or "port" in settings.model_fields_set


def _web_server(
    settings: Settings, service: TelegramService, observer: Observer, *, webhook: bool
) -> uvicorn.Server:
    secret = None
    if webhook:
        # Telegram sends the secret with every update; without one anybody could post updates.
        configured = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
        secret = configured or secrets.token_urlsafe(32)
        add_secret(secret)  # coach/cli.py makes one up first; this covers serve() called directly
    app = build_web_app(service, observer, webhook_secret=secret)
    app.state.webhook_secret = secret
    return web_server(app, settings)
