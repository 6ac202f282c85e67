"""What the services need from storage, stated as small Protocols.

``storage`` implements them; tests may use the real thing (they do) or fakes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import date, datetime
from typing import Any, Protocol, Self

from core import models
from core.attention import PlannedWorkout
from core.plan_spec import PlanSpec, WorkoutSpec
from core.program_ports import ProgramRepository


class AthleteRepository(Protocol):
    async def get(self, athlete_id: int) -> models.Athlete | None: ...
    async def get_by_telegram_id(self, telegram_id: int) -> models.Athlete | None: ...
    async def get_with_trainer_profile(
        self, telegram_id: int
    ) -> tuple[models.Athlete, models.Trainer | None] | None: ...
    async def add(
        self, *, telegram_id: int, name: str, username: str | None, now: datetime
    ) -> models.Athlete: ...
    async def update(self, athlete_id: int, *, now: datetime, **fields: Any) -> models.Athlete: ...
    async def set_reachable_by_telegram_id(
        self, telegram_id: int, reachable: bool, now: datetime
    ) -> bool: ...
    async def list_for_trainer(self, trainer_id: int) -> list[models.Athlete]: ...
    async def list_all(self) -> list[models.Athlete]: ...


class TrainerRepository(Protocol):
    async def get(self, trainer_id: int) -> models.Trainer | None: ...
    async def get_by_athlete_id(self, athlete_id: int) -> models.Trainer | None: ...
    async def list(self) -> list[models.Trainer]: ...
    async def add(
        self, *, athlete_id: int, name: str, specialization: str, bio: str, now: datetime
    ) -> models.Trainer: ...
    async def update(self, trainer_id: int, *, now: datetime, **fields: Any) -> models.Trainer: ...


class InviteRepository(Protocol):
    async def add(
        self,
        *,
        payload: str,
        kind: models.InviteKind,
        trainer_id: int | None,
        created_by: int,
        now: datetime,
    ) -> models.Invite: ...
    async def get_by_payload(self, payload: str) -> models.Invite | None: ...
    async def claim(self, invite_id: int, athlete_id: int, now: datetime) -> bool: ...
    async def revoke_athlete_invites(self, trainer_id: int, now: datetime) -> int: ...


class PlanRepository(Protocol):
    async def add(
        self,
        *,
        athlete_id: int,
        trainer_id: int | None,
        week_start: date,
        week_end: date,
        week_number: int,
        motivational_message: str,
        spec: PlanSpec,
        now: datetime,
    ) -> models.Plan: ...
    async def get(self, plan_id: int) -> models.Plan | None: ...
    async def get_for_week(self, athlete_id: int, week_start: date) -> models.Plan | None: ...
    async def for_weeks(self, athlete_weeks: Iterable[tuple[int, date]]) -> list[models.Plan]: ...
    async def first_week_start(self, athlete_id: int) -> date | None: ...
    async def latest(self, athlete_id: int) -> models.Plan | None: ...
    async def previous(self, athlete_id: int, week_start: date) -> models.Plan | None: ...
    async def following(self, athlete_id: int, week_start: date) -> models.Plan | None: ...
    async def lock(self, plan_id: int) -> None: ...
    async def lock_plan_of_workout(self, workout_id: int) -> None: ...
    async def history(
        self, athlete_id: int, *, limit: int, offset: int, up_to: date | None = None
    ) -> tuple[list[models.PlanStats], int]: ...
    async def stats_for_plans(self, plan_ids: Iterable[int]) -> list[models.PlanStats]: ...
    async def stats_for_weeks(
        self, athlete_weeks: Iterable[tuple[int, date]]
    ) -> list[models.PlanStats]: ...
    async def has_activity(self, plan_id: int) -> bool: ...
    async def delete(self, plan_id: int) -> bool: ...
    async def assign_trainer(
        self, plan_ids: Sequence[int], trainer_id: int, now: datetime
    ) -> int: ...
    async def ids_from_week(self, athlete_id: int, week_start: date) -> list[int]: ...
    async def get_workout(self, workout_id: int) -> tuple[models.Workout, int] | None: ...
    async def plan_of_workout_locked(
        self, workout_id: int
    ) -> tuple[models.Plan, models.Trainer | None] | None: ...
    async def set_workout_completed(
        self, workout_id: int, completed: bool, now: datetime
    ) -> bool: ...
    async def get_exercise(self, exercise_id: int) -> tuple[models.Exercise, int] | None: ...


class LogRepository(Protocol):
    async def add(
        self,
        *,
        exercise_id: int,
        athlete_id: int,
        sets: int | None,
        reps: int | None,
        duration_seconds: int | None,
        load: str | None,
        notes: str | None,
        now: datetime,
        distance_m: int | None = None,
        load_kg: float | None = None,
        rpe: float | None = None,
        rir: int | None = None,
        reps_by_set: Sequence[int] | None = None,
    ) -> models.CompletionLog: ...
    async def for_athlete(
        self, athlete_id: int, *, name: str | None = None
    ) -> list[models.ExerciseLog]: ...
    async def get_with_name(self, log_id: int) -> models.ExerciseLog | None: ...
    async def exercise_counts(self, athlete_id: int) -> list[tuple[str, int, int]]: ...
    async def recent_for_exercise_name(
        self, athlete_id: int, name: str, limit: int
    ) -> list[models.CompletionLog]: ...
    async def recent_for_athlete(
        self, athlete_id: int, limit: int
    ) -> list[tuple[models.CompletionLog, models.Exercise]]: ...


class ApiTokenRepository(Protocol):
    async def add(
        self, *, name: str, token_hash: str, is_admin: bool, now: datetime
    ) -> models.ApiToken | None:
        """None when a token of that name exists already."""
        ...

    async def by_hash(self, token_hash: str) -> models.ApiToken | None: ...
    async def touch(self, token_id: int, now: datetime) -> None: ...
    async def revoke(self, name: str, now: datetime) -> bool: ...
    async def list(self) -> list[models.ApiToken]: ...


class MessageRepository(Protocol):
    """Messages between athletes and trainers (storage/messages.py)."""

    async def add(
        self,
        *,
        athlete_id: int,
        trainer_id: int,
        sender_id: int,
        recipient_id: int,
        direction: models.MessageDirection,
        content: models.MessageContent,
        now: datetime,
        exercise_id: int | None = None,
        exercise_name: str | None = None,
    ) -> models.RelayedMessage: ...

    async def mark(
        self,
        message_id: int,
        *,
        status: models.MessageStatus,
        now: datetime,
        relayed_chat_id: int | None = None,
        relayed_message_id: int | None = None,
        failure: str | None = None,
    ) -> None: ...

    async def by_relayed(self, chat_id: int, message_id: int) -> models.RelayedMessage | None: ...
    async def latest_for_athlete(
        self, athlete_id: int, trainer_id: int | None, limit: int
    ) -> list[models.RelayedMessage]: ...


class PlanEditRepository(Protocol):
    """Editing a stored week in place (storage/plan_edits.py)."""

    async def started_workout_ids(self, plan_id: int) -> set[int]: ...
    async def planned_weeks(self, athlete_id: int, mondays: Sequence[date]) -> set[date]: ...
    async def rewrite(
        self,
        plan_id: int,
        workouts: Sequence[WorkoutSpec],
        kept: Sequence[int | None],
        removed: Sequence[int],
        now: datetime,
    ) -> None: ...


class SummaryRepository(Protocol):
    async def save(self, summary: models.WeeklySummary) -> models.WeeklySummary: ...
    async def get(self, plan_id: int) -> models.WeeklySummary | None: ...


class DeliveryRepository(Protocol):
    """The delivery ledger: one row per (kind, recipient, period), under a unique key.

    Claims are atomic on their own (an insert that does nothing on a conflict, an
    update guarded by the row's state), so two processes never both hold one row.
    """

    async def timezones(self) -> list[str | None]:
        """The timezones people have set (None: the default applies)."""
        ...

    async def pending(
        self,
        kind: models.DeliveryKind,
        period: date,
        *,
        timezones: Sequence[str | None],
        existed_at: datetime,
        unchanged_since: datetime | None = None,
        after: int = 0,
        limit: int | None = None,
    ) -> list[models.Recipient]:
        """Who is due a message of ``kind`` for ``period`` and has no ledger row for it yet,
        in id order, those with ids above ``after``, at most ``limit`` of them.

        Only people whose stored timezone is one of ``timezones``, and only plans (or
        trainers) that already existed at ``existed_at``, the slot's due time; a digest
        only for a trainer with at least one such plan among their athletes. With
        ``unchanged_since``, a reminder only for someone whose settings have not changed
        since then.
        """
        ...

    async def record(
        self,
        kind: models.DeliveryKind,
        period: date,
        athlete_ids: Iterable[int],
        *,
        status: models.DeliveryStatus,
        due_at: datetime,
        expires_at: datetime,
        now: datetime,
        error: str | None = None,
    ) -> int:
        """Record final rows (skipped, unreachable) where none exists; returns how many."""
        ...

    async def record_pending(
        self,
        kind: models.DeliveryKind,
        period: date,
        *,
        timezones: Sequence[str | None],
        existed_at: datetime,
        unchanged_since: datetime | None,
        status: models.DeliveryStatus,
        due_at: datetime,
        expires_at: datetime,
        now: datetime,
        error: str | None = None,
    ) -> int:
        """``record`` for everyone ``pending`` would name, in one statement."""
        ...

    async def claim_many(
        self,
        kind: models.DeliveryKind,
        period: date,
        athlete_ids: Sequence[int],
        *,
        due_at: datetime,
        expires_at: datetime,
        claimed_by: str,
        lease_until: datetime,
        now: datetime,
    ) -> list[models.Delivery]:
        """``claim`` for many keys in one statement: the rows that are now ours."""
        ...

    async def reclaim_batch(
        self,
        kind: models.DeliveryKind,
        *,
        after: int,
        limit: int,
        claimed_by: str,
        lease_until: datetime,
        now: datetime,
    ) -> list[models.Delivery]:
        """``reclaim`` for up to ``limit`` rows of ``kind`` with ids above ``after``, in
        one statement; rows another process is claiming are skipped, not waited for."""
        ...

    async def renew(
        self, delivery_ids: Sequence[int], *, claimed_by: str, lease_until: datetime, now: datetime
    ) -> int:
        """Extend claims still held by ``claimed_by``."""
        ...

    async def hand_back(
        self, delivery_ids: Sequence[int], *, fresh: bool, claimed_by: str, now: datetime
    ) -> int:
        """Give untried claims back: fresh ones removed, reclaimed ones due again at once."""
        ...

    async def recipients(self, athlete_ids: Iterable[int]) -> dict[int, models.Athlete]: ...

    async def plans_for_weeks(
        self, athlete_weeks: Iterable[tuple[int, date]]
    ) -> dict[tuple[int, date], models.Plan]:
        """Whole plans by (athlete, week start), in one query."""
        ...

    async def store_summaries(self, summaries: Sequence[models.WeeklySummary]) -> None: ...

    async def trainers_of(self, person_ids: Iterable[int]) -> dict[int, models.Trainer]:
        """Trainer records by their own person id."""
        ...

    async def athletes_of(self, trainer_ids: Iterable[int]) -> dict[int, list[models.Athlete]]:
        """Each trainer's athletes, by name."""
        ...

    async def claim(
        self,
        kind: models.DeliveryKind,
        athlete_id: int,
        period: date,
        *,
        due_at: datetime,
        expires_at: datetime,
        claimed_by: str,
        lease_until: datetime,
        now: datetime,
    ) -> models.Delivery | None:
        """Insert the row as claimed; None when a row for that key already exists."""
        ...

    async def reclaim(
        self, delivery_id: int, *, claimed_by: str, lease_until: datetime, now: datetime
    ) -> models.Delivery | None:
        """Claim a failed row whose next attempt is due, or a claim whose lease lapsed."""
        ...

    async def retryable(self, now: datetime) -> list[models.Delivery]:
        """Rows that ``reclaim`` would take at ``now``, oldest first."""
        ...

    async def finish(
        self,
        delivery_id: int,
        *,
        claimed_by: str,
        status: models.DeliveryStatus,
        now: datetime,
        message_id: int | None = None,
        error: str | None = None,
        next_attempt_at: datetime | None = None,
    ) -> bool:
        """Settle a claim; False when it is no longer ours (the lease lapsed and was taken)."""
        ...

    async def finish_many(
        self, outcomes: Sequence[models.Outcome], *, claimed_by: str, now: datetime
    ) -> set[int]:
        """``finish`` for a group, in one statement; the ids that were still ours."""
        ...

    async def release(
        self, delivery_id: int, *, claimed_by: str, now: datetime, error: str | None = None
    ) -> bool:
        """Hand an untried claim back: due again at once, not counted as an attempt."""
        ...

    async def close_expired(self, now: datetime) -> int:
        """Give up retries and lapsed claims whose window has closed."""
        ...

    async def get(
        self, kind: models.DeliveryKind, athlete_id: int, period: date
    ) -> models.Delivery | None: ...

    async def list(
        self,
        *,
        kind: models.DeliveryKind | None = None,
        status: models.DeliveryStatus | None = None,
    ) -> list[models.Delivery]: ...


class ExportRepository(Protocol):
    def stream(
        self, table: str, athlete_ids: Sequence[int]
    ) -> AsyncIterator[list[tuple[Any, ...]]]:
        """The rows of one export table for these athletes only, a batch at a time."""
        ...


class AttentionRepository(Protocol):
    async def workouts_for_weeks(
        self, athlete_weeks: Iterable[tuple[int, date]]
    ) -> list[PlannedWorkout]:
        """Each workout's day and completion in these athletes' weeks: one statement."""
        ...


class Sender(Protocol):
    """Delivers a scheduled message to its recipient (the bot layer implements it)."""

    async def send(self, message: models.ScheduledMessage) -> models.SendResult: ...


# --- templates: plan templates, athlete groups, publishing to many ---
class TemplateRepository(Protocol):
    async def add(
        self, *, trainer_id: int, name: str, text: str, now: datetime
    ) -> models.PlanTemplate | None:
        """None when the trainer has a template of that name (casefolded) already."""
        ...

    async def get(self, trainer_id: int, template_id: int) -> models.PlanTemplate | None:
        """The template only if it is this trainer's."""
        ...

    async def named(self, trainer_id: int, name: str) -> models.PlanTemplate | None:
        """The trainer's template of that name (casefolded)."""
        ...

    async def page(
        self, trainer_id: int, *, limit: int, offset: int
    ) -> tuple[list[models.PlanTemplate], int]: ...
    async def rename(
        self, trainer_id: int, template_id: int, name: str, now: datetime
    ) -> models.PlanTemplate | None:
        """None when the name is taken; raises nothing for a missing one (check first)."""
        ...

    async def delete(self, trainer_id: int, template_id: int) -> bool: ...


class GroupRepository(Protocol):
    async def add(self, *, trainer_id: int, name: str, now: datetime) -> models.AthleteGroup | None:
        """None when the trainer has a group of that name (casefolded) already."""
        ...

    async def get(self, trainer_id: int, group_id: int) -> models.AthleteGroup | None: ...
    async def list(self, trainer_id: int) -> list[models.AthleteGroup]:
        """The trainer's groups by name, each with its current members, in two queries."""
        ...

    async def rename(
        self, trainer_id: int, group_id: int, name: str, now: datetime
    ) -> models.AthleteGroup | None: ...
    async def set_members(
        self, group_id: int, athlete_ids: Iterable[int], now: datetime
    ) -> None: ...
    async def delete(self, trainer_id: int, group_id: int) -> bool: ...


class PublishingRepository(Protocol):
    async def existing_weeks(
        self, athlete_weeks: Iterable[tuple[int, date]]
    ) -> dict[tuple[int, date], bool]:
        """Which of these (athlete, week) already have a plan, and whether it is started
        (a done workout or a log): one query."""
        ...


# --- weekly: trainer notices, the logs of a week, weekly check-ins ---


class NoticeRepository(Protocol):
    async def save(self, notice: models.TrainerNotice, now: datetime) -> None: ...
    async def save_if_done(
        self, notices: Sequence[models.TrainerNotice], now: datetime
    ) -> set[int]: ...
    async def pop(self, workout_id: int) -> models.TrainerNotice | None: ...


class WeekLogRepository(Protocol):
    async def for_weeks(
        self, athlete_weeks: Iterable[tuple[int, date]]
    ) -> dict[tuple[int, date], list[models.WeekLog]]: ...


class CheckInRepository(Protocol):
    async def week_of_plan(self, plan_id: int) -> tuple[int, date, int] | None: ...
    async def get(self, athlete_id: int, week_start: date) -> models.CheckIn | None: ...
    async def save(
        self, athlete_id: int, week_start: date, *, now: datetime, **fields: Any
    ) -> models.CheckIn: ...
    async def latest(self, athlete_id: int) -> models.CheckIn | None: ...
    async def for_weeks(
        self, athlete_weeks: Iterable[tuple[int, date]]
    ) -> dict[tuple[int, date], models.CheckIn]: ...


class UnitOfWork(Protocol):
    """Rolls back on exit unless ``commit`` was called; repositories never commit."""

    athletes: AthleteRepository
    trainers: TrainerRepository
    invites: InviteRepository
    plans: PlanRepository
    logs: LogRepository
    summaries: SummaryRepository
    deliveries: DeliveryRepository
    exports: ExportRepository
    api_tokens: ApiTokenRepository
    messages: MessageRepository
    programs: ProgramRepository
    templates: TemplateRepository
    groups: GroupRepository
    publishing: PublishingRepository
    plan_edits: PlanEditRepository
    attention: AttentionRepository
    notices: NoticeRepository
    week_logs: WeekLogRepository
    checkins: CheckInRepository

    async def __aenter__(self) -> Self: ...
    async def __aexit__(self, *exc_info: object) -> None: ...
    def reading(self) -> Self:
        """Marks the next ``async with`` as read-only (``async with uow.reading():``): it
        takes no write lock (SQLite), so a screen that only reads never queues behind a
        broadcast's writes. Changing anything in it is an error."""
        ...

    def autocommitting(self) -> Self:
        """Marks the next ``async with`` as one whose statements each stand alone
        (``async with uow.autocommitting():``): where the database allows, each commits
        by itself, without a transaction around them; ``commit()`` is still called. For
        units of one statement, or of statements that need not commit together."""
        ...

    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
