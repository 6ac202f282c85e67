"""Inline keyboards: small pure functions of domain data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from bot import callbacks, texts
from bot import i18n as render_i18n
from core import i18n, models

BUTTON_LABEL_LIMIT = 40  # long labels are cut on phones anyway
PICKER_PAGE_SIZE = 20
PROGRESSION_CHOICES = ("+1 rep", "+1 set", "+5%", "+2.5kg")


def _label(text: str) -> str:
    return text if len(text) <= BUTTON_LABEL_LIMIT else text[: BUTTON_LABEL_LIMIT - 1] + "…"


def _column(buttons: Sequence[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[b] for b in buttons])


def done_buttons(workouts: Sequence[models.Workout], view: str) -> InlineKeyboardMarkup | None:
    """A Done (or Undo) button per workout, carrying the state it sets."""
    if not workouts:
        return None
    return _column(
        [
            InlineKeyboardButton(
                _label(
                    (texts.BUTTON_UNDO if w.completed else texts.BUTTON_DONE).format(title=w.title)
                ),
                callback_data=callbacks.done(w.id, not w.completed, view),
            )
            for w in workouts
        ]
    )


def open_today() -> InlineKeyboardMarkup:
    return _column(
        [InlineKeyboardButton(texts.BUTTON_OPEN_TODAY, callback_data=callbacks.OPEN_TODAY)]
    )


def history_pages(page: models.Page[models.PlanStats]) -> InlineKeyboardMarkup | None:
    row = []
    if page.has_older:
        row.append(
            InlineKeyboardButton(
                texts.BUTTON_OLDER, callback_data=callbacks.history(page.offset + page.limit)
            )
        )
    if page.has_newer:
        row.append(
            InlineKeyboardButton(
                texts.BUTTON_NEWER,
                callback_data=callbacks.history(max(0, page.offset - page.limit)),
            )
        )
    return InlineKeyboardMarkup([row]) if row else None


def trainers(items: Sequence[models.Trainer], prefix: str | None = None) -> InlineKeyboardMarkup:
    return _column(
        [
            InlineKeyboardButton(
                _label(t.name),
                callback_data=(
                    callbacks.with_id(prefix, t.id) if prefix else callbacks.trainer(t.id)
                ),
            )
            for t in items
        ]
    )


def athletes(
    items: Sequence[models.Athlete],
    prefix: str,
    *,
    me: models.Athlete | None = None,
    page: int = 0,
) -> InlineKeyboardMarkup:
    """A button per athlete, a page at a time (Telegram caps a keyboard at 100 buttons)."""
    pages = max(1, -(-len(items) // PICKER_PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = items[page * PICKER_PAGE_SIZE : (page + 1) * PICKER_PAGE_SIZE]
    rows = [
        [InlineKeyboardButton(_label(a.name), callback_data=callbacks.with_id(prefix, a.id))]
        for a in shown
    ]
    if me is not None:
        rows.insert(
            0,
            [InlineKeyboardButton(texts.BUTTON_ME, callback_data=callbacks.with_id(prefix, me.id))],
        )
    turn = []
    if page > 0:
        turn.append(
            InlineKeyboardButton(
                texts.BUTTON_PREVIOUS_PAGE, callback_data=callbacks.page(prefix, page - 1)
            )
        )
    if page < pages - 1:
        turn.append(
            InlineKeyboardButton(
                texts.BUTTON_NEXT_PAGE, callback_data=callbacks.page(prefix, page + 1)
            )
        )
    if turn:
        rows.append(turn)
    return InlineKeyboardMarkup(rows)


def weeks(this_monday: date) -> InlineKeyboardMarkup:
    """This week, next week, and the two after, labelled by date."""
    labels = [texts.BUTTON_THIS_WEEK, texts.BUTTON_NEXT_WEEK]
    mondays = [this_monday + timedelta(weeks=n) for n in range(4)]
    for monday in mondays[2:]:
        labels.append(texts.BUTTON_WEEK_OF.format(date=render_i18n.day_month(monday)))
    return _column(
        [
            InlineKeyboardButton(label, callback_data=callbacks.week(monday))
            for label, monday in zip(labels, mondays, strict=True)
        ]
        + [InlineKeyboardButton(texts.BUTTON_CANCEL, callback_data=callbacks.PLAN_CANCEL)]
    )


def publish_or_cancel() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(texts.BUTTON_PUBLISH, callback_data=callbacks.PLAN_PUBLISH),
                InlineKeyboardButton(texts.BUTTON_CANCEL, callback_data=callbacks.PLAN_CANCEL),
            ]
        ]
    )


def exercises(workouts: Sequence[models.Workout]) -> InlineKeyboardMarkup:
    return _column(
        [
            InlineKeyboardButton(
                _label(e.name), callback_data=callbacks.with_id(callbacks.LOG_EXERCISE, e.id)
            )
            for w in workouts
            for e in w.exercises
        ]
    )


def progressions() -> InlineKeyboardMarkup:
    choices = [
        InlineKeyboardButton(texts.BUTTON_NO_CHANGE, callback_data=callbacks.progression("same"))
    ]
    choices += [
        InlineKeyboardButton(p, callback_data=callbacks.progression(p)) for p in PROGRESSION_CHOICES
    ]
    return InlineKeyboardMarkup([choices[:1], choices[1:3], choices[3:]])


def with_dashboard(
    markup: InlineKeyboardMarkup | None, mini_app_url: str | None
) -> InlineKeyboardMarkup | None:
    """The keyboard with an "Open dashboard" row below, when the Mini App has a public URL."""
    if not mini_app_url:
        return markup
    rows = [list(row) for row in markup.inline_keyboard] if markup else []
    rows.append(
        [InlineKeyboardButton(texts.BUTTON_OPEN_DASHBOARD, web_app=WebAppInfo(mini_app_url))]
    )
    return InlineKeyboardMarkup(rows)


# --- i18n: /language ---
def languages(current: str) -> InlineKeyboardMarkup:
    """One button per language, each in its own name; the current one marked."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    ("✅ " if code == current else "") + name,
                    callback_data=callbacks.language(code),
                )
                for code, name in i18n.NAMES.items()
            ]
        ]
    )
