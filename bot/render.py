"""Domain data to message text (HTML). User content is escaped here, once."""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from bot import i18n, texts
from core import models
from core.attention import Completion, Flag
from core.errors import LineError
from core.i18n import gettext
from core.log_entry import describe_performance
from core.measures import (
    BUCKET_LABELS,
    LoadUnit,
    format_clock,
    format_distance,
    format_load,
    format_pace,
    from_kg,
    plain_number,
    unit_of,
)
from core.plan_text import format_effort, format_volume, volume_of
from core.records import Record, RecordKind
from core.services.attention import Standing
from core.services.card import AthleteCard
from core.services.completion import LoggedExercise
from core.summary_rules import completion_percentage, feedback, feedback_so_far, time_logged

MESSAGE_LIMIT = 4096
WRAP_CHARS = 300  # description lines are rendered in pieces of at most this many characters


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def day_name(day_of_week: int) -> str:
    return i18n.day_name(day_of_week)  # Babel's, in the current language


def short_day_name(day_of_week: int) -> str:
    """``Mon``, ``Пн``, ``Lun``: as a plan's day is written."""
    if i18n.core_i18n.current() == "en":
        return day_name(day_of_week)[:3]
    name = i18n.day_name(day_of_week, "abbreviated").rstrip(".")
    return name[:1].upper() + name[1:]


def short_date(d: date) -> str:
    return i18n.short_date(d)


def day_month(d: date) -> str:
    return i18n.day_month(d)


def long_date(d: date) -> str:
    return i18n.long_date(d)


# --- workouts and plans -----------------------------------------------------------


def _duration(minutes: int | None) -> str:
    return texts.DURATION_SUFFIX.format(minutes=minutes) if minutes else ""


def _mark(workout: Any) -> str:
    completed = getattr(workout, "completed", None)
    if completed is None:  # a preview: nothing is done or open yet
        return "•"
    return texts.WORKOUT_DONE_MARK if completed else texts.WORKOUT_OPEN_MARK


def targets_text(exercise: Any, unit: LoadUnit | None = None) -> str:
    """What follows the volume: " each @ 40kg 5:30/km RPE 8", loads in ``unit`` (as
    written when None)."""
    text = texts.PER_SIDE if getattr(exercise, "per_side", False) else ""
    load_kg = getattr(exercise, "load_kg", None)
    parts = []
    if load_kg is not None and unit is not None:
        parts.append(format_load(load_kg, unit))
    elif exercise.load:
        parts.append(esc(exercise.load))
    pace = getattr(exercise, "pace_s_per_km", None)
    if pace is not None:
        parts.append(format_pace(pace))
    if effort := format_effort(getattr(exercise, "rpe", None), getattr(exercise, "rir", None)):
        parts.append(effort)
    if parts:
        text += texts.EXERCISE_LOAD.format(load=" ".join(parts))
    return i18n.local_units(text)


def exercise_lines(exercise: Any, unit: LoadUnit | None = None) -> list[str]:
    load = targets_text(exercise, unit)
    volume = i18n.local_units(volume_of(exercise))
    lines = [texts.EXERCISE_LINE.format(name=esc(exercise.name), volume=volume, load=load)]
    if exercise.notes:
        lines.append(texts.EXERCISE_NOTES.format(notes=esc(exercise.notes)))
    if exercise.video:
        title = f": {esc(exercise.video.title)}" if exercise.video.title else ""
        lines.append(texts.EXERCISE_VIDEO.format(url=esc(exercise.video.url), title=title))
    return lines


def workout_block(workout: Any, *, with_day: bool, unit: LoadUnit | None = None) -> str:
    """A workout with its exercises; ``workout`` is a stored Workout or a WorkoutSpec."""
    if with_day:
        head = texts.WORKOUT_LINE.format(
            mark=_mark(workout),
            day=short_day_name(workout.day_of_week),
            title=esc(workout.title),
            duration=_duration(workout.duration_minutes),
        )
    else:
        head = texts.WORKOUT_TITLE.format(
            mark=_mark(workout),
            title=esc(workout.title),
            duration=_duration(workout.duration_minutes),
        )
    lines = [head]
    # Line by line and in short pieces, so that no tag spans a line break and a long
    # message splits between lines, never inside a tag.
    lines.extend(
        f"<i>{esc(piece)}</i>"
        for line in workout.description.splitlines()
        for piece in textwrap.wrap(line, WRAP_CHARS)
    )
    for exercise in workout.exercises:
        lines.extend(exercise_lines(exercise, unit))
    return "\n".join(lines)


