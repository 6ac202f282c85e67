"""Completion percentage and trainer-feedback tiers."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.summary_rules import (
    completion_percentage,
    feedback,
    feedback_so_far,
    feedback_tier,
    logged_minutes,
    time_logged,
)


@pytest.mark.parametrize(
    ("completed", "total", "percentage"),
    [
        (0, 0, 0),
        (0, 3, 0),
        (1, 3, 33),
        (2, 3, 67),
        (3, 3, 100),
        (1, 2, 50),
        (1, 8, 13),  # 12.5 rounds up, not to the even 12
        (3, 8, 38),  # 37.5 -> 38
        (5, 8, 63),  # 62.5 -> 63
        (1, 40, 3),  # 2.5 -> 3 (banker's rounding would give 2)
        (1, 200, 1),  # 0.5 -> 1
        (199, 200, 100),  # 99.5 -> 100
        (1, 7, 14),
        (6, 7, 86),
    ],
)
def test_completion_percentage(completed: int, total: int, percentage: int) -> None:
    assert completion_percentage(completed, total) == percentage


@given(st.integers(1, 10_000).flatmap(lambda t: st.tuples(st.integers(0, t), st.just(t))))
def test_completion_percentage_is_exact_half_up(pair: tuple[int, int]) -> None:
    completed, total = pair
    exact = Fraction(100 * completed, total)
    result = completion_percentage(completed, total)
    assert result - Fraction(1, 2) <= exact < result + Fraction(1, 2)
    assert 0 <= result <= 100


@pytest.mark.parametrize(("completed", "total"), [(-1, 3), (4, 3), (0, -1)])
def test_impossible_counts_are_refused(completed: int, total: int) -> None:
    with pytest.raises(ValueError):
        completion_percentage(completed, total)


@pytest.mark.parametrize(
    ("percentage", "tier"),
    [
        (0, "Let's refocus..."),
        (49, "Let's refocus..."),
        (50, "Good progress!"),
        (69, "Good progress!"),
        (70, "Great effort!"),
        (89, "Great effort!"),
        (90, "Outstanding work!"),
        (100, "Outstanding work!"),
    ],
)
def test_tier_boundaries(percentage: int, tier: str) -> None:
    assert feedback_tier(percentage) == tier


@pytest.mark.parametrize(
    ("completed", "total", "expected"),
    [
        (4, 4, "Outstanding work! Every workout done: all 4 of them."),
        (9, 10, "Outstanding work! You completed 9 of 10 workouts, nearly a perfect week."),
        (3, 4, "Great effort! You completed 3 of 4 workouts; one more would have made it 100%."),
        (7, 10, "Great effort! You completed 7 of 10 workouts; 2 more would have made it 90%."),
        (2, 4, "Good progress! You completed 2 of 4 workouts; one more would have made it 75%."),
        (
            1,
            3,
            "Let's refocus... You completed 1 of 3 workouts; let's aim for at least 2 next week.",
        ),
        (
            0,
            3,
            "Let's refocus... None of the 3 planned workouts got done; "
            "pick one to start with next week.",
        ),
    ],
)
def test_feedback_sentences_fit_the_numbers(completed: int, total: int, expected: str) -> None:
    assert feedback(completion_percentage(completed, total), completed, total) == expected


def test_feedback_for_a_single_workout_week() -> None:
    assert feedback(100, 1, 1).startswith("Outstanding work! Every workout done")
    assert "1 workouts" not in feedback(0, 0, 1)


def test_no_planned_workouts_is_stated_not_scolded() -> None:
    message = feedback(0, 0, 0)
    assert "no workouts were planned" in message.lower()
    assert "refocus" not in message.lower()


@given(st.integers(1, 60).flatmap(lambda t: st.tuples(st.integers(0, t), st.just(t))))
def test_feedback_starts_with_its_tier_and_mentions_the_numbers(pair: tuple[int, int]) -> None:
    completed, total = pair
    percentage = completion_percentage(completed, total)
    message = feedback(percentage, completed, total)
    assert message.startswith(feedback_tier(percentage) + " ")
    if completed == total:
        assert "every workout done" in message.lower()
    elif completed:
        assert f"{completed} of {total} workout" in message
    else:
        assert str(total) in message or total == 1


def test_mid_week_feedback_speaks_of_what_is_left() -> None:
    assert (
        feedback_so_far(33, 1, 3)
        == "Let's refocus... 1 of 3 workouts done so far; 2 to go this week."
    )
    assert feedback_so_far(100, 3, 3).startswith("Outstanding work! Every workout")
    assert "next week" not in feedback_so_far(0, 0, 4)
    assert feedback_so_far(0, 0, 0) == "No workouts are planned this week."


# --- weekly: minutes count what was logged ---


def test_logged_minutes_count_what_was_logged() -> None:
    assert logged_minutes([]) == 0
    assert not time_logged(logged_minutes([]))
    assert logged_minutes([1800, 180]) == 33
    assert logged_minutes([1]) == 1  # a part of a minute is logged time, not "none"
    assert time_logged(logged_minutes([1]))
    assert logged_minutes([60, 60]) == 2
    with pytest.raises(ValueError):
        logged_minutes([-60])
