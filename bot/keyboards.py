"""Inline keyboards: small pure functions of domain data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from bot import callbacks, texts
from core import models

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
        labels.append(texts.BUTTON_WEEK_OF.format(date=f"{monday.day} {monday:%b}"))
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


# --- card: the roster of buttons and the athlete card ---
ROSTER_PAGE_SIZE = 8


def roster_pages(count: int) -> int:
    return max(1, -(-count // ROSTER_PAGE_SIZE))


def roster(labels: Sequence[tuple[int, str]], page: int) -> InlineKeyboardMarkup | None:
    """A button per athlete (id, label) on ``page``, with page turns that edit in place."""
    pages = roster_pages(len(labels))
    page = min(max(page, 0), pages - 1)
    shown = labels[page * ROSTER_PAGE_SIZE : (page + 1) * ROSTER_PAGE_SIZE]
    rows = [
        [InlineKeyboardButton(_label(label), callback_data=callbacks.with_id(callbacks.CARD, i))]
        for i, label in shown
    ]
    turn = []
    if page > 0:
        turn.append(
            InlineKeyboardButton(
                texts.BUTTON_PREVIOUS_PAGE, callback_data=callbacks.page(callbacks.ROSTER, page - 1)
            )
        )
    if page < pages - 1:
        turn.append(
            InlineKeyboardButton(
                texts.BUTTON_NEXT_PAGE, callback_data=callbacks.page(callbacks.ROSTER, page + 1)
            )
        )
    if turn:
        rows.append(turn)
    return InlineKeyboardMarkup(rows) if rows else None


def _back_to_athletes() -> InlineKeyboardButton:
    return InlineKeyboardButton(
        texts.BUTTON_BACK_TO_ATHLETES, callback_data=callbacks.page(callbacks.ROSTER, 0)
    )


def card(athlete_id: int) -> InlineKeyboardMarkup:
    def button(label: str, prefix: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=callbacks.with_id(prefix, athlete_id))

    return InlineKeyboardMarkup(
        [
            [
                button(texts.BUTTON_CARD_PLAN, callbacks.CARD_PLAN),
                button(texts.BUTTON_CARD_EDIT, callbacks.CARD_EDIT),
            ],
            [
                button(texts.BUTTON_CARD_COPY, callbacks.CARD_COPY),
                button(texts.BUTTON_CARD_PROGRESS, callbacks.CARD_PROGRESS),
            ],
            [
                button(texts.BUTTON_CARD_MESSAGE, callbacks.CARD_MESSAGE),
                button(texts.BUTTON_CARD_HISTORY, callbacks.CARD_HISTORY),
            ],
            [_back_to_athletes()],
        ]
    )


def card_history(
    athlete: models.Athlete, page: models.Page[models.PlanStats]
) -> InlineKeyboardMarkup:
    """Older / Newer through an athlete's weeks, then back to their card."""
    row = []
    if page.has_older:
        row.append(
            InlineKeyboardButton(
                texts.BUTTON_OLDER,
                callback_data=callbacks.card_history_page(athlete.id, page.offset + page.limit),
            )
        )
    if page.has_newer:
        row.append(
            InlineKeyboardButton(
                texts.BUTTON_NEWER,
                callback_data=callbacks.card_history_page(
                    athlete.id, max(0, page.offset - page.limit)
                ),
            )
        )
    back = InlineKeyboardButton(
        _label(texts.BUTTON_BACK_TO_CARD.format(name=athlete.name)),
        callback_data=callbacks.with_id(callbacks.CARD, athlete.id),
    )
    return InlineKeyboardMarkup([row, [back]] if row else [[back]])
