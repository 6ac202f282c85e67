"""``GET /metrics``: Prometheus text.

The bot records updates, handler latency and ticks in the process's default registry
(bot/observe.py); the ledger's numbers are read from the database at each scrape, so
every process reports the same, shared, truth about scheduled messages.
"""

from __future__ import annotations

import logging

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Gauge, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.models import DeliveryKind, DeliveryStatus
from web.context import WebContext

log = logging.getLogger(__name__)

# Every kind and status the ledger knows, each reported (0 when none) so that a new kind
# shows up in the metrics without anyone remembering to list it here.
KINDS = tuple(kind.value for kind in DeliveryKind)
STATUSES = tuple(status.value for status in DeliveryStatus)

DELIVERIES = Gauge(
    "coach_deliveries",
    "Scheduled messages in the delivery ledger, by kind and status (sent, failed, ...)",
    ["kind", "status"],
)
BACKLOG = Gauge(
    "coach_ledger_backlog",
    "Scheduled messages claimed or waiting for a retry",
)


def metrics_route(ctx: WebContext) -> Route:
    async def metrics(request: Request) -> Response:
        if ctx.ledger_counts is not None:
            try:
                counts = await ctx.ledger_counts()
            except Exception as error:
                log.warning("metrics: could not read the ledger: %s", type(error).__name__)
            else:
                for kind in KINDS:
                    for status in STATUSES:
                        DELIVERIES.labels(kind, status).set(
                            counts.by_kind_and_status.get((kind, status), 0)
                        )
                BACKLOG.set(counts.backlog)
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)

    return Route("/metrics", metrics, methods=["GET"])
