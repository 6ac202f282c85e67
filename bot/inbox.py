"""Updates through the inbox: stored before they are confirmed, then processed once each.

``InboxRunner`` is python-telegram-bot's Updater replaced. Its receiving half takes
updates from a long poll (``Bot.get_updates``; on PostgreSQL only in the process that
holds the polling lock) or from the webhook server (``receive``), cleans them, and
commits them to the inbox before Telegram hears they arrived: the next poll's offset
confirms a batch only after it was committed, and the webhook answers 200 only after
the commit. Its processing half, ``workers`` tasks in every process, claims the oldest
update of a chat no one else is working on and hands it to
``Application.process_update`` with that chat's dialogue state read from the database
for this update, then writes the state back (only when it changed) with the update's
processed mark. See storage/inbox.py for what is committed when.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import warnings
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from telegram import Bot, Update
from telegram.error import (
    Conflict,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import Application, ConversationHandler
from telegram.warnings import PTBUserWarning

from bot import texts
from bot.clean import clean_payload
from bot.context import KNOWN_PERSON, runtime_of
from bot.handlers.dialogue import DIALOGUE_PREFIXES
from bot.telegram_http import BEFORE_SENDING
from core import i18n
from storage.db import writing
from storage.inbox import ClaimedUpdate, IncomingUpdate, PollingLeadership, UpdateInbox
from storage.uow import joined

log = logging.getLogger(__name__)

POLL_TIMEOUT_SECONDS = 10  # Telegram's long poll: how long one getUpdates may wait
# How often an idle process looks for updates that another process stored (PostgreSQL);
# what this process receives wakes its sleeping workers at once.
IDLE_CHECK_SECONDS = 0.5
# How soon an update that failed outside its handlers is tried again (not at once: a
# database outage would use up its attempts in milliseconds).
RETRY_AFTER_FAILURE_SECONDS = 1.0
LEADER_RETRY_SECONDS = 5.0  # how often a follower tries to become the polling leader
LEADER_CHECK_SECONDS = 30.0  # how often the leader makes sure it still holds the lock
PRUNE_EVERY_SECONDS = 3600.0


def chat_of(payload: dict[str, Any]) -> int:
    """The key that orders updates: the chat (python-telegram-bot's ``effective_chat``),
    else the sender, else 0. Read from the raw update: nothing is parsed to receive it."""
    for kind, value in payload.items():
        if kind == "update_id" or not isinstance(value, dict):
            continue
        if isinstance(value.get("chat"), dict):
            return value["chat"].get("id", 0)
        message = value.get("message")
        if isinstance(message, dict) and isinstance(message.get("chat"), dict):
            return message["chat"].get("id", 0)  # a callback query's message
        sender = value.get("from") or value.get("user")
        if isinstance(sender, dict):
            return sender.get("id", 0)
    return 0


class InboxRunner:
    def __init__(
        self,
        application: Application,
        engine: AsyncEngine,
        *,
        workers: int,
        allowed_updates: Sequence[str],
        idle_check_seconds: float | None = None,
    ) -> None:
        self.application = application
        self.inbox = UpdateInbox(engine)
        # No workers at all: this process only receives (tests drive process_one).
        self.workers = workers
        # SQLite has no row locks: the chats this process is handling are skipped by hand.
        self._busy_chats: set[int] = set()
        self._claiming = asyncio.Lock()
        self._allowed_updates = list(allowed_updates)
        self._runtime = runtime_of(application)
        # Wakes sleeping workers: a receive as many as it brought updates, at most all.
        self._permits = asyncio.Semaphore(0)
        self._unused_permits = 0
        # SQLite: one process receives everything itself; the look is only for an update
        # that failed outside its handlers and waits to be tried again.
        default_idle = IDLE_CHECK_SECONDS if self.inbox.locks_rows else 5.0
        self._idle_check = default_idle if idle_check_seconds is None else idle_check_seconds
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._polling: asyncio.Task[None] | None = None
        self._leadership = PollingLeadership(engine)
        # Updates processed by this process (tests, metrics, and a claim that found nothing
        # looks again when this moved meanwhile).
        self.processed = 0
        self.polling_leader = False
        # Updates claimed in one transaction each whose commit has not been sent yet
        # (PostgreSQL); the updates between the start of their mark and the end of their
        # commit, and how many marks ever began; and whether a claim found nothing while
        # a mark was under way (see _process_next).
        self._in_hand = 0
        self._marking = 0
        self._marks_begun = 0
        self._looked_in_vain = False
        # PostgreSQL: for each chat, how many updates in hand here have sent it a message;
        # its updates are not claimed here meanwhile (_process_in_one_transaction).
        self._written_to: dict[int, int] = {}
        self._passed_over: set[int] = set()  # of those, the ones a claim has left out

    # --- lifecycle -------------------------------------------------------------------

    async def start(self) -> None:
        """Start processing: whatever is pending (from before a restart) comes first."""
        self._stopping.clear()
        self._permits, self._unused_permits = asyncio.Semaphore(0), 0  # stop() woke all
        self._tasks = [
            asyncio.create_task(self._work(n), name=f"inbox-worker-{n}")
            for n in range(self.workers)
        ]
        self._tasks.append(asyncio.create_task(self._prune_forever(), name="inbox-prune"))

    async def start_polling(self) -> None:
        self._polling = asyncio.create_task(self._poll_forever(), name="inbox-polling")

    async def stop(self) -> None:
        """Stop receiving, let the updates in hand finish, stop the workers."""
        self._stopping.set()
        for _ in range(self.workers):
            self._permits.release()
        tasks = [t for t in [self._polling, *self._tasks] if t is not None]
        if self._polling is not None:
            self._polling.cancel()  # an open long poll is dropped; nothing it got is lost
        _done, pending = await asyncio.wait(tasks, timeout=30) if tasks else (set(), set())
        for task in pending:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks, self._polling = [], None
        await self._leadership.release()
        self.polling_leader = False

    # --- receiving -------------------------------------------------------------------

    async def receive(self, payloads: Iterable[dict[str, Any]]) -> None:
        """Clean and store raw updates (from the webhook or a poll); returns once committed."""
        incoming = []
        for payload in payloads:
            cleaned = clean_payload(payload)
            incoming.append(IncomingUpdate(cleaned["update_id"], chat_of(cleaned), cleaned))
        await self.inbox.store(incoming, self._runtime.clock.now())
        self._wake(len(incoming))

    async def _poll_forever(self) -> None:
        bot = self.application.bot
        while not self._stopping.is_set():
            try:
                if not await self._lead():
                    await self._pause(LEADER_RETRY_SECONDS)
                    continue
                await bot.delete_webhook()  # getUpdates is refused while a webhook is set
                # No offset at first: Telegram sends again whatever was not confirmed, and
                # what is stored already is ignored. An offset from the inbox would miss
                # everything if Telegram restarted its ids (it may, after a quiet week).
                await self._poll_as_leader(None)
            except asyncio.CancelledError:
                raise
            except InvalidToken:
                log.error("Telegram rejected the bot token; polling stops")
                await self._leadership.release()
                self.polling_leader = False
                return
            except Exception:
                log.exception("polling failed; trying again shortly")
                await self._leadership.release()
                self.polling_leader = False
                await self._pause(LEADER_RETRY_SECONDS)

    async def _lead(self) -> bool:
        was_leader = self.polling_leader
        self.polling_leader = await self._leadership.try_acquire()
        if self.polling_leader and not was_leader:
            log.info("this process polls Telegram for updates")
        return self.polling_leader

    async def _poll_as_leader(self, offset: int | None) -> None:
        bot = self.application.bot
        loop = asyncio.get_running_loop()
        checked_at = loop.time()
        backoff = 1.0
        while not self._stopping.is_set():
            if loop.time() - checked_at > LEADER_CHECK_SECONDS:
                if not await self._leadership.still_held():
                    log.warning("lost the polling lock; another process takes over")
                    self.polling_leader = False
                    return
                checked_at = loop.time()
            try:
                batch = await _raw_updates(
                    bot, offset, self._allowed_updates, wait_seconds=POLL_TIMEOUT_SECONDS
                )
            except RetryAfter as error:
                await self._pause(_seconds(error.retry_after))
                continue
            except Conflict:
                log.warning("another client is taking this bot's updates; waiting")
                await self._pause(LEADER_RETRY_SECONDS)
                continue
            except (TimedOut, NetworkError) as error:
                log.warning("getUpdates failed (%s); retrying in %.0f s", error, backoff)
                await self._pause(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            backoff = 1.0
            if not batch:
                continue
            # Committed before the next getUpdates confirms the batch with its offset.
            await self.receive(batch)
            offset = batch[-1]["update_id"] + 1

    # --- processing ------------------------------------------------------------------

    async def _work(self, number: int) -> None:
        """A woken worker claims until a claim finds nothing, then sleeps again. Worker 0
        also looks now and then without being woken (for what other processes stored,
        and at start for what was left from before), and wakes the others when its look
        finds work."""
        draining = looked = number == 0  # at start: what is left from before comes first
        while not self._stopping.is_set():
            if not draining:
                try:
                    timeout = self._idle_check if number == 0 else None
                    await asyncio.wait_for(self._permits.acquire(), timeout)
                except TimeoutError:
                    looked = True
                else:
                    self._unused_permits -= 1
                if self._stopping.is_set():
                    return
            try:
                more = await self._process_next()
            except asyncio.CancelledError:
                raise
            except Exception:
                # Nothing was counted against an update (the database, say, is away):
                # this worker claims again after a pause, whatever else is asleep.
                log.exception("the update inbox failed; trying again shortly")
                more = 1
                await self._pause(RETRY_AFTER_FAILURE_SECONDS)
            if looked and more:
                # A backlog: as many help as updates wait (not everyone: a look that
                # finds the one update a woken worker is about to claim cost a claim
                # that found nothing in every other worker, each time).
                self._wake(min(more, self.workers) - 1)
            looked = False
            draining = bool(more)  # claim again at once only while updates wait

    def _wake(self, count: int) -> None:
        """Wake up to ``count`` sleeping workers. A woken worker claims until nothing is
        left, so a permit beyond one per worker would only buy a claim that finds
        nothing (once one per update stored and per chat's next: after a burst, a
        second of empty claims that slowed every tap during it)."""
        for _ in range(min(count, self.workers - self._unused_permits)):
            self._unused_permits += 1
            self._permits.release()

    async def process_one(self) -> bool:
        """Claim and process one update; False when there was nothing to claim."""
        return await self._process_next() is not None

    async def _process_next(self) -> int | None:
        """Claim and process one update: how many more updates wait (in any chat, counted
        up to the number of workers), or None when there was nothing to claim."""
        while True:
            finished_before = self.processed
            marks_before, marking_before = self._marks_begun, self._marking
            if self.inbox.locks_rows:
                more = await self._process_in_one_transaction()
            else:
                more = await self._process_then_mark()
            if more is not None:
                return more
            if self.processed != finished_before:
                continue  # an update finished while we looked (its chat may be free): again
            if marking_before or self._marks_begun != marks_before:
                # PostgreSQL: an update may wait behind one of its chat in hand here,
                # whose mark looked for waiting updates before it was stored and is not
                # committed yet; that worker would not claim again. One looks again.
                # Only a mark under way while this claim looked can have missed it: a
                # mark that begins later sees what this claim saw. (Any update in hand
                # used to count, and a quiet tap's claim that found nothing, made while
                # the tap was handled, then paid for another such claim on the next tap,
                # and so on: one empty claim a tap.)
                self._looked_in_vain = True
            return None

    def _finished_one(self) -> None:
        self.processed += 1
        if self._looked_in_vain:
            self._looked_in_vain = False
            self._wake(1)

    async def _process_in_one_transaction(self) -> int | None:
        """PostgreSQL: the claim's row lock is held, and the handlers' units of work join
        its transaction, until the update is marked: effects, state and mark commit at once.

        Its messages go out before that commit. Whoever got one could answer within
        those milliseconds (a trainer replying to a relayed message whose relay is not
        committed yet, an athlete tapping a button of a plan not yet visible), so the
        chats an update in hand here has written to are left out of this process's
        claims until it has committed or rolled back (``_written_to``); then a worker is
        woken for them. Another process's updates are not known here: across processes
        the window stays (docs/updates.md)."""
        engine = self.inbox.engine
        failure: Exception | None = None
        in_hand = False
        written: set[int] = set()  # the other chats this update sent messages to
        over = False  # committed or rolled back: a later message is no part of it

        def out_of_hand() -> None:
            nonlocal in_hand
            if in_hand:
                self._in_hand, in_hand = self._in_hand - 1, False

        try:
            async with engine.connect() as connection:
                written_to = set(self._written_to)
                self._passed_over |= written_to
                claimed = await self.inbox.claim(connection, written_to)
                if claimed is None:
                    await connection.rollback()
                    return None
                self._in_hand, in_hand = self._in_hand + 1, True

                def before_sending(chat: object) -> None:
                    if over or not isinstance(chat, int) or chat == claimed.chat_id:
                        return  # its own chat's next update waits for its lock anyway
                    if chat not in written:
                        written.add(chat)
                        self._written_to[chat] = self._written_to.get(chat, 0) + 1

                async def relock(connection: AsyncConnection) -> bool:
                    return await self.inbox.relock(connection, claimed.update_id)

                try:
                    with joined(connection, relock) as transaction:
                        sending = BEFORE_SENDING.set(before_sending)
                        try:
                            new_state = await self._handle(claimed)
                        finally:
                            BEFORE_SENDING.reset(sending)
                except Exception as error:
                    out_of_hand()
                    await connection.rollback()
                    failure = error
                else:
                    more = 0
                    self._marking, self._marks_begun = self._marking + 1, self._marks_begun + 1
                    try:
                        if not transaction.lost:
                            # After a failed step the transaction holds only what came after
                            # it (and the lock again): the update was answered, so it is
                            # marked.
                            now = self._runtime.clock.now()
                            more = await self.inbox.finish(
                                connection,
                                claimed,
                                now,
                                new_state,
                                others_in_hand=self._in_hand - 1,
                                enough=self.workers,
                            )
                        # Out of the count before the commit, not after: once committed,
                        # another worker's mark no longer counts it as pending, and taking
                        # it for one would make that mark miss an update that waits.
                        # Counted out early, a mark can only take it for one more waiting
                        # (a claim that finds nothing).
                        out_of_hand()
                        await connection.commit()
                    finally:
                        self._marking -= 1
            over = True
            self._written(written)
            if failure is not None:
                await self._failed(claimed, failure)  # its own connection: this one is back
                return 0  # not again at once: _failed wakes someone shortly
            self._finished_one()
            return more
        finally:
            out_of_hand()
            if not over:  # left by an exception: the transaction went with its connection
                over = True
                self._written(written)

    def _written(self, chats: set[int]) -> None:
        """An update that wrote to ``chats`` has committed or rolled back: their updates
        may be claimed again, and if a claim left one out meanwhile, it may be waiting."""
        freed = False
        for chat in chats:
            left = self._written_to.pop(chat) - 1
            if left:
                self._written_to[chat] = left
            elif chat in self._passed_over:
                self._passed_over.discard(chat)
                freed = True
        if freed:
            self._wake(1)

    async def _process_then_mark(self) -> int | None:
        """SQLite: no transaction may wait on Telegram while it holds the one write lock,
        so handlers commit as they go and the mark follows; this process keeps two workers
        off one chat."""
        engine = self.inbox.engine
        async with self._claiming:
            # Claiming is one read (this lock keeps this process's workers apart): it
            # must not queue for SQLite's write lock behind the handlers' writes, and
            # needs no transaction of its own.
            async with self.inbox.one_statement.connect() as connection:
                claimed = await self.inbox.claim(connection, self._busy_chats)
                await connection.rollback()
            if claimed is None:
                return None
            self._busy_chats.add(claimed.chat_id)
        try:
            try:
                new_state = await self._handle(claimed)
            except Exception as error:
                await self._failed(claimed, error)
                return 0  # not again at once: _failed wakes someone shortly
            # The mark alone is one statement; with a new dialogue state, two.
            marking = engine if new_state is not None else self.inbox.one_statement
            async with writing(engine), marking.begin() as connection:
                now = self._runtime.clock.now()
                others = len(self._busy_chats) - 1  # one update in hand in each
                more = await self.inbox.finish(
                    connection, claimed, now, new_state, others_in_hand=others, enough=self.workers
                )
        finally:
            self._busy_chats.discard(claimed.chat_id)  # marked first, then the chat is free
        self._finished_one()
        return more

    async def _failed(self, claimed: ClaimedUpdate, error: Exception) -> None:
        """Count the failure. The update is tried again shortly, not at once; one set
        aside frees its chat's next update, which is claimed at once."""
        log.error("update %s failed outside its handlers", claimed.update_id, exc_info=error)
        now = self._runtime.clock.now()
        if await self.inbox.record_failure(claimed.update_id, repr(error), now):
            log.error("update %s set aside after repeated failures", claimed.update_id)
            self._wake(1)
        else:
            asyncio.get_running_loop().call_later(RETRY_AFTER_FAILURE_SECONDS, self._wake, 1)

    async def _handle(self, claimed: ClaimedUpdate) -> dict[str, Any] | None:
        """Process one update with its chat's dialogue state; the new state, None if unchanged."""
        application = self.application
        update = Update.de_json(claimed.payload, application.bot)
        user_id = update.effective_user.id if update.effective_user else None
        # i18n: until a handler reads the stored choice (context.actor), Telegram's says.
        sender = update.effective_user
        # Who the claim read for this private chat, when a person sent the update.
        known = claimed.person if sender is not None else None
        if known is not None:
            i18n.LANGUAGE.set(i18n.language_of(known[0]))  # their choice, if any
        else:
            i18n.LANGUAGE.set(i18n.resolve(sender.language_code if sender else None))
        state = claimed.state
        now = self._runtime.clock.now()
        expired = _dialogue_expired(state, now, self._runtime.settings.dialogue_timeout_seconds)
        before = _without_dialogue(state) if expired else state
        conversations = _conversation_stores(application)
        key = (claimed.chat_id, user_id)
        # Dialogues and their user data live in private chats (chat id = user id); a group
        # update must not touch a user's data that their private chat may be using now.
        private = user_id is not None and claimed.chat_id == user_id
        if private:
            application._user_data[user_id] = copy.deepcopy(before.get("user", {}))
            for store in conversations:
                store.pop(key, None)
                if before.get("dialogue") is not None:
                    store[key] = before["dialogue"]
        application._chat_data[claimed.chat_id] = copy.deepcopy(before.get("chat", {}))
        try:
            if known is not None:
                KNOWN_PERSON.set((claimed.chat_id, known))  # cleared below
            if expired:
                try:
                    await application.bot.send_message(claimed.chat_id, texts.DIALOGUE_TIMED_OUT)
                except TelegramError as error:  # a courtesy: the update goes on regardless
                    log.warning("could not say that a dialogue ended: %s", error)
            await application.process_update(update)
        finally:
            KNOWN_PERSON.set(None)
            after: dict[str, Any] = {}
            user_data = application._user_data.pop(user_id, {}) if private else {}
            chat_data = application._chat_data.pop(claimed.chat_id, {})
            dialogues = [store.pop(key, None) for store in conversations] if private else []
            dialogue = next((d for d in dialogues if d is not None), None)
        if user_data:
            after["user"] = _plain(user_data)
        if chat_data:
            after["chat"] = _plain(chat_data)
        if dialogue is not None:
            after["dialogue"] = dialogue
        core_before = {k: v for k, v in state.items() if k != "at"}
        if after == core_before:
            return None
        if dialogue is not None:
            after["at"] = now.isoformat()
        return after

    # --- housekeeping ------------------------------------------------------------------

    async def _prune_forever(self) -> None:
        retention = timedelta(hours=self._runtime.settings.inbox_retention_hours)
        while not self._stopping.is_set():
            try:
                pruned = await self.inbox.prune(self._runtime.clock.now() - retention)
                if pruned:
                    log.info("pruned %d processed updates from the inbox", pruned)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("pruning the update inbox failed")
            await self._pause(PRUNE_EVERY_SECONDS)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)


