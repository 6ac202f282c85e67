"""The Telegram side of a running Coach: the Application, started by hand, fed by the inbox.

``coach run`` (coach/runner.py), the sandbox and the end-to-end tests all start the bot
through this one class, so they all run the same update path.
"""

from __future__ import annotations

from collections.abc import Callable

from telegram.ext import Application

from bot.app import ALLOWED_UPDATES, build_application, release
from bot.context import runtime_of
from bot.inbox import InboxRunner
from bot.settings import Settings
from core.clock import Clock
from storage.checkpoints import Checkpoints


class TelegramService:
    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        rate_limit: bool = True,
        workers: int | None = None,
        idle_check_seconds: float | None = None,
        extend: Callable[[Application], None] | None = None,
    ) -> None:
        self.settings = settings
        self._clock = clock
        self._rate_limit = rate_limit
        self._workers = settings.workers if workers is None else workers
        self._idle_check = idle_check_seconds
        self._extend = extend  # e.g. the sandbox's handler that watches what was processed
        self.application: Application | None = None
        self.inbox: InboxRunner | None = None
        self._checkpoints: Checkpoints | None = None

    async def start(self, *, polling: bool = True) -> TelegramService:
        application = build_application(
            self.settings, clock=self._clock, rate_limit=self._rate_limit
        )
        if self._extend is not None:
            self._extend(application)
        await application.initialize()
        if application.post_init is not None:
            await application.post_init(application)  # run_polling would have called it
        await application.start()  # the job queue: scheduled messages
        self.inbox = InboxRunner(
            application,
            application.bot_data["coach.engine"],
            workers=self._workers,
            allowed_updates=ALLOWED_UPDATES,
            idle_check_seconds=self._idle_check,
        )
        await self.inbox.start()
        if polling:
            await self.inbox.start_polling()
        self._checkpoints = Checkpoints(application.bot_data["coach.engine"])
        self._checkpoints.start()  # SQLite's only
        self.application = application
        return self

    async def stop(self) -> None:
        application, self.application = self.application, None
        inbox, self.inbox = self.inbox, None
        if application is None:
            return
        try:
            if inbox is not None:
                await inbox.stop()
            await runtime_of(application).done_notices.close()  # what waits goes now
            if application.running:
                await application.stop()
            await application.shutdown()
        finally:
            checkpoints, self._checkpoints = self._checkpoints, None
            try:
                if checkpoints is not None:
                    await checkpoints.stop()  # and a last one, before the pool closes
            finally:
                await release(application)
