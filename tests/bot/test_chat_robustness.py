"""Long messages, Telegram's 429s, unexpected errors and what reaches the logs."""

from __future__ import annotations

import io
import logging

import pytest

from bot.logs import RedactTokens
from core.services import plans
from tests.bot.conftest import (
    invite_athletes,
    make_trainer,
    pick_week,
    publish_plan,
    wait_button,
    wait_text,
)


def _long_plan() -> str:
    lines = []
    for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
        lines.append(f"{day}: Long session on {day} (90 min)")
        lines.append("> " + "Stay tall, breathe and keep the pace steady. " * 4)
        for n in range(1, 16):
            lines.append(
                f"- Exercise {day} {n} 3x12 @ 20kg | video: https://example.com/{day}/{n}.mp4"
                " | slow on the way down"
            )
    return "\n".join(lines)


async def test_long_weeks_are_split_under_telegrams_limit(coach_bot, api, admin) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await publish_plan(tom, "Ann", text=_long_plan())
    ann.drain()
    before = len(api.messages(ann.id))
    await ann.send("/week")
    last = await ann.wait_for(lambda m: bool(m.buttons))
    week_messages = [m for m in api.messages(ann.id)[before:] if m.from_bot]
    sent = api.calls("sendMessage", chat_id=ann.id)
    assert all(len(call.params["text"]) <= 4096 for call in sent)
    assert all(call.ok for call in sent)
    assert "Exercise Sun 15" in last.text  # the keyboard sits under the last chunk
    assert len(last.buttons) == 7
    assert len(week_messages) >= 2 and week_messages[-1].message_id == last.message_id
    whole = "\n".join(m.text for m in week_messages)
    assert all(f"Long session on {day}" in whole for day in ("Mon", "Thu", "Sun"))
    assert whole.count("Exercise ") == 7 * 15


async def test_a_429_is_waited_out_and_the_message_still_arrives(coach_bot, api) -> None:
    ann = api.user(20, "Ann")
    api.rate_limit(1, chat_id=ann.id, times=1)
    await ann.send("/help")
    await wait_text(ann, "What I can do", timeout=10)
    failed = [c for c in api.calls("sendMessage", chat_id=ann.id) if not c.ok]
    assert len(failed) == 1


async def test_a_long_flood_wait_is_logged_not_apologised_for(
    coach_bot, api, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram asks for 30 s: nothing useful can be sent meanwhile, not even an apology."""
    ann = api.user(20, "Ann")
    api.rate_limit(30, chat_id=ann.id, times=1)
    with caplog.at_level(logging.WARNING, logger="bot.errors"):
        await ann.send("/help")
        await api.wait_for_calls("sendMessage", chat_id=ann.id, count=1)
        await ann.send("/week")  # handled after /help's error handler has run
        await wait_text(ann, "no plan")
    texts_sent = [c.params.get("text", "") for c in api.calls("sendMessage", chat_id=ann.id)]
    assert not any("Sorry" in text for text in texts_sent)
    assert any("flood control" in r.getMessage() for r in caplog.records)


async def test_an_unexpected_error_is_logged_and_apologised_for(
    coach_bot, api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args, **kwargs):
        raise RuntimeError("the database fell over")

    monkeypatch.setattr(plans, "this_week", broken)
    ann = api.user(20, "Ann")
    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        await ann.send("/week")
        apology = await wait_text(ann, "Sorry, something went wrong")
    assert "Traceback" not in apology.text and "database" not in apology.text
    record = next(r for r in caplog.records if r.name == "bot.errors")
    assert "/week" in record.getMessage() and record.exc_info[0] is RuntimeError


async def test_the_token_never_reaches_the_logs(coach_bot, api) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactTokens(api.token))
    root = logging.getLogger()
    root.addHandler(handler)
    previous = root.level
    root.setLevel(logging.DEBUG)
    try:
        ann = api.user(20, "Ann")
        await ann.send("/help")
        await wait_text(ann, "What I can do")
        logging.getLogger("httpx").info("POST %s", f"{api.base_url}{api.token}/sendMessage")
        try:
            raise ValueError(f"failed calling {api.base_url}{api.token}/getMe")
        except ValueError:
            logging.getLogger("test").exception("with a traceback")
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
    output = stream.getvalue()
    assert "sendMessage" in output and "<token>" in output
    assert api.token not in output


async def test_replacing_a_long_plan_offers_it_as_a_file(coach_bot, api, admin) -> None:
    tom, ann = api.user(10, "Tom"), api.user(20, "Ann")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann)
    await pick_week(tom, "Ann", "This week")
    await tom.send_document("long.txt", _long_plan().encode())
    await wait_button(tom, "✅ Publish")
    await tom.press("✅ Publish")
    await wait_text(tom, "Published week 1")
    await tom.send("/plan")
    await wait_text(tom, "Whose week")
    await tom.press("Ann")
    await wait_text(tom, "Which week")
    await tom.press("📋 This week")  # the picker marks a planned week
    await wait_text(tom, "publishing will replace it")
    sent = await tom.wait_for(lambda m: m.document is not None)
    assert sent.document.file_name == "plan.txt" and "to edit" in sent.text
    assert not [c for c in api.calls(chat_id=tom.id) if not c.ok]
