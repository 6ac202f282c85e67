"""Screens shared by commands, buttons and scheduled messages: text plus keyboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardMarkup

from bot import callbacks, keyboards, render, texts
from core import models
from core.measures import LoadUnit, unit_of


@dataclass(frozen=True)
class Screen:
    text: str
    markup: InlineKeyboardMarkup | None = None


def no_plan(athlete: models.Athlete, upcoming: models.Plan | None = None) -> Screen:
    if upcoming is not None:
        return Screen(
            texts.NO_PLAN_UPCOMING.format(
                date=render.long_date(upcoming.week_start), week_number=upcoming.week_number
            )
        )
    return Screen(texts.NO_PLAN_THIS_WEEK if athlete.trainer_id else texts.NO_PLAN_NO_TRAINER)


def today(
    plan: models.Plan,
    today_date: date,
    next_plan: models.Plan | None = None,
    unit: LoadUnit | None = None,
) -> Screen:
    workouts = plan.workouts_on(today_date.weekday())
    if not workouts:
        return Screen(render.rest_day_text(plan, today_date, next_plan))
    return Screen(
        render.today_text(plan, workouts, today_date, unit),
        keyboards.done_buttons(workouts, callbacks.VIEW_TODAY),
    )


def week(plan: models.Plan, unit: LoadUnit | None = None) -> Screen:
    return Screen(
        render.week_text(plan, unit=unit),
        keyboards.done_buttons(plan.workouts, callbacks.VIEW_WEEK),
    )


def workout(item: models.Workout) -> Screen:
    """One workout with its button, e.g. a reminder redrawn on another day."""
    return Screen(
        render.workout_block(item, with_day=True),
        keyboards.done_buttons([item], callbacks.VIEW_TODAY),
    )


# --- scheduled messages -----------------------------------------------------------


def weekly_message(message: models.WeeklyMessage) -> Screen:
    """Monday's message: "Week N", the motivational message, the workouts, a way to today.

    Sent later in the week (a catch-up), it does not claim the week starts today.
    """
    intro = texts.WEEKLY_MESSAGE_CATCH_UP_INTRO if message.catch_up else texts.WEEKLY_MESSAGE_INTRO
    return Screen(
        f"{intro}\n\n{render.week_text(message.plan, unit=unit_of(message.recipient.units))}",
        keyboards.open_today(),
    )


def reminder(message: models.WorkoutReminder) -> Screen:
    """A workout day's reminder: the day's workouts, each with its Done button."""
    day = today(message.plan, message.day, unit=unit_of(message.recipient.units))
    return Screen(f"{texts.REMINDER_INTRO}\n\n{day.text}", day.markup)


def weekly_summary(message: models.SummaryMessage) -> Screen:
    summary = render.summary_text(message.summary, so_far=False)
    # The week's check-in rides on the summary's delivery: asked once, with it.
    return Screen(
        f"{texts.SUMMARY_INTRO}\n\n{summary}\n\n{texts.CHECKIN_ASK}",
        keyboards.checkin_start(message.summary.plan_id),
    )


def trainer_digest(message: models.TrainerDigest) -> Screen:
    return Screen(render.digest_text(message))


def scheduled(message: models.ScheduledMessage) -> Screen:
    if isinstance(message, models.WeeklyMessage):
        return weekly_message(message)
    if isinstance(message, models.WorkoutReminder):
        return reminder(message)
    if isinstance(message, models.SummaryMessage):
        return weekly_summary(message)
    if isinstance(message, models.AttentionCheck):
        return Screen(render.attention_text(message))
    return trainer_digest(message)
