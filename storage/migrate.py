"""Run Alembic migrations from code (``coach db upgrade``, ``coach run``, tests)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import SQLAlchemyError

from storage.db import create_engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Upgrade the database to ``revision``. Blocking; call from a thread in async code."""
    command.upgrade(alembic_config(database_url), revision)


@dataclass(frozen=True)
class SchemaState:
    """Where a database's schema stands against the migrations this code ships."""

    current: str | None  # None: no schema yet
    head: str
    known: bool  # False: a revision this code has no migration for (a newer version's)

    @property
    def at_head(self) -> bool:
        return self.current == self.head


def head_revision() -> str:
    """The newest revision this code's migrations know."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None, "the migrations have a head"
    return head


def schema_state(database_url: str) -> SchemaState:
    """Read the database's Alembic revision. Raises OSError/SQLAlchemyError if unreachable."""
    script = ScriptDirectory.from_config(alembic_config(database_url))
    head = script.get_current_head()
    assert head is not None, "the migrations have a head"

    async def current() -> str | None:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(
                    lambda sync: MigrationContext.configure(sync).get_current_revision()
                )
        finally:
            await engine.dispose()

    revision = asyncio.run(current())
    known = revision is None or revision in {r.revision for r in script.walk_revisions()}
    return SchemaState(current=revision, head=head, known=known)


def schema_problem(database_url: str) -> str | None:
    """Why the database can't be used by this code as it is, or None when it's at head."""
    try:
        state = schema_state(database_url)
    except (OSError, SQLAlchemyError) as error:
        return f"cannot reach the database: {error.__class__.__name__}: {error}"
    if state.at_head:
        return None
    if not state.known:
        return (
            f"the database is at schema {state.current}, which this version of Coach doesn't "
            "know (was it upgraded by a newer version?)"
        )
    return f"the database is not at the latest schema ({state.head}); run: coach db upgrade"


async def upgrade_async(database_url: str, revision: str = "head") -> None:
    # Alembic's env runs its own event loop, so it gets a thread of its own.
    await asyncio.to_thread(upgrade, database_url, revision)
