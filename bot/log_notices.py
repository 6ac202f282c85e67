"""What a trainer is told of an athlete's log, whether it came from /log or the API.

The rule is core.log_notice.tell_trainer (a note, or below the plan), plus any new
personal record; nobody is told of their own log.
"""

from __future__ import annotations

from bot import render
from core import models
from core.log_notice import tell_trainer
from core.measures import unit_of
from core.services.completion import LoggedExercise


def trainer_log_notice(actor: models.Actor, result: LoggedExercise) -> tuple[int, str] | None:
    """The trainer's chat and the notice's text, or None when there is nothing to tell."""
    trainer = result.trainer
    if trainer is None or trainer.athlete_id == actor.athlete.id:
        return None
    trainer_unit = unit_of(result.trainer_units)
    notices = []
    if tell_trainer(result.exercise, result.log):
        notices.append(render.log_notice(result, trainer_unit))
    if result.records:
        notices.append(render.trainer_record_notice(result, trainer_unit))
    if not notices:
        return None
    return trainer.telegram_id, "\n".join(notices)
