"""The motivational message set on a plan when it is created.

Week 1 welcomes, every 4th week marks a milestone, and the other weeks draw from a
curated pool. The pick must be stable (re-creating a plan gives the same message,
in any process), so it hashes (athlete, week) with hashlib rather than hash(),
which Python salts per process.
"""

from __future__ import annotations

import hashlib

from core.i18n import N_, P_, gettext, ngettext

WELCOME = (
    "Welcome to week 1! Your coach built this plan for you: start where you are, "
    "show up for each session, and tap Done as you go. Every journey starts with one workout."
)

POOL = (
    "Consistency beats intensity. Show up for every session this week, even the short ones.",
    "Small wins add up. One good workout today is a step toward the athlete you're becoming.",
    "Focus on form first; strength follows good movement.",
    "You don't have to be perfect this week, just present. Do the work in front of you.",
    "Rest and sleep are part of the plan too. Recover well so you can train well.",
    "Progress isn't always visible day to day, but it is happening. Trust the process.",
    "Pick the hardest session of the week and decide now when you'll do it.",
    "Leave one rep in the tank and come back stronger next time. Quality over ego.",
    "Hydrate, eat well, and sleep: the work you do outside the gym counts too.",
    "Discipline is choosing what you want most over what you want now. You've got this.",
    "A short workout is better than a skipped one. When time is tight, do what you can.",
    "Notice how far you've come since week 1. Keep stacking good weeks.",
    "Breathe, brace and move with control; every rep is practice.",
    "Log what you actually did this week. Honest numbers make the next plan better.",
    "Energy low today? Start the warm-up and decide after. Momentum usually wins.",
    "Strong weeks are built one day at a time. Win today.",
)


def motivational_message(
    athlete_id: int,
    week_number: int,
    previous_message: str | None,
    next_message: str | None = None,
    language: str | None = None,
) -> str:
    """The message for an athlete's week: welcome, milestone, or a stable pool pick.

    A pool pick that equals ``previous_message`` (last week's) is replaced by the
    next message in the pool so an athlete never reads the same line twice in a row.
    ``next_message`` is the following week's, for a week planned after the one after
    it (trainers don't always plan in order): the pick differs from both neighbours.
    ``language``: the athlete's (each language has its pool: the catalog's translations
    of POOL); the message is stored on the plan as it reads in that language.
    """
    if week_number < 1:
        raise ValueError(f"week_number must be at least 1, got {week_number}")
    if week_number == 1:
        return gettext(WELCOME, language)
    if week_number % 4 == 0:
        return _milestone(week_number, language)
    pool = pool_for(language)
    digest = hashlib.sha256(f"{athlete_id}:{week_number}".encode()).digest()
    index = int.from_bytes(digest[:8], "big") % len(pool)
    while pool[index] in (previous_message, next_message):
        index = (index + 1) % len(pool)
    return pool[index]


def pool_for(language: str | None = None) -> tuple[str, ...]:
    return tuple(gettext(line, language) for line in POOL)


def _milestone(week_number: int, language: str | None = None) -> str:
    if week_number % 52 == 0:
        years = week_number // 52
        span = (
            gettext(A_FULL_YEAR, language)
            if years == 1
            else ngettext(*YEARS, years, language).format(count=years)
        )
    else:
        span = ngettext(*WEEKS, week_number, language).format(count=week_number)
    return gettext(MILESTONE, language).format(week_number=week_number, span=span)


MILESTONE = N_(
    "Week {week_number}: a milestone! That's {span} of training behind you. "
    "Take a moment to notice how far you've come, then keep the streak going."
)
A_FULL_YEAR = N_("a full year")
_YEARS = P_("{count} year", "{count} years")
_WEEKS = P_("{count} week", "{count} weeks")
YEARS = (_YEARS.singular, _YEARS.plural)
WEEKS = (_WEEKS.singular, _WEEKS.plural)
MESSAGES = (WELCOME, *POOL, MILESTONE, A_FULL_YEAR, _YEARS, _WEEKS)
