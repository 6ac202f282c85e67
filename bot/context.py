"""The typed context every handler gets: services, clock and the acting user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.settings import Settings
from core import i18n, models
from core.clock import Clock
from core.ports import UnitOfWork
from core.services import people

RUNTIME_KEY = "coach.runtime"


@dataclass
class Runtime:
    settings: Settings
    uow: Callable[[], UnitOfWork]
    clock: Clock


class CoachContext(CallbackContext[ExtBot, dict, dict, dict]):
    @property
    def runtime(self) -> Runtime:
        return self.application.bot_data[RUNTIME_KEY]

    def uow(self) -> UnitOfWork:
        return self.runtime.uow()

    def now(self):
        return self.runtime.clock.now()

    @property
    def default_tz(self) -> str:
        return self.runtime.settings.default_timezone

    def timezone_of(self, athlete: models.Athlete) -> str:
        return athlete.timezone or self.default_tz

    async def actor(self, update: Update) -> models.Actor:
        """The user behind this update as the database knows them now."""
        user = update.effective_user
        assert user is not None, "updates without a user are filtered out before handlers"
        actor = await people.identify(
            self.uow(),
            telegram_id=user.id,
            name=user.full_name[:128] or str(user.id),
            username=user.username,
            is_admin=user.id in self.runtime.settings.admin_ids,
            now=self.now(),
            language_code=user.language_code,
        )
        # The rest of this update speaks the user's language (their choice wins).
        i18n.LANGUAGE.set(i18n.language_of(actor.athlete))
        return actor


def runtime_of(application: Application) -> Runtime:
    return application.bot_data[RUNTIME_KEY]
