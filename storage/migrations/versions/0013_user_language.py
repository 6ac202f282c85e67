"""the user's language: what Telegram says and what they chose with /language

Revision ID: 0013
Revises: 0006
Create Date: 2026-12-01 11:40:00

``language_code`` is Telegram's (first seen, updated when it changes); ``language`` is
an explicit /language choice, which wins over it. Both null: English.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language_code", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.drop_column("language")
        batch_op.drop_column("language_code")
