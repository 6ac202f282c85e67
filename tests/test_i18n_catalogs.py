"""The catalogs: complete, placeholders identical, plural forms filled, .pot up to date.

The same check runs in ``make lint`` (python -m bot.i18n check); here it is a test, and
a second guard keeps texts from being frozen in English at import time.
"""

from __future__ import annotations

import ast
import io
from pathlib import Path

from babel.messages.pofile import read_po

from bot import i18n as bot_i18n
from bot import texts
from core import i18n

ROOT = Path(__file__).resolve().parent.parent


def test_the_catalogs_are_complete_and_the_pot_is_fresh() -> None:
    assert bot_i18n.problems() == []


def test_every_msgid_is_translated_with_the_same_placeholders() -> None:
    template = bot_i18n.template()
    assert len(template) > 250
    for language in bot_i18n.LANGUAGES:
        catalog = read_po(io.BytesIO(bot_i18n.po_path(language).read_bytes()), locale=language)
        for message in template:
            if not message.id or isinstance(message.id, tuple):
                continue
            translated = catalog.get(message.id).string
            assert translated, (language, message.id)
            assert bot_i18n.placeholders(translated) == bot_i18n.placeholders(message.id)
            if bot_i18n.placeholders(message.id) or len(message.id) < 12:
                continue
            # A sentence left in English is a missing translation, whatever the file says.
            assert translated != message.id or "/" in message.id, (language, message.id)


def test_the_check_fails_on_a_missing_or_broken_translation(tmp_path, monkeypatch) -> None:
    ru = bot_i18n.po_path("ru").read_text(encoding="utf-8")
    broken = ru.replace('msgstr "✅ Готово: {title}"', 'msgstr "✅ Готово: {name}"', 1).replace(
        'msgstr "Эта команда для админов."', 'msgstr ""', 1
    )
    (tmp_path / "ru" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "ru" / "LC_MESSAGES" / "messages.po").write_text(broken, encoding="utf-8")
    (tmp_path / "es" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "messages.pot").write_text("stale", encoding="utf-8")
    monkeypatch.setattr(bot_i18n, "LOCALES", tmp_path)
    found = "\n".join(bot_i18n.problems())
    assert "stale" in found
    assert "es/LC_MESSAGES/messages.po is missing" in found
    assert "placeholders of '✅ Done: {title}'" in found
    assert "no translation for 'That command is for admins.'" in found


def test_texts_translate_on_attribute_access_and_menus_keep_their_commands() -> None:
    assert texts.BUTTON_PUBLISH == "✅ Publish"
    with i18n.using("ru"):
        assert texts.BUTTON_PUBLISH == "✅ Опубликовать"
        assert texts.MENU_ATHLETE[0] == ("today", "Тренировка на сегодня")
    with i18n.using("es"):
        assert texts.BUTTON_PUBLISH == "✅ Publicar"
    assert i18n.resolve("es-419") == "es" and i18n.resolve("pt-br") == "en"
    assert i18n.resolve(None) == "en"


def test_no_text_is_read_at_import_time_outside_the_known_msgid_tables() -> None:
    """``texts.X`` at module level freezes English; those few tables go through gettext."""
    allowed = {
        "bot/errors.py",  # _MESSAGES: message_for translates
        "bot/handlers/plan.py",  # AthletePicker prompts: dialogue.py translates
        "bot/handlers/copyweek.py",
        "bot/handlers/assign.py",
        "bot/handlers/programs.py",
        "bot/handlers/templates.py",
        "bot/handlers/summary.py",
        "bot/handlers/dialogues.py",  # the typed-step hints: _hint translates
    }
    frozen = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        for node, in_function in _walk(ast.parse(path.read_text()), False):
            if (
                not in_function
                and isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "texts"
                and name not in allowed
            ):
                frozen.append(f"{name}:{node.lineno} texts.{node.attr}")
    assert frozen == []


def _walk(node: ast.AST, in_function: bool):
    for child in ast.iter_child_nodes(node):
        inside = in_function or isinstance(
            child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
        )
        yield child, in_function
        yield from _walk(child, inside)


def test_every_text_is_above_the_install_line_and_read_through_the_module() -> None:
    """A constant added below ``i18n.install(globals())`` would stay English for good;
    ``from bot.texts import NAME`` would freeze it in English at import."""
    left_behind = [
        name
        for name, value in vars(texts).items()
        if name.isupper() and isinstance(value, str | tuple)
    ]
    assert left_behind == [], "move these above i18n.install(globals()) in bot/texts.py"
    source = (ROOT / "bot" / "texts.py").read_text()
    assert source.rstrip().endswith("i18n.install(globals())")
    importers = [
        path.relative_to(ROOT).as_posix()
        for folder in ("bot", "web", "coach")
        for path in (ROOT / folder).rglob("*.py")
        if "from bot.texts import" in path.read_text()
    ]
    assert importers == []
