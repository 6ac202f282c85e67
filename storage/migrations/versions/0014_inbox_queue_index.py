"""the inbox's claim reads pending updates in order from an index of their own

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 18:00:00

A claim wants the oldest pending update (``processed_at IS NULL ORDER BY update_id``).
With ``processed_at`` indexed as a whole, SQLite and PostgreSQL both answered it by
fetching every pending update through that index, testing each against its chat's
first, and sorting what was left: a claim cost grew with the backlog (1.9 ms on SQLite
with 2,000 waiting, against 0.006 ms now). Pending updates now have an index in
``update_id`` order that the claim walks until its first hit, and the index on
``processed_at`` keeps only processed rows (pruning is all that reads it), so that no
planner is tempted by it for the pending ones.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("processed_at IS NULL")
PROCESSED = sa.text("processed_at IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("update_inbox", schema=None) as batch_op:
        batch_op.drop_index("ix_update_inbox_processed_at")
        batch_op.create_index(
            "ix_update_inbox_processed_at",
            ["processed_at"],
            unique=False,
            postgresql_where=PROCESSED,
            sqlite_where=PROCESSED,
        )
        batch_op.create_index(
            "ix_update_inbox_queue",
            ["update_id"],
            unique=False,
            postgresql_where=PENDING,
            sqlite_where=PENDING,
        )


def downgrade() -> None:
    with op.batch_alter_table("update_inbox", schema=None) as batch_op:
        batch_op.drop_index("ix_update_inbox_queue")
        batch_op.drop_index("ix_update_inbox_processed_at")
        batch_op.create_index("ix_update_inbox_processed_at", ["processed_at"], unique=False)
