"""The HTTP API's bodies: the Domain section's names in snake_case.

Requests are validated here (bad input is a 422 naming the field); responses are
built from the core dataclasses the services return.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from core import models
from core.plan_text import (
    MAX_DESCRIPTION_CHARS,
    MAX_DURATION_SECONDS,
    MAX_EXERCISES_PER_WORKOUT,
    MAX_LOAD_CHARS,
    MAX_NAME_CHARS,
    MAX_NOTES_CHARS,
    MAX_PLAN_CHARS,
    MAX_REPS,
    MAX_SETS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    MAX_WORKOUT_MINUTES,
    MAX_WORKOUTS,
)

# C0 controls but tab and newline, DEL, and the C1 controls: cleaned at the edge.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean(value: Any) -> Any:
    return _CONTROL.sub("", value) if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_clean)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- requests -------------------------------------------------------------------------


class VideoIn(Strict):
    url: Text = Field(min_length=1, max_length=MAX_URL_CHARS)
    thumbnail_url: Text | None = Field(default=None, max_length=MAX_URL_CHARS)
    duration_seconds: int | None = Field(default=None, ge=0, le=24 * 3600)
    title: Text | None = Field(default=None, max_length=MAX_TITLE_CHARS)


class ExerciseIn(Strict):
    name: Text = Field(min_length=1, max_length=MAX_NAME_CHARS)
    order: int | None = None
    sets: int = Field(ge=1, le=MAX_SETS)
    reps: int | None = Field(default=None, ge=1, le=MAX_REPS)
    duration_seconds: int | None = Field(default=None, ge=1, le=MAX_DURATION_SECONDS)
    load: Text | None = Field(default=None, max_length=MAX_LOAD_CHARS)
    notes: Text | None = Field(default=None, max_length=MAX_NOTES_CHARS)
    video: VideoIn | None = None

    @model_validator(mode="after")
    def _reps_or_duration(self) -> ExerciseIn:
        if (self.reps is None) == (self.duration_seconds is None):
            raise ValueError("an exercise has either reps or duration_seconds, not both or none")
        return self


class WorkoutIn(Strict):
    day_of_week: int = Field(ge=0, le=6, description="0 = Monday")
    title: Text = Field(min_length=1, max_length=MAX_TITLE_CHARS)
    description: Text = Field(default="", max_length=MAX_DESCRIPTION_CHARS)
    duration_minutes: int | None = Field(default=None, ge=1, le=MAX_WORKOUT_MINUTES)
    order: int | None = None
    exercises: list[ExerciseIn] = Field(default_factory=list, max_length=MAX_EXERCISES_PER_WORKOUT)


def _monday(value: date) -> date:
    if value.weekday() != 0:
        raise ValueError(f"week_start must be a Monday; {value} is a {value:%A}")
    return value


class PlanIn(Strict):
    """A week's plan: nested workouts, or the same as plan text."""

    user_id: int = Field(description="the athlete's id, as the API returns it")
    week_start: date
    trainer_id: int | None = None
    workouts: list[WorkoutIn] | None = Field(default=None, max_length=MAX_WORKOUTS)
    text: Text | None = Field(default=None, max_length=MAX_PLAN_CHARS)

    @model_validator(mode="after")
    def _one_form(self) -> PlanIn:
        _monday(self.week_start)
        if (self.workouts is None) == (self.text is None):
            raise ValueError("a plan has either workouts or text")
        return self


class CompleteIn(Strict):
    completed: bool = True


class LogIn(Strict):
    sets: int = Field(ge=1, le=MAX_SETS)
    reps: int | None = Field(default=None, ge=1, le=MAX_REPS)
    duration_seconds: int | None = Field(default=None, ge=1, le=MAX_DURATION_SECONDS)
    load: Text | None = Field(default=None, max_length=MAX_LOAD_CHARS)
    notes: Text | None = Field(default=None, max_length=MAX_NOTES_CHARS)


class TrainerIn(Strict):
    telegram_id: int = Field(ge=1)
    name: Text = Field(min_length=1, max_length=128)
    specialization: Text = Field(default="", max_length=256)
    bio: Text = Field(default="", max_length=2000)


class AssignTrainerIn(Strict):
    trainer_id: int


class PlanTextIn(Strict):
    text: Text = Field(max_length=MAX_PLAN_CHARS)


class PublishIn(Strict):
    athlete_ids: list[int] = Field(default_factory=list, max_length=200)
    group_ids: list[int] = Field(
        default_factory=list,
        max_length=200,
        description="the trainer's groups (GET /groups): their members are published to",
    )
    week_start: date
    text: Text = Field(max_length=MAX_PLAN_CHARS)

    @model_validator(mode="after")
    def _a_monday(self) -> PublishIn:
        _monday(self.week_start)
        if not self.athlete_ids and not self.group_ids:
            raise ValueError("name athlete_ids or group_ids (or both)")
        return self


