"""The ASGI app: one Starlette application for everything served over HTTP.

The Telegram webhook, ``/healthz``, ``/metrics``, the HTTP API under ``/api`` (a
FastAPI app: its OpenAPI document at ``/api/openapi.json``) and the Mini App's
files under ``/app/``.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import RedirectResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from web.api import create_api
from web.context import WebContext
from web.health import health_route
from web.metrics import metrics_route

STATIC = Path(__file__).parent / "static"
MINI_APP_PATH = "/app/"


def create_app(routes: list[BaseRoute]) -> Starlette:
    return Starlette(routes=routes)


def web_routes(ctx: WebContext) -> list[BaseRoute]:
    """Everything but the webhook, which only webhook mode has."""

    async def to_mini_app(request):
        return RedirectResponse(MINI_APP_PATH)

    return [
        health_route(ctx),
        metrics_route(ctx),
        Mount("/api", app=create_api(ctx)),
        Route("/app", to_mini_app),
        Mount("/app", app=StaticFiles(directory=STATIC, html=True), name="mini-app"),
    ]
