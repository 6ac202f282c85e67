"""Update delivery with Telegram's semantics: long polling or a webhook, never both.

Updates stay pending until confirmed (``offset`` for polling, a 2xx answer for a
webhook), exactly like Telegram, so a bot that restarts mid-batch sees them again.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from local_bot_api.errors import conflict
from local_bot_api.state import ChangeSignal

# What Telegram sends when the bot never chose: everything but these three.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


@dataclass(frozen=True)
class WebhookConfig:
    """Where Telegram pushes updates, and the secret it sends along."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40


class UpdateQueue:
    """Pending updates plus the bot's choice of how to receive them."""

    def __init__(self) -> None:
        self._pending: list[dict[str, Any]] = []
        self.history: list[dict[str, Any]] = []  # every update ever queued, in order
        self._last_update_id = 0
        self._allowed: frozenset[str] | None = None
        self._poll_generation = 0
        self._closed = False
        self.signal = ChangeSignal()
        self.webhook: WebhookConfig | None = None
        self.last_error: tuple[int, str] | None = None  # (unix time, message) for getWebhookInfo

    @property
    def pending(self) -> list[dict[str, Any]]:
        return list(self._pending)

    @property
    def allowed_updates(self) -> list[str] | None:
        return sorted(self._allowed) if self._allowed is not None else None

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue an update of ``kind`` (``message``, ``callback_query``, ...)."""
        self._last_update_id += 1
        update = {"update_id": self._last_update_id, kind: payload}
        self._pending.append(update)
        self.history.append(update)
        self.signal.notify()
        return update

    def redeliver(self, update: dict[str, Any]) -> None:
        """Queue an update again under its own id, as Telegram does with one whose receipt
        was never confirmed (the bot stopped before its next getUpdates)."""
        self._pending = sorted([*self._pending, update], key=lambda u: u["update_id"])
        self.signal.notify()

    def set_allowed_updates(self, allowed: list[str] | None) -> None:
        """Like Telegram, an omitted list keeps the previous choice; [] means the default."""
        if allowed is not None:
            self._allowed = frozenset(allowed) if allowed else None

    def drop_pending(self) -> None:
        self._pending.clear()
        self.signal.notify()

    def confirm(self, update_id: int) -> None:
        """Forget one delivered update (a webhook answered it)."""
        self._pending = [u for u in self._pending if u["update_id"] != update_id]
        self.signal.notify()

    def set_webhook(self, config: WebhookConfig | None) -> None:
        self.webhook = config
        self.last_error = None
        self.signal.notify()

    def close(self) -> None:
        """Wake every long poll and the webhook worker so the server can stop at once."""
        self._closed = True
        self.signal.notify()

    async def get_updates(
        self, offset: int | None, limit: int, wait_seconds: float, allowed: list[str] | None
    ) -> list[dict[str, Any]]:
        """Long-poll: wait up to ``wait_seconds`` for an update past ``offset``.

        A newer getUpdates call ends this one with 409, as Telegram does when two
        instances of a bot poll at once.
        """
        if self.webhook is not None:
            raise conflict(
                "can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first"
            )
        self.set_allowed_updates(allowed)
        self._apply_offset(offset)
        self._poll_generation += 1
        generation = self._poll_generation
        self.signal.notify()
        if wait_seconds > 0:
            with contextlib.suppress(TimeoutError):
                await self.signal.wait_for(lambda: self._poll_can_return(generation), wait_seconds)
        if generation != self._poll_generation:
            raise conflict(
                "terminated by other getUpdates request; "
                "make sure that only one bot instance is running"
            )
        return self._deliverable()[:limit]

    async def next_for_webhook(self) -> tuple[WebhookConfig, dict[str, Any]] | None:
        """Wait until a webhook is set and an update is pending; None once closed."""
        await self.signal.wait_for(lambda: self._closed or self._webhook_work(), within=None)
        return None if self._closed else self._webhook_work()

    async def wait_closed(self, seconds: float) -> None:
        """Pause a retry for ``seconds``, ending early if the server stops."""
        with contextlib.suppress(TimeoutError):
            await self.signal.wait_for(lambda: self._closed, seconds)

    def _apply_offset(self, offset: int | None) -> None:
        if not offset:
            return
        if offset < 0:
            self._pending = self._pending[offset:]
        else:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]

    def _webhook_work(self) -> tuple[WebhookConfig, dict[str, Any]] | None:
        if self.webhook is None:
            return None
        updates = self._deliverable()
        return (self.webhook, updates[0]) if updates else None

    def _poll_can_return(self, generation: int) -> bool:
        return self._closed or generation != self._poll_generation or bool(self._deliverable())

    def _deliverable(self) -> list[dict[str, Any]]:
        """Pending updates of the kinds the bot asked for; others are dropped for good."""
        self._pending = [u for u in self._pending if self._is_allowed(u)]
        return list(self._pending)

    def _is_allowed(self, update: dict[str, Any]) -> bool:
        kind = next(key for key in update if key != "update_id")
        if self._allowed is None:
            return kind not in _OPT_IN_UPDATES
        return kind in self._allowed
