"""Message text as Telegram sees it: parse modes, entities and their UTF-16 offsets.

Telegram rejects HTML it cannot parse instead of showing it, and a bot that escapes a
user's name badly fails only in production. So the HTML parse mode is reimplemented
after TDLib's parser (the one behind the Bot API): the same tags, the same lenient
entity decoding (``&lt`` without ``;`` is fine, ``&nbsp;`` stays literal) and the same
error wording, byte offsets included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024

_TAG_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = frozenset(" \t\r\n\v\f")
_NAME_END = _SPACES | {">"}
_ATTRIBUTE_NAME_END = _SPACES | {"=", ">"}
_BOT_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")


class EntityParseError(ValueError):
    """Markup Telegram refuses; the message is what follows "can't parse entities: "."""


@dataclass(frozen=True)
class FormattedText:
    """Text as Telegram stores it: markup removed, formatting kept as entities."""

    text: str
    entities: tuple[dict[str, Any], ...] = ()


def utf16_length(text: str) -> int:
    """Entity offsets and length limits are counted in UTF-16 code units, not characters."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def format_text(raw: str, parse_mode: str | None) -> FormattedText:
    """Apply a parse mode the way sendMessage does, trimming surrounding whitespace.

    HTML is parsed and validated; Markdown modes are only unescaped (the bot writes
    HTML, so they get no validation), and anything without a parse mode is plain.
    """
    mode = (parse_mode or "").lower()
    if mode == "html":
        formatted = parse_html(raw)
    elif mode == "markdownv2":
        formatted = FormattedText(re.sub(r"\\(.)", r"\1", raw))
    elif mode in ("", "markdown"):
        formatted = FormattedText(raw)
    else:
        raise ValueError(f"unsupported parse_mode {parse_mode!r}")
    return _strip(formatted)


def find_bot_commands(text: str) -> tuple[dict[str, Any], ...]:
    """The ``bot_command`` entities Telegram attaches to what a user types."""
    return tuple(
        {
            "type": "bot_command",
            "offset": utf16_length(text[: match.start()]),
            "length": utf16_length(match.group()),
        }
        for match in _BOT_COMMAND.finditer(text)
    )


def parse_html(markup: str) -> FormattedText:
    """Parse Telegram's HTML subset into text and entities, or raise EntityParseError."""
    return _HtmlParser(markup).parse()


def _strip(formatted: FormattedText) -> FormattedText:
    """Telegram drops leading and trailing whitespace and clips entities to what is left."""
    text = formatted.text
    stripped = text.strip()
    if stripped == text:
        return formatted
    shift = utf16_length(text[: len(text) - len(text.lstrip())])
    limit = utf16_length(stripped)
    entities = []
    for entity in formatted.entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, limit)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return FormattedText(stripped, tuple(entities))


@dataclass
class _OpenTag:
    name: str
    source_index: int  # where the tag starts in the markup (for error offsets)
    start: int  # UTF-16 offset of the tag's content in the output text
    out_index: int  # where the content starts in the parser's output chunks
    attributes: dict[str, str] = field(default_factory=dict)
    inner_code: tuple[dict[str, Any], str] | None = None


