"""/max (trainer): list, set and remove training maxes, what "@ 75%" is a percentage of."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import render, texts
from bot.context import CoachContext
from bot.replies import reply
from core.measures import LoadUnit, format_load
from core.services import programs, trainers
from core.training_max_text import read_max_command


async def training_max(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    athletes = await trainers.coached_athletes(context.uow(), actor)
    text = update.effective_message.text.partition(" ")[2]
    command = read_max_command(text, [a.name for a in athletes])
    if command.unknown_athlete is not None:
        await reply(
            update, texts.MAX_UNKNOWN_ATHLETE.format(name=render.esc(command.unknown_athlete))
        )
        return
    if command.athlete_index is None or (command.exercise is None and command.unreadable is None):
        chosen = athletes if command.athlete_index is None else [athletes[command.athlete_index]]
        await _list(update, context, actor, chosen)
        return
    athlete = athletes[command.athlete_index]
    name = render.esc(athlete.name)
    if command.unreadable is not None:
        await reply(
            update,
            texts.MAX_BAD_LOAD.format(text=render.esc(command.unreadable[:60]), athlete=name),
        )
        return
    exercise = render.esc(command.exercise)
    if command.remove:
        removed = await programs.remove_training_max(
            context.uow(), actor, athlete_id=athlete.id, exercise_name=command.exercise
        )
        done = texts.MAX_REMOVED if removed else texts.MAX_NOT_THERE
        await reply(update, done.format(athlete=name, exercise=exercise))
        return
    try:
        saved = await programs.set_training_max(
            context.uow(),
            actor,
            athlete_id=athlete.id,
            exercise_name=command.exercise,
            load=command.load,
            unit=command.unit,
            now=context.now(),
        )
    except programs.InvalidTrainingMax:
        await reply(update, texts.MAX_BAD_LOAD.format(text=render.esc(text[:60]), athlete=name))
        return
    await reply(
        update,
        texts.MAX_SET.format(
            athlete=name,
            exercise=render.esc(saved.exercise_name),
            load=format_load(saved.load_kg, LoadUnit(saved.unit)),
        ),
    )


async def _list(update, context, actor, athletes) -> None:
    maxes = await programs.training_maxes(context.uow(), actor, [a.id for a in athletes])
    if not maxes:
        await reply(update, texts.MAX_NONE)
        return
    names = {a.id: a.name for a in athletes}
    lines = "\n".join(
        texts.MAX_LINE.format(
            athlete=render.esc(names[m.athlete_id]),
            exercise=render.esc(m.exercise_name),
            load=format_load(m.load_kg, LoadUnit(m.unit)),
        )
        for m in maxes
    )
    await reply(update, texts.MAX_LIST.format(lines=lines) + "\n\n" + texts.MAX_USAGE)


HANDLERS = [CommandHandler("max", training_max)]
