"""the trainer's load step (the plate increment copied loads are rounded to)

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-01 11:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("trainers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("load_step", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("trainers", schema=None) as batch_op:
        batch_op.drop_column("load_step")
