"""/assign (admin, trainer): pick an athlete, then a trainer, then confirm; all are told.

Drawn in assign.mmd beside this file.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards, render, texts
from bot.context import CoachContext
from bot.errors import BadCallbackData
from bot.handlers.dialogue import END, NUDGE, AthletePicker, cancel, choice, forget
from bot.menus import set_menu
from bot.replies import answer, notify, show
from core import i18n, models
from core.measures import unit_of
from core.services import assignment, handover, roles

CHOOSE_ATHLETE, CHOOSE_TRAINER = "assign:choose_athlete", "assign:choose_trainer"
CONFIRM = "assign:confirm"
ATHLETE_PATTERN = callbacks.id_pattern(callbacks.ASSIGN_ATHLETE)
TRAINER_PATTERN = callbacks.id_pattern(callbacks.ASSIGN_TRAINER)
CANCEL_PATTERN = callbacks.exact(callbacks.ASSIGN_CANCEL)


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
    athlete, options = await assignment.assignable_trainers(context.uow(), actor, athlete_id)
    await answer(update)
    if not options:
        await show(update, texts.ASSIGN_NO_OTHER_TRAINERS.format(athlete=render.esc(athlete.name)))
        return END
    context.user_data["assign.athlete_id"] = athlete.id
    await show(
        update,
        texts.ASSIGN_PICK_TRAINER.format(athlete=render.esc(athlete.name)),
        keyboards.trainers(options, callbacks.ASSIGN_TRAINER),
    )
    return CHOOSE_TRAINER


async def choose_trainer(update: Update, context: CoachContext) -> str:
    trainer_id = callbacks.read_id(TRAINER_PATTERN.match(update.callback_query.data))
    actor = await context.actor(update)
    proposal = await assignment.propose_assignment(
        context.uow(), actor, athlete_id=choice(context, "assign.athlete_id"), trainer_id=trainer_id
    )
    await answer(update)
    previous = proposal.previous_trainer
    await show(
        update,
        texts.ASSIGN_CONFIRM_QUESTION.format(
            athlete=render.esc(proposal.athlete.name),
            trainer=render.esc(proposal.trainer.name),
            previous=texts.ASSIGN_CONFIRM_PREVIOUS.format(previous=render.esc(previous.name))
            if previous is not None and previous.id != proposal.trainer.id
            else "",
        ),
        keyboards.confirm_assignment(proposal.athlete.id, proposal.trainer.id),
    )
    return CONFIRM


async def confirm(update: Update, context: CoachContext) -> int:
    match = callbacks.ASSIGN_CONFIRM_PATTERN.match(update.callback_query.data)
    athlete_id, trainer_id = int(match[1]), int(match[2])
    if athlete_id != choice(context, "assign.athlete_id"):
        raise BadCallbackData(update.callback_query.data)  # a button of another /assign
    actor = await context.actor(update)
    result = await assignment.assign_trainer(
        context.uow(),
        actor,
        athlete_id=athlete_id,
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
    await _tell_everyone(context, actor, result)
    return END


async def _tell_everyone(
    context: CoachContext, actor: models.Actor, result: assignment.Assignment
) -> None:
    """The new trainer, the athlete and the trainer they left; never the one who acted."""
    athlete, trainer = render.esc(result.athlete.name), render.esc(result.trainer.name)
    me = actor.athlete.telegram_id
    if result.trainer.telegram_id != me:
        await _send_card(context, result, athlete)
    if result.athlete.telegram_id != me:
        with i18n.using(i18n.language_of(result.athlete)):
            told = texts.ASSIGN_INTRODUCTION.format(
                trainer=trainer, introduction=render.trainer_introduction(result.trainer)
            )
        await notify(context, result.athlete.telegram_id, told)
    previous = result.previous_trainer
    if previous is not None and previous.id != result.trainer.id and previous.telegram_id != me:
        with i18n.using(previous.language):
            told = texts.ASSIGN_TOLD_PREVIOUS.format(athlete=athlete, trainer=trainer)
        await notify(context, previous.telegram_id, told)
    # The athlete trains with someone now: their menu gains the athlete's commands.
    telegram_id = result.athlete.telegram_id
    who = await roles.person_roles(
        context.uow(), telegram_id, is_admin=telegram_id in context.runtime.settings.admin_ids
    )
    if who is not None:
        with i18n.using(i18n.language_of(result.athlete)):  # their menu in their language
            await set_menu(context.bot, telegram_id, who)


async def _send_card(context: CoachContext, result: assignment.Assignment, athlete: str) -> None:
    """The new trainer gets the athlete's card, as /athletes opens it, under a headline;
    in the new trainer's language."""
    handed = await handover.new_trainers_card(
        context.uow(),
        result.trainer,
        result.athlete.id,
        context.now(),
        default_tz=context.default_tz,
    )
    with i18n.using(result.trainer.language):
        headline = texts.ASSIGN_NEW_ATHLETE.format(athlete=athlete)
        if handed is not None:
            text = texts.ASSIGN_CARD.format(
                headline=headline, card=render.card_text(handed.card, unit_of(handed.units))
            )
            markup = keyboards.card(result.athlete.id)
    if handed is None:  # moved on since: the headline alone
        await notify(context, result.trainer.telegram_id, headline)
        return
    await notify(context, result.trainer.telegram_id, text, markup)


# The dialogue's part of the one ConversationHandler (bot/handlers/dialogues.py).
ENTRY_POINTS = [CommandHandler("assign", PICKER.begin)]
STATES = {
    CHOOSE_ATHLETE: [
        CallbackQueryHandler(choose_athlete, pattern=ATHLETE_PATTERN),
        PICKER.page_handler,
        NUDGE,
    ],
    CHOOSE_TRAINER: [CallbackQueryHandler(choose_trainer, pattern=TRAINER_PATTERN), NUDGE],
    CONFIRM: [
        CallbackQueryHandler(confirm, pattern=callbacks.ASSIGN_CONFIRM_PATTERN),
        CallbackQueryHandler(cancel, pattern=CANCEL_PATTERN),
        # Another trainer, changed on second thoughts: asked again.
        CallbackQueryHandler(choose_trainer, pattern=TRAINER_PATTERN),
        NUDGE,
    ],
}
FALLBACKS = []
