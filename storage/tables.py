"""Declarative table models. Nothing outside ``storage`` sees these classes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, also on SQLite, which stores them naive."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; pass an aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AthleteRow(Timestamped, Base):
    """A person: every user of the bot is an athlete by default."""

    __tablename__ = "athletes"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    name: Mapped[str] = mapped_column(String(128))
    username: Mapped[str | None] = mapped_column(String(64))
    timezone: Mapped[str | None] = mapped_column(String(64))
    trainer_id: Mapped[int | None] = mapped_column(
        ForeignKey("trainers.id", ondelete="SET NULL", use_alter=True), index=True
    )
    reminders_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    reachable: Mapped[bool] = mapped_column(Boolean, default=True)
    # The person's load unit (/units): what they see and what a bare number they write means.
    units: Mapped[str] = mapped_column(String(2), default="kg", server_default="kg")
    # i18n: Telegram's language_code (kept current) and an explicit /language choice.
    language_code: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(8))


class TrainerRow(Timestamped, Base):
    __tablename__ = "trainers"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(String(128))
    specialization: Mapped[str] = mapped_column(String(256), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    # The plate increment copied loads are rounded to ("2.5kg", "5lb"); None: the default.
    load_step: Mapped[str | None] = mapped_column(String(16))

    person: Mapped[AthleteRow] = relationship(foreign_keys=[athlete_id], lazy="raise")


class InviteRow(Base):
    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payload: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    trainer_id: Mapped[int | None] = mapped_column(
        ForeignKey("trainers.id", ondelete="CASCADE"), index=True
    )
    created_by: Mapped[int] = mapped_column(BigInteger)  # Telegram id of the creator
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_by: Mapped[int | None] = mapped_column(
        ForeignKey("athletes.id", ondelete="SET NULL"), index=True
    )
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        CheckConstraint("kind IN ('athlete', 'trainer')", name="kind"),
        {"sqlite_autoincrement": True},
    )


class PlanRow(Timestamped, Base):
    __tablename__ = "training_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    trainer_id: Mapped[int | None] = mapped_column(
        ForeignKey("trainers.id", ondelete="SET NULL"), index=True
    )
    week_start: Mapped[date] = mapped_column(Date)
    week_end: Mapped[date] = mapped_column(Date)
    week_number: Mapped[int] = mapped_column(Integer)
    motivational_message: Mapped[str] = mapped_column(Text)

    workouts: Mapped[list[WorkoutRow]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(WorkoutRow.day_of_week, WorkoutRow.position)",
        lazy="raise",
    )
    summary: Mapped[SummaryRow | None] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )

    __table_args__ = (
        # One plan per athlete per week; also the index for "this athlete's weeks".
        UniqueConstraint("athlete_id", "week_start", name="uq_training_plans_athlete_week"),
        CheckConstraint("week_number >= 1", name="week_number_positive"),
        {"sqlite_autoincrement": True},
    )


class WorkoutRow(Base):
    __tablename__ = "workouts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("training_plans.id", ondelete="CASCADE"), index=True
    )
    day_of_week: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(256))
    description: Mapped[str] = mapped_column(Text, default="")
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    completed: Mapped[bool] = mapped_column(Boolean, default=False)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    plan: Mapped[PlanRow] = relationship(back_populates="workouts", lazy="raise")
    exercises: Mapped[list[ExerciseRow]] = relationship(
        back_populates="workout",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ExerciseRow.position",
        lazy="raise",
    )

    __table_args__ = (
        CheckConstraint("day_of_week BETWEEN 0 AND 6", name="day_of_week"),
        {"sqlite_autoincrement": True},
    )


class ExerciseRow(Base):
    __tablename__ = "exercises"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workout_id: Mapped[int] = mapped_column(
        ForeignKey("workouts.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(256))
    sets: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int | None] = mapped_column(Integer)
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    load: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    # Targets as numbers: distance in metres, load in kg, pace in seconds per km.
    distance_m: Mapped[int | None] = mapped_column(Integer)
    reps_max: Mapped[int | None] = mapped_column(Integer)
    amrap: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    per_side: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    load_kg: Mapped[float | None] = mapped_column(Float)
    pace_s_per_km: Mapped[int | None] = mapped_column(Integer)
    rpe: Mapped[float | None] = mapped_column(Float)
    rir: Mapped[int | None] = mapped_column(Integer)

    workout: Mapped[WorkoutRow] = relationship(back_populates="exercises", lazy="raise")
    video: Mapped[VideoRow | None] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )
    logs: Mapped[list[LogRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )

    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN reps IS NOT NULL OR amrap THEN 1 ELSE 0 END)"
            " + (CASE WHEN duration_seconds IS NOT NULL THEN 1 ELSE 0 END)"
            " + (CASE WHEN distance_m IS NOT NULL THEN 1 ELSE 0 END) = 1",
            name="one_volume",
        ),
        {"sqlite_autoincrement": True},
    )


class VideoRow(Base):
    __tablename__ = "video_metadata"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exercise_id: Mapped[int] = mapped_column(
        ForeignKey("exercises.id", ondelete="CASCADE"), unique=True
    )
    url: Mapped[str] = mapped_column(String(2048))
    thumbnail_url: Mapped[str | None] = mapped_column(String(2048))
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(String(256))


class LogRow(Base):
    __tablename__ = "completion_logs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exercise_id: Mapped[int] = mapped_column(
        ForeignKey("exercises.id", ondelete="CASCADE"), index=True
    )
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    sets: Mapped[int | None] = mapped_column(Integer)
    reps: Mapped[int | None] = mapped_column(Integer)
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    load: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # What was done as numbers: distance in metres (duration is then one set's time),
    # load in kg, effort, and the reps of each set when they differ ("10,10,8").
    distance_m: Mapped[int | None] = mapped_column(Integer)
    load_kg: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    rir: Mapped[int | None] = mapped_column(Integer)
    reps_by_set: Mapped[str | None] = mapped_column(String(256))

    __table_args__ = (
        Index("ix_completion_logs_athlete_logged", "athlete_id", "logged_at"),
        {"sqlite_autoincrement": True},
    )


class SummaryRow(Base):
    __tablename__ = "weekly_summaries"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("training_plans.id", ondelete="CASCADE"), unique=True
    )
    total_workouts: Mapped[int] = mapped_column(Integer)
    completed_workouts: Mapped[int] = mapped_column(Integer)
    total_exercises: Mapped[int] = mapped_column(Integer)
    completion_percentage: Mapped[int] = mapped_column(Integer)
    planned_minutes: Mapped[int] = mapped_column(Integer)
    completed_minutes: Mapped[int] = mapped_column(Integer)
    trainer_feedback: Mapped[str] = mapped_column(Text)
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DeliveryRow(Base):
    """The delivery ledger: one row per (kind, recipient, period), claimed before sending."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    period: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(96))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        # The exactly-once key: whoever inserts it first owns the delivery.
        UniqueConstraint("kind", "athlete_id", "period", name="uq_deliveries_key"),
        CheckConstraint(
            "kind IN ('weekly', 'reminder', 'summary', 'digest', 'program_week', 'attention')",
            name="kind",
        ),
        CheckConstraint(
            "status IN ('claimed', 'sent', 'failed', 'skipped', 'unreachable')", name="status"
        ),
        {"sqlite_autoincrement": True},
    )


