"""plan templates and athlete groups

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-01 11:30:00.000000

A template is a trainer's named week kept as plan text (days of the week, no dates);
a group is a trainer's named set of athletes. Names are unique per trainer, compared
casefolded (``name_key``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.tables

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _named(table: str, *columns: sa.Column) -> None:
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trainer_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("name_key", sa.String(length=64), nullable=False),
        *columns,
        sa.Column("created_at", storage.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.tables.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["trainer_id"],
            ["trainers.id"],
            name=op.f(f"fk_{table}_trainer_id_trainers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("trainer_id", "name_key", name=f"uq_{table}_trainer_name"),
        sqlite_autoincrement=True,
    )


def upgrade() -> None:
    _named("plan_templates", sa.Column("text", sa.Text(), nullable=False))
    _named("athlete_groups")
    op.create_table(
        "athlete_group_members",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_athlete_group_members_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["athlete_groups.id"],
            name=op.f("fk_athlete_group_members_group_id_athlete_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "athlete_id", name=op.f("pk_athlete_group_members")),
    )
    op.create_index(
        op.f("ix_athlete_group_members_athlete_id"), "athlete_group_members", ["athlete_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_athlete_group_members_athlete_id"), "athlete_group_members")
    op.drop_table("athlete_group_members")
    op.drop_table("athlete_groups")
    op.drop_table("plan_templates")