def week_progress(plan: models.Plan) -> str:
    total = len(plan.workouts)
    completed = plan.completed_workouts
    return texts.WEEK_PROGRESS.format(
        completed=completed, total=total, percentage=completion_percentage(completed, total)
    )


def week_text(plan: models.Plan, *, with_message: bool = True, unit: LoadUnit | None = None) -> str:
    parts = [
        texts.WEEK_HEADER.format(
            week_number=plan.week_number,
            start=short_date(plan.week_start),
            end=short_date(plan.week_end),
        )
    ]
    if with_message:
        parts.append(f"<i>{esc(plan.motivational_message)}</i>")
    parts.extend(workout_block(w, with_day=True, unit=unit) for w in plan.workouts)
    parts.append(week_progress(plan))
    return "\n\n".join(parts)


def today_text(
    plan: models.Plan,
    workouts: Sequence[models.Workout],
    today: date,
    unit: LoadUnit | None = None,
) -> str:
    parts = [texts.TODAY_HEADER.format(day=long_date(today), week_number=plan.week_number)]
    parts.extend(workout_block(w, with_day=False, unit=unit) for w in workouts)
    return "\n\n".join(parts)


def rest_day_text(plan: models.Plan, today: date, next_plan: models.Plan | None = None) -> str:
    """A rest day, and when the next workout is: later this week, or in the next plan."""
    lines = [texts.REST_DAY.format(day=long_date(today))]
    later = [w for w in plan.workouts if w.day_of_week > today.weekday()]
    if later:
        lines.append(
            texts.REST_DAY_NEXT.format(
                title=esc(later[0].title), day=day_name(later[0].day_of_week)
            )
        )
    elif next_plan is not None and next_plan.workouts:
        first = next_plan.workouts[0]
        when = next_plan.week_start + timedelta(days=first.day_of_week)
        lines.append(texts.REST_DAY_NEXT.format(title=esc(first.title), day=long_date(when)))
    else:
        lines.append(texts.REST_DAY_WEEK_DONE)
    return "\n".join(lines)


def plan_preview(spec: Any) -> str:
    if not spec.workouts:
        return texts.PLAN_PREVIEW_REST_WEEK
    return "\n\n".join(workout_block(w, with_day=True) for w in spec.workouts)


def plan_errors(errors: Iterable[LineError]) -> str:
    errors = list(errors)
    lines = "\n".join(
        texts.PLAN_ERROR_LINE.format(line=e.line, message=esc(e.message)) for e in errors
    )
    problems = texts.PROBLEMS(len(errors)).format(count=len(errors))
    return texts.PLAN_ERRORS.format(problems=problems, errors=lines)


# --- logs, history, summaries -----------------------------------------------------


def log_entry(log: models.CompletionLog, unit: LoadUnit = LoadUnit.KG) -> str:
    text = esc(i18n.local_units(describe_performance(log, unit)))
    return text + (f" — <i>{esc(log.notes)}</i>" if log.notes else "")


def logged_text(result: LoggedExercise, tz_now: datetime, unit: LoadUnit = LoadUnit.KG) -> str:
    lines = [
        texts.LOG_SAVED.format(
            name=esc(result.exercise.name),
            entry=log_entry(result.log, unit),
            planned=planned(result.exercise, unit),
        )
    ]
    lines.extend(record_line(record, unit) for record in result.records)
    if len(result.recent) > 1:
        lines.append("")
        lines.append(texts.LOG_RECENT_HEADER.format(name=esc(result.exercise.name)))
        lines.extend(recent_lines(result.recent, tz_now, unit))
    return "\n".join(lines)


