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


# --- roles: the /assign confirmation, the new trainer's card button ---


def confirm_assignment(athlete_id: int, trainer_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_CONFIRM,
                    callback_data=callbacks.assign_confirm(athlete_id, trainer_id),
                ),
                InlineKeyboardButton(texts.BUTTON_CANCEL, callback_data=callbacks.ASSIGN_CANCEL),
            ]
        ]
    )


# --- programs: /programs and the program-publish dialogue ---
def programs(items) -> InlineKeyboardMarkup:
    """Per program: Preview (its name), Publish, Delete; then "New program"."""
    rows = []
    for program in items:
        rows.append(
            [
                InlineKeyboardButton(
                    _label(texts.BUTTON_PROGRAM_PREVIEW.format(name=program.name)),
                    callback_data=callbacks.program_view(program.id, 1),
                )
            ]
        )
        rows.append(
            [
                InlineKeyboardButton(
                    texts.BUTTON_PROGRAM_PUBLISH,
                    callback_data=callbacks.with_id(callbacks.PROGRAM_PUBLISH, program.id),
                ),
                InlineKeyboardButton(
                    texts.BUTTON_PROGRAM_DELETE,
                    callback_data=callbacks.with_id(callbacks.PROGRAM_DELETE, program.id),
                ),
            ]
        )
    rows.append(
        [InlineKeyboardButton(texts.BUTTON_NEW_PROGRAM, callback_data=callbacks.PROGRAM_NEW)]
    )
    return InlineKeyboardMarkup(rows)


def program_weeks(program_id: int, index: int, count: int) -> InlineKeyboardMarkup | None:
    """◀️ / ▶️ between a program's weeks, and Publish."""
    row = []
    if index > 1:
        row.append(
            InlineKeyboardButton("◀️", callback_data=callbacks.program_view(program_id, index - 1))
        )
    if index < count:
        row.append(
            InlineKeyboardButton("▶️", callback_data=callbacks.program_view(program_id, index + 1))
        )
    publish = InlineKeyboardButton(
        texts.BUTTON_PROGRAM_PUBLISH,
        callback_data=callbacks.with_id(callbacks.PROGRAM_PUBLISH, program_id),
    )
    return InlineKeyboardMarkup([row, [publish]] if row else [[publish]])


def program_delete(program_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_PROGRAM_DELETE_CONFIRM,
                    callback_data=callbacks.with_id(callbacks.PROGRAM_DELETE_CONFIRM, program_id),
                ),
                InlineKeyboardButton(texts.BUTTON_CANCEL, callback_data=callbacks.PROGRAM_LIST),
            ]
        ]
    )


def program_start(count: int) -> InlineKeyboardMarkup:
    """A button per program week, four a row, then Cancel."""
    buttons = [
        InlineKeyboardButton(
            texts.BUTTON_PROGRAM_START.format(index=index),
            callback_data=f"{callbacks.PROGRAM_START}:{index}",
        )
        for index in range(1, count + 1)
    ]
    rows = [buttons[start : start + 4] for start in range(0, len(buttons), 4)]
    rows.append([InlineKeyboardButton(texts.BUTTON_CANCEL, callback_data=callbacks.PLAN_CANCEL)])
    return InlineKeyboardMarkup(rows)


# --- templates: plan templates, athlete groups, publish to many ---
TOGGLE_PAGE_SIZE = 10
TEMPLATE_PAGE_SIZE = 8


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(_label(label), callback_data=data)


def publish_save_or_cancel() -> InlineKeyboardMarkup:
    """/plan's preview: Publish or Cancel, and save it as a template."""
    rows = [list(row) for row in publish_or_cancel().inline_keyboard]
    rows.append([_button(texts.BUTTON_SAVE_TEMPLATE, callbacks.TEMPLATE_SAVE)])
    return InlineKeyboardMarkup(rows)


def template_list(page: models.Page[models.PlanTemplate]) -> InlineKeyboardMarkup:
    rows = [
        [
            _button(
                texts.BUTTON_TEMPLATE.format(name=t.name),
                callbacks.with_id(callbacks.TEMPLATE_OPEN, t.id),
            )
        ]
        for t in page.items
    ]
    turn = []
    if page.offset > 0:
        turn.append(
            _button(
                texts.BUTTON_PREVIOUS_PAGE,
                callbacks.with_id(callbacks.TEMPLATE_LIST, max(0, page.offset - page.limit)),
            )
        )
    if page.offset + page.limit < page.total:
        turn.append(
            _button(
                texts.BUTTON_NEXT_PAGE,
                callbacks.with_id(callbacks.TEMPLATE_LIST, page.offset + page.limit),
            )
        )
    if turn:
        rows.append(turn)
    rows.append([_button(texts.BUTTON_TEMPLATE_FROM_WEEK, callbacks.TEMPLATE_FROM_WEEK)])
    return InlineKeyboardMarkup(rows)


