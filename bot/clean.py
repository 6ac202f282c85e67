"""Text cleaned at the edge: what users send loses NUL and other control characters.

PostgreSQL refuses NUL in text, and no control character but newline and tab means
anything in a plan, a name or a note. Cleaning the raw update before anything reads
it covers every text, caption and name in one place; file contents are cleaned where
they are read (bot/handlers/plan.py).
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls but tab (\x09) and newline (\x0a), DEL, the C1 controls, and lone
# surrogates (valid JSON, but no text: they can't even be encoded to be stored).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str) -> str:
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def clean_payload(value: Any) -> Any:
    """A JSON value with every string in it cleaned (keys included)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(k): clean_payload(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_payload(v) for v in value]
    return value