# --- responses ------------------------------------------------------------------------


class VideoOut(BaseModel):
    url: str
    thumbnail_url: str | None
    duration_seconds: int | None
    title: str | None


class ExerciseOut(BaseModel):
    id: int
    name: str
    order: int
    sets: int
    reps: int | None
    duration_seconds: int | None
    load: str | None
    notes: str | None
    video: VideoOut | None


class WorkoutOut(BaseModel):
    id: int
    day_of_week: int
    title: str
    description: str
    duration_minutes: int | None
    order: int
    completed: bool
    completed_at: datetime | None
    exercises: list[ExerciseOut]


class PlanOut(BaseModel):
    id: int
    user_id: int
    week_start: date
    week_end: date
    week_number: int
    trainer_id: int | None
    motivational_message: str
    created_at: datetime
    updated_at: datetime
    workouts: list[WorkoutOut]


class WeekOut(BaseModel):
    plan_id: int
    user_id: int
    trainer_id: int | None
    week_start: date
    week_number: int
    total_workouts: int
    completed_workouts: int
    total_exercises: int
    completion_percentage: int
    planned_duration_minutes: int
    completed_duration_minutes: int


class HistoryOut(BaseModel):
    items: list[WeekOut]
    total: int
    limit: int


class LogOut(BaseModel):
    id: int
    exercise_id: int
    user_id: int
    sets: int | None
    reps: int | None
    duration_seconds: int | None
    load: str | None
    notes: str | None
    logged_at: datetime


class LoggedOut(BaseModel):
    log: LogOut
    recent: list[LogOut]


class ExerciseHistoryOut(BaseModel):
    exercise: ExerciseOut
    logs: list[LogOut]


class TrainerOut(BaseModel):
    id: int
    user_id: int
    name: str
    specialization: str
    bio: str


class SummaryOut(BaseModel):
    plan_id: int
    user_id: int
    week_start: date
    week_number: int
    total_workouts: int
    completed_workouts: int
    total_exercises: int
    completion_percentage: int
    planned_duration_minutes: int
    completed_duration_minutes: int
    trainer_feedback: str
    generated_at: datetime


class AthleteOut(BaseModel):
    id: int
    name: str
    username: str | None
    timezone: str | None
    trainer_id: int | None
    reachable: bool


class MeOut(BaseModel):
    athlete: AthleteOut | None
    trainer: TrainerOut | None
    is_admin: bool
    is_operator: bool


class RosterEntryOut(BaseModel):
    athlete: AthleteOut
    week: WeekOut | None
    completion_percentage: int | None
    flags: list[str]


class CompletionOut(BaseModel):
    completed: int
    total: int
    percentage: int | None


class CardLogOut(BaseModel):
    log: LogOut
    exercise: ExerciseOut
    planned: str
    done: str


class CheckInOut(BaseModel):
    week_start: date
    energy: int | None = Field(description="1..5, null when skipped")
    sleep: int | None = Field(description="1..5, null when skipped")
    soreness: int | None = Field(description="1..5, null when skipped")
    body_weight_kg: float | None
    note: str | None
    answered_at: datetime | None


class CardMessageOut(BaseModel):
    id: int
    direction: str = Field(description="to_trainer or to_athlete")
    kind: str = Field(description="text, photo, video, voice, document or form_check")
    text: str | None = Field(description="the text or the media's caption")
    exercise_name: str | None = Field(description="the exercise of a form check")
    created_at: datetime


class CardOut(BaseModel):
    athlete: AthleteOut
    local_time: datetime
    plan: PlanOut | None
    recent_logs: list[CardLogOut]
    check_ins: list[CheckInOut] = Field(description="the latest check-in, when there is one")
    messages: list[CardMessageOut] = Field(
        default=[], description="the latest messages and form checks, both ways, newest first"
    )
    this_week: CompletionOut
    last_4_weeks: CompletionOut
    last_12_weeks: CompletionOut
    flags: list[str]
    plannable_weeks: list[date]


class LineErrorOut(BaseModel):
    line: int
    message: str


class ValidationOut(BaseModel):
    valid: bool
    errors: list[LineErrorOut]
    workouts: list[dict[str, Any]]
    text: str | None = Field(description="the plan as Coach will store it, when valid")


class PublishedOut(BaseModel):
    athlete_id: int
    athlete_name: str
    plan: PlanOut
    notified: bool


