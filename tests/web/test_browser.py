"""The Mini App in a real headless Chromium against the running bot and its web server.

Debian's chromium, driven by Playwright (no browser download). Every step saves a
screenshot under build/screenshots/<test>/ for review, and a failure saves the page
as it was. Where no browser is installed the tests skip, saying why (CI installs one
and sets COACH_REQUIRE_BROWSER=1, which turns the skip into a failure).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from bot.clock import SettableClock
from bot.observe import Observer
from bot.service import TelegramService
from bot.settings import Settings
from coach.web import build_web_app, web_server
from core import models
from local_bot_api import FakeBotApiServer, FakeUser
from storage.db import create_engine, create_session_factory
from storage.uow import SqlUnitOfWork
from tests.bot.conftest import (
    ADMIN_ID,
    invite_athletes,
    make_settings,
    make_trainer,
    publish_plan,
    wait_text,
)
from tests.web.test_server import free_port
from web.auth import sign_init_data

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("COACH_SCREENSHOTS", "build/screenshots"))
PHONE = {"width": 390, "height": 844}
THEME = {
    "bg_color": "#ffffff",
    "text_color": "#000000",
    "button_color": "#5288c1",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#eef1f5",
}


def _chromium() -> str | None:
    for candidate in (os.environ.get("COACH_CHROMIUM"), "/usr/bin/chromium", "chromium"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


@pytest.fixture
async def browser():
    executable = _chromium()
    reason = None
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        reason = "Playwright for Python is not installed (pip install -e '.[dev]')"
    if reason is None and executable is None:
        reason = "no Chromium installed (apt-get install chromium)"
    if reason is not None:
        if os.environ.get("COACH_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required: {reason}")
        pytest.skip(reason)
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


@dataclass
class Served:
    url: str
    settings: Settings
    clock: SettableClock
    api: FakeBotApiServer

    def init_data(self, user: FakeUser, language_code: str = "en") -> str:
        """What Telegram hands the Mini App when ``user`` opens it now."""
        account = user.account
        profile = {"id": account.id, "first_name": account.first_name}
        profile["language_code"] = language_code
        fields = {
            "query_id": f"AA{account.id}",
            "user": json.dumps(profile, separators=(",", ":")),
            "auth_date": str(int(self.clock.now().timestamp())),
        }
        return sign_init_data(fields, self.api.token)

    def mini_app(self, user: FakeUser, language_code: str = "en") -> str:
        data = self.init_data(user, language_code)
        launch = (
            f"tgWebAppData={quote(data, safe='')}&tgWebAppVersion=8.0"
            f"&tgWebAppThemeParams={quote(json.dumps(THEME), safe='')}"
        )
        return f"{self.url}/app/#{launch}"


@pytest.fixture
async def served(
    api: FakeBotApiServer, sqlite_url: str, clock: SettableClock
) -> AsyncIterator[Served]:
    """The bot (polling the local Bot API) and its web server, as coach run wires them."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    settings = make_settings(api, sqlite_url, COACH_PORT=str(port), COACH_PUBLIC_URL=url)
    observer = Observer()
    service = await TelegramService(settings, clock=clock, extend=observer.install).start()
    server = web_server(build_web_app(service, observer), settings)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            assert not task.done(), "the web server did not start"
            await asyncio.sleep(0.05)
        yield Served(url=url, settings=settings, clock=clock, api=api)
    finally:
        server.should_exit = True
        await task
        await service.stop()


class Shots:
    """Numbered screenshots of one test, kept for review."""

    def __init__(self, page, name: str) -> None:
        self.page = page
        self.folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", name)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.count = 0

    async def take(self, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        await self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
async def phone(browser, request):
    context = await browser.new_context(viewport=PHONE, device_scale_factor=2)
    page = await context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    shots = Shots(page, request.node.name)
    try:
        yield page, shots
    finally:
        if getattr(request.node, "failed_call", False):  # set by tests/web/conftest.py
            await shots.take("failure")
        print(f"\nscreenshots: {shots.folder.resolve()}")
        await context.close()
    assert problems == [], f"JavaScript errors on the page: {problems}"


async def coach_and_athletes(api: FakeBotApiServer) -> tuple[FakeUser, FakeUser, FakeUser]:
    admin = api.user(ADMIN_ID, "Ada")
    tom = api.user(2, "Tom")
    ann = api.user(3, "Ann")
    ben = api.user(4, "Ben")
    await make_trainer(admin, tom)
    await invite_athletes(tom, ann, ben)
    return tom, ann, ben


WITH_A_MISTAKE = "Mon: Upper body strength (45 min)\n- Push-ups 3x12\n- Plank 3xsixty"
FIXED = """\
Mon: Upper body strength (45 min)
- Push-ups 3x12
- Plank 3x60s
Thu: Easy run (30 min)
- Run 1x30min"""


async def test_a_trainer_plans_a_week_in_the_dashboard_and_the_athlete_gets_it(
    served: Served, phone
) -> None:
    page, shots = phone
    tom, ann, _ = await coach_and_athletes(served.api)
    await page.goto(served.mini_app(tom))

    roster = page.get_by_test_id("athlete")
    await roster.filter(has_text="Ann").wait_for()
    assert await roster.count() == 2
    assert "no plan this week" in await roster.filter(has_text="Ann").inner_text()
    button_colour = await page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--tg-theme-button-color')"
    )
    assert button_colour.strip() == THEME["button_color"]  # Telegram's theme is applied
    await shots.take("roster")

    await roster.filter(has_text="Ann").click()
    await page.get_by_test_id("plan-week").click()
    editor = page.get_by_test_id("plan-text")
    await editor.press_sequentially(WITH_A_MISTAKE)
    mistake = page.get_by_test_id("errors").locator("li[data-line='3']")
    await mistake.wait_for()
    assert (await mistake.inner_text()).startswith("Line 3:")
    assert await page.get_by_test_id("publish").is_disabled()
    await shots.take("mistake-shown")

    await editor.fill(FIXED)
    await page.get_by_test_id("valid").wait_for()
    assert "Workouts: 2" in await page.get_by_test_id("valid").inner_text()
    assert "Plank 3x60s" in await page.get_by_test_id("preview").inner_text()
    await shots.take("valid-preview")

    await page.get_by_test_id("publish").click()
    published = page.get_by_test_id("published")
    await published.wait_for()
    assert "Ann (week 1)" in await published.inner_text()
    await shots.take("published")

    message = await wait_text(ann, "published your plan")
    assert "Upper body strength" in message.text and "Easy run" in message.text
    assert "Tom" in message.text


