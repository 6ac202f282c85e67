"""Plain frozen dataclasses that cross the layers.

Storage builds them while its session is open, so nothing outside storage ever
holds an ORM object.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Generic, TypeVar

from core.summary_rules import completion_percentage

if TYPE_CHECKING:
    from core.attention import Flag

T = TypeVar("T")


@dataclass(frozen=True)
class Athlete:
    """Every person who talks to the bot is an athlete by default."""

    id: int
    telegram_id: int
    name: str
    username: str | None
    timezone: str | None  # None: the configured default applies
    trainer_id: int | None
    reminders_enabled: bool
    reachable: bool
    units: str = "kg"  # "kg" or "lb": what they see, and what a bare load they write means
    language_code: str | None = None  # Telegram's, as last seen
    language: str | None = None  # an explicit /language choice; wins over language_code


@dataclass(frozen=True)
class Trainer:
    id: int
    athlete_id: int  # the trainer's own person record
    telegram_id: int
    name: str
    specialization: str
    bio: str
    load_step: str | None = None  # "2.5kg", "5lb"; None: the default for their unit
    language: str | None = None  # the trainer's person's language (choice, else Telegram's)


@dataclass(frozen=True)
class Actor:
    """Who is acting, as the database knows them right now."""

    athlete: Athlete
    trainer: Trainer | None
    is_admin: bool

    @property
    def athlete_id(self) -> int:
        return self.athlete.id

    @property
    def trainer_id(self) -> int | None:
        return self.trainer.id if self.trainer else None


class InviteKind(StrEnum):
    ATHLETE = "athlete"
    TRAINER = "trainer"


@dataclass(frozen=True)
class Invite:
    id: int
    payload: str
    kind: InviteKind
    trainer_id: int | None  # athlete invites: whose athletes the redeemer joins
    created_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None
    created_by: int | None = None  # Telegram id of whoever made it


@dataclass(frozen=True)
class Video:
    url: str
    title: str | None
    thumbnail_url: str | None
    duration_seconds: int | None


@dataclass(frozen=True)
class Exercise:
    id: int
    workout_id: int
    position: int
    name: str
    sets: int
    reps: int | None
    duration_seconds: int | None
    load: str | None
    notes: str | None
    video: Video | None
    # Targets as numbers (see core.plan_spec.ExerciseSpec).
    distance_m: int | None = None
    reps_max: int | None = None
    amrap: bool = False
    per_side: bool = False
    load_kg: float | None = None
    pace_s_per_km: int | None = None
    rpe: float | None = None
    rir: int | None = None


@dataclass(frozen=True)
class Workout:
    id: int
    plan_id: int
    day_of_week: int  # 0 = Monday
    position: int
    title: str
    description: str
    duration_minutes: int | None
    completed: bool
    completed_at: datetime | None
    exercises: tuple[Exercise, ...]


@dataclass(frozen=True)
class Plan:
    id: int
    athlete_id: int
    trainer_id: int | None
    week_start: date
    week_end: date
    week_number: int
    motivational_message: str
    created_at: datetime
    updated_at: datetime
    workouts: tuple[Workout, ...]

    @property
    def completed_workouts(self) -> int:
        return sum(1 for w in self.workouts if w.completed)

    def workouts_on(self, day_of_week: int) -> tuple[Workout, ...]:
        return tuple(w for w in self.workouts if w.day_of_week == day_of_week)


@dataclass(frozen=True)
class CompletionLog:
    id: int
    exercise_id: int
    athlete_id: int
    sets: int | None
    reps: int | None
    duration_seconds: int | None
    load: str | None
    notes: str | None
    logged_at: datetime
    distance_m: int | None = None  # with duration_seconds: one set's time over it
    load_kg: float | None = None
    rpe: float | None = None
    rir: int | None = None
    reps_by_set: tuple[int, ...] | None = None  # set by set, when the sets differ


@dataclass(frozen=True)
class ExerciseLog:
    """A log with the name of the exercise it was for (names match across weeks)."""

    exercise_name: str
    log: CompletionLog


@dataclass(frozen=True)
class WeeklySummary:
    plan_id: int
    athlete_id: int
    week_start: date
    week_number: int
    total_workouts: int
    completed_workouts: int
    total_exercises: int
    completion_percentage: int
    planned_minutes: int
    completed_minutes: int
    trainer_feedback: str
    generated_at: datetime


@dataclass(frozen=True)
class PlanStats:
    """A week's numbers, aggregated by the database: history lines, summaries, digests."""

    plan_id: int
    athlete_id: int
    trainer_id: int | None
    week_start: date
    week_number: int
    total_workouts: int
    completed_workouts: int
    total_exercises: int
    planned_minutes: int
    completed_minutes: int

    @property
    def completion_percentage(self) -> int:
        return completion_percentage(self.completed_workouts, self.total_workouts)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    offset: int
    limit: int
    total: int

    @property
    def has_older(self) -> bool:
        return self.offset + len(self.items) < self.total

    @property
    def has_newer(self) -> bool:
        return self.offset > 0


