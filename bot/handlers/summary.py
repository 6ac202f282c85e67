"""/summary: this week so far. An athlete sees their own; a trainer first picks an athlete.

Drawn in summary.mmd beside this file.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, render, texts
from bot.context import CoachContext
from bot.handlers.dialogue import END, NUDGE, AthletePicker, coached_athletes, forget_all
from bot.replies import answer, show
from core import models
from core.services import summaries

CHOOSE_ATHLETE = "summary:choose_athlete"
ATHLETE_PATTERN = callbacks.id_pattern(callbacks.SUMMARY_ATHLETE)


async def _others(context: CoachContext, actor: models.Actor) -> list[models.Athlete]:
    return [a for a in await coached_athletes(context, actor) if a.id != actor.athlete.id]


PICKER = AthletePicker(
    prefix=callbacks.SUMMARY_ATHLETE,
    prompt=texts.SUMMARY_PICK,
    empty=texts.SUMMARY_NO_PLAN,
    state=CHOOSE_ATHLETE,
    athletes=_others,
    with_me=True,
)


async def begin(update: Update, context: CoachContext) -> str | int:
    """An athlete sees their week at once; a trainer or admin picks whose week first."""
    forget_all(context)
    actor = await context.actor(update)
    if actor.trainer is None and not actor.is_admin:
        await _show_summary(update, context, actor, None)
        return END
    return await PICKER.offer(update, context, actor)


async def choose_athlete(update: Update, context: CoachContext) -> int:
    athlete_id = callbacks.read_id(ATHLETE_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    await _show_summary(update, context, actor, athlete_id)
    await answer(update)
    return END


async def _show_summary(
    update: Update, context: CoachContext, actor: models.Actor, athlete_id: int | None
) -> None:
    week = await summaries.current_summary(
        context.uow(), actor, context.now(), athlete_id=athlete_id, default_tz=context.default_tz
    )
    own = week.athlete.id == actor.athlete.id
    name = None if own else week.athlete.name
    if week.summary is not None:
        text = render.summary_text(week.summary, athlete_name=name, so_far=True)
    elif own:
        text = texts.SUMMARY_NO_PLAN
    else:
        text = texts.SUMMARY_NO_PLAN_FOR.format(athlete=render.esc(name))
    await show(update, text)


# The dialogue's part of the one ConversationHandler (bot/handlers/dialogues.py).
ENTRY_POINTS = [CommandHandler("summary", begin)]
STATES = {
    CHOOSE_ATHLETE: [
        CallbackQueryHandler(choose_athlete, pattern=ATHLETE_PATTERN),
        PICKER.page_handler,
        NUDGE,
    ],
}
FALLBACKS = []
