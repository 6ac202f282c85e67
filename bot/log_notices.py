"""What a trainer is told of an athlete's log, whether it came from /log or the API.

The rule is core.log_notice.tell_trainer (a note, or below the plan), plus any new
personal record; nobody is told of their own log. The API's logs may be single sets
(the Mini App logs set by set): one set of several is not "fewer sets".
"""

from __future__ import annotations

from bot import render
from core import i18n, models
from core.log_notice import tell_trainer, tell_trainer_of_set
from core.measures import unit_of
from core.services.completion import LoggedExercise


def trainer_log_notice(
    actor: models.Actor, result: LoggedExercise, *, set_by_set: bool = False
) -> tuple[int, str] | None:
    """The trainer's chat and the notice's text, or None when there is nothing to tell.

    ``set_by_set``: the log may be one set of several (the API's, which the Mini App
    sends a set at a time): see core.log_notice.tell_trainer_of_set."""
    trainer = result.trainer
    if trainer is None or trainer.athlete_id == actor.athlete.id:
        return None
    trainer_unit = unit_of(result.trainer_units)
    notices = []
    rule = tell_trainer_of_set if set_by_set else tell_trainer
    with i18n.using(trainer.language):  # the trainer's notice in their language
        if rule(result.exercise, result.log):
            notices.append(render.log_notice(result, trainer_unit))
        if result.records:
            notices.append(render.trainer_record_notice(result, trainer_unit))
    if not notices:
        return None
    return trainer.telegram_id, "\n".join(notices)
