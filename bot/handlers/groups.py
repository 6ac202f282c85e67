"""Private chats only: a group gets one polite pointer. Also tracks who blocked the bot."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ChatMemberHandler, TypeHandler

from bot import texts
from bot.context import CoachContext
from bot.replies import reply
from core.services import people

POINTED_KEY = "coach.pointed_to_private"


async def keep_out_of_groups(update: Update, context: CoachContext) -> None:
    """Runs before every other handler; stops anything that isn't a private chat."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    if update.my_chat_member is None and not context.chat_data.get(POINTED_KEY):
        context.chat_data[POINTED_KEY] = True
        await reply(update, texts.GROUP_POINTER.format(username=context.bot.username))
    raise ApplicationHandlerStop


async def membership_changed(update: Update, context: CoachContext) -> None:
    """A user blocked or unblocked the bot in their private chat."""
    change = update.my_chat_member
    if change.chat.type != ChatType.PRIVATE:
        return
    blocked = change.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT)
    await people.set_reachable(context.uow(), change.from_user.id, not blocked, context.now())


GUARD = TypeHandler(Update, keep_out_of_groups)
MEMBERSHIP = ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER)