class _HtmlParser:
    """A single pass over the markup, mirroring TDLib's ``parse_html`` step by step."""

    def __init__(self, markup: str) -> None:
        self._src = markup
        self._pos = 0
        self._out: list[str] = []
        self._out_length = 0
        self._open: list[_OpenTag] = []
        self._entities: list[dict[str, Any]] = []

    def parse(self) -> FormattedText:
        while self._pos < len(self._src):
            char = self._src[self._pos]
            if char == "<":
                self._tag()
            elif char == "&":
                self._emit(self._html_entity())
            else:
                self._emit(char)
                self._pos += 1
        if self._open:
            name = self._open[-1].name
            raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{name}"')
        text = "".join(self._out)
        if any(0xD800 <= ord(char) <= 0xDFFF for char in text):
            raise EntityParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            )
        entities = sorted(self._entities, key=lambda e: (e["offset"], -e["length"]))
        return FormattedText(text, tuple(entities))

    def _emit(self, text: str) -> None:
        self._out.append(text)
        self._out_length += utf16_length(text)

    def _error(self, message: str, index: int) -> EntityParseError:
        """Telegram reports where the bad markup starts, in bytes of the UTF-8 text."""
        return EntityParseError(f"{message} at byte offset {self._byte_offset(index)}")

    def _byte_offset(self, index: int) -> int:
        return len(self._src[:index].encode("utf-8", "surrogatepass"))

    def _at(self, index: int) -> str:
        """The character at ``index``, or "" past the end (TDLib's NUL terminator)."""
        return self._src[index] if index < len(self._src) else ""

    def _skip_spaces(self, index: int) -> int:
        while self._at(index) in _SPACES and index < len(self._src):
            index += 1
        return index

    def _html_entity(self) -> str:
        """Decode ``&...`` at the cursor; an unknown entity leaves a literal ``&``."""
        decoded, end = _decode_entity(self._src, self._pos)
        if decoded is None:
            self._pos += 1
            return "&"
        self._pos = end
        return decoded

    def _tag(self) -> None:
        if self._at(self._pos + 1) == "/":
            self._end_tag()
        else:
            self._start_tag()

    def _start_tag(self) -> None:
        begin = self._pos
        index = begin + 1
        while index < len(self._src) and self._src[index] not in _NAME_END:
            index += 1
        if index >= len(self._src):
            raise self._error("Unclosed start tag", begin)
        name = self._src[begin + 1 : index].lower()
        if name not in _TAG_ENTITY_TYPES:
            raise self._error(f'Unsupported start tag "{name}"', begin)
        tag = _OpenTag(name, begin, self._out_length, len(self._out))
        self._pos = self._attributes(tag, index) + 1
        if name == "span" and tag.attributes.get("class") != "tg-spoiler":
            raise self._error('Tag "span" must have class "tg-spoiler"', tag.source_index)
        self._open.append(tag)

    def _attributes(self, tag: _OpenTag, index: int) -> int:
        """Read ``name[=value]`` pairs up to the closing ``>``; returns its index."""
        while self._at(index) != ">":
            index = self._skip_spaces(index)
            if index >= len(self._src):
                raise self._error(f'Unclosed start tag "{tag.name}"', tag.source_index)
            if self._src[index] == ">":
                break
            name_start = index
            while index < len(self._src) and self._src[index] not in _ATTRIBUTE_NAME_END:
                index += 1
            name = self._src[name_start:index].lower()
            if not name:
                raise self._error(f'Empty attribute name in the tag "{tag.name}"', tag.source_index)
            after_name = self._skip_spaces(index)
            if self._at(after_name) != "=":
                tag.attributes[name] = ""
                continue
            index, tag.attributes[name] = self._attribute_value(tag, after_name + 1)
        return index

    def _attribute_value(self, tag: _OpenTag, index: int) -> tuple[int, str]:
        """A quoted string (entities decoded) or a bare name token (lowercased)."""
        index = self._skip_spaces(index)
        if index >= len(self._src):
            raise self._error(f'Unclosed start tag "{tag.name}"', tag.source_index)
        if self._src[index] in "'\"":
            index, value = self._quoted(index)
        else:
            index, value = self._name_token(index)
        if index >= len(self._src):
            raise self._error("Unclosed start tag", tag.source_index)
        return index, value

    def _name_token(self, start: int) -> tuple[int, str]:
        index = start
        while _is_name_token_char(self._at(index)):
            index += 1
        if index < len(self._src) and self._src[index] not in _NAME_END:
            raise self._error("Unexpected end of name token", start)
        return index, self._src[start:index].lower()

    def _quoted(self, index: int) -> tuple[int, str]:
        quote = self._src[index]
        value: list[str] = []
        index += 1
        while index < len(self._src) and self._src[index] != quote:
            if self._src[index] == "&":
                decoded, end = _decode_entity(self._src, index)
                if decoded is not None:
                    value.append(decoded)
                    index = end
                    continue
            value.append(self._src[index])
            index += 1
        return index + 1, "".join(value)

    def _end_tag(self) -> None:
        begin = self._pos
        if not self._open:
            raise self._error("Unexpected end tag", begin)
        index = begin + 2
        while index < len(self._src) and self._src[index] not in _NAME_END:
            index += 1
        name = self._src[begin + 2 : index].lower()
        index = self._skip_spaces(index)
        if self._at(index) != ">":
            raise self._error("Unclosed end tag", begin)
        tag = self._open.pop()
        if name and name != tag.name:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {self._byte_offset(begin)}, "
                f'expected "</{tag.name}>", found "</{name}>"'
            )
        self._pos = index + 1
        self._close(tag)

    def _close(self, tag: _OpenTag) -> None:
        length = self._out_length - tag.start
        if length <= 0:
            return
        entity: dict[str, Any] = {
            "type": _TAG_ENTITY_TYPES[tag.name],
            "offset": tag.start,
            "length": length,
        }
        if tag.name == "a":
            url = _normalize_url(tag.attributes.get("href") or self._content(tag))
            if url is None:
                return
            entity["url"] = url
        elif tag.name == "blockquote" and "expandable" in tag.attributes:
            entity["type"] = "expandable_blockquote"
        elif tag.name == "code" and self._defer_to_pre(tag, entity):
            return
        elif tag.name == "pre":
            self._absorb_inner_code(tag, entity)
        self._entities.append(entity)

    def _content(self, tag: _OpenTag) -> str:
        return "".join(self._out[tag.out_index :])

    def _defer_to_pre(self, tag: _OpenTag, entity: dict[str, Any]) -> bool:
        """Hold back ``<code class="language-x">`` that opens right at its ``<pre>``.

        Telegram turns ``<pre><code class="language-x">...</code></pre>`` into a single
        ``pre`` entity with a language, but only when the code fills the whole block.
        """
        css_class = tag.attributes.get("class", "")
        parent = self._open[-1] if self._open else None
        if not css_class.startswith("language-") or parent is None:
            return False
        if parent.name != "pre" or parent.start != tag.start:
            return False
        parent.inner_code = (entity, css_class.removeprefix("language-"))
        return True

    def _absorb_inner_code(self, pre: _OpenTag, entity: dict[str, Any]) -> None:
        if pre.inner_code is None:
            return
        code, language = pre.inner_code
        if code["length"] == entity["length"] and language:
            entity["language"] = language
        else:
            self._entities.append(code)


