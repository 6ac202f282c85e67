"""Completion percentage and the trainer-feedback tiers of a weekly summary."""

from __future__ import annotations

from collections.abc import Iterable

OUTSTANDING = "Outstanding work!"
GREAT = "Great effort!"
GOOD = "Good progress!"
REFOCUS = "Let's refocus..."

# (lowest percentage, headline), best tier first.
TIERS = ((90, OUTSTANDING), (70, GREAT), (50, GOOD), (0, REFOCUS))


def completion_percentage(completed: int, total: int) -> int:
    """completed / total x 100, rounded half-up (2.5 -> 3), and 0 for an empty week.

    Integer arithmetic, because round() rounds halves to even and floats drift.
    """
    if total < 0 or completed < 0 or completed > total:
        raise ValueError(f"need 0 <= completed <= total, got {completed} of {total}")
    if total == 0:
        return 0
    return (200 * completed + total) // (2 * total)


def feedback_tier(percentage: int) -> str:
    """The tier headline for a completion percentage."""
    for lowest, headline in TIERS:
        if percentage >= lowest:
            return headline
    return REFOCUS


def feedback_so_far(percentage: int, completed: int, total: int) -> str:
    """Mid-week: the tier the week is at now, and what is left, not advice for next week."""
    if total == 0:
        return "No workouts are planned this week."
    left = total - completed
    if left == 0:
        sentence = "Every workout of the week is done already."
    else:
        sentence = f"{completed} of {_workouts(total)} done so far; {left} to go this week."
    return f"{feedback_tier(percentage)} {sentence}"


def feedback(percentage: int, completed: int, total: int) -> str:
    """The tier headline followed by one sentence that fits the numbers.

    A week with no planned workouts gets no headline: there was nothing to miss,
    so a "Let's refocus..." would scold the athlete for their trainer's choice.
    """
    if total == 0:
        return "No workouts were planned this week, so there is nothing to score."
    headline = feedback_tier(percentage)
    done = f"{completed} of {_workouts(total)}"
    if completed == total:
        sentence = (
            "Every workout done: the week's one session is in the book."
            if total == 1
            else f"Every workout done: all {total} of them."
        )
    elif headline == OUTSTANDING:
        sentence = f"You completed {done}, nearly a perfect week."
    elif completed == 0:
        sentence = (
            "The week's one workout didn't get done; let's make it happen next week."
            if total == 1
            else f"None of the {total} planned workouts got done; pick one to start with next week."
        )
    elif headline == REFOCUS:
        target = completed + _needed_for_next_tier(percentage, completed, total)
        sentence = f"You completed {done}; let's aim for at least {target} next week."
    else:
        target = completed + _needed_for_next_tier(percentage, completed, total)
        more = target - completed
        sentence = (
            f"You completed {done}; {'one' if more == 1 else more} more would have made it "
            f"{completion_percentage(target, total)}%."
        )
    return f"{headline} {sentence}"


def _workouts(count: int) -> str:
    return f"{count} workout" if count == 1 else f"{count} workouts"


def _needed_for_next_tier(percentage: int, completed: int, total: int) -> int:
    threshold = next(lowest for lowest, _ in reversed(TIERS) if lowest > percentage)
    needed = completed
    while needed < total and completion_percentage(needed, total) < threshold:
        needed += 1
    return needed - completed


# --- weekly: minutes count what was logged ---


def logged_minutes(log_seconds: Iterable[int]) -> int:
    """The minutes a week's logs add up to, any part of a minute counting as one, so
    that 0 means exactly "no time logged". A done workout without a logged duration
    adds nothing: its planned minutes are a plan, not what happened."""
    seconds = sum(log_seconds)
    if seconds < 0:
        raise ValueError(f"logged time can't be negative, got {seconds} s")
    return -(-seconds // 60)


def time_logged(completed_minutes: int) -> bool:
    """Whether a summary's minutes say anything, or the text says "no time logged"."""
    return completed_minutes > 0
