"""Reply markup as Telegram validates it, and buttons as a person sees them.

Callback data is where bots most often break Telegram's limits silently (ids grow,
64 bytes run out), so the fake refuses oversized data with Telegram's own error.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from local_bot_api.errors import ApiError, bad_request

MAX_CALLBACK_DATA_BYTES = 64
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_URL_SCHEMES = ("http://", "https://", "tg://")


class Button(NamedTuple):
    """An inline button: its label and what pressing it does (callback data or a URL;
    ``web_app`` is the URL of the Mini App it opens)."""

    label: str
    callback_data: str | None = None
    url: str | None = None
    web_app: str | None = None


def validate_reply_markup(markup: Any) -> dict[str, Any] | None:
    """Return the markup if Telegram would accept it, else raise its 400 error."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _unparsable()
    if "inline_keyboard" in markup:
        _validate_inline_keyboard(markup["inline_keyboard"])
    elif not any(key in markup for key in ("keyboard", "remove_keyboard", "force_reply")):
        raise _unparsable()
    return markup


def inline_buttons(markup: dict[str, Any] | None) -> list[list[Button]]:
    """The inline keyboard as rows of buttons; empty for no or a non-inline keyboard."""
    if not markup:
        return []
    return [
        [
            Button(
                b["text"], b.get("callback_data"), b.get("url"), (b.get("web_app") or {}).get("url")
            )
            for b in row
        ]
        for row in markup.get("inline_keyboard", [])
    ]


def reply_keyboard_labels(markup: dict[str, Any] | None) -> list[list[str]]:
    """A custom reply keyboard's labels (pressing one just sends its text)."""
    if not markup:
        return []
    return [
        [button if isinstance(button, str) else button["text"] for button in row]
        for row in markup.get("keyboard", [])
    ]


def _validate_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    for row in rows:
        for button in row:
            _validate_inline_button(button)


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if not any(action in button for action in _BUTTON_ACTIONS):
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and not str(url).startswith(_URL_SCHEMES):
        raise bad_request("BUTTON_URL_INVALID")


def _unparsable() -> ApiError:
    return bad_request("can't parse reply keyboard markup JSON object")
