"""Run Alembic migrations from code (``coach db upgrade``, ``coach run``, tests)."""

from __future__ import annotations

import asyncio
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


def schema_problem(database_url: str) -> str | None:
    """Why the database can't be used by this code as it is, or None when it's at head."""
    script = ScriptDirectory.from_config(alembic_config(database_url))
    head = script.get_current_head()

    async def current() -> str | None:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(
                    lambda sync: MigrationContext.configure(sync).get_current_revision()
                )
        finally:
            await engine.dispose()

    try:
        revision = asyncio.run(current())
    except (OSError, SQLAlchemyError) as error:
        return f"cannot reach the database: {error.__class__.__name__}: {error}"
    if revision == head:
        return None
    if revision is not None and revision not in {r.revision for r in script.walk_revisions()}:
        return (
            f"the database is at schema {revision}, which this version of Coach doesn't know "
            "(was it upgraded by a newer version?)"
        )
    return f"the database is not at the latest schema ({head}); run: coach db upgrade"


async def upgrade_async(database_url: str, revision: str = "head") -> None:
    # Alembic's env runs its own event loop, so it gets a thread of its own.
    await asyncio.to_thread(upgrade, database_url, revision)