def _is_name_token_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in ".-")


def _decode_entity(src: str, index: int) -> tuple[str | None, int]:
    """Decode an HTML entity at ``src[index] == "&"``: (character or None, end index)."""
    pos = index + 1
    if pos < len(src) and src[pos] == "#":
        return _decode_numeric_entity(src, pos + 1)
    start = pos
    while pos < len(src) and src[pos].isascii() and src[pos].isalpha():
        pos += 1
    decoded = _NAMED_ENTITIES.get(src[start:pos])
    if decoded is None:
        return None, index + 1
    return decoded, pos + 1 if pos < len(src) and src[pos] == ";" else pos


def _decode_numeric_entity(src: str, pos: int) -> tuple[str | None, int]:
    hexadecimal = pos < len(src) and src[pos] in "xX"
    if hexadecimal:
        pos += 1
    digits = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
    start = pos
    while pos < len(src) and src[pos] in digits:
        pos += 1
    if pos == start:
        return None, pos
    code = int(src[start:pos], 16 if hexadecimal else 10)
    if code == 0 or code > 0x10FFFF:
        return None, pos
    return chr(code), pos + 1 if pos < len(src) and src[pos] == ";" else pos


def _normalize_url(url: str) -> str | None:
    """Telegram's URL check, roughly: no spaces, a host, http:// added when missing."""
    if not url or any(char.isspace() for char in url):
        return None
    if url.startswith("tg://"):
        return url
    if "://" not in url:
        url = f"http://{url}"
    scheme, _, rest = url.partition("://")
    if scheme.lower() not in ("http", "https", "ftp", "tonsite") or not rest:
        return None
    return url if "/" in rest else f"{url}/"