class InboxRow(Base):
    """The update inbox: every Telegram update, committed before it is confirmed to Telegram.

    ``processed_at`` is set in the same transaction as the update's effects, so an update
    is either pending (and will be processed) or done, never half of each.
    """

    __tablename__ = "update_inbox"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # The chat the update belongs to (the user's id where there is no chat, 0 where neither):
    # one chat's updates are processed one at a time, in update_id order.
    chat_id: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index(
            "ix_update_inbox_pending",
            "chat_id",
            "update_id",
            postgresql_where=processed_at.is_(None),
            sqlite_where=processed_at.is_(None),
        ),
        # The claim's walk: pending updates in order (storage/inbox.py; migration 0014).
        Index(
            "ix_update_inbox_queue",
            "update_id",
            postgresql_where=processed_at.is_(None),
            sqlite_where=processed_at.is_(None),
        ),
        # Pruning's: processed rows only, so that no planner takes it for pending ones.
        Index(
            "ix_update_inbox_processed_at",
            "processed_at",
            postgresql_where=processed_at.is_not(None),
            sqlite_where=processed_at.is_not(None),
        ),
    )


class ChatStateRow(Base):
    """One chat's dialogue: its state, the user's and the chat's dialogue data, as JSON.

    Read for every update (so any process continues any dialogue) and written in the
    update's own transaction, only when it changed.
    """

    __tablename__ = "chat_state"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ApiTokenRow(Base):
    """An operator's HTTP API token: only its SHA-256 is kept, the token is shown once."""

    __tablename__ = "api_tokens"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