def recent_lines(
    logs: Sequence[models.CompletionLog], tz_now: datetime, unit: LoadUnit
) -> list[str]:
    return [
        texts.LOG_RECENT_LINE.format(
            when=short_date(log.logged_at.astimezone(tz_now.tzinfo).date()),
            entry=log_entry(log, unit),
        )
        for log in logs
    ]


def planned(exercise: models.Exercise, unit: LoadUnit | None = None) -> str:
    return i18n.local_units(volume_of(exercise)) + targets_text(exercise, unit)


def example_entry(exercise: models.Exercise, unit: LoadUnit) -> str:
    """A log entry for ``exercise`` as planned, in a form /log reads back."""
    if exercise.distance_m is not None:
        text = format_volume(exercise.sets, None, None, exercise.distance_m)
        if exercise.pace_s_per_km is not None:
            text += f" in {format_clock(exercise.pace_s_per_km * exercise.distance_m / 1000)}"
        return text
    if exercise.reps is None and exercise.duration_seconds is None:  # AMRAP
        return f"{exercise.sets}x10"
    text = format_volume(
        exercise.sets, exercise.reps_max or exercise.reps, exercise.duration_seconds
    )
    if exercise.load_kg is not None:
        text += f" @ {format_load(exercise.load_kg, unit)}"
    elif exercise.load:
        text += f" @ {exercise.load}"
    if exercise.rpe is not None:
        text += f" RPE {plain_number(exercise.rpe)}"
    return text


# --- records ----------------------------------------------------------------------


def record_value(record: Record, unit: LoadUnit) -> str:
    return i18n.local_units(_record_value(record, unit))


def _record_value(record: Record, unit: LoadUnit) -> str:
    if record.kind is RecordKind.LOAD:
        return texts.RECORD_LOAD.format(reps=record.bucket, load=format_load(record.value, unit))
    if record.kind is RecordKind.E1RM:
        return texts.RECORD_E1RM.format(
            load=format_load(record.value, unit),
            reps=record.reps,
            from_load=format_load(record.load_kg or 0, unit),
        )
    if record.kind is RecordKind.DISTANCE:
        return texts.RECORD_DISTANCE.format(distance=format_distance(int(record.value)))
    return texts.RECORD_PACE.format(
        bucket=gettext(BUCKET_LABELS[record.bucket])
        if record.bucket in BUCKET_LABELS
        else format_distance(record.bucket),
        pace=format_pace(record.value),
    )


def record_line(record: Record, unit: LoadUnit) -> str:
    return texts.RECORD_NEW.format(exercise=esc(record.exercise), value=record_value(record, unit))


def trainer_record_notice(result: LoggedExercise, unit: LoadUnit) -> str:
    athlete = result.athlete.name if result.athlete else ""
    return "\n".join(
        texts.RECORD_TRAINER_NOTICE.format(
            athlete=esc(athlete),
            exercise=esc(record.exercise),
            value=record_value(record, unit),
        )
        for record in result.records
    )


def records_text(records: Sequence[Record], unit: LoadUnit, athlete_name: str | None = None) -> str:
    who = texts.RECORDS_FOR.format(athlete=esc(athlete_name)) if athlete_name else ""
    if not records:
        return texts.RECORDS_EMPTY.format(who=who)
    lines = [texts.RECORDS_HEADER.format(who=who)]
    current = None
    for record in records:
        if record.exercise.casefold() != current:
            current = record.exercise.casefold()
            lines.append("")
            lines.append(texts.RECORDS_EXERCISE.format(exercise=esc(record.exercise)))
        lines.append(
            texts.RECORDS_LINE.format(
                value=record_value(record, unit), when=short_date(record.logged_at.date())
            )
        )
    return "\n".join(lines)