REP_DAY = """\
Wed: Upper body (45 min)
- Push-ups 3x12
- Dumbbell row 2x10 @ 20kg
Fri: Easy run (30 min)
- Run 1x30min
"""


async def test_an_athlete_logs_sets_and_taps_done_and_the_trainer_hears_of_it(
    served: Served, phone
) -> None:
    page, shots = phone
    tom, ann, _ = await coach_and_athletes(served.api)
    await publish_plan(tom, "Ann", text=REP_DAY)  # the clock stands on a Wednesday
    await page.goto(served.mini_app(ann))

    workout = page.get_by_test_id("workout").filter(has_text="Upper body")
    await workout.wait_for()
    push_ups = workout.get_by_test_id("exercise").filter(has_text="Push-ups")
    sets = push_ups.get_by_test_id("set")
    assert await sets.count() == 3
    await shots.take("today")

    await sets.nth(0).get_by_test_id("log-set").click()
    await page.get_by_test_id("rest-timer").wait_for()
    assert re.fullmatch(r"[01]:\d\d", await page.get_by_test_id("rest-timer").inner_text())
    await sets.nth(1).get_by_test_id("set-amount").fill("10")
    await sets.nth(1).get_by_test_id("log-set").click()
    await sets.nth(1).get_by_test_id("set-amount").and_(page.locator(":disabled")).wait_for()
    row = workout.get_by_test_id("exercise").filter(has_text="Dumbbell row")
    await row.get_by_test_id("set").nth(0).get_by_test_id("set-load").fill("22.5kg")
    await row.get_by_test_id("set").nth(0).get_by_test_id("log-set").click()
    await (
        row.get_by_test_id("set")
        .nth(0)
        .get_by_test_id("set-load")
        .and_(page.locator(":disabled"))
        .wait_for()
    )
    await shots.take("sets-logged-rest-timer")

    await workout.get_by_test_id("done").click()
    await workout.get_by_test_id("done").filter(has_text="Undo").wait_for()
    await shots.take("done")

    notice = await wait_text(tom, "finished")
    assert "Ann" in notice.text and "Upper body" in notice.text and "1 of 2 done" in notice.text
    # The second set, two reps short, reached Tom as /log's would (one set is not "fewer
    # sets"): only that one.
    short = [m.text for m in served.api.messages(tom.id) if m.text.startswith("📝 Ann")]
    assert short == ["📝 Ann · Push-ups: 1x10 (planned 3x12)"]

    # What the sets became, as the trainer's card shows them.
    headers = {"Authorization": f"tma {served.init_data(tom)}"}
    async with httpx.AsyncClient(base_url=served.url) as client:
        roster = (await client.get("/api/roster", headers=headers)).json()
        ann_id = next(e["athlete"]["id"] for e in roster if e["athlete"]["name"] == "Ann")
        card = (await client.get(f"/api/athletes/{ann_id}", headers=headers)).json()
    logged = [(x["exercise"]["name"], x["done"]) for x in card["recent_logs"]]
    assert logged == [
        ("Dumbbell row", "1x10 @ 22.5kg"),
        ("Push-ups", "1x10"),
        ("Push-ups", "1x12"),
    ]
    assert card["this_week"] == {"completed": 1, "total": 2, "percentage": 50}


async def test_the_dashboard_without_telegram_says_how_to_open_it(served: Served, phone) -> None:
    page, shots = phone
    await page.goto(f"{served.url}/app/")
    error = page.get_by_test_id("error")
    await error.wait_for()
    assert "Open the dashboard from the bot" in await error.inner_text()
    await shots.take("no-init-data")


