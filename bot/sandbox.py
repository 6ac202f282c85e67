"""``coach sandbox``: the real bot against a local fake Telegram, chatted with from the terminal.

Everything is the production stack (``TelegramService``: handlers, the update inbox, rate
limiter, HTTP to a Bot API) except Telegram itself, which is ``FakeBotApiServer`` on
loopback, and the people, who are ``FakeUser``s typed for at the terminal. The sandbox
has a database of its own and four people who exist from the start (Ada the admin, Tom
the trainer, his athletes Ann and Bob), so a trainer can try /plan at once.

After each input the REPL waits until the bot has *processed* that update (a no-op
handler in the last handler group records processed update ids), then until the bot has
been quiet for a moment, and prints what every sandbox person received. Nothing sleeps
for a fixed time.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import io
import logging
import mimetypes
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Protocol, TextIO

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from telegram import Update
from telegram.ext import Application, TypeHandler

from bot.clock import SystemClock
from bot.context import CoachContext, runtime_of
from bot.sandbox_tick import SandboxClock, parse_moment, tick_at
from bot.service import TelegramService
from bot.settings import Settings
from core import models
from core.errors import AlreadyATrainer
from core.services import invites, people, trainers
from local_bot_api import (
    ButtonPress,
    ChatMessage,
    FakeBotApiServer,
    FakeUser,
    numbered_buttons,
    render_message,
)
from storage.db import create_engine, create_session_factory
from storage.inbox import UpdateInbox
from storage.uow import SqlUnitOfWork

log = logging.getLogger(__name__)

SANDBOX_DATABASE_URL = "sqlite+aiosqlite:///coach-sandbox.db"
MEDIA_DIRECTORY = Path("coach-sandbox-files")  # charts and exports the bot sent
SANDBOX_BOT_USERNAME = "coach_sandbox_bot"

# Waiting for the bot after each input (seconds).
PROCESS_TIMEOUT = 15.0  # the bot must have handled the update by then
QUIET = 0.15  # ...and then sent nothing more for this long
QUIET_CAP = 3.0  # a bot that keeps talking is printed anyway after this
IDLE_QUIET = 0.3  # messages that arrive while you type are printed after this

# After every other handler group, so it sees an update once the bot is done with it.
PROCESSED_GROUP = 1_000_000


@dataclass(frozen=True)
class Person:
    key: str
    telegram_id: int
    name: str

    @property
    def username(self) -> str:
        return f"{self.key}_sandbox"


ADA = Person("ada", 7_000_001, "Ada")
TOM = Person("tom", 7_000_002, "Tom")
ANN = Person("ann", 7_000_003, "Ann")
BOB = Person("bob", 7_000_004, "Bob")
PEOPLE = (ADA, TOM, ANN, BOB)
FIRST_USER = TOM
TOM_SPECIALIZATION = "Strength and running"

COMMANDS_HELP = """\
Sandbox commands (everything else is sent to the bot as your message):
  /as NAME       become someone else: ada, tom, ann or bob
  /who           who is who, and who you are
  1, 2, ...      press that button of the bot's latest message with buttons
  /file PATH     send a file as a document, e.g. a .txt plan during /plan
  /dashboard     a link to open the Mini App dashboard in your browser, as you
  /say TEXT      send TEXT exactly as typed (a bare number, or /as to the bot)
  /photo [TEXT]  send a (pretend) photo with TEXT as its caption; /video, /voice too
  /reply TEXT    reply to the bot's latest message in your chat (a trainer answering
                 an athlete's 💬 message)
  /tick TIME     run the scheduler at that moment, e.g. /tick 2026-12-07T08:00
  TEXT \\         a line ending in a backslash continues on the next line,
                 for several-line messages such as a plan
  /lang CODE     your Telegram app's language (en, ru, es); /language picks one in Coach
  /sandbox-help  this list
  /quit          leave (/exit and Ctrl-D work too)"""


class Dashboard(Protocol):
    """The Mini App's web server beside the sandbox (the composition root provides it:
    coach/sandbox_web.py), and links that open it signed in as a sandbox person."""

    public_url: str

    async def start(self, service: TelegramService) -> None: ...
    async def stop(self) -> None: ...
    def link(
        self, *, telegram_id: int, first_name: str, username: str | None, token: str, now: datetime
    ) -> str: ...


class SandboxSettings(BaseSettings):
    """The sandbox's own database: never ``DATABASE_URL`` unless asked for explicitly."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(default=SANDBOX_DATABASE_URL, alias="COACH_SANDBOX_DATABASE_URL")