def template_card(template_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(texts.BUTTON_TEMPLATE_PUBLISH, f"{callbacks.TEMPLATE_PUBLISH}:{template_id}")],
            [
                _button(texts.BUTTON_RENAME, f"{callbacks.TEMPLATE_RENAME}:{template_id}"),
                _button(texts.BUTTON_DELETE, f"{callbacks.TEMPLATE_DELETE}:{template_id}"),
            ],
            [_button(texts.BUTTON_BACK_TO_TEMPLATES, f"{callbacks.TEMPLATE_LIST}:0")],
        ]
    )


def confirm_delete(confirm_data: str, back_data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.BUTTON_CONFIRM_DELETE, confirm_data),
                _button(texts.BUTTON_BACK, back_data),
            ]
        ]
    )


def template_weeks(items: Sequence[models.PlanStats]) -> InlineKeyboardMarkup:
    return _column(
        [
            _button(
                texts.BUTTON_TEMPLATE_WEEK.format(
                    week_number=s.week_number, date=render_i18n.day_month(s.week_start)
                ),
                callbacks.with_id(callbacks.TEMPLATE_WEEK, s.plan_id),
            )
            for s in items
        ]
        + [_button(texts.BUTTON_CANCEL, callbacks.PLAN_CANCEL)]
    )


def group_list(groups: Sequence[models.AthleteGroup]) -> InlineKeyboardMarkup:
    return _column(
        [
            _button(
                texts.BUTTON_GROUP.format(name=g.name, count=len(g.member_ids)),
                callbacks.with_id(callbacks.GROUP_OPEN, g.id),
            )
            for g in groups
        ]
        + [_button(texts.BUTTON_NEW_GROUP, callbacks.GROUP_NEW)]
    )


def group_card(group_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.BUTTON_RENAME, f"{callbacks.GROUP_RENAME}:{group_id}"),
                _button(texts.BUTTON_EDIT_MEMBERS, f"{callbacks.GROUP_EDIT}:{group_id}"),
            ],
            [_button(texts.BUTTON_DELETE, f"{callbacks.GROUP_DELETE}:{group_id}")],
            [_button(texts.BUTTON_BACK_TO_GROUPS, callbacks.GROUP_LIST)],
        ]
    )


def toggles(
    items: Sequence[tuple[str, str, bool]],
    *,
    page: int,
    page_prefix: str,
    done: tuple[str, str],
    page_size: int = TOGGLE_PAGE_SIZE,
) -> InlineKeyboardMarkup:
    """(label, callback data, chosen) buttons, ✅ on the chosen, a page at a time, then the
    page turns, then the step's own button (Save, Next) and Cancel."""
    pages = max(1, -(-len(items) // page_size))
    page = min(max(page, 0), pages - 1)
    shown = items[page * page_size : (page + 1) * page_size]
    rows = [
        [_button(texts.BUTTON_MEMBER_IN.format(name=label) if on else label, data)]
        for label, data, on in shown
    ]
    turn = []
    if page > 0:
        turn.append(_button(texts.BUTTON_PREVIOUS_PAGE, callbacks.page(page_prefix, page - 1)))
    if page < pages - 1:
        turn.append(_button(texts.BUTTON_NEXT_PAGE, callbacks.page(page_prefix, page + 1)))
    if turn:
        rows.append(turn)
    rows.append([_button(*done), _button(texts.BUTTON_CANCEL, callbacks.PLAN_CANCEL)])
    return InlineKeyboardMarkup(rows)


def publish_choices(untouched: int) -> InlineKeyboardMarkup:
    rows = [
        [
            _button(texts.BUTTON_PUBLISH, f"{callbacks.PUBLISH_GO}:0"),
            _button(texts.BUTTON_CANCEL, callbacks.PLAN_CANCEL),
        ]
    ]
    if untouched:
        rows.insert(1, [_button(texts.BUTTON_REPLACE_UNTOUCHED, f"{callbacks.PUBLISH_GO}:1")])
    return InlineKeyboardMarkup(rows)


# --- weekedit: the week picker with planned weeks marked; delete a week ---


def planned_weeks(this_monday: date, planned: frozenset[date] | set[date]) -> InlineKeyboardMarkup:
    """``weeks``, with a mark on the weeks that already have a plan."""
    markup = weeks(this_monday)
    rows = []
    for row in markup.inline_keyboard:
        button = row[0]
        match = callbacks.WEEK_PATTERN.match(button.callback_data or "")
        if match and date.fromisoformat(match[1]) in planned:
            button = InlineKeyboardButton(
                texts.BUTTON_PLANNED_WEEK.format(label=button.text),
                callback_data=button.callback_data,
            )
        rows.append([button])
    return InlineKeyboardMarkup(rows)


def delete_week() -> InlineKeyboardMarkup:
    return _column(
        [
            InlineKeyboardButton(texts.BUTTON_DELETE_WEEK, callback_data=callbacks.PLAN_DELETE),
            InlineKeyboardButton(texts.BUTTON_CANCEL, callback_data=callbacks.PLAN_CANCEL),
        ]
    )


def confirm_week_delete() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_DELETE_CONFIRM, callback_data=callbacks.PLAN_DELETE_YES
                ),
                InlineKeyboardButton(
                    texts.BUTTON_DELETE_KEEP, callback_data=callbacks.PLAN_DELETE_KEEP
                ),
            ]
        ]
    )