async def test_the_trainers_card_shows_the_latest_checkin_and_messages(
    served: Served, phone
) -> None:
    page, shots = phone
    tom, ann, _ = await coach_and_athletes(served.api)
    await ann.send("Is my knee ok to run?")
    await wait_text(tom, "💬 Ann: Is my knee ok to run?")
    engine = create_engine(served.settings.database_url)
    try:
        async with SqlUnitOfWork(create_session_factory(engine)) as u:
            athlete = await u.athletes.get_by_telegram_id(ann.id)
            now = served.clock.now()
            await u.checkins.save(
                athlete.id,
                date(2026, 11, 16),
                now=now,
                energy=3,
                sleep=4,
                soreness=2,
                body_weight_kg=72.4,
                note="knee sore",
                answered_at=now,
            )
            await u.commit()
    finally:
        await engine.dispose()

    await page.goto(served.mini_app(tom))
    await page.get_by_test_id("athlete").filter(has_text="Ann").click()
    checkin = page.get_by_test_id("card-checkin")
    await checkin.wait_for()
    assert "⚡3 😴4 💢2 · 72.4 kg · “knee sore”" in await checkin.inner_text()
    assert "week of 16 Nov" in await checkin.inner_text()
    messages = page.get_by_test_id("card-messages")
    assert "from Ann · 💬 “Is my knee ok to run?”" in await messages.inner_text()
    await shots.take("card-checkin-messages")


async def _runners(served: Served, tom) -> models.AthleteGroup:
    """Tom's group "Runners" of all his athletes, made through the service."""
    from core.services import athlete_groups, people

    engine = create_engine(served.settings.database_url)
    try:
        factory = create_session_factory(engine)
        now = served.clock.now()
        actor = await people.identify(
            SqlUnitOfWork(factory),
            telegram_id=tom.id,
            name="Tom",
            username=None,
            is_admin=False,
            now=now,
        )
        roster = await athlete_groups.roster(SqlUnitOfWork(factory), actor)
        return await athlete_groups.create_group(
            SqlUnitOfWork(factory),
            actor,
            name="Runners",
            member_ids=[a.id for a in roster],
            now=now,
        )
    finally:
        await engine.dispose()


async def _plan_for_ann(page, served: Served, tom) -> None:
    """Tom opens Ann's plan editor in the Mini App and types a valid week."""
    await page.goto(served.mini_app(tom))
    await page.get_by_test_id("athlete").filter(has_text="Ann").click()
    await page.get_by_test_id("plan-week").click()
    await page.get_by_test_id("plan-text").fill(FIXED)
    await page.get_by_test_id("valid").wait_for()


async def test_a_trainer_publishes_to_a_group_and_both_athletes_get_the_plan(
    served: Served, phone
) -> None:
    page, shots = phone
    tom, ann, ben = await coach_and_athletes(served.api)
    group = await _runners(served, tom)
    assert len(group.member_ids) == 2

    await _plan_for_ann(page, served, tom)
    toggle = page.get_by_test_id("group").filter(has_text="Runners")
    assert "Athletes: 2" in await toggle.inner_text()
    ben_box = page.locator("label").filter(has_text="Ben").get_by_test_id("also")
    assert not await ben_box.is_checked()
    await toggle.get_by_test_id("group-toggle").check()
    assert await ben_box.is_checked()  # the group ticks its members
    await shots.take("group-ticked")

    async with page.expect_request("**/api/plans/publish") as sent:
        await page.get_by_test_id("publish").click()
    assert (await sent.value).post_data_json["group_ids"] == [group.id]
    published = page.get_by_test_id("published")
    await published.wait_for()
    assert "Ann (week 1)" in await published.inner_text()
    assert "Ben (week 1)" in await published.inner_text()
    await shots.take("published-to-group")

    for athlete in (ann, ben):
        message = await wait_text(athlete, "published your plan")
        assert "Upper body strength" in message.text and "Easy run" in message.text


async def test_a_member_unticked_after_their_group_is_not_published_to(
    served: Served, phone
) -> None:
    """The group ticks Ben, Tom unticks him: the group lets go, and only Ann gets it."""
    page, _shots = phone
    tom, ann, ben = await coach_and_athletes(served.api)
    await _runners(served, tom)

    await _plan_for_ann(page, served, tom)
    group_box = page.get_by_test_id("group").filter(has_text="Runners")
    group_box = group_box.get_by_test_id("group-toggle")
    ben_box = page.locator("label").filter(has_text="Ben").get_by_test_id("also")
    await group_box.check()
    assert await ben_box.is_checked()
    await ben_box.uncheck()
    assert not await group_box.is_checked()

    async with page.expect_request("**/api/plans/publish") as sent:
        await page.get_by_test_id("publish").click()
    assert (await sent.value).post_data_json["group_ids"] == []
    published = page.get_by_test_id("published")
    await published.wait_for()
    assert "Ann (week 1)" in await published.inner_text()
    assert "Ben" not in await published.inner_text()
    await wait_text(ann, "published your plan")
    assert not [m for m in served.api.messages(ben.id) if "published your plan" in m.text]