def history_text(page: models.Page[models.PlanStats]) -> str:
    if not page.items:
        return texts.HISTORY_EMPTY
    lines = [texts.HISTORY_HEADER, ""]
    for week in page.items:
        lines.append(
            texts.HISTORY_LINE.format(
                week_number=week.week_number,
                start=short_date(week.week_start),
                completed=week.completed_workouts,
                total=week.total_workouts,
                percentage=week.completion_percentage,
            )
        )
    pages = max(1, -(-page.total // page.limit))
    if pages > 1:
        lines.append("")
        lines.append(texts.HISTORY_PAGE.format(page=page.offset // page.limit + 1, pages=pages))
    return "\n".join(lines)


def summary_text(
    summary: models.WeeklySummary, *, athlete_name: str | None = None, so_far: bool
) -> str:
    who = f"{esc(athlete_name)} · " if athlete_name else ""
    header = texts.SUMMARY_HEADER.format(
        who=who,
        week_number=summary.week_number,
        start=short_date(summary.week_start),
        end=short_date(summary.week_start + timedelta(days=6)),
    )
    body = texts.SUMMARY_BODY.format(
        completed=summary.completed_workouts,
        total=summary.total_workouts,
        percentage=summary.completion_percentage,
        exercises=summary.total_exercises,
        minutes=summary_minutes(summary.completed_minutes, summary.planned_minutes),
        # Composed again here, so that it reads in the reader's language (core/i18n.py).
        feedback=esc(
            (feedback_so_far if so_far else feedback)(
                summary.completion_percentage, summary.completed_workouts, summary.total_workouts
            )
        ),
    )
    return "\n".join([header, texts.SUMMARY_SO_FAR, body] if so_far else [header, body])


# --- people -----------------------------------------------------------------------


def trainers_text(trainers: Sequence[models.Trainer]) -> str:
    if not trainers:
        return texts.TRAINERS_EMPTY
    lines = [texts.TRAINERS_HEADER]
    for trainer in trainers:
        lines.append(
            texts.TRAINERS_LINE.format(
                name=esc(trainer.name),
                specialization=esc(trainer.specialization) or texts.NO_SPECIALIZATION,
            )
        )
    return "\n".join(lines)


def trainer_details(trainer: models.Trainer) -> str:
    return texts.TRAINER_DETAILS.format(
        name=esc(trainer.name),
        specialization=esc(trainer.specialization) or texts.NO_SPECIALIZATION,
        bio=esc(trainer.bio) if trainer.bio else texts.TRAINER_NO_BIO,
    )


# --- long messages ----------------------------------------------------------------


def telegram_length(text: str) -> int:
    """Length as Telegram may count it: UTF-16 code units (an emoji counts as two)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split at blank lines, then lines, so that no chunk exceeds Telegram's limit.

    The renderers never let a tag span a line break, so every chunk is valid HTML.
    Lengths are counted generously (UTF-16 units), which is safe however Telegram counts.
    """
    if telegram_length(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for block in _pieces(text, limit):
        candidate = f"{current}\n\n{block}" if current else block
        if telegram_length(candidate) <= limit:
            current = candidate
        else:
            chunks.append(current)
            current = block
    if current:
        chunks.append(current)
    return chunks


def _pieces(text: str, limit: int) -> list[str]:
    pieces: list[str] = []
    for block in text.split("\n\n"):
        if telegram_length(block) <= limit:
            pieces.append(block)
            continue
        line_chunk = ""
        for line in block.split("\n"):
            if telegram_length(line) > limit // 2:
                line = _plain_cut(line, limit // 4)
            candidate = f"{line_chunk}\n{line}" if line_chunk else line
            if telegram_length(candidate) <= limit:
                line_chunk = candidate
            else:
                pieces.append(line_chunk)
                line_chunk = line
        if line_chunk:
            pieces.append(line_chunk)
    return pieces


def _plain_cut(line: str, chars: int) -> str:
    """An overlong line as plain text, cut: cutting its markup could leave a tag open."""
    plain = html.unescape(re.sub(r"<[^>]+>", "", line))
    return esc(plain[:chars] + "…")


# --- scheduled messages -----------------------------------------------------------


def digest_text(digest: models.TrainerDigest) -> str:
    """A trainer's week: lowest completion first, then the athletes without a plan."""
    parts = [
        texts.DIGEST_HEADER.format(
            start=short_date(digest.week_start),
            end=short_date(digest.week_start + timedelta(days=6)),
        )
    ]
    if digest.lines:
        parts.append(
            texts.DIGEST_TEAM.format(
                completed=digest.completed_workouts,
                total=digest.total_workouts,
                percentage=completion_percentage(digest.completed_workouts, digest.total_workouts),
            )
        )
        parts.append(
            "\n".join(
                texts.DIGEST_LINE.format(
                    rank=rank,
                    name=esc(line.athlete.name),
                    week_number=line.week.week_number,
                    completed=line.week.completed_workouts,
                    total=line.week.total_workouts,
                    percentage=line.week.completion_percentage,
                    minutes=digest_minutes(line.week.completed_minutes, line.week.planned_minutes),
                    flag=_unreachable_flag(line.athlete),
                )
                + digest_week_details(line, unit_of(digest.recipient.units))
                for rank, line in enumerate(digest.lines, start=1)
            )
        )
    else:
        parts.append(texts.DIGEST_EMPTY_WEEK)
    if digest.without_plan:
        parts.append(
            "\n".join(
                [texts.DIGEST_NO_PLAN_HEADER]
                + [
                    texts.DIGEST_NO_PLAN_LINE.format(
                        name=esc(athlete.name), flag=_unreachable_flag(athlete)
                    )
                    for athlete in digest.without_plan
                ]
            )
        )
    return "\n\n".join(parts)


def _unreachable_flag(athlete: models.Athlete) -> str:
    return "" if athlete.reachable else texts.DIGEST_UNREACHABLE


# --- relay: log notices, relayed messages, form checks ---

CAPTION_LIMIT = 1024


def log_notice(result: LoggedExercise, unit: LoadUnit) -> str:
    """ "📝 Ann · Run: 1x32min (planned 1x30min) — knee a bit sore", for the trainer."""
    log = result.log
    note = texts.LOG_NOTICE_NOTE.format(note=esc(log.notes)) if log.notes else ""
    return texts.LOG_NOTICE.format(
        athlete=esc(result.athlete.name if result.athlete else ""),
        exercise=esc(result.exercise.name),
        done=esc(describe_performance(log, unit)),
        planned=planned(result.exercise, unit),
        note=note,
    )


def relayed_text(sender: str, text: str) -> str:
    return texts.RELAY_TEXT.format(sender=esc(sender), text=esc(text))


def relayed_caption(
    sender: str,
    caption: str | None,
    form_check: tuple[models.Exercise, LoadUnit] | None = None,
) -> str:
    """The caption of a copied photo, video, voice message or file: who sent it (and,
    for a form check, which exercise), then their own caption, cut to Telegram's limit."""
    head = ""
    if form_check is not None:
        exercise, unit = form_check
        head = texts.FORM_CHECK_HEADER.format(
            exercise=esc(exercise.name), planned=planned(exercise, unit)
        )
        head += "\n"
    if not caption:
        return head + texts.RELAY_MEDIA.format(sender=esc(sender))
    room = CAPTION_LIMIT - telegram_length(head + texts.RELAY_MEDIA.format(sender=sender)) - 4
    if telegram_length(caption) > room:
        caption = caption[: max(room - 1, 0)] + "…"
    return head + texts.RELAY_MEDIA_CAPTION.format(sender=esc(sender), caption=esc(caption))


# --- roles: a trainer introduced to an athlete ---


def trainer_introduction(trainer: models.Trainer) -> str:
    """Name, specialization and bio, each only when set; empty when there is nothing to add."""
    if not trainer.specialization and not trainer.bio:
        return ""
    lines = [
        texts.TRAINER_INTRODUCTION_SPECIALIZATION.format(
            name=esc(trainer.name), specialization=esc(trainer.specialization)
        )
        if trainer.specialization
        else texts.TRAINER_INTRODUCTION_NAME.format(name=esc(trainer.name))
    ]
    if trainer.bio:
        lines.append(esc(trainer.bio))
    return texts.TRAINER_INTRODUCTION.format(lines="\n".join(lines))


# --- card: the roster of buttons and the athlete card ---
# Text names, read at use (texts.NAME at import would freeze English).
_FLAG_MARKS = {
    Flag.BEHIND: ("FLAG_BEHIND", "CARD_FLAG_BEHIND"),
    Flag.IDLE: ("FLAG_IDLE", "CARD_FLAG_IDLE"),
    Flag.UNREACHABLE: ("FLAG_UNREACHABLE", "CARD_FLAG_UNREACHABLE"),
    Flag.NO_NEXT_PLAN: ("FLAG_NO_NEXT_PLAN", "CARD_FLAG_NO_NEXT_PLAN"),
    Flag.NO_CHECKIN: ("FLAG_NO_CHECKIN", "CARD_FLAG_NO_CHECKIN"),
}


def _flag_text(flag: Flag, which: int) -> str:
    return getattr(texts, _FLAG_MARKS[flag][which])


def flag_marks(flags: Iterable[Flag]) -> str:
    return "".join(_flag_text(f, 0) for f in flags)


def flag_reasons(flags: Iterable[Flag]) -> str:
    """Plain text (no HTML): what each flag means, comma-separated."""
    return ", ".join(_flag_text(f, 1) for f in flags)


def roster_button(standing: Standing) -> str:
    """A roster button's label (plain text: button labels are not HTML)."""
    week = standing.week
    state = (
        texts.ROSTER_BUTTON_PERCENT.format(percentage=week.completion_percentage)
        if week is not None
        else texts.ROSTER_BUTTON_NO_PLAN
    )
    marks = flag_marks(standing.flags)
    return texts.ROSTER_BUTTON.format(
        flags=f"{marks} " if marks else "", name=standing.athlete.name, state=state
    )


def roster_page_text(standings: Sequence[Standing], page: int, pages: int) -> str:
    if not standings:
        return texts.ATHLETES_EMPTY
    lines = [texts.ROSTER_HEADER.format(count=len(standings))]
    if any(s.flags for s in standings):
        lines.append(texts.ROSTER_LEGEND)
    if pages > 1:
        lines.append(texts.ROSTER_PAGE.format(page=min(max(page, 0), pages - 1) + 1, pages=pages))
    return "\n".join(lines)


def _card_header(card: AthleteCard) -> str:
    local = card.local_time
    return "\n".join(
        [
            texts.CARD_HEADER.format(name=esc(card.athlete.name)),
            texts.CARD_LOCAL_TIME.format(
                time=i18n.time_of_day(local),
                weekday=i18n.day_name(local.weekday()),
                timezone=esc(card.timezone),
            ),
        ]
    )


def _card_week(card: AthleteCard) -> str:
    plan = card.plan
    if plan is None:
        return texts.CARD_WEEK_NONE
    lines = [
        texts.CARD_WEEK_HEADER.format(
            week_number=plan.week_number,
            start=short_date(plan.week_start),
            end=short_date(plan.week_end),
        )
    ]
    lines.extend(
        texts.CARD_WORKOUT.format(
            mark=_mark(w), day=short_day_name(w.day_of_week), title=esc(w.title)
        )
        for w in plan.workouts
    )
    if not plan.workouts:
        lines.append(texts.CARD_WEEK_EMPTY)
    return "\n".join(lines)


def _card_logs(card: AthleteCard, unit: LoadUnit) -> str | None:
    if not card.recent_logs:
        return None
    tz = card.local_time.tzinfo
    lines = [texts.CARD_LOGS_HEADER]
    for log, exercise in card.recent_logs:
        line = texts.CARD_LOG.format(
            when=short_date(log.logged_at.astimezone(tz).date()),
            exercise=esc(exercise.name),
            done=esc(describe_performance(log, unit)),
            planned=esc(planned(exercise, unit)),
        )
        if log.notes:
            line += texts.CARD_LOG_NOTE.format(notes=esc(log.notes))
        lines.append(line)
    return "\n".join(lines)


def _card_value(c: Completion) -> str:
    if c.percentage is None:
        return texts.CARD_COMPLETION_NONE
    return texts.CARD_COMPLETION_VALUE.format(
        percentage=c.percentage, completed=c.completed, total=c.total
    )


def _card_completion(card: AthleteCard) -> str:
    return texts.CARD_COMPLETION.format(
        this_week=_card_value(card.this_week),
        four_weeks=_card_value(card.last_4_weeks),
        twelve_weeks=_card_value(card.last_12_weeks),
    )


def _card_flags(card: AthleteCard) -> str | None:
    if not card.flags:
        return None
    return "\n".join([texts.CARD_FLAGS_HEADER, *(_flag_text(f, 1) for f in card.flags)])


def card_text(card: AthleteCard, unit: LoadUnit = LoadUnit.KG) -> str:
    """The athlete's card, section by section; a section with nothing to show (no logs,
    no flags; later the latest check-in and messages) is left out, not announced empty.
    A new section is one more function of the card here, returning None when empty."""
    sections = [
        _card_header(card),
        _card_flags(card),
        _card_week(card),
        _card_completion(card),
        _card_logs(card, unit),
        _card_checkin(card, unit),
        _card_messages(card),
    ]
    return "\n\n".join(s for s in sections if s)


def card_history_text(athlete: models.Athlete, page: models.Page[models.PlanStats]) -> str:
    if not page.items:
        return texts.CARD_HISTORY_EMPTY.format(name=esc(athlete.name))
    body = history_text(page).split("\n", 1)[1]  # the athlete's own /history, re-headed
    return texts.CARD_HISTORY_HEADER.format(name=esc(athlete.name)) + "\n" + body


def attention_text(check: models.AttentionCheck) -> str:
    lines = [texts.ATTENTION_HEADER, ""]
    lines.extend(
        texts.ATTENTION_LINE.format(name=esc(a.name), reasons=esc(flag_reasons(flags)))
        for a, flags in check.flagged
    )
    if check.without_next_plan:
        lines.append("")
        lines.append(
            texts.ATTENTION_NO_PLAN_HEADER.format(
                names=", ".join(esc(a.name) for a in check.without_next_plan)
            )
        )
    lines.append("")
    lines.append(texts.ATTENTION_FOOTER)
    return "\n".join(lines)


# --- weekly: logged minutes, the week's logs in the digest, check-ins ---

DIGEST_LOGS_PER_ATHLETE = 8  # keeps a big roster's digest readable


def summary_minutes(completed_minutes: int, planned_minutes: int) -> str:
    if not time_logged(completed_minutes):
        return texts.SUMMARY_NO_TIME_LOGGED.format(planned_minutes=planned_minutes)
    return texts.SUMMARY_MINUTES_LOGGED.format(
        completed_minutes=completed_minutes, planned_minutes=planned_minutes
    )


def digest_minutes(completed_minutes: int, planned_minutes: int) -> str:
    if not time_logged(completed_minutes):
        return texts.DIGEST_NO_TIME_LOGGED
    return texts.DIGEST_MINUTES_LOGGED.format(
        completed_minutes=completed_minutes, planned_minutes=planned_minutes
    )


def body_weight(kg: float, unit: LoadUnit) -> str:
    return texts.CHECKIN_WEIGHT_PART.format(
        weight=plain_number(round(from_kg(kg, unit), 1)), unit=unit.value
    )


def checkin_line(checkin: models.CheckIn, unit: LoadUnit) -> str:
    """``⚡3 😴4 💢2 · 72.4 kg · "knee sore"``; skipped parts are left out."""
    scores = " ".join(
        template.format(value=value)
        for template, value in (
            (texts.CHECKIN_ENERGY_PART, checkin.energy),
            (texts.CHECKIN_SLEEP_PART, checkin.sleep),
            (texts.CHECKIN_SORENESS_PART, checkin.soreness),
        )
        if value is not None
    )
    parts = [scores] if scores else []
    if checkin.body_weight_kg is not None:
        parts.append(body_weight(checkin.body_weight_kg, unit))
    if checkin.note:
        parts.append(texts.CHECKIN_NOTE_PART.format(note=esc(checkin.note)))
    return " · ".join(parts) if parts else texts.CHECKIN_ALL_SKIPPED


def week_log_line(week_log: models.WeekLog, unit: LoadUnit) -> str:
    """``· Run: 1x32min (planned 1x30min) — knee a bit sore``."""
    done = esc(describe_performance(week_log.log, unit))
    plan = esc(planned(week_log.exercise, unit))
    return texts.DIGEST_LOG_LINE.format(
        exercise=esc(week_log.exercise.name),
        done=done,
        planned=texts.DIGEST_LOG_PLANNED.format(planned=plan) if plan != done else "",
        notes=(
            texts.DIGEST_LOG_NOTES.format(notes=esc(week_log.log.notes))
            if week_log.log.notes
            else ""
        ),
    )


def digest_week_details(line: models.DigestLine, unit: LoadUnit = LoadUnit.KG) -> str:
    """The lines under an athlete's digest line: their check-in, then their logs."""
    out: list[str] = []
    if line.checkin is not None:
        template = (
            texts.DIGEST_CHECKIN_LINE
            if line.checkin.week_start == line.week.week_start
            else texts.DIGEST_CHECKIN_LAST_WEEK
        )
        out.append(template.format(checkin=checkin_line(line.checkin, unit)))
    shown = line.logs[:DIGEST_LOGS_PER_ATHLETE]
    out.extend(week_log_line(log, unit) for log in shown)
    if len(line.logs) > len(shown):
        out.append(texts.DIGEST_LOGS_MORE.format(count=len(line.logs) - len(shown)))
    return "".join(f"\n{text}" for text in out)


# --- wiring: the card's latest check-in and latest messages ---

CARD_MESSAGE_CHARS = 60  # a message's text on the card, cut with an ellipsis


def _card_checkin(card: AthleteCard, unit: LoadUnit) -> str | None:
    checkin = card.latest_checkin
    if checkin is None:
        return None
    return texts.CARD_CHECKIN.format(
        week=short_date(checkin.week_start), checkin=checkin_line(checkin, unit)
    )


def shorten(text: str, limit: int = CARD_MESSAGE_CHARS) -> str:
    """One line of at most ``limit`` characters, cut with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


_MESSAGE_KINDS = {  # text names: read when shown, in the reader's language
    models.MessageKind.TEXT: "CARD_MESSAGE_TEXT",
    models.MessageKind.PHOTO: "CARD_MESSAGE_PHOTO",
    models.MessageKind.VIDEO: "CARD_MESSAGE_VIDEO",
    models.MessageKind.VOICE: "CARD_MESSAGE_VOICE",
    models.MessageKind.DOCUMENT: "CARD_MESSAGE_DOCUMENT",
}


def card_message_kind(message: models.RelayedMessage) -> str:
    """``💬``, ``📷 photo``, ``🎥 form check · Back squat`` …"""
    if message.kind is models.MessageKind.FORM_CHECK:
        return texts.CARD_MESSAGE_FORM_CHECK.format(exercise=esc(message.exercise_name or ""))
    return getattr(texts, _MESSAGE_KINDS[message.kind])


def _card_messages(card: AthleteCard) -> str | None:
    if not card.latest_messages:
        return None
    tz = card.local_time.tzinfo
    lines = [texts.CARD_MESSAGES_HEADER]
    for message in card.latest_messages:
        sent = message.created_at.astimezone(tz)
        direction = (
            texts.CARD_MESSAGE_FROM
            if message.direction is models.MessageDirection.TO_TRAINER
            else texts.CARD_MESSAGE_TO
        )
        lines.append(
            texts.CARD_MESSAGE.format(
                when=f"{short_date(sent.date())} {i18n.time_of_day(sent)}",
                direction=direction.format(name=esc(card.athlete.name)),
                kind=card_message_kind(message),
                text=(
                    texts.CARD_MESSAGE_BODY.format(text=esc(shorten(message.text)))
                    if message.text
                    else ""
                ),
            )
        )
    return "\n".join(lines)


# --- i18n2: texts composed in the reader's language ---
def change_line(change: object) -> str:
    """A line of what changed in a week (core.plan_edit.Change), in the current language."""
    return esc(i18n.local_units(str(change)))


def progression_text(progression: object) -> str:
    """A /copyweek progression (core.progression.Progression) as the trainer reads it."""
    return esc(i18n.local_units(progression.shown()))
