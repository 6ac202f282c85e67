"""The athlete card (trainer): "card:<athlete id>" from /athletes, and the card's own
buttons Progress and History. Plan a week, Edit this week, Copy a week and Message are
answered by the features that own them (see bot/callbacks.py)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot import callbacks, keyboards, render
from bot.context import CoachContext
from bot.handlers import progress
from bot.replies import answer, show
from core.measures import unit_of
from core.services import card

CARD_PATTERN = callbacks.id_pattern(callbacks.CARD)
PROGRESS_PATTERN = callbacks.id_pattern(callbacks.CARD_PROGRESS)
HISTORY_PATTERN = callbacks.id_pattern(callbacks.CARD_HISTORY)


async def open_card(update: Update, context: CoachContext) -> None:
    athlete_id = callbacks.read_id(CARD_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    found = await card.athlete_card(
        context.uow(), actor, athlete_id, context.now(), default_tz=context.default_tz
    )
    await answer(update)
    text = render.card_text(found, unit_of(actor.athlete.units))
    await show(update, text, keyboards.card(found.athlete.id))


async def card_progress(update: Update, context: CoachContext) -> None:
    athlete_id = callbacks.read_id(PROGRESS_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    await progress.offer_charts(update, context, actor, athlete_id)
    await answer(update)


async def card_history(update: Update, context: CoachContext) -> None:
    data = update.callback_query.data
    paged = callbacks.CARD_HISTORY_PAGE_PATTERN.match(data)
    if paged:
        athlete_id, offset = int(paged[1]), int(paged[2])
    else:
        athlete_id, offset = callbacks.read_id(HISTORY_PATTERN.match(data)), 0
    actor = await context.actor(update)
    athlete, page = await card.athlete_history(
        context.uow(),
        actor,
        athlete_id,
        context.now(),
        offset=offset,
        default_tz=context.default_tz,
    )
    await answer(update)
    await show(
        update, render.card_history_text(athlete, page), keyboards.card_history(athlete, page)
    )


HANDLERS = [
    CallbackQueryHandler(open_card, pattern=CARD_PATTERN),
    CallbackQueryHandler(card_progress, pattern=PROGRESS_PATTERN),
    CallbackQueryHandler(card_history, pattern=HISTORY_PATTERN),
    CallbackQueryHandler(card_history, pattern=callbacks.CARD_HISTORY_PAGE_PATTERN),
]
