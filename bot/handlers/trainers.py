"""/trainers (anyone): trainers with their specialization, a button each for details."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards, render
from bot.context import CoachContext
from bot.replies import answer, reply
from core.services import trainers as trainer_service


async def trainers(update: Update, context: CoachContext) -> None:
    await context.actor(update)
    items = await trainer_service.list_trainers(context.uow())
    await reply(update, render.trainers_text(items), keyboards.trainers(items) if items else None)


async def trainer_details(update: Update, context: CoachContext) -> None:
    await context.actor(update)
    trainer_id = callbacks.read_id(callbacks.TRAINER_PATTERN.match(update.callback_query.data))
    trainer = await trainer_service.get_trainer(context.uow(), trainer_id)
    await answer(update)
    await reply(update, render.trainer_details(trainer))


HANDLERS = [
    CommandHandler("trainers", trainers),
    CallbackQueryHandler(trainer_details, pattern=callbacks.TRAINER_PATTERN),
]
