"""The motivational message set on a plan when it is created.

Week 1 welcomes, every 4th week marks a milestone, and the other weeks draw from a
curated pool. The pick must be stable (re-creating a plan gives the same message,
in any process), so it hashes (athlete, week) with hashlib rather than hash(),
which Python salts per process.
"""

from __future__ import annotations

import hashlib

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
) -> str:
    """The message for an athlete's week: welcome, milestone, or a stable pool pick.

    A pool pick that equals ``previous_message`` (last week's) is replaced by the
    next message in the pool so an athlete never reads the same line twice in a row.
    ``next_message`` is the following week's, for a week planned after the one after
    it (trainers don't always plan in order): the pick differs from both neighbours.
    """
    if week_number < 1:
        raise ValueError(f"week_number must be at least 1, got {week_number}")
    if week_number == 1:
        return WELCOME
    if week_number % 4 == 0:
        return _milestone(week_number)
    digest = hashlib.sha256(f"{athlete_id}:{week_number}".encode()).digest()
    index = int.from_bytes(digest[:8], "big") % len(POOL)
    while POOL[index] in (previous_message, next_message):
        index = (index + 1) % len(POOL)
    return POOL[index]


def _milestone(week_number: int) -> str:
    if week_number % 52 == 0:
        span = "a full year" if week_number == 52 else f"{week_number // 52} years"
    else:
        span = f"{week_number} weeks"
    return (
        f"Week {week_number}: a milestone! That's {span} of training behind you. "
        "Take a moment to notice how far you've come, then keep the streak going."
    )
