"""/groups (trainer): named groups of athletes, to publish a template to at once.

"New group" → send its name → tap athletes to toggle them (✅, paged) → Save. A group's
own buttons rename it, edit its athletes or delete it (with a confirmation). Drawn in
athlete_groups.mmd beside this file. (bot/handlers/groups.py is about Telegram group
chats, which the bot stays out of.)
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler

from bot import callbacks, keyboards, render, texts
from bot.context import CoachContext
from bot.handlers.dialogue import END, NUDGE, TEXT, choice, forget, forget_all, named
from bot.replies import answer, reply, show
from core import errors, models
from core.services import athlete_groups

WAIT_NAME, CHOOSE_MEMBERS, WAIT_RENAME = "grp:wait_name", "grp:members", "grp:wait_rename"

OPEN_PATTERN = callbacks.id_pattern(callbacks.GROUP_OPEN)
RENAME_PATTERN = callbacks.id_pattern(callbacks.GROUP_RENAME)
EDIT_PATTERN = callbacks.id_pattern(callbacks.GROUP_EDIT)
DELETE_PATTERN = callbacks.id_pattern(callbacks.GROUP_DELETE)
DELETE_CONFIRMED_PATTERN = callbacks.id_pattern(callbacks.GROUP_DELETE_CONFIRMED)
TOGGLE_PATTERN = callbacks.id_pattern(callbacks.GROUP_TOGGLE)
PAGE_PATTERN = callbacks.page_pattern(callbacks.GROUP_TOGGLE)


def _id(pattern, update: Update) -> int:
    return callbacks.read_id(pattern.match(update.callback_query.data))


async def _list(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    groups = await athlete_groups.list_groups(context.uow(), actor)
    await show(
        update,
        texts.GROUPS_HEADER if groups else texts.GROUPS_EMPTY,
        keyboards.group_list(groups),
    )


async def list_command(update: Update, context: CoachContext) -> None:
    await _list(update, context)


async def list_again(update: Update, context: CoachContext) -> None:
    await answer(update)
    await _list(update, context)


def card_text(group: models.AthleteGroup, names: dict[int, str]) -> str:
    if not group.member_ids:
        return texts.GROUP_CARD_EMPTY.format(name=render.esc(group.name))
    count = len(group.member_ids)
    return texts.GROUP_CARD(count).format(
        name=render.esc(group.name),
        count=count,
        members="\n".join(f"• {render.esc(names.get(a, '?'))}" for a in group.member_ids),
    )


async def _card(update: Update, context: CoachContext, actor, group: models.AthleteGroup) -> None:
    roster = await athlete_groups.roster(context.uow(), actor)
    names = {a.id: a.name for a in roster}
    await show(update, card_text(group, names), keyboards.group_card(group.id))


async def open_group(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    group = await athlete_groups.get_group(context.uow(), actor, _id(OPEN_PATTERN, update))
    await answer(update)
    await _card(update, context, actor, group)


async def ask_delete(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    group = await athlete_groups.get_group(context.uow(), actor, _id(DELETE_PATTERN, update))
    await answer(update)
    await show(
        update,
        texts.GROUP_CONFIRM_DELETE.format(name=render.esc(group.name)),
        keyboards.confirm_delete(
            callbacks.with_id(callbacks.GROUP_DELETE_CONFIRMED, group.id),
            callbacks.with_id(callbacks.GROUP_OPEN, group.id),
        ),
    )


async def delete(update: Update, context: CoachContext) -> None:
    actor = await context.actor(update)
    name = await athlete_groups.delete_group(
        context.uow(), actor, _id(DELETE_CONFIRMED_PATTERN, update)
    )
    await answer(
        update, texts.GROUP_DELETED.format(name=name).replace("<b>", "").replace("</b>", "")
    )
    await _list(update, context)


# --- the dialogue: a name, then the members -------------------------------------------


async def new_group(update: Update, context: CoachContext) -> str:
    forget_all(context)
    await answer(update)
    await reply(update, texts.GROUP_ASK_NAME)
    return WAIT_NAME


async def receive_name(update: Update, context: CoachContext) -> str:
    actor = await context.actor(update)
    checking = athlete_groups.name_free(context.uow(), actor, update.effective_message.text)
    name = await named(update, texts.GROUP_NAME_TAKEN, checking)
    if name is None:
        return WAIT_NAME
    members = context.user_data.get("grp.members", [])  # kept when a taken name is retyped
    context.user_data.update({"grp.name": name, "grp.members": members, "grp.id": None})
    return await _members(update, context, actor)


async def edit_members(update: Update, context: CoachContext) -> str | int:
    forget_all(context)
    actor = await context.actor(update)
    group = await athlete_groups.get_group(context.uow(), actor, _id(EDIT_PATTERN, update))
    await answer(update)
    context.user_data.update(
        {"grp.name": group.name, "grp.members": list(group.member_ids), "grp.id": group.id}
    )
    return await _members(update, context, actor)


async def _members(
    update: Update, context: CoachContext, actor: models.Actor, page: int = 0
) -> str | int:
    roster = await athlete_groups.roster(context.uow(), actor)
    if not roster:
        forget(context, "grp.")
        await show(update, texts.GROUP_NO_ATHLETES)
        return END
    members = set(choice(context, "grp.members"))
    context.user_data["grp.page"] = page
    await show(
        update,
        texts.GROUP_MEMBERS.format(
            name=render.esc(choice(context, "grp.name")),
            count=len(members & {a.id for a in roster}),
        ),
        keyboards.toggles(
            [
                (a.name, callbacks.with_id(callbacks.GROUP_TOGGLE, a.id), a.id in members)
                for a in roster
            ],
            page=page,
            page_prefix=callbacks.GROUP_TOGGLE,
            done=(texts.BUTTON_SAVE, callbacks.GROUP_SAVE),
        ),
    )
    return CHOOSE_MEMBERS


async def toggle(update: Update, context: CoachContext) -> str | int:
    actor = await context.actor(update)
    athlete_id = _id(TOGGLE_PATTERN, update)
    roster = await athlete_groups.roster(context.uow(), actor)
    if athlete_id not in {a.id for a in roster}:
        raise errors.NotYourAthlete(athlete_id)
    members = list(choice(context, "grp.members"))
    if athlete_id in members:
        members.remove(athlete_id)
    else:
        members.append(athlete_id)
    context.user_data["grp.members"] = members
    await answer(update)
    return await _members(update, context, actor, context.user_data.get("grp.page", 0))


async def turn_page(update: Update, context: CoachContext) -> str | int:
    actor = await context.actor(update)
    await answer(update)
    return await _members(
        update, context, actor, int(PAGE_PATTERN.match(update.callback_query.data)[1])
    )


async def save(update: Update, context: CoachContext) -> int:
    actor = await context.actor(update)
    roster = {a.id for a in await athlete_groups.roster(context.uow(), actor)}
    members = [a for a in choice(context, "grp.members") if a in roster]  # one who left: gone
    group_id = choice(context, "grp.id")
    if group_id is None:
        try:
            group = await athlete_groups.create_group(
                context.uow(),
                actor,
                name=choice(context, "grp.name"),
                member_ids=members,
                now=context.now(),
            )
        except errors.NameTaken as taken:  # made meanwhile, in another chat
            await answer(update)
            await reply(update, texts.GROUP_NAME_TAKEN.format(name=render.esc(taken.name)))
            context.user_data["grp.members"] = members
            return WAIT_NAME
    else:
        group = await athlete_groups.set_members(
            context.uow(), actor, group_id, members, context.now()
        )
    await answer(update)
    forget(context, "grp.")
    await _card(update, context, actor, group)
    return END


async def ask_rename(update: Update, context: CoachContext) -> str:
    forget_all(context)
    actor = await context.actor(update)
    group = await athlete_groups.get_group(context.uow(), actor, _id(RENAME_PATTERN, update))
    context.user_data["grp.rename"] = group.id
    await answer(update)
    await reply(update, texts.GROUP_ASK_RENAME.format(name=render.esc(group.name)))
    return WAIT_RENAME


async def receive_rename(update: Update, context: CoachContext) -> str | int:
    actor = await context.actor(update)
    renaming = athlete_groups.rename_group(
        context.uow(),
        actor,
        choice(context, "grp.rename"),
        update.effective_message.text,
        context.now(),
    )
    group = await named(update, texts.GROUP_NAME_TAKEN, renaming)
    if group is None:
        return WAIT_RENAME
    forget(context, "grp.")
    await _card(update, context, actor, group)
    return END


HANDLERS = [
    CommandHandler("groups", list_command),
    CallbackQueryHandler(list_again, pattern=callbacks.exact(callbacks.GROUP_LIST)),
    CallbackQueryHandler(open_group, pattern=OPEN_PATTERN),
    CallbackQueryHandler(ask_delete, pattern=DELETE_PATTERN),
    CallbackQueryHandler(delete, pattern=DELETE_CONFIRMED_PATTERN),
]

# The dialogue's part of the one ConversationHandler (bot/handlers/dialogues.py).
ENTRY_POINTS = [
    CallbackQueryHandler(new_group, pattern=callbacks.exact(callbacks.GROUP_NEW)),
    CallbackQueryHandler(edit_members, pattern=EDIT_PATTERN),
    CallbackQueryHandler(ask_rename, pattern=RENAME_PATTERN),
]
STATES = {
    WAIT_NAME: [MessageHandler(TEXT, receive_name)],
    CHOOSE_MEMBERS: [
        CallbackQueryHandler(toggle, pattern=TOGGLE_PATTERN),
        CallbackQueryHandler(turn_page, pattern=PAGE_PATTERN),
        CallbackQueryHandler(save, pattern=callbacks.exact(callbacks.GROUP_SAVE)),
        NUDGE,
    ],
    WAIT_RENAME: [MessageHandler(TEXT, receive_rename)],
}
FALLBACKS: list = []
