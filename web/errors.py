"""Errors as JSON: ``{"error": {"code", "message"}}`` with the fitting status, never a traceback."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from core import errors, i18n, web_texts
from core.services.api_tokens import BadTokenName, TokenNameTaken
from web.auth import Unauthorized

log = logging.getLogger(__name__)

# The most specific class first.
STATUS: list[tuple[type[Exception], int]] = [
    (errors.NotFound, 404),
    (errors.PermissionDenied, 403),
    (errors.PlanExists, 409),
    (errors.PlanLocked, 409),
    (errors.AlreadyATrainer, 409),
    (errors.WeekNotTickable, 409),
    (TokenNameTaken, 409),
    (errors.PlanTextError, 422),
    (errors.WeekBeforeFirstPlan, 422),
    (errors.WeekNotPlannable, 422),
    (errors.InvalidLogEntry, 422),
    (errors.OwnTrainer, 422),
    (errors.NobodyChosen, 422),
    (BadTokenName, 422),
    (errors.CoachError, 400),
]


def language(request: Request) -> str:
    """The caller's language, once the caller is known (web/api.py sets it); else English."""
    return getattr(request.state, "language", None) or i18n.DEFAULT


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def error_response(
    status: int, code: str, message: str, details: list | None = None
) -> JSONResponse:
    body: dict = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status)


def _code(error: Exception) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()


def install(app: FastAPI, identify: Callable[[Request], Awaitable[None]]) -> None:
    """``identify`` sets ``request.state.language`` from the caller when it can (web/api.py):
    a request refused before its endpoint ran (a body that is not JSON) is answered in
    the caller's language too."""

    async def _t(request: Request, msgid: str) -> str:
        if getattr(request.state, "language", None) is None:
            await identify(request)
        return i18n.gettext(msgid, language(request))

    @app.exception_handler(errors.CoachError)
    async def domain_error(request: Request, error: errors.CoachError) -> JSONResponse:
        status = next(code for kind, code in STATUS if isinstance(error, kind))
        # The English msgid, translated to the caller's language (_t).
        message = next(
            (text for kind, text in web_texts.ERRORS.items() if isinstance(error, kind)), str(error)
        )
        details = None
        if isinstance(error, errors.PlanTextError):
            details = [{"line": e.line, "message": e.message} for e in error.errors]
        return error_response(status, _code(error), await _t(request, message), details)

    @app.exception_handler(Unauthorized)
    async def unauthorized(request: Request, error: Unauthorized) -> JSONResponse:
        response = error_response(401, "unauthorized", str(error))
        response.headers["WWW-Authenticate"] = 'tma, Bearer realm="coach"'
        return response

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return error_response(error.status, error.code, await _t(request, error.message))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = error.errors()
        details = [
            {
                "field": ".".join(str(part) for part in p.get("loc", ())),
                "message": str(p.get("msg", "")),
            }
            for p in problems
        ]
        if any(p.get("type") == "json_invalid" for p in problems):
            return error_response(
                400, "bad_json", await _t(request, "The body is not valid JSON."), details
            )
        message = "; ".join(f"{d['field']}: {d['message']}" for d in details[:5])
        return error_response(
            422, "invalid", message or await _t(request, "The request is not valid."), details
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        return error_response(error.status_code, code, str(error.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error in %s %s", request.method, request.url.path)
        return error_response(500, "internal", "Something went wrong on our side.")
