"""Bot API errors, worded exactly as Telegram words them.

python-telegram-bot picks its exception class from the HTTP status and shows the
``description`` verbatim, and handlers in the bot match on those words (for example
"message is not modified"), so the fake must reproduce both faithfully.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A Bot API call that Telegram would refuse; rendered as ``{"ok": false, ...}``."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def to_payload(self) -> dict[str, Any]:
        """The JSON body Telegram sends back for this error."""
        payload: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            payload["parameters"] = self.parameters
        return payload


def bad_request(detail: str) -> ApiError:
    """400: the request itself is wrong (bad chat, bad markup, nothing to edit, ...)."""
    return ApiError(400, f"Bad Request: {detail}")


def unauthorized() -> ApiError:
    """401: a well-formed token that is not this bot's."""
    return ApiError(401, "Unauthorized")


def forbidden(detail: str) -> ApiError:
    """403: the bot may not talk to this chat (blocked, not a member, ...)."""
    return ApiError(403, f"Forbidden: {detail}")


def not_found() -> ApiError:
    """404: unknown method or malformed token; Telegram says no more than this."""
    return ApiError(404, "Not Found")


def conflict(detail: str) -> ApiError:
    """409: another consumer of updates is active (a webhook or a second poller)."""
    return ApiError(409, f"Conflict: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    """429 with ``retry_after``, which python-telegram-bot turns into ``RetryAfter``."""
    return ApiError(
        429,
        f"Too Many Requests: retry after {retry_after}",
        parameters={"retry_after": retry_after},
    )


def blocked_by_user() -> ApiError:
    """403 for a private chat whose user blocked the bot."""
    return forbidden("bot was blocked by the user")


def message_not_modified() -> ApiError:
    """400 for an edit that changes nothing; bots commonly ignore exactly this error."""
    return bad_request(
        "message is not modified: specified new message content and reply markup are "
        "exactly the same as a current content and reply markup of the message"
    )
