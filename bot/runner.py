"""Running the bot for real: long polling, or a webhook when COACH_WEBHOOK_URL is set."""

from __future__ import annotations

import logging
import secrets
from urllib.parse import urlparse

from bot.app import ALLOWED_UPDATES, build_application
from bot.settings import Settings

log = logging.getLogger(__name__)


def run_bot(settings: Settings) -> int:
    application = build_application(settings)
    if settings.webhook_url:
        # Telegram sends the secret with every update; without one anybody could post updates.
        configured = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
        secret = configured or secrets.token_urlsafe(32)
        path = urlparse(settings.webhook_url).path.lstrip("/")
        log.info("starting in webhook mode on port %s", settings.port)
        application.run_webhook(
            listen="0.0.0.0",
            port=settings.port,
            url_path=path,
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=ALLOWED_UPDATES,
        )
    else:
        log.info("starting with long polling")
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
    return 0