def run_sandbox(settings: Settings, dashboard: Dashboard | None = None) -> int:
    """``coach sandbox``: returns the process exit code (0 after /quit or end of input)."""
    logging.getLogger().setLevel(logging.WARNING)
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper):
        # A terminal that cannot show an emoji should get a "?", not a traceback.
        out.reconfigure(errors="replace")
    try:
        return asyncio.run(Sandbox(settings, out=out, dashboard=dashboard).run())
    except KeyboardInterrupt:
        out.write("\nBye.\n")
        out.flush()
        return 130


def sandbox_settings(
    settings: Settings,
    server: FakeBotApiServer,
    database_url: str,
    public_url: str | None = None,
) -> Settings:
    """The configured settings, pointed at the fake server and the sandbox database
    (and at the sandbox's own web server for the Mini App, when it has one)."""
    return settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(server.token),
            "telegram_api_base_url": server.base_url,
            "database_url": database_url,
            "admin_ids": frozenset(settings.admin_ids | {ADA.telegram_id}),
            "webhook_url": None,
            "public_url": public_url,
        }
    )


async def seed_people(database_url: str, now: datetime) -> None:
    """Ada, Tom (a trainer) and his athletes Ann and Bob; idempotent across runs.

    Ann and Bob are linked the way real athletes are: Tom makes an invite, they redeem
    it. Only an athlete without any trainer is linked, so a sandbox where Ann was
    reassigned with /assign stays that way.
    """
    engine = create_engine(database_url)
    factory = create_session_factory(engine)

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(factory)

    async def identify(person: Person) -> models.Actor:
        return await people.identify(
            uow(),
            telegram_id=person.telegram_id,
            name=person.name,
            username=person.username,
            is_admin=person is ADA,
            now=now,
        )

    try:
        # Each run starts a new local Telegram whose update ids begin again at 1.
        await UpdateInbox(engine).forget_everything()
        actors = {person: await identify(person) for person in PEOPLE}
        if actors[TOM].trainer is None:
            with contextlib.suppress(AlreadyATrainer):
                await trainers.add_trainer(
                    uow(),
                    telegram_id=TOM.telegram_id,
                    name=TOM.name,
                    specialization=TOM_SPECIALIZATION,
                    now=now,
                )
            actors[TOM] = await identify(TOM)
        unlinked = [p for p in (ANN, BOB) if actors[p].athlete.trainer_id is None]
        if unlinked:
            invite = await invites.create_athlete_invite(uow(), actors[TOM], now)
            for person in unlinked:
                await invites.redeem(uow(), actors[person], invite.payload, now)
    finally:
        await engine.dispose()


class StdinLines:
    """Lines typed or piped into stdin, read on a thread so the event loop keeps running.

    ``os.read`` on the file descriptor works for a terminal, a pipe and a redirected file
    alike, and (unlike ``sys.stdin``) holds no buffer lock that a daemon thread could
    still own when the interpreter exits.
    """

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._loop = asyncio.get_running_loop()
        threading.Thread(target=self._pump, name="sandbox-stdin", daemon=True).start()

    async def readline(self) -> str | None:
        """The next line without its newline; None at end of input."""
        return await self._queue.get()

    def _pump(self) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        pending = ""
        try:
            while chunk := os.read(self._fd, 65536):
                pending += decoder.decode(chunk)
                *lines, pending = pending.split("\n")
                for line in lines:
                    self._put(line.removesuffix("\r"))
            if pending := pending + decoder.decode(b"", final=True):
                self._put(pending)
        except OSError as error:
            log.warning("reading stdin failed: %s", error)
        finally:
            self._put(None)

    def _put(self, item: str | None) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is gone: nobody is listening
            self._loop.call_soon_threadsafe(self._queue.put_nowait, item)


