"""The composition root: settings, database, services and handlers become one Application."""

from __future__ import annotations

from telegram.ext import Application, ApplicationBuilder, ContextTypes

from bot.clock import SystemClock
from bot.context import RUNTIME_KEY, CoachContext, Runtime
from bot.errors import on_error
from bot.handlers import (
    athlete_groups,
    athletes,
    card,
    dialogues,
    done,
    export,
    fallback,
    groups,
    history,
    invite,
    language,
    maxes,
    profile,
    programs,
    progress,
    relay,
    start,
    templates,
    today,
    trainers,
    week,
)
from bot.handlers import (
    settings as settings_handlers,
)
from bot.jobs import rate_limiter, schedule_deliveries
from bot.menus import set_dashboard_button, set_default_menu
from bot.settings import Settings
from bot.telegram_http import AiohttpRequest
from bot.trainer_notices import DoneNotices
from core.clock import Clock
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWork

# Dialogues come first so that their buttons and texts win over the plain handlers.
DIALOGUES = dialogues.HANDLERS
COMMANDS = [
    *start.HANDLERS,
    *today.HANDLERS,
    *week.HANDLERS,
    *done.HANDLERS,
    *history.HANDLERS,
    *settings_handlers.HANDLERS,
    *trainers.HANDLERS,
    *invite.HANDLERS,
    *athletes.HANDLERS,
    *card.HANDLERS,
    *profile.HANDLERS,
    *progress.HANDLERS,
    *export.HANDLERS,
    *programs.HANDLERS,
    *maxes.HANDLERS,
    *templates.HANDLERS,
    *athlete_groups.HANDLERS,
    *language.HANDLERS,
]
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    rate_limit: bool = True,
) -> Application:
    """The whole bot; ``bot.service.TelegramService`` starts it and feeds it updates."""
    if not settings.token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    # Each inbox worker holds a connection for its whole update; the poller, the scheduler
    # and a handler's own extra work need a few more.
    # On SQLite, WAL checkpoints run beside the updates, not inside one of their commits
    # (storage/checkpoints.py; TelegramService runs them).
    engine = create_engine(
        settings.database_url, pool_size=settings.workers + 5, background_checkpoints=True
    )
    session_factory = create_session_factory(engine)
    builder: ApplicationBuilder = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.file_base_url)
        .context_types(ContextTypes(context=CoachContext))
        # Updates come from bot/inbox.py, not from python-telegram-bot's Updater.
        .updater(None)
        # aiohttp, not httpx: a third of the CPU per Bot API call (bot/telegram_http.py).
        # getUpdates keeps a pool of its own, as python-telegram-bot's default does.
        .request(AiohttpRequest())
        .get_updates_request(AiohttpRequest(connection_pool_size=1))
        .post_init(_post_init)
    )
    if rate_limit:
        builder = builder.rate_limiter(rate_limiter())
    application = builder.build()

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(session_factory)

    clock = clock or SystemClock()
    application.bot_data[RUNTIME_KEY] = Runtime(
        settings=settings,
        uow=uow,
        clock=clock,
        done_notices=DoneNotices(application.bot, uow, clock),
    )
    application.bot_data["coach.engine"] = engine
    register_handlers(application)
    schedule_deliveries(application)
    return application


def register_handlers(application: Application) -> None:
    # Separate groups: in one group only the first matching handler runs.
    application.add_handler(groups.GUARD, group=-2)
    application.add_handler(groups.MEMBERSHIP, group=-1)
    application.add_handlers([*DIALOGUES, *COMMANDS, *relay.HANDLERS, *fallback.HANDLERS])
    application.add_error_handler(on_error)


async def _post_init(application: Application) -> None:
    await set_default_menu(application.bot)
    mini_app_url = application.bot_data[RUNTIME_KEY].settings.mini_app_url
    if mini_app_url:
        await set_dashboard_button(application.bot, mini_app_url)


async def release(application: Application) -> None:
    """Close the database pool (``TelegramService.stop`` calls it after shutdown)."""
    await application.bot_data["coach.engine"].dispose()
