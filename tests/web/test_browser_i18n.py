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


def english_fragments() -> set[str]:
    """Every piece of English text of the catalog a page could show (the placeholders cut
    out), where Russian says something else: none of them may be on a Russian page."""
    found = set()
    for msgid in web_texts.APP.values():
        if catalogs.translations("ru").gettext(msgid) == msgid:
            continue
        for piece in re.split(r"\{\w+\}", msgid):
            piece = piece.strip(" ·:()/✓‹…").strip()
            if re.search(r"[A-Za-z]{2}", piece):
                found.add(piece)
    return found


async def english_on(page) -> list[str]:
    text = await page.evaluate("document.body.innerText")
    return sorted(f for f in english_fragments() if re.search(rf"\b{re.escape(f)}\b", text))


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
