"""A chat message as plain terminal text: what the sandbox shows a human.

Buttons are numbered across the whole keyboard so that a person at a terminal can
press one by typing its number (``numbered_buttons`` gives the same order).
"""

from __future__ import annotations

from local_bot_api.keyboards import Button
from local_bot_api.state import ChatMessage


def numbered_buttons(message: ChatMessage) -> list[Button]:
    """The inline buttons in reading order; button n is at index n - 1."""
    return [button for row in message.buttons for button in row]


def render_message(message: ChatMessage) -> str:
    """Plain text, attachments, then the keyboard with numbered buttons, one row a line."""
    lines: list[str] = []
    if message.edited:
        lines.append("(edited)")
    if message.document is not None:
        name = message.document.file_name or "file"
        lines.append(f"[document: {name}, {message.document.file_size} bytes]")
    if message.photo is not None:
        lines.append("[photo]")
    if message.video is not None:
        lines.append("[video]")
    if message.voice is not None:
        lines.append("[voice message]")
    if message.text:
        lines.append(message.text)
    lines.extend(_keyboard_lines(message))
    return "\n".join(lines)


def _keyboard_lines(message: ChatMessage) -> list[str]:
    lines = []
    number = 0
    for row in message.buttons:
        cells = []
        for button in row:
            number += 1
            suffix = f" -> {button.url}" if button.url else ""
            cells.append(f"[{number}] {button.label}{suffix}")
        lines.append("  ".join(cells))
    for row in message.reply_keyboard:
        lines.append("keyboard: " + " | ".join(row))
    return lines
