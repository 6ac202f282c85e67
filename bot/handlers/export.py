"""/export: the user's data as CSV documents; a trainer picks an athlete, or all of theirs.

The files are written by core.services.export into a temporary directory (streamed
from the database, never held in memory), sent as documents, then deleted.
``send_export`` takes the athlete id, so that a button elsewhere (the trainer's
athlete card) can call it as it is.

The header rows are in the user's language; ``/export en`` keeps the English column
ids (docs/export.md), for scripts: the trainer's picker then carries it in its own
callback prefix. The language is handed to the export explicitly: it is the person's
own, or the stable English ids, whatever the chat's current language.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import tempfile
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards, render, texts
from bot.context import CoachContext
from bot.replies import answer, reply, show
from core import i18n, models
from core.services import export, trainers
from core.weeks import local_today

ATHLETE_PATTERN = callbacks.id_pattern(callbacks.EXPORT_ATHLETE)
PAGE_PATTERN = callbacks.page_pattern(callbacks.EXPORT_ATHLETE)
ALL_PATTERN = callbacks.exact(callbacks.EXPORT_ALL)
EN_ATHLETE_PATTERN = callbacks.id_pattern(callbacks.EXPORT_EN_ATHLETE)
EN_PAGE_PATTERN = callbacks.page_pattern(callbacks.EXPORT_EN_ATHLETE)
EN_ALL_PATTERN = callbacks.exact(callbacks.EXPORT_EN_ALL)
STABLE = i18n.DEFAULT  # the /export argument that keeps the English column ids


async def export_command(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    arguments = context.args or []
    if arguments and [a.lower() for a in arguments] != [STABLE]:
        await reply(update, texts.EXPORT_USAGE.format(argument=render.esc(" ".join(arguments))))
        return
    stable = bool(arguments)
    if actor.trainer is None and not actor.is_admin:
        await send_export(update, context, actor, None, stable=stable)
        return
    await _offer(update, context, actor, 0, stable=stable)


async def turn_page(update: Update, context: CoachContext) -> None:
    match, stable = _pressed(update, context)
    actor = await context.actor(update)
    await answer(update)
    await _offer(update, context, actor, int(match[1]), stable=stable)


async def export_one(update: Update, context: CoachContext) -> None:
    match, stable = _pressed(update, context)
    actor = await context.actor(update)
    await send_export(update, context, actor, callbacks.read_id(match), stable=stable)


def _pressed(update: Update, context: CoachContext) -> tuple[re.Match, bool]:
    """The handler's own match of the button's data, and whether the button is one of
    ``/export en``'s (English column ids)."""
    stable = update.callback_query.data.startswith(callbacks.EXPORT_EN_ATHLETE)
    return context.matches[0], stable


async def export_all(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    stable = update.callback_query.data == callbacks.EXPORT_EN_ALL
    await send_export(update, context, actor, None, everyone=True, stable=stable)


async def _offer(
    update: Update, context: CoachContext, actor: models.Actor, page: int, *, stable: bool
) -> None:
    athletes = [
        a for a in await trainers.coached_athletes(context.uow(), actor) if a.id != actor.athlete.id
    ]
    prefix = callbacks.EXPORT_EN_ATHLETE if stable else callbacks.EXPORT_ATHLETE
    everyone = callbacks.EXPORT_EN_ALL if stable else callbacks.EXPORT_ALL
    markup = keyboards.athletes(athletes, prefix, me=actor.athlete, page=page)
    rows = [
        *markup.inline_keyboard,
        [InlineKeyboardButton(texts.BUTTON_EXPORT_ALL, callback_data=everyone)],
    ]
    await show(update, texts.EXPORT_PICK, InlineKeyboardMarkup(rows))


async def send_export(
    update: Update,
    context: CoachContext,
    actor: models.Actor,
    athlete_id: int | None,
    *,
    everyone: bool = False,
    stable: bool = False,
) -> None:
    """``stable``: the header rows in the English column ids, whatever the language."""
    chat = update.effective_chat
    assert chat is not None
    directory = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="coach-export-"))
    try:
        result = await export.export_athletes(
            context.uow(),
            actor,
            directory,
            athlete_id=athlete_id,
            everyone=everyone,
            language=STABLE if stable else i18n.language_of(actor.athlete),
        )
        await answer(update)
        if everyone:
            who, slug = texts.EXPORT_ALL_WHO, "all-athletes"
        else:
            who = result.athletes[0].name
            slug = re.sub(r"[^a-z0-9]+", "-", who.lower()).strip("-") or "athlete"
        day = local_today(context.now(), context.timezone_of(actor.athlete)).isoformat()
        for file in result.files:
            with file.path.open("rb") as handle:
                await chat.send_document(
                    handle,
                    filename=f"coach-{slug}-{file.table}-{day}.csv",
                    caption=texts.EXPORT_CAPTION.format(
                        who=render.esc(who), table=file.table, rows=file.rows
                    ),
                    parse_mode=ParseMode.HTML,
                )
        await reply(
            update,
            texts.EXPORT_DONE.format(
                count=len(result.files), tables=", ".join(f.table for f in result.files)
            ),
        )
    finally:
        await asyncio.to_thread(shutil.rmtree, directory, True)


HANDLERS = [
    # Blocking, like every handler: the update inbox runs other chats' updates meanwhile,
    # and the export stays part of its update (a crash mid-export sends it again).
    CommandHandler("export", export_command),
    CallbackQueryHandler(export_one, pattern=ATHLETE_PATTERN),
    CallbackQueryHandler(turn_page, pattern=PAGE_PATTERN),
    CallbackQueryHandler(export_all, pattern=ALL_PATTERN),
    CallbackQueryHandler(export_one, pattern=EN_ATHLETE_PATTERN),
    CallbackQueryHandler(turn_page, pattern=EN_PAGE_PATTERN),
    CallbackQueryHandler(export_all, pattern=EN_ALL_PATTERN),
]
