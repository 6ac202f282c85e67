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

# --- relay, weekedit, card: the athlete card's buttons ---
# Athlete card (trainer): "card:<athlete id>" opens it; each button carries the athlete id.
CARD = "card"  # callbacks.with_id(CARD, athlete_id); callbacks.id_pattern(CARD)
CARD_PLAN = "card:plan"  # Plan a week (branch weekedit)
CARD_EDIT = "card:edit"  # Edit this week (branch weekedit)
CARD_COPY = "card:copy"  # Copy a week (branch weekedit)
CARD_MESSAGE = "card:msg"  # Message the athlete (branch relay)
CARD_PROGRESS = "card:prog"  # Progress charts (branch card)
CARD_HISTORY = "card:hist"  # History (branch card)

# --- roles: the /assign confirmation, the new trainer's card button ---
ASSIGN_CONFIRM = "assign:ok"  # "assign:ok:<athlete id>:<trainer id>"
ASSIGN_CANCEL = "assign:no"
ASSIGN_CONFIRM_PATTERN = re.compile(rf"^{re.escape(ASSIGN_CONFIRM)}:(\d{{1,18}}):(\d{{1,18}})$")


def assign_confirm(athlete_id: int, trainer_id: int) -> str:
    return f"{ASSIGN_CONFIRM}:{athlete_id}:{trainer_id}"


def card(athlete_id: int) -> str:
    return f"{CARD}:{athlete_id}"


# --- programs: /programs buttons and the program-publish dialogue ---
PROGRAM_NEW = "pgm:new"
PROGRAM_VIEW = "pgm:view"  # "pgm:view:<program id>:<week index>"
PROGRAM_PUBLISH = "pgm:pub"  # "pgm:pub:<program id>": starts the publish dialogue
PROGRAM_DELETE = "pgm:del"  # "pgm:del:<program id>": asks
PROGRAM_DELETE_CONFIRM = "pgm:delok"  # "pgm:delok:<program id>": deletes
PROGRAM_VIEW_PATTERN = re.compile(rf"^{PROGRAM_VIEW}:(\d{{1,18}}):(\d{{1,2}})$")


def program_view(program_id: int, index: int) -> str:
    return f"{PROGRAM_VIEW}:{program_id}:{index}"


PROGRAM_LIST = "pgm:list"  # back to the list
PROGRAM_START = "pgm:start"  # "pgm:start:<program week index>": the week to start with
PROGRAM_START_PATTERN = re.compile(rf"^{PROGRAM_START}:(\d{{1,2}})$")

# --- templates: plan templates, athlete groups, publish to many ---
TEMPLATE_SAVE = "tpl:save"  # on /plan's preview: save its text as a template
TEMPLATE_LIST = "tpl:list"  # "tpl:list:<offset>"
TEMPLATE_OPEN = "tpl:open"  # "tpl:open:<template id>": its preview and buttons
TEMPLATE_PUBLISH = "tpl:pub"  # "tpl:pub:<template id>": publish to many
TEMPLATE_RENAME = "tpl:ren"  # "tpl:ren:<template id>"
TEMPLATE_DELETE = "tpl:del"  # "tpl:del:<template id>": asks first
TEMPLATE_DELETE_CONFIRMED = "tpl:delok"  # "tpl:delok:<template id>"
TEMPLATE_FROM_WEEK = "tpl:fromwk"  # pick an athlete, then one of their weeks
TEMPLATE_WEEK_ATHLETE = "tpl:wkath"  # "tpl:wkath:<athlete id>", "tpl:wkath:page:<n>"
TEMPLATE_WEEK = "tpl:wk"  # "tpl:wk:<plan id>"
GROUP_LIST = "grp:list"
GROUP_NEW = "grp:new"
GROUP_OPEN = "grp:open"  # "grp:open:<group id>"
GROUP_RENAME = "grp:ren"  # "grp:ren:<group id>"
GROUP_EDIT = "grp:edit"  # "grp:edit:<group id>": toggle its members
GROUP_DELETE = "grp:del"  # "grp:del:<group id>": asks first
GROUP_DELETE_CONFIRMED = "grp:delok"  # "grp:delok:<group id>"
GROUP_TOGGLE = "grp:tog"  # "grp:tog:<athlete id>", "grp:tog:page:<n>"
GROUP_SAVE = "grp:save"
PUBLISH_ATHLETE = "pub:ta"  # "pub:ta:<athlete id>": toggle, "pub:ta:page:<n>"
PUBLISH_GROUP = "pub:tg"  # "pub:tg:<group id>": toggle
PUBLISH_NEXT = "pub:next"
PUBLISH_GO = "pub:go"  # "pub:go:<1 = replace untouched plans, 0 = keep them>"
PUBLISH_GO_PATTERN = re.compile(rf"^{re.escape(PUBLISH_GO)}:([01])$")
TEMPLATE_LIST_PATTERN = re.compile(rf"^{re.escape(TEMPLATE_LIST)}:(\d{{1,6}})$")
PLAN_DELETE = "plan:del"  # 🗑 Delete on a planned week: asks for confirmation
PLAN_DELETE_YES = "plan:del:yes"
PLAN_DELETE_KEEP = "plan:del:keep"
COPY_SOURCE = "copy:src"  # value: ISO date of the source week's Monday
COPY_TARGET = "copy:tgt"  # value: ISO date of the target week's Monday
COPY_REPLACE = "copy:replace"  # confirm replacing an untouched target week
COPY_PUBLISH = "copy:publish"
COPY_CANCEL = "copy:cancel"