# --- scheduled delivery ---------------------------------------------------------------


class DeliveryKind(StrEnum):
    """What a scheduled message is; with the recipient and the period it keys the ledger."""

    WEEKLY = "weekly"  # Monday: the week's plan and motivational message (period: the Monday)
    REMINDER = "reminder"  # a workout day's reminder (period: that day)
    SUMMARY = "summary"  # Sunday: the athlete's weekly summary (period: the Monday)
    DIGEST = "digest"  # Sunday: a trainer's digest of their athletes (period: the Monday)
    PROGRAM_WEEK = "program_week"  # Friday: a program's next week generated (period: its Monday)
    ATTENTION = "attention"  # Thursday: a trainer's needs-attention check (period: the Monday)


class DeliveryStatus(StrEnum):
    CLAIMED = "claimed"  # a process is sending it; its lease says until when
    SENT = "sent"  # Telegram accepted it
    FAILED = "failed"  # retried at next_attempt_at; with no next attempt, given up
    SKIPPED = "skipped"  # too late (or nothing left to send): dropped on purpose
    UNREACHABLE = "unreachable"  # the recipient blocked the bot; not retried


@dataclass(frozen=True)
class Delivery:
    """One row of the delivery ledger: a (kind, recipient, period) and what became of it."""

    id: int
    kind: DeliveryKind
    athlete_id: int  # the recipient's person record (a trainer's own, for a digest)
    period: date
    status: DeliveryStatus
    attempts: int
    due_at: datetime
    expires_at: datetime  # after this moment it is not sent any more
    claimed_by: str | None
    lease_until: datetime | None
    next_attempt_at: datetime | None
    last_error: str | None
    message_id: int | None
    sent_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Outcome:
    """What to record of one claimed delivery (``DeliveryRepository.finish_many``)."""

    delivery_id: int
    status: DeliveryStatus
    message_id: int | None = None
    error: str | None = None
    next_attempt_at: datetime | None = None


@dataclass(frozen=True)
class Recipient:
    """Someone a due message is for, as the ledger's candidate query finds them."""

    athlete_id: int
    telegram_id: int
    reachable: bool


@dataclass(frozen=True)
class WeeklyMessage:
    recipient: Athlete
    plan: Plan
    catch_up: bool = False  # sent after its Monday (the bot was down, or a retry)


@dataclass(frozen=True)
class WorkoutReminder:
    recipient: Athlete
    plan: Plan
    day: date  # the recipient's local date of the workouts


@dataclass(frozen=True)
class SummaryMessage:
    recipient: Athlete
    summary: WeeklySummary


@dataclass(frozen=True)
class DigestLine:
    athlete: Athlete
    week: PlanStats
    logs: tuple[WeekLog, ...] = ()  # the week's logs, oldest first
    checkin: CheckIn | None = None  # the athlete's check-in of the week


@dataclass(frozen=True)
class TrainerDigest:
    recipient: Athlete  # the trainer's own person record
    trainer: Trainer
    week_start: date
    lines: tuple[DigestLine, ...]  # athletes with a plan, lowest completion first
    without_plan: tuple[Athlete, ...]

    @property
    def completed_workouts(self) -> int:
        return sum(line.week.completed_workouts for line in self.lines)

    @property
    def total_workouts(self) -> int:
        return sum(line.week.total_workouts for line in self.lines)