def copy_sources(weeks: Sequence[models.PlanStats]) -> InlineKeyboardMarkup:
    """A button per week that can be copied, newest first."""
    return _column(
        [
            InlineKeyboardButton(
                texts.BUTTON_COPY_SOURCE.format(
                    week_number=w.week_number,
                    date=render_i18n.short_date(w.week_start),
                ),
                callback_data=callbacks.dated(callbacks.COPY_SOURCE, w.week_start),
            )
            for w in weeks
        ]
        + [InlineKeyboardButton(texts.BUTTON_CANCEL, callback_data=callbacks.COPY_CANCEL)]
    )


def copy_targets(
    mondays: Sequence[date], planned: frozenset[date] | set[date]
) -> InlineKeyboardMarkup:
    """The weeks a copy can go to, labelled like /plan's picker, planned ones marked."""
    labels = [texts.BUTTON_THIS_WEEK, texts.BUTTON_NEXT_WEEK]
    labels += [texts.BUTTON_WEEK_OF.format(date=render_i18n.day_month(m)) for m in mondays[2:]]
    return _column(
        [
            InlineKeyboardButton(
                texts.BUTTON_PLANNED_WEEK.format(label=label) if monday in planned else label,
                callback_data=callbacks.dated(callbacks.COPY_TARGET, monday),
            )
            for label, monday in zip(labels, mondays, strict=True)
        ]
        + [InlineKeyboardButton(texts.BUTTON_CANCEL, callback_data=callbacks.COPY_CANCEL)]
    )


def confirm_copy_replace() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_COPY_REPLACE, callback_data=callbacks.COPY_REPLACE
                ),
                InlineKeyboardButton(texts.BUTTON_CANCEL, callback_data=callbacks.COPY_CANCEL),
            ]
        ]
    )


def copy_publish_or_cancel() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(texts.BUTTON_PUBLISH, callback_data=callbacks.COPY_PUBLISH),
                InlineKeyboardButton(texts.BUTTON_CANCEL, callback_data=callbacks.COPY_CANCEL),
            ]
        ]
    )


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


# --- weekly: the weekly check-in ---


def checkin_start(plan_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_CHECKIN,
                    callback_data=callbacks.checkin(callbacks.CHECKIN_START, plan_id),
                )
            ]
        ]
    )


def checkin_scores(step: str, plan_id: int, *so_far: int | None) -> InlineKeyboardMarkup:
    """1..5 and Skip; the scores answered so far ride along in the data (0 = skipped)."""
    carried = [s or 0 for s in so_far]
    row = [
        InlineKeyboardButton(str(v), callback_data=callbacks.checkin(step, plan_id, *carried, v))
        for v in range(1, 6)
    ]
    skip = InlineKeyboardButton(
        texts.BUTTON_SKIP, callback_data=callbacks.checkin(step, plan_id, *carried, 0)
    )
    return InlineKeyboardMarkup([row, [skip]])


def checkin_skip(step: str, plan_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.BUTTON_SKIP, callback_data=callbacks.checkin(step, plan_id))]]
    )


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


# --- roster: a program built from a template ---


def program_text_or_template() -> InlineKeyboardMarkup:
    """Under "send the program's text": or build it on a template."""
    return _column(
        [_button(texts.BUTTON_PROGRAM_FROM_TEMPLATE, f"{callbacks.PROGRAM_FROM_TEMPLATE}:0")]
    )


def program_templates(page: models.Page[models.PlanTemplate]) -> InlineKeyboardMarkup:
    """A button per template to build the program on, a page at a time."""
    rows = [
        [
            _button(
                texts.BUTTON_TEMPLATE.format(name=t.name),
                callbacks.with_id(callbacks.PROGRAM_TEMPLATE, t.id),
            )
        ]
        for t in page.items
    ]
    turn = []
    if page.offset > 0:
        turn.append(
            _button(
                texts.BUTTON_PREVIOUS_PAGE,
                f"{callbacks.PROGRAM_FROM_TEMPLATE}:{max(0, page.offset - page.limit)}",
            )
        )
    if page.offset + page.limit < page.total:
        turn.append(
            _button(
                texts.BUTTON_NEXT_PAGE,
                f"{callbacks.PROGRAM_FROM_TEMPLATE}:{page.offset + page.limit}",
            )
        )
    if turn:
        rows.append(turn)
    return InlineKeyboardMarkup(rows)
