"""Migrations: empty to head and back on both databases; the schema matches the models."""

from __future__ import annotations

import asyncio
import json

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from storage.db import create_engine
from storage.migrate import alembic_config, upgrade_async
from storage.tables import Base
from tests.conftest import NOW


async def _diff(url: str) -> list:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
                )
            )
    finally:
        await engine.dispose()


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
    finally:
        await engine.dispose()


async def test_migrated_schema_matches_the_models(database_url: str) -> None:
    assert await _diff(database_url) == []


async def test_downgrade_to_empty_and_upgrade_again(database_url: str) -> None:
    config = alembic_config(database_url)
    await _run(command.downgrade, config, "base")
    assert await _tables(database_url) <= {"alembic_version"}
    await upgrade_async(database_url)
    assert {t.name for t in Base.metadata.sorted_tables} <= await _tables(database_url)
    assert await _diff(database_url) == []


async def _run(fn, *args) -> None:
    await asyncio.to_thread(fn, *args)  # Alembic's env runs an event loop of its own


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_sqlite_connections_use_wal_and_foreign_keys(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            mode = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
            keys = (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar()
            timeout = (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar()
    finally:
        await engine.dispose()
    assert (mode, keys, timeout) == ("wal", 1, 5000)


async def test_open_dialogues_are_carried_over_to_chat_state(database_url: str) -> None:
    """0004 moves python-telegram-bot's key-value persistence to one row per chat."""
    config = alembic_config(database_url)
    await _run(command.downgrade, config, "0003")
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO bot_state (namespace, key, data, updated_at) VALUES "
                    "('user_data', '20', :user, :at), "
                    "('conversation:dialogues', '[20, 20]', :state, :at)"
                ),
                {"user": '{"plan.athlete": 7}', "state": '"plan:wait_text"', "at": NOW},
            )
        await upgrade_async(database_url, "0004")
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT chat_id, data FROM chat_state"))).all()
    finally:
        await engine.dispose()
        await upgrade_async(database_url)
    assert [chat for chat, _ in rows] == [20]
    state = json.loads(rows[0][1])
    assert state["user"] == {"plan.athlete": 7} and state["dialogue"] == "plan:wait_text"
    assert "at" in state  # it can time out like any dialogue
