"""update inbox, and dialogue state one row per chat

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 09:00:00

Dialogue state moves from the key-value ``bot_state`` (written by python-telegram-bot's
persistence a second after each update) to ``chat_state``, one row per chat, read and
written with each update. Open dialogues are carried over.
"""

import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import storage.tables

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_bot_state = sa.table(
    "bot_state",
    sa.column("namespace", sa.String),
    sa.column("key", sa.String),
    sa.column("data", sa.Text),
)
_chat_state = sa.table(
    "chat_state",
    sa.column("chat_id", sa.BigInteger),
    sa.column("data", sa.Text),
    sa.column("updated_at", storage.tables.UTCDateTime(timezone=True)),
)


def upgrade() -> None:
    op.create_table(
        "update_inbox",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("received_at", storage.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("processed_at", storage.tables.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_update_inbox")),
    )
    with op.batch_alter_table("update_inbox", schema=None) as batch_op:
        batch_op.create_index(
            "ix_update_inbox_pending",
            ["chat_id", "update_id"],
            unique=False,
            postgresql_where=sa.text("processed_at IS NULL"),
            sqlite_where=sa.text("processed_at IS NULL"),
        )
        batch_op.create_index("ix_update_inbox_processed_at", ["processed_at"], unique=False)
    op.create_table(
        "chat_state",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", storage.tables.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_chat_state")),
    )
    _carry_dialogues_over()
    op.drop_table("bot_state")


def _carry_dialogues_over() -> None:
    """bot_state's user_data, chat_data and dialogue states become one row per chat."""
    connection = op.get_bind()
    chats: dict[int, dict] = {}
    for namespace, key, data in connection.execute(
        sa.select(_bot_state.c.namespace, _bot_state.c.key, _bot_state.c.data)
    ):
        value = json.loads(data)
        if namespace == "user_data":  # private chats only: the chat id is the user id
            chats.setdefault(int(key), {})["user"] = value
        elif namespace == "chat_data":
            chats.setdefault(int(key), {})["chat"] = value
        elif namespace == "conversation:dialogues":
            chat_id, _user_id = json.loads(key)
            chats.setdefault(int(chat_id), {})["dialogue"] = value
    if chats:
        now = datetime.now(UTC)
        for state in chats.values():
            if "dialogue" in state:
                state["at"] = now.isoformat()  # the dialogue timeout counts from the upgrade
        op.bulk_insert(
            _chat_state,
            [
                {"chat_id": chat_id, "data": json.dumps(state, sort_keys=True), "updated_at": now}
                for chat_id, state in chats.items()
            ],
        )


def downgrade() -> None:
    op.create_table(
        "bot_state",
        sa.Column("namespace", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", storage.tables.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("namespace", "key", name=op.f("pk_bot_state")),
    )
    op.drop_table("chat_state")
    with op.batch_alter_table("update_inbox", schema=None) as batch_op:
        batch_op.drop_index("ix_update_inbox_processed_at")
        batch_op.drop_index("ix_update_inbox_pending")
    op.drop_table("update_inbox")
