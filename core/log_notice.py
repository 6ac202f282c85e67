"""Which logs the trainer hears about at once: those with a note, or below the plan.

Below the plan means fewer sets, fewer reps (in any set), a lower load, or shorter work
(less time for timed work, less distance for distance work) than the exercise asked
for. A number the athlete did not give, or one the plan does not set, is no evidence
either way: "3x10" on a planned "3x10 @ 60kg" is not below plan.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from core import models

# Loads are stored in kg; a pound-typed log converted back may differ in the last digits.
_LOAD_TOLERANCE_KG = 0.01


def below_plan(exercise: models.Exercise, done: Any) -> bool:
    """``done`` is a log entry or a stored log (sets, reps, reps_by_set, load_kg, ...)."""
    sets = getattr(done, "sets", None) or 1
    if sets < exercise.sets:
        return True
    if exercise.reps is not None:
        reps_by_set = getattr(done, "reps_by_set", None)
        done_reps = reps_by_set or ((done.reps,) if done.reps is not None else ())
        if any(reps < exercise.reps for reps in done_reps):
            return True
    load_kg = getattr(done, "load_kg", None)
    if (
        exercise.load_kg is not None
        and load_kg is not None
        and load_kg < exercise.load_kg - _LOAD_TOLERANCE_KG
    ):
        return True
    if exercise.distance_m is not None:
        distance = getattr(done, "distance_m", None)
        return distance is not None and distance < exercise.distance_m
    if exercise.duration_seconds is not None and done.duration_seconds is not None:
        return done.duration_seconds < exercise.duration_seconds
    return False


def tell_trainer(exercise: models.Exercise, done: Any) -> bool:
    """A log the trainer should see now: it has a note, or it is below the plan."""
    return bool(getattr(done, "notes", None)) or below_plan(exercise, done)


def tell_trainer_of_set(exercise: models.Exercise, done: Any) -> bool:
    """``tell_trainer`` for a log that may be one set of several (the Mini App logs set by
    set through the API): a one-set log of a multi-set exercise is judged as that one
    set (its reps, load, time, distance and note), never as "fewer sets"."""
    if (getattr(done, "sets", None) or 1) == 1 and exercise.sets > 1:
        return tell_trainer(replace(exercise, sets=1), done)
    return tell_trainer(exercise, done)
