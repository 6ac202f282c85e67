"""A local Telegram Bot API server with fake users, for end-to-end tests and the sandbox.

The real python-telegram-bot stack talks to ``FakeBotApiServer`` over HTTP; tests and
the terminal sandbox act as people through ``FakeUser`` and read what the bot sent.
"""

from local_bot_api.client import ButtonPress, FakeUser
from local_bot_api.errors import ApiError
from local_bot_api.keyboards import Button
from local_bot_api.render import numbered_buttons, render_message
from local_bot_api.server import DEFAULT_TOKEN, FailureRule, FakeBotApiServer, Hold
from local_bot_api.state import ApiCall, CallbackAnswer, Chat, ChatMessage, FileInfo
from local_bot_api.text_format import EntityParseError, FormattedText, parse_html

__all__ = [
    "DEFAULT_TOKEN",
    "ApiCall",
    "ApiError",
    "Button",
    "ButtonPress",
    "CallbackAnswer",
    "Chat",
    "ChatMessage",
    "EntityParseError",
    "FailureRule",
    "FakeBotApiServer",
    "FakeUser",
    "FileInfo",
    "FormattedText",
    "Hold",
    "numbered_buttons",
    "parse_html",
    "render_message",
]
