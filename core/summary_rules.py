"""Completion percentage and the trainer-feedback tiers of a weekly summary."""

from __future__ import annotations

from collections.abc import Iterable

from core.i18n import N_, P_, gettext, ngettext

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
        return gettext(NO_WORKOUTS_SO_FAR)
    left = total - completed
    if left == 0:
        sentence = gettext(ALL_DONE_SO_FAR)
    else:
        sentence = gettext(SO_FAR).format(done=_done(completed, total), left=left)
    return f"{gettext(feedback_tier(percentage))} {sentence}"


def feedback(percentage: int, completed: int, total: int) -> str:
    """The tier headline followed by one sentence that fits the numbers.

    A week with no planned workouts gets no headline: there was nothing to miss,
    so a "Let's refocus..." would scold the athlete for their trainer's choice.
    """
    if total == 0:
        return gettext(NO_WORKOUTS)
    headline = feedback_tier(percentage)
    done = _done(completed, total)
    if completed == total:
        sentence = (
            gettext(ALL_DONE_ONE)
            if total == 1
            else ngettext(*ALL_DONE_MANY_N, total).format(total=total)
        )
    elif headline == OUTSTANDING:
        sentence = gettext(NEARLY_PERFECT).format(done=done)
    elif completed == 0:
        sentence = (
            gettext(NONE_DONE_ONE)
            if total == 1
            else ngettext(*NONE_DONE_MANY_N, total).format(total=total)
        )
    elif headline == REFOCUS:
        target = completed + _needed_for_next_tier(percentage, completed, total)
        sentence = gettext(AIM_FOR).format(done=done, target=target)
    else:
        target = completed + _needed_for_next_tier(percentage, completed, total)
        more = target - completed
        sentence = ngettext(*MORE_WOULD_N, more).format(
            done=done, more=more, percentage=completion_percentage(target, total)
        )
    return f"{gettext(headline)} {sentence}"


def _done(completed: int, total: int) -> str:
    return ngettext(*DONE_OF_N, total).format(completed=completed, total=total)


# The sentences, as msgids (core/i18n.py; the catalogs translate them).
NO_WORKOUTS_SO_FAR = N_("No workouts are planned this week.")
ALL_DONE_SO_FAR = N_("Every workout of the week is done already.")
SO_FAR = N_("{done} done so far; {left} to go this week.")
NO_WORKOUTS = N_("No workouts were planned this week, so there is nothing to score.")
ALL_DONE_ONE = N_("Every workout done: the week's one session is in the book.")
NEARLY_PERFECT = N_("You completed {done}, nearly a perfect week.")
NONE_DONE_ONE = N_("The week's one workout didn't get done; let's make it happen next week.")
AIM_FOR = N_("You completed {done}; let's aim for at least {target} next week.")
DONE_OF = P_("{completed} of {total} workout", "{completed} of {total} workouts")
ALL_DONE_MANY = P_(
    "Every workout done: all {total} of them.", "Every workout done: all {total} of them."
)
NONE_DONE_MANY = P_(
    "None of the {total} planned workouts got done; pick one to start with next week.",
    "None of the {total} planned workouts got done; pick one to start with next week.",
)
MORE_WOULD = P_(
    "You completed {done}; one more would have made it {percentage}%.",
    "You completed {done}; {more} more would have made it {percentage}%.",
)
DONE_OF_N = (DONE_OF.singular, DONE_OF.plural)
ALL_DONE_MANY_N = (ALL_DONE_MANY.singular, ALL_DONE_MANY.plural)
NONE_DONE_MANY_N = (NONE_DONE_MANY.singular, NONE_DONE_MANY.plural)
MORE_WOULD_N = (MORE_WOULD.singular, MORE_WOULD.plural)
MESSAGES = (
    N_(OUTSTANDING),
    N_(GREAT),
    N_(GOOD),
    N_(REFOCUS),
    NO_WORKOUTS_SO_FAR,
    ALL_DONE_SO_FAR,
    SO_FAR,
    NO_WORKOUTS,
    ALL_DONE_ONE,
    NEARLY_PERFECT,
    NONE_DONE_ONE,
    AIM_FOR,
    DONE_OF,
    ALL_DONE_MANY,
    NONE_DONE_MANY,
    MORE_WOULD,
)


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