class PublishOut(BaseModel):
    published: list[PublishedOut]


class TodayOut(BaseModel):
    today: date
    day_of_week: int
    plan: PlanOut | None
    today_workout_ids: list[int]
    upcoming: PlanOut | None


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorOut(BaseModel):
    error: ErrorBody


# --- from the core dataclasses --------------------------------------------------------


def video_out(v: models.Video | None) -> VideoOut | None:
    if v is None:
        return None
    return VideoOut(
        url=v.url, thumbnail_url=v.thumbnail_url, duration_seconds=v.duration_seconds, title=v.title
    )


def exercise_out(e: models.Exercise) -> ExerciseOut:
    return ExerciseOut(
        id=e.id,
        name=e.name,
        order=e.position,
        sets=e.sets,
        reps=e.reps,
        duration_seconds=e.duration_seconds,
        load=e.load,
        notes=e.notes,
        video=video_out(e.video),
    )


def workout_out(w: models.Workout) -> WorkoutOut:
    return WorkoutOut(
        id=w.id,
        day_of_week=w.day_of_week,
        title=w.title,
        description=w.description,
        duration_minutes=w.duration_minutes,
        order=w.position,
        completed=w.completed,
        completed_at=w.completed_at,
        exercises=[exercise_out(e) for e in w.exercises],
    )


def plan_out(p: models.Plan) -> PlanOut:
    return PlanOut(
        id=p.id,
        user_id=p.athlete_id,
        week_start=p.week_start,
        week_end=p.week_end,
        week_number=p.week_number,
        trainer_id=p.trainer_id,
        motivational_message=p.motivational_message,
        created_at=p.created_at,
        updated_at=p.updated_at,
        workouts=[workout_out(w) for w in p.workouts],
    )


def week_out(s: models.PlanStats) -> WeekOut:
    return WeekOut(
        plan_id=s.plan_id,
        user_id=s.athlete_id,
        trainer_id=s.trainer_id,
        week_start=s.week_start,
        week_number=s.week_number,
        total_workouts=s.total_workouts,
        completed_workouts=s.completed_workouts,
        total_exercises=s.total_exercises,
        completion_percentage=s.completion_percentage,
        planned_duration_minutes=s.planned_minutes,
        completed_duration_minutes=s.completed_minutes,
    )


def log_out(log: models.CompletionLog) -> LogOut:
    return LogOut(
        id=log.id,
        exercise_id=log.exercise_id,
        user_id=log.athlete_id,
        sets=log.sets,
        reps=log.reps,
        duration_seconds=log.duration_seconds,
        load=log.load,
        notes=log.notes,
        logged_at=log.logged_at,
    )


def trainer_out(t: models.Trainer) -> TrainerOut:
    return TrainerOut(
        id=t.id, user_id=t.athlete_id, name=t.name, specialization=t.specialization, bio=t.bio
    )


def summary_out(s: models.WeeklySummary) -> SummaryOut:
    return SummaryOut(
        plan_id=s.plan_id,
        user_id=s.athlete_id,
        week_start=s.week_start,
        week_number=s.week_number,
        total_workouts=s.total_workouts,
        completed_workouts=s.completed_workouts,
        total_exercises=s.total_exercises,
        completion_percentage=s.completion_percentage,
        planned_duration_minutes=s.planned_minutes,
        completed_duration_minutes=s.completed_minutes,
        trainer_feedback=s.trainer_feedback,
        generated_at=s.generated_at,
    )


def athlete_out(a: models.Athlete) -> AthleteOut:
    return AthleteOut(
        id=a.id,
        name=a.name,
        username=a.username,
        timezone=a.timezone,
        trainer_id=a.trainer_id,
        reachable=a.reachable,
    )


def checkin_out(c: models.CheckIn) -> CheckInOut:
    return CheckInOut(
        week_start=c.week_start,
        energy=c.energy,
        sleep=c.sleep,
        soreness=c.soreness,
        body_weight_kg=c.body_weight_kg,
        note=c.note,
        answered_at=c.answered_at,
    )


def card_message_out(m: models.RelayedMessage) -> CardMessageOut:
    return CardMessageOut(
        id=m.id,
        direction=m.direction.value,
        kind=m.kind.value,
        text=m.text,
        exercise_name=m.exercise_name,
        created_at=m.created_at,
    )


# --- webgroups: the trainer's groups ---


class GroupMemberOut(BaseModel):
    id: int
    name: str


class GroupOut(BaseModel):
    id: int
    name: str
    member_ids: list[int]
    members: list[GroupMemberOut] = Field(description="the members, by name")
