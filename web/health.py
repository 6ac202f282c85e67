"""``GET /healthz``: 200 while the database answers and the scheduler ticks; 503 otherwise."""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from web.context import WebContext

log = logging.getLogger(__name__)

PING_TIMEOUT_SECONDS = 3.0


def stale_after(tick_seconds: float) -> float:
    """A tick may be late or long (a broadcast); three missed ones are a stalled scheduler."""
    return 3 * tick_seconds + 60


def health_route(ctx: WebContext) -> Route:
    async def healthz(request: Request) -> JSONResponse:
        age = ctx.last_tick_age()
        body: dict = {
            "status": "ok",
            "database": "ok",
            "last_tick_age_seconds": None if age is None else round(age, 1),
        }
        problems = []
        if ctx.ping_database is not None:
            try:
                await asyncio.wait_for(ctx.ping_database(), PING_TIMEOUT_SECONDS)
            except Exception as error:  # any failure to answer is "unreachable"
                log.warning("health check: the database did not answer: %s", type(error).__name__)
                body["database"] = "unreachable"
                problems.append("the database is unreachable")
        if age is not None and age > stale_after(ctx.tick_seconds):
            problems.append(f"the scheduler has not ticked for {round(age)} s")
        if problems:
            body["status"] = "unavailable"
            body["reason"] = "; ".join(problems)
            return JSONResponse(body, status_code=503)
        return JSONResponse(body)

    return Route("/healthz", healthz, methods=["GET"])
