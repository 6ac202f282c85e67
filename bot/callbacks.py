"""Callback data: how buttons are encoded and the handler patterns that read them.

Callback data carries ids and the target state, never trust: every handler
checks the pressing user against the database through the services.
Telegram allows at most 64 bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Done/Undo: "done:<workout id>:<1 = done, 0 = undo>:<view to redraw>"
DONE = "done"
VIEW_TODAY = "t"
VIEW_WEEK = "w"
DONE_PATTERN = re.compile(rf"^{DONE}:(\d{{1,18}}):([01]):([{VIEW_TODAY}{VIEW_WEEK}])$")

HISTORY = "hist"  # "hist:<offset>"
HISTORY_PATTERN = re.compile(rf"^{HISTORY}:(\d{{1,6}})$")

TRAINER = "trainer"  # "trainer:<trainer id>"
TRAINER_PATTERN = re.compile(rf"^{TRAINER}:(\d{{1,18}})$")

OPEN_TODAY = "open:today"
OPEN_TODAY_PATTERN = re.compile(rf"^{OPEN_TODAY}$")

# Dialogue buttons: "<dialogue>:<step>:<value>"
PLAN_ATHLETE = "plan:ath"
PLAN_WEEK = "plan:week"  # value: ISO date of the Monday
PLAN_PUBLISH = "plan:publish"
PLAN_CANCEL = "plan:cancel"
LOG_EXERCISE = "log:ex"
COPY_ATHLETE = "copy:ath"
COPY_PROGRESSION = "copy:prog"  # value: the progression text
ASSIGN_ATHLETE = "assign:ath"
ASSIGN_TRAINER = "assign:tr"
SUMMARY_ATHLETE = "sum:ath"


def done(workout_id: int, target: bool, view: str) -> str:
    return f"{DONE}:{workout_id}:{int(target)}:{view}"


@dataclass(frozen=True)
class DonePress:
    workout_id: int
    target: bool
    view: str


def parse_done(data: str) -> DonePress | None:
    match = DONE_PATTERN.match(data)
    if not match:
        return None
    return DonePress(int(match[1]), match[2] == "1", match[3])


def history(offset: int) -> str:
    return f"{HISTORY}:{offset}"


def trainer(trainer_id: int) -> str:
    return f"{TRAINER}:{trainer_id}"


def with_id(prefix: str, value: int) -> str:
    return f"{prefix}:{value}"


def id_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(prefix)}:(\d{{1,18}})$")


def page(prefix: str, number: int) -> str:
    """A picker's page turn, e.g. "plan:ath:page:2"."""
    return f"{prefix}:page:{number}"


def page_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(prefix)}:page:(\d{{1,4}})$")


def week(monday: date) -> str:
    return f"{PLAN_WEEK}:{monday.isoformat()}"


WEEK_PATTERN = re.compile(rf"^{re.escape(PLAN_WEEK)}:(\d{{4}}-\d{{2}}-\d{{2}})$")


def progression(text: str) -> str:
    return f"{COPY_PROGRESSION}:{text}"


PROGRESSION_PATTERN = re.compile(rf"^{re.escape(COPY_PROGRESSION)}:(.{{0,40}})$")


def exact(data: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(data)}$")


def read_id(match: re.Match[str] | None) -> int | None:
    return int(match[1]) if match else None


# Progress: records, charts and exports (plain buttons, outside the dialogues).
RECORDS_ATHLETE = "rec:ath"  # "rec:ath:<athlete id>", "rec:ath:page:<n>"
PROGRESS_ATHLETE = "prog:ath"  # "prog:ath:<athlete id>": that athlete's chart menu
PROGRESS_EXERCISE = "prog:ex"  # "prog:ex:<log id>": the chart of that log's exercise
PROGRESS_WEEKS = "prog:wk"  # "prog:wk:<athlete id>": weekly completion
PROGRESS_ROSTER = "prog:roster"
EXPORT_ATHLETE = "exp:ath"  # "exp:ath:<athlete id>"
EXPORT_ALL = "exp:all"
HISTORY_EXERCISE = "hist:ex"  # "hist:ex:<log id>": that log's exercise's last logs


# --- i18n: /language ---
LANGUAGE = "lang"  # "lang:<code>": the person's own language; nobody else's can be set


def language(code: str) -> str:
    return f"{LANGUAGE}:{code}"


LANGUAGE_PATTERN = re.compile(rf"^{re.escape(LANGUAGE)}:([a-z]{{2}})$")