class Sandbox:
    """One sandbox session: database, fake Telegram, the bot, and the REPL."""

    def __init__(
        self,
        settings: Settings,
        *,
        out: TextIO,
        stdin_fd: int = 0,
        dashboard: Dashboard | None = None,
    ) -> None:
        self._settings = settings
        self._dashboard = dashboard
        self._out = out
        self._stdin_fd = stdin_fd
        self._echo = not os.isatty(stdin_fd)  # piped input: show it, as a terminal would
        self._server: FakeBotApiServer | None = None
        self._application: Application | None = None
        self._users: dict[Person, FakeUser] = {}
        self._current = FIRST_USER
        self._processed_upto = 0
        self._seen = 0  # activity already printed (see _activity)
        self._clock = SandboxClock()  # /tick moves it

    # Lifecycle

    async def run(self) -> int:
        # Alembic logs at INFO when imported, so it comes after run_sandbox quietened logging.
        from storage.migrate import upgrade_async

        database_url = SandboxSettings().database_url
        try:
            await upgrade_async(database_url)
            await seed_people(database_url, SystemClock().now())
        except Exception as error:
            print(
                f"The sandbox could not prepare its database {database_url}: {error}",
                file=sys.stderr,
            )
            return 1
        async with FakeBotApiServer(bot_username=SANDBOX_BOT_USERNAME) as server:
            self._server = server
            self._users = {
                p: server.user(p.telegram_id, p.name, username=p.username) for p in PEOPLE
            }
            public_url = self._dashboard.public_url if self._dashboard else None
            service = TelegramService(
                sandbox_settings(self._settings, server, database_url, public_url),
                clock=self._clock,
                extend=lambda application: application.add_handler(
                    TypeHandler(Update, self._processed), group=PROCESSED_GROUP
                ),
            )
            try:
                await service.start()
                self._application = service.application
                if self._dashboard is not None:
                    await self._dashboard.start(service)
                await self._banner(database_url)
                return await self._repl()
            finally:
                self._application = None
                if self._dashboard is not None:
                    await self._dashboard.stop()
                await service.stop()

    async def _processed(self, update: Update, context: CoachContext) -> None:
        self._processed_upto = max(self._processed_upto, update.update_id)
        self._world_changed()

    # The REPL

    async def _repl(self) -> int:
        lines = StdinLines(self._stdin_fd)
        while True:
            text = await self._read_message(lines)
            if text is None:
                await self._last_news()
                self._write("\nBye.")
                return 0
            if not await self._handle(text):
                await self._last_news()
                self._write("Bye.")
                return 0

    async def _last_news(self) -> None:
        """Trainer notices still waiting for their second go out now (as they would at
        the bot's stop), and are shown before the sandbox ends."""
        if self._application is None:
            return
        await runtime_of(self._application).done_notices.send_now()
        await self._until_quiet(QUIET)
        self._show_news()

    async def _read_message(self, lines: StdinLines) -> str | None:
        """One message: a line, or several joined by trailing backslashes."""
        parts: list[str] = []
        prompt = f"{self._current.name}> "
        while True:
            self._prompt(prompt)
            line = await self._next_line(lines)
            if line is None:
                return "\n".join(parts) if parts else None
            if self._echo:
                self._write(line)
            if line.endswith("\\"):
                parts.append(line[:-1])
                prompt = "... "
                continue
            parts.append(line)
            return "\n".join(parts)

    async def _next_line(self, lines: StdinLines) -> str | None:
        """Wait for input, printing whatever the bot sends meanwhile (e.g. scheduled messages)."""
        reading = asyncio.ensure_future(lines.readline())
        try:
            while True:
                news = asyncio.ensure_future(
                    self._wait_world(lambda: self._activity() != self._seen)
                )
                done, _ = await asyncio.wait({reading, news}, return_when=asyncio.FIRST_COMPLETED)
                news.cancel()
                if reading in done:
                    return reading.result()
                await self._until_quiet(IDLE_QUIET)
                if not reading.done():
                    self._write("")
                    self._show_news()
                    self._prompt(f"{self._current.name}> ")
        finally:
            reading.cancel()

    async def _handle(self, text: str) -> bool:
        """Act on one input; False to leave."""
        stripped = text.strip()
        if not stripped:
            return True
        command, _, argument = stripped.partition(" ")
        command = command.lower()
        argument = argument.strip()
        if "\n" in stripped:
            await self._send_text(text)
        elif command in ("/quit", "/exit"):
            return False
        elif command == "/sandbox-help":
            self._write(COMMANDS_HELP)
        elif command == "/as":
            self._switch(argument)
        elif command == "/who":
            self._write(await self._who())
        elif command == "/lang":  # i18n: what Telegram would send as language_code
            self._user.account.language_code = argument or None
            self._write(f"{self._current.name}'s Telegram speaks {argument or '(no language)'}.")
        elif command == "/file":
            await self._send_file(argument)
        elif command == "/dashboard":
            self._show_dashboard_link()
        elif command == "/say":
            await self._send_text(argument)
        elif command in ("/photo", "/video", "/voice"):
            await self._send_media(command[1:], argument)
        elif command == "/reply":
            await self._reply(argument)
        elif command == "/tick":
            await self._tick(argument)
        elif stripped.isdecimal():
            await self._press(int(stripped))
        else:
            await self._send_text(stripped)
        return True

    @property
    def _user(self) -> FakeUser:
        return self._users[self._current]

    def _switch(self, name: str) -> None:
        wanted = name.strip().lower()
        person = next((p for p in PEOPLE if wanted in (p.key, p.name.lower())), None)
        if person is None:
            names = ", ".join(p.key for p in PEOPLE)
            self._write(f"⚠️ No one called {name!r} here. Try one of: {names}.")
            return
        self._current = person
        self._write(f"You are {person.name} now.")

    async def _send_text(self, text: str) -> None:
        if not text:
            self._write("⚠️ Nothing to send.")
            return
        await self._user.send(text)
        await self._settle()

    async def _send_file(self, argument: str) -> None:
        if not argument:
            self._write("⚠️ Which file? For example: /file plan.txt")
            return
        try:
            path, content = await asyncio.to_thread(_read_file, argument)
        except OSError as error:
            self._write(f"⚠️ Can't read {argument}: {error.strerror or error}")
            return
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        await self._user.send_document(path.name, content, mime_type=mime_type)
        self._write(f"(sent {path.name}, {len(content)} bytes)")
        await self._settle()

    async def _send_media(self, kind: str, caption: str) -> None:
        """A pretend photo, video or voice message: the bot passes it on by file_id."""
        send = {
            "photo": self._user.send_photo,
            "video": self._user.send_video,
            "voice": self._user.send_voice,
        }[kind]
        await send(f"sandbox {kind}".encode(), caption=caption or None)
        self._write(f"(sent a {kind})")
        await self._settle()

    async def _reply(self, text: str) -> None:
        message = self._user.last_message
        if message is None:
            self._write(f"⚠️ There is no bot message to reply to in {self._current.name}'s chat.")
            return
        if not text:
            self._write("⚠️ Nothing to send. For example: /reply Keep the chest up")
            return
        await self._user.send(text, reply_to=message.message_id)
        await self._settle()

    async def _tick(self, argument: str) -> None:
        try:
            moment = parse_moment(argument, self._settings.default_timezone)
        except ValueError as error:
            self._write(f"⚠️ {error}")
            return
        assert self._application is not None
        report = await tick_at(self._application, self._clock, moment)
        self._write(f"⏰ {report}")
        await self._until_quiet(QUIET)
        self._show_news()

    async def _press(self, number: int) -> None:
        message = next((m for m in reversed(self._user.bot_messages) if m.buttons), None)
        if message is None:
            self._write(f"⚠️ There is no button to press in {self._current.name}'s chat.")
            return
        buttons = numbered_buttons(message)
        if not 1 <= number <= len(buttons):
            self._write(f"⚠️ No button {number}: the latest buttons are 1 to {len(buttons)}.")
            return
        button = buttons[number - 1]
        if button.web_app is not None:
            self._show_dashboard_link(button.label)
            return
        if button.callback_data is None:
            self._write(f"🔗 {button.label} opens {button.url} (the bot is not told).")
            return
        self._write(f"👆 {button.label}")
        press = await self._user.press_data(button.callback_data, message.message_id)
        await self._settle(press)

    def _show_dashboard_link(self, label: str = "Dashboard") -> None:
        if self._dashboard is None or self._server is None:
            self._write("⚠️ This sandbox runs without its web server, so there is no dashboard.")
            return
        person = self._current
        link = self._dashboard.link(
            telegram_id=person.telegram_id,
            first_name=person.name,
            username=person.username,
            token=self._server.token,
            now=SystemClock().now(),
        )
        title = label if label.startswith("📊") else f"📊 {label}"  # a button's has its own
        self._write(f"{title}: open this in a browser, signed in as {person.name}:\n{link}")

    # Waiting for the bot, and showing what it sent

    async def _settle(self, press: ButtonPress | None = None) -> None:
        """Wait until the bot handled the update just sent and went quiet; print the news."""
        assert self._server is not None
        pending = self._server.pending_updates  # ours is the newest: nothing awaited since
        update_id = pending[-1]["update_id"] if pending else self._processed_upto
        try:
            await self._wait_world(lambda: self._processed_upto >= update_id, PROCESS_TIMEOUT)
        except TimeoutError:
            self._write("⏳ The bot has not finished yet; its answer will show up later.")
        await self._until_quiet(QUIET)
        self._show_news(press)

    async def _until_quiet(self, quiet: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + QUIET_CAP
        while (left := deadline - loop.time()) > 0:
            mark = self._activity()
            try:
                await self._wait_world(lambda m=mark: self._activity() != m, min(quiet, left))
            except TimeoutError:
                return

    async def _wait_world(self, predicate: Callable[[], object], within: float | None = None):
        assert self._server is not None
        return await self._server.world.signal.wait_for(predicate, within)

    def _world_changed(self) -> None:
        if self._server is not None:
            self._server.world.changed()

    def _activity(self) -> int:
        """Grows with every bot message, edit and button answer in the sandbox."""
        assert self._server is not None
        world = self._server.world
        return sum(len(u.chat.bot_feed) for u in self._users.values()) + len(world.callback_answers)

    def _show_news(self, press: ButtonPress | None = None) -> None:
        """Print everything unread: the current person's chat first, then the others'."""
        if press is not None and (reply := press.answer_so_far) and reply.text:
            self._write(("⚠️ " if reply.show_alert else "💬 ") + reply.text)
        for person in sorted(PEOPLE, key=lambda p: p is not self._current):
            for message in _latest_snapshots(self._users[person].drain()):
                text = render_message(message)
                if saved := self._save_media(message):
                    text += f"\n(saved as {saved})"
                if person is self._current:
                    self._write(_indent(text, first="🤖 "))
                else:
                    self._write(f"📨 to {person.name}:\n" + _indent(text, first="   "))
        self._seen = self._activity()

    def _save_media(self, message) -> Path | None:
        """A photo (a chart) or a document (an export) the bot sent, saved to look at."""
        info = message.photo or message.document
        if info is None or self._server is None:
            return None
        content = self._server.world.file(info.file_id).content
        if content is None:
            return None
        name = info.file_name or f"{info.file_unique_id}.png"
        path = MEDIA_DIRECTORY / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
        return path

    # Texts

    async def _banner(self, database_url: str) -> None:
        self._write(
            "🏋️  Coach sandbox: the real Coach bot running on this computer against a pretend\n"
            "Telegram. Nothing you do here reaches Telegram; you chat with the bot as one of\n"
            "four people and can switch between them at any time.\n"
            f"Database: {_describe_database(database_url)}\n"
            "(kept between runs; the chats start empty each time).\n"
        )
        self._write(await self._who())
        self._write("")
        self._write(COMMANDS_HELP)
        self._write(f"\nYou are {self._current.name}. Type /start to begin.\n")

    async def _who(self) -> str:
        assert self._application is not None
        runtime = runtime_of(self._application)
        lines = ["People in this sandbox:"]
        async with runtime.uow() as uow:
            for person in PEOPLE:
                roles = []
                if person.telegram_id in runtime.settings.admin_ids:
                    roles.append("admin")
                athlete = await uow.athletes.get_by_telegram_id(person.telegram_id)
                if athlete is not None and await uow.trainers.get_by_athlete_id(athlete.id):
                    roles.append("trainer")
                coach = None
                if athlete is not None and athlete.trainer_id is not None:
                    coach = await uow.trainers.get(athlete.trainer_id)
                if coach is not None:
                    roles.append(f"athlete of {coach.name}")
                elif not roles:
                    roles.append("athlete without a trainer")
                marker = "→" if person is self._current else " "
                lines.append(
                    f" {marker} {person.name:<4} {', '.join(roles)}"
                    f"  (/as {person.key}, Telegram id {person.telegram_id})"
                )
        lines.append(f"You are {self._current.name}.")
        return "\n".join(lines)

    # Output

    def _write(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()

    def _prompt(self, prompt: str) -> None:
        self._out.write(prompt)
        self._out.flush()


def _latest_snapshots(feed: list[ChatMessage]) -> list[ChatMessage]:
    """Each message once, as it stands last; a message new in this batch is not "edited"."""
    latest: dict[int, ChatMessage] = {}
    new: set[int] = set()
    for message in feed:
        if message.message_id not in latest and not message.edited:
            new.add(message.message_id)
        latest[message.message_id] = message
    return [replace(m, edited=False) if m.message_id in new else m for m in latest.values()]


def _read_file(name: str) -> tuple[Path, bytes]:
    path = Path(name).expanduser()
    return path, path.read_bytes()


def _indent(text: str, *, first: str) -> str:
    lines = text.splitlines() or [""]
    if len(lines) > 1 and lines[0] == "(edited)":  # render_message's marker, on its own line
        lines[:2] = [f"(edited) {lines[1]}"]
    pad = " " * 3
    return "\n".join([first + lines[0], *(pad + line if line else "" for line in lines[1:])])


def _describe_database(database_url: str) -> str:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return str(Path(url.database).resolve())
    return url.render_as_string(hide_password=True)
