"""measures as numbers: distances, paces, effort, set-by-set logs; load units

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:30:00

Exercises get their targets as numbers (distance in metres, load in kg, pace in
seconds per km, RPE/RIR, rep ranges, AMRAP, per side) and a volume may now be a
distance, so the "reps or duration" check becomes "exactly one of reps, duration,
distance". Logs get what was done as numbers; athletes a load unit (kg or lb).

On SQLite the check can only change by rebuilding the table; env.py turns foreign
keys off for the migration so that the rebuild does not cascade into logs and videos.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ONE_VOLUME = (
    "(CASE WHEN reps IS NOT NULL OR amrap THEN 1 ELSE 0 END)"
    " + (CASE WHEN duration_seconds IS NOT NULL THEN 1 ELSE 0 END)"
    " + (CASE WHEN distance_m IS NOT NULL THEN 1 ELSE 0 END) = 1"
)
_REPS_OR_DURATION = "(reps IS NOT NULL) <> (duration_seconds IS NOT NULL)"


def upgrade() -> None:
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("units", sa.String(length=2), server_default="kg", nullable=False)
        )
    with op.batch_alter_table(
        "exercises", schema=None, recreate="auto", table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.add_column(sa.Column("distance_m", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reps_max", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("amrap", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("per_side", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("load_kg", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("pace_s_per_km", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("rpe", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("rir", sa.Integer(), nullable=True))
        batch_op.drop_constraint(op.f("ck_exercises_reps_or_duration"), type_="check")
        batch_op.create_check_constraint(op.f("ck_exercises_one_volume"), sa.text(_ONE_VOLUME))
    with op.batch_alter_table("completion_logs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("distance_m", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("load_kg", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("rpe", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("rir", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reps_by_set", sa.String(length=256), nullable=True))


def downgrade() -> None:
    # Exercises that only the new grammar could write (distances, AMRAP) have no place
    # in the old schema.
    op.execute("DELETE FROM exercises WHERE distance_m IS NOT NULL OR amrap")
    with op.batch_alter_table("completion_logs", schema=None) as batch_op:
        for column in ("reps_by_set", "rir", "rpe", "load_kg", "distance_m"):
            batch_op.drop_column(column)
    with op.batch_alter_table(
        "exercises", schema=None, recreate="auto", table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.drop_constraint(op.f("ck_exercises_one_volume"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_exercises_reps_or_duration"), sa.text(_REPS_OR_DURATION)
        )
        for column in (
            "rir",
            "rpe",
            "pace_s_per_km",
            "load_kg",
            "per_side",
            "amrap",
            "reps_max",
            "distance_m",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.drop_column("units")
