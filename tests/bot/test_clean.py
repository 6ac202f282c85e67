"""Text cleaned at the edge: control characters and lone surrogates out, the rest kept."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.clean import clean_payload, clean_text


def test_control_characters_and_lone_surrogates_go_newline_and_tab_stay() -> None:
    assert clean_text("a\x00b\x07c\x1b[0m\x7f\x85d\ud800e") == "abc[0mde"
    assert clean_text("line one\nline\ttwo 💪 Жим лёжа") == "line one\nline\ttwo 💪 Жим лёжа"


def test_every_string_of_an_update_is_cleaned_keys_included() -> None:
    update = {
        "update_id": 7,
        "message": {
            "text": "hi\x00",
            "from": {"first_name": "An\x00n", "id": 1},
            "entities": [{"type": "bold", "offset": 0, "length": 2}],
            "caption\x01": ["x\x02", 3, None, True],
        },
    }
    assert clean_payload(update) == {
        "update_id": 7,
        "message": {
            "text": "hi",
            "from": {"first_name": "Ann", "id": 1},
            "entities": [{"type": "bold", "offset": 0, "length": 2}],
            "caption": ["x", 3, None, True],
        },
    }


@given(st.text())
def test_cleaned_text_can_always_be_stored(text: str) -> None:
    cleaned = clean_text(text)
    cleaned.encode("utf-8")  # a lone surrogate would raise here, and in the database
    assert "\x00" not in cleaned
    assert all(c in "\n\t" or not (ord(c) < 32 or 127 <= ord(c) < 160) for c in cleaned)
