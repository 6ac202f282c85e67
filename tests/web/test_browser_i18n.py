"""The Mini App in Russian, in a real headless Chromium: no English from the catalog shows.

The English texts looked for are the msgids of core/web_texts.py and their expected
Russian comes from locales/ru (never written here).
"""

from __future__ import annotations

import re

from bot import i18n as catalogs
from core import web_texts
from tests.web import test_browser as browser_tests
from tests.web.test_browser import FIXED, WITH_A_MISTAKE, Served, coach_and_athletes

# The browser tests' fixtures: Chromium, a phone-sized page, the bot and its web server.
browser = browser_tests.browser
phone = browser_tests.phone
served = browser_tests.served


def russian(key: str) -> str:
    return catalogs.translations("ru").gettext(web_texts.APP[key])


def english_fragments(language: str = "ru") -> set[str]:
    """Every piece of English text of the catalog a page could show (the placeholders cut
    out), where the language says something else: none of them may be on its page."""
    found = set()
    for msgid in web_texts.APP.values():
        if catalogs.translations(language).gettext(msgid) == msgid:
            continue
        for piece in re.split(r"\{\w+\}", msgid):
            piece = piece.strip(" ·:()/✓‹…").strip()
            if re.search(r"[A-Za-z]{2}", piece):
                found.add(piece)
    return found


async def english_on(page, language: str = "ru") -> list[str]:
    text = await page.evaluate("document.body.innerText")
    return sorted(f for f in english_fragments(language) if re.search(rf"\b{re.escape(f)}\b", text))


async def test_a_russian_trainers_dashboard_shows_no_english(served: Served, phone) -> None:
    page, shots = phone
    tom, _ann, _ = await coach_and_athletes(served.api)
    assert "Athletes" in english_fragments() and "this week" in english_fragments()
    await page.goto(served.mini_app(tom, language_code="ru"))

    roster = page.get_by_test_id("athlete")
    await roster.filter(has_text="Ann").wait_for()
    assert await page.evaluate("document.documentElement.lang") == "ru"
    assert await page.locator("#title").inner_text() == russian("your_athletes")
    assert russian("roster_no_plan") in await roster.filter(has_text="Ann").inner_text()
    assert await page.get_by_test_id("tab-athletes").inner_text() == russian("tab_athletes")
    assert await english_on(page) == []
    await shots.take("roster-ru")

    await roster.filter(has_text="Ann").click()
    await page.get_by_test_id("plan-week").wait_for()
    assert await page.get_by_test_id("plan-week").inner_text() == russian("plan_a_week")
    assert await english_on(page) == []
    await shots.take("card-ru")

    await page.get_by_test_id("plan-week").click()
    editor = page.get_by_test_id("plan-text")
    assert await editor.get_attribute("placeholder") == russian("plan_placeholder")
    assert await english_on(page) == []
    await editor.fill(WITH_A_MISTAKE)
    mistake = page.get_by_test_id("errors").locator("li[data-line='3']")
    await mistake.wait_for()
    assert (await mistake.inner_text()).startswith(russian("line_error").split("{")[0])
    await editor.fill(FIXED)
    valid = page.get_by_test_id("valid")
    await valid.wait_for()
    assert await valid.inner_text() == russian("valid_count").format(count=2)
    preview = await page.get_by_test_id("preview").inner_text()
    assert "Пн · Upper body strength" in preview  # the day from Intl, the title as written
    assert "null" not in await page.evaluate("document.body.innerText")  # no empty part shows
    assert await english_on(page) == []
    await shots.take("editor-ru")

    await page.get_by_test_id("publish").click()
    published = page.get_by_test_id("published")
    await published.wait_for()
    assert "Ann" in await published.inner_text()
    assert await english_on(page) == []
    await shots.take("published-ru")


async def test_the_dashboard_without_telegram_speaks_the_browsers_language(
    served: Served, browser
) -> None:
    context = await browser.new_context(locale="es-ES")
    try:
        page = await context.new_page()
        await page.goto(f"{served.url}/app/")
        error = page.get_by_test_id("error")
        await error.wait_for()
        spanish = catalogs.translations("es").gettext(web_texts.APP["open_from_telegram"])
        assert spanish in await error.inner_text()
    finally:
        await context.close()


async def test_a_spanish_athletes_today_logging_and_rest_timer_are_in_spanish(
    served: Served, phone
) -> None:
    from core.services import languages, people
    from storage.db import create_engine, create_session_factory
    from storage.uow import SqlUnitOfWork
    from tests.bot.conftest import ADMIN_ID, invite_athletes, make_trainer, publish_plan
    from tests.web.test_browser import REP_DAY

    page, shots = phone
    admin = served.api.user(ADMIN_ID, "Ada")
    tom = served.api.user(2, "Tom")
    eva = served.api.user(5, "Eva")
    await make_trainer(admin, tom)
    await invite_athletes(tom, eva)
    engine = create_engine(served.settings.database_url)
    try:  # Eva picks Español with /language (so her plan's motivation is Spanish too)
        factory, now = create_session_factory(engine), served.clock.now()
        actor = await people.identify(
            SqlUnitOfWork(factory),
            telegram_id=eva.id,
            name="Eva",
            username=None,
            is_admin=False,
            now=now,
        )
        await languages.set_language(SqlUnitOfWork(factory), actor, "es", now)
    finally:
        await engine.dispose()
    await publish_plan(tom, "Eva", text=REP_DAY)  # the clock stands on a Wednesday
    await page.goto(served.mini_app(eva))  # Telegram says English: the choice wins

    def spanish(key: str) -> str:
        return catalogs.translations("es").gettext(web_texts.APP[key])

    workout = page.get_by_test_id("workout").filter(has_text="Upper body")
    await workout.wait_for()
    assert await page.locator("#title").inner_text() == spanish("today")
    assert await workout.get_by_test_id("done").inner_text() == spanish("done")
    sets = workout.get_by_test_id("exercise").filter(has_text="Push-ups").get_by_test_id("set")
    assert spanish("set_number").format(number=1) in await sets.nth(0).inner_text()
    assert "Mié · Upper body" in await workout.inner_text()  # the day from Intl
    assert await english_on(page, "es") == []
    await shots.take("today-es")

    await sets.nth(0).get_by_test_id("log-set").click()
    timer = page.locator("#timer")
    await page.get_by_test_id("rest-timer").wait_for()
    assert spanish("rest") in await timer.inner_text()
    assert await page.locator("#timer-skip").inner_text() == spanish("rest_skip")
    await workout.get_by_test_id("done").click()
    await workout.get_by_test_id("done").filter(has_text=spanish("undo")).wait_for()
    assert await english_on(page, "es") == []
    await shots.take("done-es")
