"""The ``coach`` command line: run, sandbox, db upgrade, trainer add, jobs tick."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy.engine import make_url

from bot.logs import configure_logging
from bot.settings import Settings

log = logging.getLogger("coach")

NO_TOKEN = """\
TELEGRAM_BOT_TOKEN is not set, so the bot cannot start.

Get a token from @BotFather in Telegram (/newbot), then put it in .env:
    TELEGRAM_BOT_TOKEN=123456:ABC...
or try the bot locally without Telegram:
    coach sandbox
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        print(f"Configuration error:\n{error}", file=sys.stderr)
        return 2
    configure_logging(settings.token)
    return args.func(settings, args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coach", description="Coach, the training-week bot.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the bot (polling, or webhook mode)")
    run.add_argument(
        "--sandbox-if-no-token",
        action="store_true",
        help="start the local sandbox instead of refusing when no token is configured",
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

    trainer = commands.add_parser("trainer", help="manage trainers").add_subparsers(
        required=True, metavar="ACTION"
    )
    add = trainer.add_parser("add", help="make a Telegram user a trainer")
    add.add_argument("--telegram-id", type=int, required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--specialization", default="")
    add.set_defaults(func=_trainer_add)

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
    from coach.runner import run_bot

    if not _database_ready(settings):
        return 2
    return run_bot(settings)


def _sandbox(settings: Settings, args: argparse.Namespace) -> int:
    from bot.sandbox import run_sandbox

    return run_sandbox(settings)


def _database_ready(settings: Settings) -> bool:
    """SQLite is upgraded in place; a server database must be at head already (or say why)."""
    from storage.migrate import schema_problem

    if _is_sqlite(settings):
        _upgrade(settings)
        return True
    problem = schema_problem(settings.database_url)
    if problem is not None:
        print(f"Coach can't start: {problem}", file=sys.stderr)
        return False
    return True


def _upgrade(settings: Settings) -> None:
    from storage.migrate import upgrade

    upgrade(settings.database_url)


def _db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    _upgrade(settings)
    print("Database is up to date.")
    return 0


def _trainer_add(settings: Settings, args: argparse.Namespace) -> int:
    from bot.clock import SystemClock
    from core.errors import AlreadyATrainer
    from core.services import trainers
    from storage.db import create_engine, create_session_factory
    from storage.uow import SqlUnitOfWork

    if _is_sqlite(settings):
        _upgrade(settings)

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


def _jobs_tick(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    try:
        at = _moment(args.at, settings.default_timezone) if args.at else None
    except ValueError as error:
        print(f"--at: {error}", file=sys.stderr)
        return 2
    from bot.jobs import tick_once

    if not _database_ready(settings):
        return 2
    report = asyncio.run(tick_once(settings, at))
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