def dated(prefix: str, monday: date) -> str:
    return f"{prefix}:{monday.isoformat()}"


def dated_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(prefix)}:(\d{{4}}-\d{{2}}-\d{{2}})$")


ROSTER = "roster"  # "roster:page:<n>": a page of /athletes (page(ROSTER, n))
CARD_HISTORY_PAGE = "card:hp"  # "card:hp:<athlete id>:<offset>": a page of the card's History
CARD_HISTORY_PAGE_PATTERN = re.compile(
    rf"^{re.escape(CARD_HISTORY_PAGE)}:(\d{{1,18}}):(\d{{1,6}})$"
)


def card_history_page(athlete_id: int, offset: int) -> str:
    return f"{CARD_HISTORY_PAGE}:{athlete_id}:{offset}"


# --- weekly: the weekly check-in ---
# "ci:<step>:<plan id>[:<score>...]": the scores answered so far ride along (0 = skipped),
# so each button step stands on its own; the plan id is checked against the database.
CHECKIN = "ci"
CHECKIN_START, CHECKIN_ENERGY, CHECKIN_SLEEP, CHECKIN_SORENESS = "s", "e", "l", "o"
CHECKIN_SKIP_WEIGHT, CHECKIN_SKIP_NOTE = "w", "n"
CHECKIN_PATTERN = re.compile(r"^ci:([selown]):(\d{1,12})((?::[0-5]){0,3})$")


def checkin(step: str, plan_id: int, *scores: int) -> str:
    return ":".join([CHECKIN, step, str(plan_id), *(str(s) for s in scores)])


@dataclass(frozen=True)
class CheckInPress:
    step: str
    plan_id: int
    scores: tuple[int | None, ...]  # answered so far; None: skipped


def parse_checkin(data: str) -> CheckInPress | None:
    match = CHECKIN_PATTERN.match(data)
    if match is None:
        return None
    scores = tuple(int(s) or None for s in match[3].split(":")[1:])
    expected = {"s": 0, "e": 1, "l": 2, "o": 3, "w": 0, "n": 0}[match[1]]
    if len(scores) != expected:
        return None
    return CheckInPress(match[1], int(match[2]), scores)


# --- i18n: /language ---
LANGUAGE = "lang"  # "lang:<code>": the person's own language; nobody else's can be set


def language(code: str) -> str:
    return f"{LANGUAGE}:{code}"


LANGUAGE_PATTERN = re.compile(rf"^{re.escape(LANGUAGE)}:([a-z]{{2}})$")
# --- roster: a program built from a template ---
PROGRAM_FROM_TEMPLATE = "pgm:tpl"  # "pgm:tpl:<offset>": a page of templates to build on
PROGRAM_FROM_TEMPLATE_PATTERN = re.compile(rf"^{PROGRAM_FROM_TEMPLATE}:(\d{{1,6}})$")
PROGRAM_TEMPLATE = "pgm:tplid"  # "pgm:tplid:<template id>": build the program on it
# --- exporti18n: /export en, the trainer's picker that keeps English headers ---
EXPORT_EN_ATHLETE = "exp:en:ath"  # "exp:en:ath:<athlete id>"
EXPORT_EN_ALL = "exp:en:all"
