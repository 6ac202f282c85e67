"""The Telegram webhook: an update is answered 200 only once it is committed to the inbox.

Telegram retries an update until it gets a 2xx, so answering after the commit means a
crash at any moment loses nothing: either the update is stored, or Telegram sends it
again. The secret Telegram was given travels in a header and is compared in constant
time; a wrong one gets 403 and is never logged.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

Receive = Callable[[list[dict[str, Any]]], Awaitable[None]]


def webhook_route(path: str, secret: str, receive: Receive) -> Route:
    expected = secret.encode()

    async def telegram_webhook(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("webhook request with a wrong secret from %s", _client(request))
            return JSONResponse({"error": "forbidden"}, status_code=403)
        try:
            payload = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            return JSONResponse({"error": "the body is not JSON"}, status_code=400)
        if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
            return JSONResponse({"error": "not a Telegram update"}, status_code=400)
        try:
            await receive([payload])
        except Exception:
            # Not stored: a 5xx makes Telegram send it again later.
            log.exception("could not store webhook update %s", payload.get("update_id"))
            return JSONResponse({"error": "try again"}, status_code=503)
        return Response(status_code=200)

    return Route("/" + path.lstrip("/"), telegram_webhook, methods=["POST"])


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"