@dataclass(frozen=True)
class AttentionCheck:
    """The Thursday check: a trainer's athletes who need attention, and why."""

    recipient: Athlete  # the trainer's own person record
    trainer: Trainer
    week_start: date
    flagged: tuple[tuple[Athlete, tuple[Flag, ...]], ...]  # by name; "no plan" not repeated
    without_next_plan: tuple[Athlete, ...]  # by name


ScheduledMessage = WeeklyMessage | WorkoutReminder | SummaryMessage | TrainerDigest | AttentionCheck


class SendOutcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # flood control or the network: try again later
    UNREACHABLE = "unreachable"  # the user blocked the bot (or never opened a chat)
    FAILED = "failed"  # Telegram refused the message itself; retrying would not help


@dataclass(frozen=True)
class SendResult:
    outcome: SendOutcome
    message_id: int | None = None
    retry_after: float | None = None  # seconds, when Telegram said how long to wait
    error: str | None = None


@dataclass(frozen=True)
class ApiToken:
    """An operator's HTTP API token, as stored: its hash, never the token itself."""

    id: int
    name: str
    is_admin: bool
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


# --- relay: messages between athletes and trainers ---


class MessageDirection(StrEnum):
    TO_TRAINER = "to_trainer"
    TO_ATHLETE = "to_athlete"


class MessageKind(StrEnum):
    TEXT = "text"
    PHOTO = "photo"
    VIDEO = "video"
    VOICE = "voice"
    DOCUMENT = "document"
    FORM_CHECK = "form_check"  # a photo or video sent in /log for one exercise


class MessageStatus(StrEnum):
    PENDING = "pending"  # stored, being sent
    DELIVERED = "delivered"
    NOT_DELIVERED = "not_delivered"  # ``failure`` says why


@dataclass(frozen=True)
class MessageContent:
    """What someone sent: text, or media (kept in Telegram, referred to by file_id)."""

    kind: MessageKind
    text: str | None  # the text, or a media caption
    file_id: str | None
    source_chat_id: int
    source_message_id: int


@dataclass(frozen=True)
class RelayedMessage:
    """One stored message between an athlete and their trainer, either way."""

    id: int
    athlete_id: int  # the athlete of the conversation
    trainer_id: int  # the trainer of the conversation (trainers.id)
    sender_id: int  # the sender's person record (athletes.id)
    recipient_id: int  # the recipient's person record (athletes.id)
    direction: MessageDirection
    kind: MessageKind
    text: str | None
    file_id: str | None
    source_chat_id: int
    source_message_id: int
    exercise_id: int | None  # a form check's exercise (None once the plan is replaced)
    exercise_name: str | None  # kept even when the exercise is gone
    relayed_chat_id: int | None  # where the copy landed, so a reply can be matched back
    relayed_message_id: int | None
    status: MessageStatus
    failure: str | None
    created_at: datetime


# --- templates: plan templates and athlete groups ---
@dataclass(frozen=True)
class PlanTemplate:
    """A trainer's named week: plan text with days of the week, no dates."""

    id: int
    trainer_id: int
    name: str
    text: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class AthleteGroup:
    """A trainer's named set of athletes. ``member_ids``: only athletes the trainer still
    coaches (one who left drops out of every group of the old trainer)."""

    id: int
    trainer_id: int
    name: str
    member_ids: tuple[int, ...]


# --- weekly: trainer notices, the week's logs, weekly check-ins ---


@dataclass(frozen=True)
class TrainerNotice:
    """The Done notice a trainer was sent about a workout (to correct on an Undo).
    ``shared``: the message tells of other workouts too (notices that came within a
    second of each other go as one message), so an Undo sends a correction instead of
    editing it."""

    workout_id: int
    chat_id: int
    message_id: int
    shared: bool = False


@dataclass(frozen=True)
class WeekLog:
    """A log of a week's exercise, beside what the exercise planned."""

    athlete_id: int
    week_start: date
    exercise: Exercise
    log: CompletionLog


@dataclass(frozen=True)
class CheckIn:
    """An athlete's answer to "How was your week?" (each part may be skipped)."""

    athlete_id: int
    week_start: date
    energy: int | None  # 1..5
    sleep: int | None  # 1..5
    soreness: int | None  # 1..5
    body_weight_kg: float | None
    note: str | None
    answered_at: datetime | None  # None: started, not finished
    updated_at: datetime
