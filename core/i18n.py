"""The current language, and a gettext hook core's own texts go through.

Core stays pure: it knows the language of the moment (a ContextVar the adapters set
per update and per scheduled recipient) and calls ``gettext``/``ngettext``; what the
translation *is* comes from the catalogs, which an adapter (bot/i18n.py) loads and
installs with ``install_translator``. Without one, every text is its English msgid.

Core modules list their msgids in module-level ``MESSAGES`` tuples (``N_`` marks a
msgid, ``P_`` a plural pair) so that extraction finds them without parsing code.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

DEFAULT = "en"
SUPPORTED = ("en", "ru", "es")
NAMES = {"en": "English", "ru": "Русский", "es": "Español"}

LANGUAGE: ContextVar[str] = ContextVar("coach_language", default=DEFAULT)


@dataclass(frozen=True)
class PluralMsg:
    singular: str
    plural: str


Translate = Callable[[str, str], str]  # (language, msgid) -> text
TranslatePlural = Callable[[str, str, str, int], str]  # (language, singular, plural, n)


def _identity(language: str, msgid: str) -> str:
    return msgid


def _identity_plural(language: str, singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


_translate: Translate = _identity
_translate_plural: TranslatePlural = _identity_plural


def install_translator(translate: Translate, translate_plural: TranslatePlural) -> None:
    global _translate, _translate_plural
    _translate, _translate_plural = translate, translate_plural


def resolve(code: str | None) -> str:
    """A supported language for a Telegram language_code (``pt-br``, ``ru``, ``es-419``)."""
    if not code:
        return DEFAULT
    base = code.replace("_", "-").split("-")[0].lower()
    return base if base in SUPPORTED else DEFAULT


def language_of(person: object) -> str:
    """A person's language: their /language choice, else Telegram's language_code."""
    chosen = getattr(person, "language", None)
    if chosen in SUPPORTED:
        return chosen
    return resolve(getattr(person, "language_code", None))


def current() -> str:
    return LANGUAGE.get()


@contextlib.contextmanager
def using(language: str | None) -> Iterator[str]:
    """Compose texts in ``language`` (resolved) for the duration of the block."""
    resolved = language if language in SUPPORTED else resolve(language)
    token = LANGUAGE.set(resolved)
    try:
        yield resolved
    finally:
        LANGUAGE.reset(token)


def gettext(msgid: str, language: str | None = None) -> str:
    return _translate(language or LANGUAGE.get(), msgid)


def ngettext(singular: str, plural: str, n: int, language: str | None = None) -> str:
    return _translate_plural(language or LANGUAGE.get(), singular, plural, n)


def N_(msgid: str) -> str:
    """Marks a msgid for extraction; translated later with ``gettext``."""
    return msgid


def P_(singular: str, plural: str) -> PluralMsg:
    return PluralMsg(singular, plural)
