"""The ``coach`` command line: run, sandbox, db upgrade/current, trainer add, jobs tick.

A problem that stops a command before it starts (the configuration, the database, the
token) is one line on stderr and exit code 2, never a traceback, never a secret.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import secrets
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import SecretStr, ValidationError
from pydantic_settings import SettingsError
from sqlalchemy.engine import make_url

from bot.logs import add_secret, configure_logging, install_excepthooks, redact
from bot.settings import Settings, configuration_problems

log = logging.getLogger("coach")

NO_TOKEN = """\
TELEGRAM_BOT_TOKEN is not set, so the bot cannot start.

Get a token from @BotFather in Telegram (/newbot), then put it in .env:
    TELEGRAM_BOT_TOKEN=123456:ABC...
or try the bot locally without Telegram:
    coach sandbox
"""


class CannotStart(Exception):
    """A command can't do its work; the message is the one line the operator sees."""


def main(argv: Sequence[str] | None = None) -> int:
    install_excepthooks()  # even before the settings: nothing token-shaped is ever printed
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        for line in configuration_problems(error):
            _complain(f"Configuration error: {line}")
        return 2
    except SettingsError as error:  # a value pydantic-settings could not even decode
        _complain(f"Configuration error: {error}")
        return 2
    configure_logging(settings)
    try:
        return args.func(settings, args)
    except CannotStart as problem:
        _complain(f"coach: {problem}")
        return 2


def _complain(line: str) -> None:
    print(redact(line), file=sys.stderr)