# --- relay: messages between athletes and trainers ---


class MessageRow(Base):
    """A message relayed between an athlete and their trainer (text, media, form check).

    Media stays in Telegram: the row keeps its file_id and where it came from, and
    where the copy landed, so that a Telegram reply to the copy finds its way back.
    """

    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_athlete_id_id", "athlete_id", "id"),
        Index("ix_messages_relayed", "relayed_chat_id", "relayed_message_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    trainer_id: Mapped[int] = mapped_column(
        ForeignKey("trainers.id", ondelete="CASCADE"), index=True
    )
    sender_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(Text)
    file_id: Mapped[str | None] = mapped_column(String(256))
    source_chat_id: Mapped[int] = mapped_column(BigInteger)
    source_message_id: Mapped[int] = mapped_column(BigInteger)
    exercise_id: Mapped[int | None] = mapped_column(ForeignKey("exercises.id", ondelete="SET NULL"))
    exercise_name: Mapped[str | None] = mapped_column(String(256))
    relayed_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    relayed_message_id: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))
    failure: Mapped[str | None] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


# --- programs: programs, their weeks, assignments, training maxes ---


class ProgramRow(Timestamped, Base):
    """A trainer's named sequence of 1-16 weeks; each week is stored as its plan text."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainer_id: Mapped[int] = mapped_column(
        ForeignKey("trainers.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(60))

    __table_args__ = ({"sqlite_autoincrement": True},)


class ProgramWeekRow(Base):
    __tablename__ = "program_weeks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    week_index: Mapped[int] = mapped_column(Integer)  # 1-based
    text: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("program_id", "week_index", name="uq_program_weeks_program_week"),
    )


class ProgramAssignmentRow(Timestamped, Base):
    """One athlete follows one program: its week ``start_index`` is the week of
    ``first_week_start``; each later week is generated the Friday before its Monday."""

    __tablename__ = "program_assignments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), unique=True
    )
    trainer_id: Mapped[int] = mapped_column(ForeignKey("trainers.id", ondelete="CASCADE"))
    start_index: Mapped[int] = mapped_column(Integer)
    first_week_start: Mapped[date] = mapped_column(Date)


class TrainingMaxRow(Base):
    """A trainer-set training max: what ``@ 75%`` is a percentage of."""

    __tablename__ = "training_maxes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    exercise_name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120))  # casefolded, for matching
    load_kg: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(2))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("athlete_id", "name_key", name="uq_training_maxes_athlete_name"),
    )


# --- templates: plan templates and athlete groups ---
class PlanTemplateRow(Timestamped, Base):
    """A trainer's named week, kept as plan text (days of the week, no dates)."""

    __tablename__ = "plan_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("trainers.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    name_key: Mapped[str] = mapped_column(String(64))  # casefolded: names unique per trainer
    text: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("trainer_id", "name_key", name="uq_plan_templates_trainer_name"),
        {"sqlite_autoincrement": True},
    )


class AthleteGroupRow(Timestamped, Base):
    __tablename__ = "athlete_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("trainers.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    name_key: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("trainer_id", "name_key", name="uq_athlete_groups_trainer_name"),
        {"sqlite_autoincrement": True},
    )


class AthleteGroupMemberRow(Base):
    __tablename__ = "athlete_group_members"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("athlete_groups.id", ondelete="CASCADE"), primary_key=True
    )
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True, index=True
    )


# --- weekly: trainer notices and weekly check-ins ---


class TrainerNoticeRow(Base):
    """The Done notice a trainer was sent for a workout, so that an Undo can correct it."""

    __tablename__ = "trainer_notices"

    workout_id: Mapped[int] = mapped_column(
        ForeignKey("workouts.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The message tells of other workouts too: an Undo sends a correction, not an edit.
    shared: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class CheckInRow(Base):
    """An athlete's answer to "How was your week?": one row per athlete and week."""

    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    week_start: Mapped[date] = mapped_column(Date)
    energy: Mapped[int | None] = mapped_column(Integer)
    sleep: Mapped[int | None] = mapped_column(Integer)
    soreness: Mapped[int | None] = mapped_column(Integer)
    body_weight_kg: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("athlete_id", "week_start", name="uq_checkins_athlete_week"),
        Index("ix_checkins_athlete_answered", "athlete_id", "answered_at"),
        {"sqlite_autoincrement": True},
    )
