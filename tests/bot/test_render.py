"""Pure rendering: long texts split under Telegram's limit, user content escaped."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot import render
from core.plan_text import parse_plan_text
from local_bot_api import parse_html

blocks = st.lists(
    st.text(alphabet=st.characters(blacklist_characters="\n"), min_size=0, max_size=300),
    min_size=1,
    max_size=40,
)


@given(st.lists(blocks, min_size=1, max_size=30), st.integers(min_value=50, max_value=4096))
def test_split_message_keeps_every_line_and_the_limit(paragraphs, limit) -> None:
    text = "\n\n".join("\n".join(lines) for lines in paragraphs)
    chunks = render.split_message(text, limit)
    assert all(render.telegram_length(chunk) <= limit for chunk in chunks)
    if all(render.telegram_length(line) <= limit // 2 for lines in paragraphs for line in lines):
        joined = "\n".join(chunks).replace("\n\n", "\n")
        assert [line for line in joined.split("\n") if line] == [
            line for lines in paragraphs for line in lines if line
        ]


def test_long_previews_split_into_valid_html() -> None:
    """Every chunk must parse as Telegram HTML: no tag may be cut by a split."""
    day_lines = []
    for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
        day_lines.append(f"{day}: Session <{day}> (60 min)")
        day_lines += ["> first line of notes", ">", "> after a blank line 💪"]
        day_lines += [
            f"- Move {n} 3x10 @ 20kg | video: https://e.x/{n} | <slow> & steady" for n in range(12)
        ]
    text = render.plan_preview(parse_plan_text("\n".join(day_lines)))
    chunks = render.split_message(text)
    assert len(chunks) > 1
    for chunk in chunks:
        parse_html(chunk)  # raises on an unbalanced or cut tag


def test_a_short_text_is_one_message() -> None:
    assert render.split_message("hello") == ["hello"]


def test_user_content_is_escaped_in_previews() -> None:
    spec = parse_plan_text(
        "Mon: <b>Strength</b> & co (45 min)\n> warm <up>\n- Row <x> 3x10 @ 20<kg> | <i>slow</i>"
    )
    preview = render.plan_preview(spec)
    assert "&lt;b&gt;Strength&lt;/b&gt; &amp; co" in preview
    assert "&lt;up&gt;" in preview and "&lt;i&gt;slow&lt;/i&gt;" in preview
    assert "<b>Mon</b>" in preview  # our own markup stays


def test_long_descriptions_full_of_entities_still_split_into_valid_html() -> None:
    text = "Mon: Big day (60 min)\n> " + "salt & pepper " * 140 + "\n"
    text += "\n".join(f"- Move {n} 3x10 @ 20kg | note & more" for n in range(40))
    chunks = render.split_message(render.plan_preview(parse_plan_text(text)))
    for chunk in chunks:
        parse_html(chunk)
    whole = "".join(chunks)
    assert whole.count("salt") == whole.count("pepper") == 140  # nothing lost, only wrapped


def test_an_overlong_line_becomes_plain_text_rather_than_broken_markup() -> None:
    line = "<i>" + "&amp;" * 3000 + "</i>"
    chunks = render.split_message("head\n" + line, limit=4096)
    for chunk in chunks:
        parse_html(chunk)
