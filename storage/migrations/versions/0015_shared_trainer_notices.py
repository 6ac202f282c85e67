"""a trainer's Done notice may share its message with others

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08 01:10:00

Done notices that reach one trainer within a second of each other go out as one
message (bot/trainer_notices.py): Telegram takes about one message a second per chat.
An Undo edits a notice that is its message alone; one that shares it gets a short
correction instead, and ``shared`` says which.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("trainer_notices", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("shared", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("trainer_notices", schema=None) as batch_op:
        batch_op.drop_column("shared")
