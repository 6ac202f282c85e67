"""Translations: the msgid table of bot/texts.py, the catalogs in locales/, Babel formats.

bot/texts.py stays a module of plain English constants (they are the msgids). Its last
line, ``i18n.install(globals())``, moves every upper-case constant into a table here and
gives the module a ``__getattr__``: ``texts.NAME`` is then the translation of NAME in
the current language (core.i18n.LANGUAGE, set per update and per scheduled recipient).
A constant added later is translated as soon as its msgid is in the catalogs.

Catalogs are ``locales/<lang>/LC_MESSAGES/messages.po`` (Babel), read at start and
compiled in memory; English is the msgids themselves. The workflow, in docs/i18n.md::

    python -m bot.i18n extract   # locales/messages.pot from the msgid tables
    python -m bot.i18n update    # merge it into every language's .po
    python -m bot.i18n check     # make lint: stale .pot, a missing msgstr, placeholders
"""

from __future__ import annotations

import functools
import gettext as stdlib_gettext
import io
import re
import string
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_time
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.numbers import format_decimal

from core import i18n as core_i18n
from core.i18n import PluralMsg

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
LANGUAGES = tuple(code for code in core_i18n.SUPPORTED if code != core_i18n.DEFAULT)
_FIXED_DATE = datetime(2026, 12, 1)  # keeps the .pot byte-stable, so "stale" is a diff

# name -> value as written in bot/texts.py (str, PluralMsg, or tuples of those)
TEXTS: dict[str, Any] = {}


# --- the texts module ---------------------------------------------------------------


class Plural:
    """A counted text: ``texts.WORKOUTS(n)`` is the template for n in the current language."""

    def __init__(self, msg: PluralMsg) -> None:
        self._msg = msg

    def __call__(self, n: int) -> str:
        return core_i18n.ngettext(self._msg.singular, self._msg.plural, n)


def _is_menu(value: Any) -> bool:
    """A command menu: ((command, description), ...); commands are never translated."""
    return (
        isinstance(value, tuple)
        and bool(value)
        and all(isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str) for p in value)
    )


def _translated(value: Any) -> Any:
    if _is_menu(value):
        return tuple((command, _translated(description)) for command, description in value)
    if isinstance(value, str):
        return core_i18n.gettext(value) if value else value
    if isinstance(value, PluralMsg):
        return Plural(value)
    if isinstance(value, tuple):
        return tuple(_translated(v) for v in value)
    return value


def install(namespace: dict[str, Any]) -> None:
    """Make a texts module translate on attribute access (its last line calls this)."""
    for name in [n for n in namespace if n.isupper()]:
        value = namespace[name]
        if isinstance(value, str | tuple | PluralMsg):
            TEXTS[name] = namespace.pop(name)

    def __getattr__(name: str) -> Any:
        try:
            return _translated(TEXTS[name])
        except KeyError:
            raise AttributeError(f"bot.texts has no text {name!r}") from None

    def __dir__() -> list[str]:
        return sorted([*namespace, *TEXTS])

    namespace["__getattr__"] = __getattr__
    namespace["__dir__"] = __dir__


# --- catalogs --------------------------------------------------------------------------


@functools.cache
def translations(language: str) -> stdlib_gettext.NullTranslations:
    path = LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == core_i18n.DEFAULT:
        return stdlib_gettext.NullTranslations()
    if not path.exists():  # an install without its catalogs: say so, don't fall back
        raise FileNotFoundError(f"the {language} catalog is missing: {path}")
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return stdlib_gettext.GNUTranslations(compiled)


def _translate(language: str, msgid: str) -> str:
    return translations(language).gettext(msgid)


def _translate_plural(language: str, singular: str, plural: str, n: int) -> str:
    return translations(language).ngettext(singular, plural, n)


core_i18n.install_translator(_translate, _translate_plural)


# --- Babel formats -------------------------------------------------------------------------


def _locale() -> Locale:
    return Locale.parse(core_i18n.current())


def day_name(day_of_week: int, width: str = "wide") -> str:
    """Monday is 0. ``Monday``/``понедельник``/``lunes``, capitalised for a line start."""
    name = _locale().days["format"][width][day_of_week]
    return name[:1].upper() + name[1:]


def short_date(d: date) -> str:
    """``Mon 7 Dec``, ``Пн 7 дек.``, ``lun 7 dic``."""
    locale = _locale()
    weekday = locale.days["stand-alone"]["abbreviated"][d.weekday()]
    if core_i18n.current() == "ru":
        weekday = weekday[:1].upper() + weekday[1:]
    return f"{weekday} {format_date(d, 'd MMM', locale=locale)}".replace("..", ".")


def day_month(d: date) -> str:
    """``7 Dec``, ``7 дек.``, ``7 dic``."""
    return format_date(d, "d MMM", locale=_locale())


def long_date(d: date) -> str:
    """``Monday 7 December``, ``понедельник, 7 декабря``, ``lunes, 7 de diciembre``."""
    language = core_i18n.current()
    if language == core_i18n.DEFAULT:
        return f"{d:%A} {d.day} {d:%B}"
    pattern = "EEEE, d 'de' MMMM" if language == "es" else "EEEE, d MMMM"
    return format_date(d, pattern, locale=_locale())


def time_of_day(value: datetime) -> str:
    return format_time(value, "HH:mm", locale=_locale())


def number(value: float) -> str:
    return format_decimal(value, locale=_locale())


