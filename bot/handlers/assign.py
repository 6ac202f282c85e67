"""/assign (admin, trainer): pick an athlete, then a trainer; both are told.

Drawn in assign.mmd beside this file.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards, render, texts
from bot.context import CoachContext
from bot.handlers.dialogue import END, NUDGE, AthletePicker, choice, forget
from bot.replies import answer, notify, show
from core import i18n, models
from core.services import assignment, trainers

CHOOSE_ATHLETE, CHOOSE_TRAINER = "assign:choose_athlete", "assign:choose_trainer"
ATHLETE_PATTERN = callbacks.id_pattern(callbacks.ASSIGN_ATHLETE)
TRAINER_PATTERN = callbacks.id_pattern(callbacks.ASSIGN_TRAINER)


async def _assignable(context: CoachContext, actor: models.Actor) -> list[models.Athlete]:
    return await assignment.assignable_athletes(context.uow(), actor)


PICKER = AthletePicker(
    prefix=callbacks.ASSIGN_ATHLETE,
    prompt=texts.ASSIGN_PICK_ATHLETE,
    empty=texts.ASSIGN_NO_ATHLETES,
    state=CHOOSE_ATHLETE,
    athletes=_assignable,
)


async def choose_athlete(update: Update, context: CoachContext) -> str | int:
    athlete_id = callbacks.read_id(ATHLETE_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    athlete = await assignment.assignable_athlete(context.uow(), actor, athlete_id)
    await answer(update)
    options = await trainers.list_trainers(context.uow())
    if not options:
        await show(update, texts.ASSIGN_NO_TRAINERS)
        return END
    context.user_data["assign.athlete_id"] = athlete.id
    await show(
        update,
        texts.ASSIGN_PICK_TRAINER.format(athlete=render.esc(athlete.name)),
        keyboards.trainers(options, callbacks.ASSIGN_TRAINER),
    )
    return CHOOSE_TRAINER


async def choose_trainer(update: Update, context: CoachContext) -> int:
    trainer_id = callbacks.read_id(TRAINER_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    result = await assignment.assign_trainer(
        context.uow(),
        actor,
        athlete_id=choice(context, "assign.athlete_id"),
        trainer_id=trainer_id,
        now=context.now(),
        default_tz=context.default_tz,
    )
    forget(context, "assign.")
    await answer(update)
    athlete, trainer = render.esc(result.athlete.name), render.esc(result.trainer.name)
    await show(
        update,
        texts.ASSIGN_DONE.format(
            athlete=athlete,
            trainer=trainer,
            plans_moved=texts.PLANS_MOVED(result.plans_updated).format(count=result.plans_updated),
        ),
    )
    if result.athlete.telegram_id != actor.athlete.telegram_id:
        with i18n.using(i18n.language_of(result.athlete)):
            notice = texts.ASSIGN_TOLD_ATHLETE.format(trainer=trainer)
        await notify(context, result.athlete.telegram_id, notice)
    if result.trainer.telegram_id != actor.athlete.telegram_id:
        with i18n.using(result.trainer.language):
            notice = texts.ASSIGN_TOLD_TRAINER.format(athlete=athlete)
        await notify(context, result.trainer.telegram_id, notice)
    return END


# The dialogue's part of the one ConversationHandler (bot/handlers/dialogues.py).
ENTRY_POINTS = [CommandHandler("assign", PICKER.begin)]
STATES = {
    CHOOSE_ATHLETE: [
        CallbackQueryHandler(choose_athlete, pattern=ATHLETE_PATTERN),
        PICKER.page_handler,
        NUDGE,
    ],
    CHOOSE_TRAINER: [CallbackQueryHandler(choose_trainer, pattern=TRAINER_PATTERN), NUDGE],
}
FALLBACKS = []
