"""the delivery ledger takes the Thursday check (kind 'attention')

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 11:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS = "kind IN ('weekly', 'reminder', 'summary', 'digest', 'program_week')"
_WITH_ATTENTION = "kind IN ('weekly', 'reminder', 'summary', 'digest', 'program_week', 'attention')"


def _replace_kinds(check: str) -> None:
    with op.batch_alter_table(
        "deliveries", schema=None, recreate="auto", table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.drop_constraint(op.f("ck_deliveries_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_deliveries_kind"), sa.text(check))


def upgrade() -> None:
    _replace_kinds(_WITH_ATTENTION)


def downgrade() -> None:
    op.execute("DELETE FROM deliveries WHERE kind = 'attention'")
    _replace_kinds(_KINDS)
