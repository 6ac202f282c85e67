"""The API's logs may be single sets (the Mini App logs set by set): one set of a
multi-set exercise is judged as that set, never as "fewer sets"."""

from __future__ import annotations

import pytest

from core.log_entry import parse_log_entry
from core.log_notice import tell_trainer, tell_trainer_of_set
from tests.core.test_log_notice import planned


@pytest.mark.parametrize(
    ("plan", "log", "told"),
    [
        ("Back squat 5x5 @ 60kg", "1x5 @ 60kg", False),  # one set as planned
        ("Back squat 5x5 @ 60kg", "1x4 @ 60kg", True),  # one set, short of reps
        ("Back squat 5x5 @ 60kg", "1x5 @ 55kg", True),  # one set, lower load
        ("Back squat 5x5 @ 60kg", "1x5 @ 60kg felt easy", True),  # a note
        ("Back squat 5x5 @ 60kg", "3x5 @ 60kg", True),  # several sets: fewer than planned
        ("Plank 3x60s", "1x45s", True),  # one set, shorter
        ("Run 1x30min", "1x30min", False),
    ],
)
def test_one_set_of_several(plan: str, log: str, told: bool) -> None:
    exercise, entry = planned(plan), parse_log_entry(log)
    assert tell_trainer_of_set(exercise, entry) is told
    if exercise.sets > 1 and (entry.sets or 1) == 1 and not entry.notes:
        assert tell_trainer(exercise, entry)  # /log's whole-exercise rule: fewer sets
