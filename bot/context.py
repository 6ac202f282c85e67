"""The typed context every handler gets: services, clock and the acting user."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.settings import Settings
from bot.trainer_notices import DoneNotices
from core import i18n, models
from core.clock import Clock
from core.ports import UnitOfWork
from core.services import people

RUNTIME_KEY = "coach.runtime"

# The person behind the update being processed, as the inbox read them with its claim
# (telegram id, their athlete row and trainer profile): the first actor() of the update
# uses it instead of a query of its own; any later one reads afresh (a handler may have
# changed their roles in between).
KNOWN_PERSON: ContextVar[tuple[int, tuple[models.Athlete, models.Trainer | None]] | None] = (
    ContextVar("coach_known_person", default=None)
)


@dataclass
class Runtime:
    settings: Settings
    uow: Callable[[], UnitOfWork]
    clock: Clock
    # The trainers' Done notices, paced per trainer (bot/trainer_notices.py).
    done_notices: DoneNotices


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
        known = KNOWN_PERSON.get()
        KNOWN_PERSON.set(None)
        actor = await people.identify(
            self.uow(),
            telegram_id=user.id,
            name=user.full_name[:128] or str(user.id),
            username=user.username,
            is_admin=user.id in self.runtime.settings.admin_ids,
            now=self.now(),
            language_code=user.language_code,
            known=known[1] if known is not None and known[0] == user.id else None,
        )
        # The rest of this update speaks the user's language (their choice wins).
        i18n.LANGUAGE.set(i18n.language_of(actor.athlete))
        return actor


def runtime_of(application: Application) -> Runtime:
    return application.bot_data[RUNTIME_KEY]