def _version() -> str:
    try:
        return version("coach")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coach", description="Coach, the training-week bot.")
    parser.add_argument("--version", action="version", version=f"coach {_version()}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the bot (polling, or webhook mode)")
    run.add_argument(
        "--sandbox-if-no-token",
        action="store_true",
        help="start the local sandbox instead of refusing when no token is configured",
    )
    run.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="updates handled at once, each for a different chat (default COACH_WORKERS, 4); "
        "for more processes on one PostgreSQL database, start more coach run",
    )
    run.set_defaults(func=_run)

    sandbox = commands.add_parser("sandbox", help="chat with the bot from this terminal")
    sandbox.set_defaults(func=_sandbox)

    db = commands.add_parser("db", help="database migrations").add_subparsers(
        required=True, metavar="ACTION"
    )
    db.add_parser("upgrade", help="upgrade the database to the latest schema").set_defaults(
        func=_db_upgrade
    )
    db.add_parser(
        "current", help="show the database's schema revision and whether it is the latest"
    ).set_defaults(func=_db_current)

    trainer = commands.add_parser("trainer", help="manage trainers").add_subparsers(
        required=True, metavar="ACTION"
    )
    add = trainer.add_parser("add", help="make a Telegram user a trainer")
    add.add_argument("--telegram-id", type=int, required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--specialization", default="")
    add.set_defaults(func=_trainer_add)

    api = commands.add_parser("api", help="the HTTP API").add_subparsers(
        required=True, metavar="ACTION"
    )
    token = api.add_parser("token", help="operators' API tokens").add_subparsers(
        required=True, metavar="ACTION"
    )
    create = token.add_parser("create", help="make a token and print it (once)")
    create.add_argument("--name", required=True, help="what the token is for, e.g. grafana")
    create.add_argument("--admin", action="store_true", help="the token acts as an admin")
    create.set_defaults(func=_token_create)
    revoke = token.add_parser("revoke", help="revoke a token by its name")
    revoke.add_argument("--name", required=True)
    revoke.set_defaults(func=_token_revoke)
    token.add_parser("list", help="the tokens' names (never the tokens)").set_defaults(
        func=_token_list
    )

    jobs = commands.add_parser("jobs", help="scheduled messages").add_subparsers(
        required=True, metavar="ACTION"
    )
    tick = jobs.add_parser("tick", help="deliver whatever is due at a moment, once")
    tick.add_argument(
        "--at",
        metavar="ISO-8601",
        help="the moment to tick at (default: now); without an offset it is read in "
        "COACH_DEFAULT_TIMEZONE, e.g. 2026-11-30T08:00 or 2026-11-30T08:00+01:00",
    )
    tick.set_defaults(func=_jobs_tick)
    return parser


def _is_sqlite(settings: Settings) -> bool:
    return make_url(settings.database_url).get_backend_name() == "sqlite"


def _run(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.token:
        if args.sandbox_if_no_token:
            print("No TELEGRAM_BOT_TOKEN configured: starting the local sandbox instead.\n")
            return _sandbox(settings, args)
        print(NO_TOKEN, file=sys.stderr)
        return 2
    from bot.preflight import telegram_problem
    from coach.runner import run_bot

    if args.workers is not None:
        if not 1 <= args.workers <= 64:
            raise CannotStart("--workers takes a number from 1 to 64")
        settings = settings.model_copy(update={"workers": args.workers})
    if settings.migrate_on_start:
        _reachable(settings)
        _upgrade(settings)
    _database_ready(settings)
    problem = telegram_problem(settings)
    if problem is not None:
        raise CannotStart(problem)
    return run_bot(_with_webhook_secret(settings))


def _with_webhook_secret(settings: Settings) -> Settings:
    """Webhook mode always has a secret; one made up here is known to the log redaction."""
    if not settings.webhook_url or (
        settings.webhook_secret and settings.webhook_secret.get_secret_value()
    ):
        return settings
    secret = secrets.token_urlsafe(32)
    add_secret(secret)
    return settings.model_copy(update={"webhook_secret": SecretStr(secret)})


def _sandbox(settings: Settings, args: argparse.Namespace) -> int:
    from bot.sandbox import run_sandbox
    from coach.sandbox_web import SandboxDashboard

    # The Mini App on loopback: COACH_PORT when given, else any free port.
    port = settings.port if "port" in settings.model_fields_set else 0
    try:
        dashboard = SandboxDashboard(settings.http_host, port)
    except OSError as error:
        print(f"The sandbox could not listen on {settings.http_host}:{port}: {error.strerror}")
        return 1
    return run_sandbox(settings, dashboard)


def _reachable(settings: Settings) -> None:
    from bot.preflight import database_problem

    problem = database_problem(settings.database_url)
    if problem is not None:
        raise CannotStart(problem)


def _database_ready(settings: Settings) -> None:
    """SQLite is upgraded in place; a server database must be at head already (or say why)."""
    from storage.migrate import schema_problem

    _reachable(settings)
    if _is_sqlite(settings):
        _upgrade(settings)
        return
    problem = schema_problem(settings.database_url)
    if problem is not None:
        raise CannotStart(problem)


def _upgrade(settings: Settings) -> None:
    from storage.migrate import upgrade

    upgrade(settings.database_url)


def _db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    _reachable(settings)
    _upgrade(settings)
    print("Database is up to date.")
    return 0


def _db_current(settings: Settings, args: argparse.Namespace) -> int:
    """The schema revision, e.g. ``0006 (head)``; exit 0 at head, 1 otherwise."""
    from storage.migrate import SchemaState, head_revision, schema_state

    url = make_url(settings.database_url)
    if _is_sqlite(settings) and url.database and not Path(url.database).exists():
        # Connecting would create the file; a question should not change anything.
        state = SchemaState(current=None, head=head_revision(), known=True)
    else:
        _reachable(settings)
        state = schema_state(settings.database_url)
    if state.at_head:
        print(f"{state.current} (head)")
        return 0
    if not state.known:
        print(
            f"{state.current} (unknown to this version of Coach, whose head is {state.head}: "
            "was it upgraded by a newer version?)"
        )
    elif state.current is None:
        print(f"none (an empty database; head is {state.head}: run coach db upgrade)")
    else:
        print(f"{state.current} (behind head {state.head}: run coach db upgrade)")
    return 1


def _trainer_add(settings: Settings, args: argparse.Namespace) -> int:
    from bot.clock import SystemClock
    from core.errors import AlreadyATrainer
    from core.services import trainers
    from storage.db import create_engine, create_session_factory
    from storage.uow import SqlUnitOfWork

    _database_ready(settings)

    async def add() -> int:
        engine = create_engine(settings.database_url)
        try:
            trainer = await trainers.add_trainer(
                SqlUnitOfWork(create_session_factory(engine)),
                telegram_id=args.telegram_id,
                name=args.name,
                specialization=args.specialization,
                now=SystemClock().now(),
            )
        except AlreadyATrainer:
            print(f"Telegram user {args.telegram_id} is already a trainer.", file=sys.stderr)
            return 1
        finally:
            await engine.dispose()
        print(f"{trainer.name} (Telegram id {trainer.telegram_id}) is a trainer now.")
        return 0

    return asyncio.run(add())


def _with_uow(settings: Settings, work):
    """Run ``work(uow)`` against the database, then close the pool."""
    from storage.db import create_engine, create_session_factory
    from storage.uow import SqlUnitOfWork

    async def run():
        engine = create_engine(settings.database_url)
        try:
            return await work(SqlUnitOfWork(create_session_factory(engine)))
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _token_create(settings: Settings, args: argparse.Namespace) -> int:
    from core.services import api_tokens

    _database_ready(settings)
    try:
        made = _with_uow(
            settings,
            lambda uow: api_tokens.create_token(
                uow, name=args.name, is_admin=args.admin, now=datetime.now(UTC)
            ),
        )
    except api_tokens.BadTokenName:
        print("--name: letters, digits, '.', '_' and '-', at most 64", file=sys.stderr)
        return 2
    except api_tokens.TokenNameTaken:
        print(f"A token named {args.name!r} exists already.", file=sys.stderr)
        return 1
    role = "admin" if made.record.is_admin else "operator"
    print(f"API token {made.record.name!r} ({role}); it is shown only this once:", file=sys.stderr)
    print(made.token)
    return 0


def _token_revoke(settings: Settings, args: argparse.Namespace) -> int:
    from core.services import api_tokens

    _database_ready(settings)
    revoked = _with_uow(
        settings,
        lambda uow: api_tokens.revoke_token(uow, name=args.name, now=datetime.now(UTC)),
    )
    if not revoked:
        print(f"No live token named {args.name!r}.", file=sys.stderr)
        return 1
    print(f"Token {args.name!r} revoked.")
    return 0


def _token_list(settings: Settings, args: argparse.Namespace) -> int:
    from core.services import api_tokens

    _database_ready(settings)
    for token in _with_uow(settings, api_tokens.list_tokens):
        state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "live"
        used = f"last used {token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "unused"
        role = "admin" if token.is_admin else "operator"
        print(f"{token.name}\t{role}\t{state}\t{used}")
    return 0


def _jobs_tick(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    try:
        at = _moment(args.at, settings.default_timezone) if args.at else None
    except ValueError as error:
        print(f"--at: {error}", file=sys.stderr)
        return 2
    from telegram.error import InvalidToken, NetworkError

    from bot.jobs import tick_once
    from bot.preflight import telegram_error_line

    _database_ready(settings)
    try:
        report = asyncio.run(tick_once(settings, at))
    except (InvalidToken, NetworkError) as error:  # sends handle their own; this is getMe
        raise CannotStart(telegram_error_line(error, settings)) from None
    print(report)
    return 0


def _moment(text: str, default_tz: str) -> datetime:
    """An ISO-8601 moment; one without an offset is local time in ``default_tz``."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO-8601 moment, e.g. 2026-11-30T08:00") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(default_tz))
    return moment.astimezone(UTC)


if __name__ == "__main__":
    sys.exit(main())
