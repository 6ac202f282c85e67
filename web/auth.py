"""Who is calling: a Telegram Mini App user (signed initData) or an operator (a token).

Telegram's rule for initData: the data-check string is every field but ``hash``,
sorted by key, as ``key=value`` lines; the key is HMAC-SHA256("WebAppData", bot
token); the hash is HMAC-SHA256(key, data-check string) in hex. The user comes from
the signed ``user`` field only: no id from a query parameter or a body is trusted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl

MAX_INIT_DATA_CHARS = 8192
# Names are cleaned at the edge, as the bot cleans every update: no control characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
FUTURE_SKEW_SECONDS = 300  # clocks differ a little; a date far ahead is forged


class Unauthorized(Exception):
    """The request proves nobody; the message says why (never echoing a secret)."""


@dataclass(frozen=True)
class MiniAppUser:
    telegram_id: int
    name: str
    username: str | None
    language_code: str | None


def secret_key(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def sign_init_data(fields: dict[str, str], bot_token: str) -> str:
    """initData as Telegram would make it (the tests and the sandbox use it)."""
    from urllib.parse import urlencode

    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    digest = hmac.new(secret_key(bot_token), check.encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest})


def validate_init_data(
    init_data: str, bot_token: str, now: datetime, *, max_age_seconds: int
) -> MiniAppUser:
    if not init_data or len(init_data) > MAX_INIT_DATA_CHARS:
        raise Unauthorized("missing or oversized initData")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise Unauthorized("initData is not a query string") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise Unauthorized("initData repeats a field")
    given = fields.pop("hash", "")
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    expected = hmac.new(secret_key(bot_token), check.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise Unauthorized("initData signature does not match")
    try:
        auth_date = int(fields["auth_date"])
    except (KeyError, ValueError):
        raise Unauthorized("initData has no auth_date") from None
    age = now.timestamp() - auth_date
    if age > max_age_seconds:
        raise Unauthorized("initData has expired; reopen the Mini App")
    if age < -FUTURE_SKEW_SECONDS:
        raise Unauthorized("initData is dated in the future")
    try:
        user = json.loads(fields["user"])
        telegram_id = int(user["id"])
    except (KeyError, ValueError, TypeError):
        raise Unauthorized("initData names no user") from None
    if not isinstance(user, dict) or telegram_id <= 0:
        raise Unauthorized("initData names no user")
    name = _CONTROL.sub(
        "", " ".join(str(user.get(part) or "").strip() for part in ("first_name", "last_name"))
    ).strip()
    username = _CONTROL.sub("", str(user.get("username") or ""))
    language = user.get("language_code")
    return MiniAppUser(
        telegram_id=telegram_id,
        name=(name or str(telegram_id))[:128],
        username=str(username)[:64] if username else None,
        language_code=str(language)[:16] if language else None,
    )
