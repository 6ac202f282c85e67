"""The Mini App beside ``coach sandbox``: the web server on loopback, and signed links.

In Telegram, the dashboard button opens the Mini App with launch parameters signed by
Telegram with the bot's token. The sandbox is its own Telegram, so it signs them itself
(with the local Bot API's token, exactly as Telegram would) and prints a link the person
trying the bot opens in a browser: the real web server and API, as that sandbox user.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from datetime import datetime
from urllib.parse import quote

import uvicorn

from bot.service import TelegramService
from coach.web import build_web_app
from web.app import MINI_APP_PATH
from web.auth import sign_init_data


class SandboxDashboard:
    """Implements bot.sandbox.Dashboard: listens from construction, serves once started."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.public_url = f"http://{host}:{self._socket.getsockname()[1]}"
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self, service: TelegramService) -> None:
        config = uvicorn.Config(
            build_web_app(service), log_config=None, access_log=False, lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[self._socket]))
        while not self._server.started:
            if self._task.done():
                self._task.result()  # its error, if it failed to start
                raise RuntimeError("the sandbox's web server stopped at once")
            await asyncio.sleep(0.02)

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            with contextlib.suppress(Exception):
                await self._task
        self._socket.close()

    def link(
        self, *, telegram_id: int, first_name: str, username: str | None, token: str, now: datetime
    ) -> str:
        user: dict[str, object] = {"id": telegram_id, "first_name": first_name}
        if username:
            user["username"] = username
        init_data = sign_init_data(
            {
                "user": json.dumps(user, separators=(",", ":")),
                "auth_date": str(int(now.timestamp())),
            },
            token,
        )
        return f"{self.public_url}{MINI_APP_PATH}#tgWebAppData={quote(init_data, safe='')}"
