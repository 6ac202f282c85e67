"""Decoding Bot API requests the way Telegram does.

python-telegram-bot sends every parameter as a form field (multipart when it uploads
files) and JSON-encodes the values that are not strings, so ``chat_id=42`` arrives as
the text ``42`` and ``reply_markup`` as a JSON document. Telegram also accepts query
strings and JSON bodies; all of them end up as one ``Params`` mapping here.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from local_bot_api.errors import bad_request

# Parameters whose values are strings even when they look like JSON ("123", "true").
_STRING_PARAMS = frozenset(
    {
        "action",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "description",
        "document",
        "file_id",
        "inline_message_id",
        "ip_address",
        "language_code",
        "message_effect_id",
        "name",
        "parse_mode",
        "photo",
        "secret_token",
        "short_description",
        "text",
        "thumbnail",
        "title",
        "url",
    }
)
_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})
_ATTACH_PREFIX = "attach://"


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    content: bytes


class Params:
    """A request's parameters with Telegram-style validation errors."""

    def __init__(self, values: dict[str, Any], files: dict[str, UploadedFile]) -> None:
        self.values = values
        self.files = files

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None else value

    def string(self, name: str, default: str | None = None) -> str | None:
        value = self.get(name)
        return default if value is None else str(value)

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.get(name)
        if value is None:
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def number(self, name: str, default: float) -> float:
        value = self.get(name)
        if value is None:
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise bad_request(f"invalid {name} specified")

    def chat_id(self) -> int | str:
        """``chat_id`` as an int, or an ``@username`` string."""
        value = self.get("chat_id")
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        if isinstance(value, str) and value.startswith("@"):
            return value
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None

    def input_file(self, name: str) -> UploadedFile | str | None:
        """An uploaded file (directly or via ``attach://``), or a file_id / URL string."""
        if name in self.files:
            return self.files[name]
        value = self.string(name)
        if value is not None and value.startswith(_ATTACH_PREFIX):
            part = self.files.get(value.removeprefix(_ATTACH_PREFIX))
            if part is None:
                raise bad_request(f"file {value} not found in the request")
            return part
        return value


async def read_params(request: web.Request) -> Params:
    """Collect query-string, form, multipart and JSON parameters into ``Params``."""
    values: dict[str, Any] = {
        key: decode_form_value(key, value) for key, value in request.query.items()
    }
    files: dict[str, UploadedFile] = {}
    if request.content_type == "application/json":
        values.update(await _read_json(request))
    elif request.can_read_body:
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                files[key] = UploadedFile(value.filename, value.content_type, value.file.read())
            elif isinstance(value, str):
                values[key] = decode_form_value(key, value)
    return Params(values, files)


def decode_form_value(name: str, raw: str) -> Any:
    """Undo python-telegram-bot's JSON encoding of non-string values."""
    if name in _STRING_PARAMS:
        return raw
    try:
        value = json.loads(raw)
    except ValueError:
        return raw
    if isinstance(value, float) and not math.isfinite(value):
        return raw
    return value


async def _read_json(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except ValueError:
        raise bad_request("can't parse JSON encoded request parameters") from None
    if not isinstance(body, dict):
        raise bad_request("can't parse JSON encoded request parameters")
    return body
