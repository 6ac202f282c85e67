from __future__ import annotations

from tests.bot.conftest import ask


async def test_start_and_help(coach_bot, api) -> None:
    ann = api.user(2001, "Ann", username="ann")
    welcome = await ask(ann, "/start")
    assert "Coach" in welcome.text
    help_message = await ann.next_message()
    assert "/today" in help_message.text and "/plan" not in help_message.text
