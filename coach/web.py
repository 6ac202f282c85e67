"""The web server of ``coach run``: the ASGI app wired to the running bot, under uvicorn.

It runs in python-telegram-bot's event loop (its custom-webhook pattern): the bot's
Application is started by hand (bot.service), uvicorn serves this app beside it.
"""

from __future__ import annotations

from urllib.parse import urlparse

import uvicorn
from starlette.applications import Starlette
from starlette.routing import BaseRoute

from bot import i18n as _catalogs  # noqa: F401  (installs the translator web's texts use)
from bot.context import runtime_of
from bot.notices import TelegramNotices
from bot.observe import Observer
from bot.service import TelegramService
from bot.settings import Settings
from storage import status
from web.app import create_app, web_routes
from web.context import LedgerCounts, WebContext
from web.webhook import webhook_route


def web_context(service: TelegramService, observer: Observer | None = None) -> WebContext:
    application = service.application
    assert application is not None, "the bot is started first"
    runtime = runtime_of(application)
    settings = runtime.settings
    engine = application.bot_data["coach.engine"]
    assert settings.token is not None

    async def ping() -> None:
        await status.ping(engine)

    async def ledger() -> LedgerCounts:
        counts, backlog = await status.delivery_counts(engine)
        return LedgerCounts(by_kind_and_status=counts, backlog=backlog)

    return WebContext(
        uow=runtime.uow,
        clock=runtime.clock,
        bot_token=settings.token,
        admin_ids=settings.admin_ids,
        default_tz=settings.default_timezone,
        notices=TelegramNotices(application),
        ping_database=ping,
        ledger_counts=ledger,
        last_tick_age=observer.last_tick_age if observer else (lambda: None),
        tick_seconds=settings.tick_seconds,
    )


def build_web_app(
    service: TelegramService,
    observer: Observer | None = None,
    *,
    webhook_secret: str | None = None,
) -> Starlette:
    """Health, metrics, the API and the Mini App; the webhook too when given its secret."""
    settings = service.settings
    routes: list[BaseRoute] = []
    if webhook_secret is not None:
        assert settings.webhook_url and service.inbox is not None
        path = urlparse(settings.webhook_url).path or "/"
        routes.append(webhook_route(path, webhook_secret, service.inbox.receive))
    routes.extend(web_routes(web_context(service, observer)))
    return create_app(routes)


def web_server(app: Starlette, settings: Settings) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        host=settings.http_host,
        port=settings.port,
        log_config=None,  # ours (bot/logs.py), with its redaction
        access_log=False,
        lifespan="off",
    )
    return uvicorn.Server(config)
