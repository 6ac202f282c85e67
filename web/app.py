"""The ASGI app: one Starlette application for everything served over HTTP."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import BaseRoute


def create_app(routes: list[BaseRoute]) -> Starlette:
    return Starlette(routes=routes)
