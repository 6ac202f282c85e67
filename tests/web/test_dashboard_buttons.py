"""With COACH_PUBLIC_URL the chat opens the Mini App: the menu button and "Open dashboard"."""

from __future__ import annotations

from bot.clock import SettableClock
from local_bot_api import FakeBotApiServer
from tests.bot.conftest import (
    ADMIN_ID,
    START,
    RunningBot,
    invite_athletes,
    make_settings,
    make_trainer,
    publish_plan,
    wait_text,
)

URL = "https://coach.example.com"


def _web_apps(message) -> list[str]:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return [b["web_app"]["url"] for row in rows for b in row if "web_app" in b]


async def test_open_dashboard_buttons_and_the_menu_button(
    api: FakeBotApiServer, sqlite_url: str
) -> None:
    settings = make_settings(api, sqlite_url, COACH_PUBLIC_URL=URL + "/")
    running = await RunningBot(settings, SettableClock(START)).start()
    try:
        assert api.menu_button(None)["web_app"]["url"] == f"{URL}/app/"
        admin, tom, ann = api.user(ADMIN_ID, "Ada"), api.user(2, "Tom"), api.user(3, "Ann")
        await make_trainer(admin, tom)
        await invite_athletes(tom, ann)
        await tom.send("/athletes")
        roster = await wait_text(tom, "Your athletes")
        assert _web_apps(roster) == [f"{URL}/app/"]
        await ann.send("/today")
        rest = await wait_text(ann, "no plan for this week")
        assert _web_apps(rest) == [f"{URL}/app/"]
        await publish_plan(tom, "Ann")
        await wait_text(ann, "published your plan")
        await ann.send("/today")  # a Wednesday: the run, with its Done button
        today = await wait_text(ann, "Easy run")
        assert any("Done" in label for row in today.button_labels for label in row)
        assert _web_apps(today) == [f"{URL}/app/"]
        # Done redraws /today in place: the dashboard button is still there.
        await ann.press(
            next(label for row in today.button_labels for label in row if "Done" in label)
        )
        ticked = await ann.wait_for(lambda m: m.message_id == today.message_id and m.edited)
        assert any("Undo" in label for row in ticked.button_labels for label in row)
        assert _web_apps(ticked) == [f"{URL}/app/"]
    finally:
        await running.stop()