# Units as a reader of the language writes them; the plan parser reads them back
# (core/vocabulary.py). English (and Spanish, which writes the same) are left as they are.
_UNITS = {"ru": {"kg": "кг", "lb": "фнт", "min": "мин", "km": "км", "m": "м", "s": "с", "h": "ч"}}
_MEASURE_RE = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)(kg|lb|min|km|mi|m|s|h)(?![^\W\d_])")


def local_units(text: str) -> str:
    """``42.5kg`` as Russian writes it (comma, Cyrillic unit), or Spanish (comma); English as is."""
    language = core_i18n.current()
    if language == core_i18n.DEFAULT:
        return text
    units = _UNITS.get(language, {})

    def local(match: re.Match[str]) -> str:
        amount = match[1] if "." not in match[1] else number(float(match[1]))
        return amount + units.get(match[2], match[2])

    return _MEASURE_RE.sub(local, text)


# --- extraction and the check ---------------------------------------------------------------


def _strings(value: Any) -> Iterator[str | PluralMsg]:
    if _is_menu(value):
        for _command, description in value:
            yield from _strings(description)
    elif isinstance(value, str | PluralMsg):
        if value:
            yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)


def core_messages() -> dict[str, Any]:
    """The msgid tables core modules declare (``MESSAGES``), by module."""
    import core.load_step
    import core.measures
    import core.motivation
    import core.plan_edit
    import core.program_text
    import core.progression
    import core.services.export
    import core.summary_rules
    import core.vocabulary
    import core.web_texts

    return {
        module.__name__: module.MESSAGES
        for module in (
            core.motivation,
            core.summary_rules,
            core.vocabulary,
            core.plan_edit,
            core.program_text,
            core.load_step,
            core.progression,
            core.measures,
            core.services.export,
            core.web_texts,
        )
    }


def template() -> Catalog:
    from bot import texts  # noqa: F401  (fills TEXTS)

    catalog = Catalog(
        project="Coach", version="1", creation_date=_FIXED_DATE, fuzzy=False, locale=None
    )
    sources: list[tuple[str, Iterable[Any]]] = [
        (f"bot.texts.{name}", [value]) for name, value in TEXTS.items()
    ]
    sources += [(module, [values]) for module, values in core_messages().items()]
    for where, values in sources:
        for value in _strings(values):
            if isinstance(value, PluralMsg):
                catalog.add((value.singular, value.plural), auto_comments=[where])
            else:
                catalog.add(value, auto_comments=[where])
    return catalog


def _render(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=0, sort_output=False, omit_header=False)
    return out.getvalue()


def pot_path() -> Path:
    return LOCALES / f"{DOMAIN}.pot"


def po_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> None:
    LOCALES.mkdir(exist_ok=True)
    pot_path().write_bytes(_render(template()))


def update() -> None:
    fresh = template()
    for language in LANGUAGES:
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as po:
                catalog = read_po(po, locale=language)
        else:
            catalog = Catalog(locale=language, creation_date=_FIXED_DATE, fuzzy=False)
        catalog.update(fresh, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.revision_date = _FIXED_DATE
        path.write_bytes(_render(catalog))


def placeholders(text: str) -> set[str]:
    names = set()
    for _literal, field, _spec, _conversion in string.Formatter().parse(text):
        if field is not None:
            names.add(field)
    return names


def problems() -> list[str]:
    """Everything ``check`` fails on: a stale .pot, a missing or untranslated msgid,
    placeholders that differ from the msgid's, a plural without all its forms."""
    found: list[str] = []
    fresh = template()
    if not pot_path().exists() or pot_path().read_bytes() != _render(fresh):
        found.append(f"{pot_path()} is stale: run python -m bot.i18n extract")
    for language in LANGUAGES:
        path = po_path(language)
        if not path.exists():
            found.append(f"{path} is missing: run python -m bot.i18n update")
            continue
        with path.open("rb") as po:
            catalog = read_po(po, locale=language)
        for message in fresh:
            if not message.id:
                continue
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            translated = catalog.get(key)
            if translated is None:
                found.append(f"{language}: missing msgid {key!r}")
                continue
            if translated.fuzzy:
                found.append(f"{language}: fuzzy {key!r}")
            strings = (
                list(translated.string)
                if isinstance(translated.string, tuple | list)
                else [translated.string]
            )
            if isinstance(message.id, tuple) and len(strings) != catalog.num_plurals:
                found.append(f"{language}: {key!r} needs {catalog.num_plurals} plural forms")
            expected = set().union(*(placeholders(i) for i in _ids(message.id)))
            if isinstance(message.id, tuple):  # a form may leave out a name ("one more")
                used = set().union(*(placeholders(t) for t in strings if t))
                if used != expected:
                    found.append(f"{language}: placeholders of {key!r} are {sorted(used)}")
            for text in strings:
                if not text:
                    found.append(f"{language}: no translation for {key!r}")
                elif isinstance(message.id, tuple):
                    if not placeholders(text) <= expected:
                        found.append(f"{language}: unknown placeholder in {key!r}")
                elif placeholders(text) != expected:
                    found.append(
                        f"{language}: placeholders of {key!r} are {sorted(placeholders(text))},"
                        f" not {sorted(expected)}"
                    )
    return found


def _ids(message_id: str | tuple[str, ...]) -> tuple[str, ...]:
    return message_id if isinstance(message_id, tuple) else (message_id,)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        extract()
    elif command == "update":
        update()
    elif command == "check":
        found = problems()
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    else:
        print("usage: python -m bot.i18n extract|update|check", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # run as bot.i18n, so that bot.texts fills this module's table
    from bot.i18n import main as _main

    sys.exit(_main(sys.argv[1:]))