async def _raw_updates(
    bot: Bot, offset: int | None, allowed: list[str], *, wait_seconds: int
) -> list[dict[str, Any]]:
    """getUpdates as Telegram's JSON: stored as it came, parsed only when processed.

    ``Bot.get_updates`` would build Update objects only for us to turn them back into
    JSON. ``do_api_request`` takes the same route (the getUpdates connection pool, no
    rate limiter) and says so in a warning meant for code unaware of ``get_updates``.
    """
    kwargs: dict[str, Any] = {"timeout": wait_seconds, "allowed_updates": allowed}
    if offset is not None:
        kwargs["offset"] = offset
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*Bot\.get_updates.*", category=PTBUserWarning)
        result = await bot.do_api_request(
            "get_updates", api_kwargs=kwargs, read_timeout=wait_seconds + 10
        )
    return [u for u in result if isinstance(u, dict) and isinstance(u.get("update_id"), int)]


def _conversation_stores(application: Application) -> list[dict]:
    """The state dicts of every ConversationHandler (python-telegram-bot keeps them private;
    there is no public way to hand a handler the state read for this update)."""
    return [
        handler._conversations
        for group in application.handlers.values()
        for handler in group
        if isinstance(handler, ConversationHandler)
    ]


def _dialogue_expired(state: dict[str, Any], now: datetime, timeout_seconds: float) -> bool:
    if state.get("dialogue") is None or "at" not in state:
        return False
    return (now - datetime.fromisoformat(state["at"])).total_seconds() > timeout_seconds


def _without_dialogue(state: dict[str, Any]) -> dict[str, Any]:
    user = {k: v for k, v in state.get("user", {}).items() if not k.startswith(DIALOGUE_PREFIXES)}
    return {**{k: v for k, v in state.items() if k not in ("dialogue", "at")}, "user": user}


def _plain(data: dict) -> dict:
    """What handlers put in user/chat data, as the JSON it is stored as."""
    return json.loads(json.dumps(data, sort_keys=True, default=str))


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
