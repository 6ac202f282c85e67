"""/athletes (trainer): the roster as buttons, needs-attention first, 8 a page; each
button opens the athlete's card (bot/handlers/card.py)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards, render
from bot.context import CoachContext
from bot.replies import answer, show
from core.services import card

ROSTER_PAGE_PATTERN = callbacks.page_pattern(callbacks.ROSTER)


async def athletes(update: Update, context: CoachContext) -> None:
    page = 0
    if update.callback_query is not None:
        page = int(ROSTER_PAGE_PATTERN.match(update.callback_query.data)[1])
    await show_roster(update, context, page)


async def show_roster(update: Update, context: CoachContext, page: int) -> None:
    actor = await context.actor(update)
    standings = await card.roster(
        context.uow(), actor, context.now(), default_tz=context.default_tz
    )
    await answer(update)
    pages = keyboards.roster_pages(len(standings))
    markup = keyboards.roster([(s.athlete.id, render.roster_button(s)) for s in standings], page)
    dashboard = keyboards.with_dashboard(markup, context.runtime.settings.mini_app_url)
    await show(update, render.roster_page_text(standings, page, pages), dashboard)


HANDLERS = [
    CommandHandler("athletes", athletes),
    CallbackQueryHandler(athletes, pattern=ROSTER_PAGE_PATTERN),
]
