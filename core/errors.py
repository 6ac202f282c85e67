"""Named domain errors. The bot maps each one to a clear message for the user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


class CoachError(Exception):
    """Base class of every error the domain raises on purpose."""


class NotFound(CoachError):
    pass


class PlanNotFound(NotFound):
    pass


class WorkoutNotFound(NotFound):
    pass


class ExerciseNotFound(NotFound):
    pass


class TrainerNotFound(NotFound):
    pass


class AthleteNotFound(NotFound):
    pass


class PermissionDenied(CoachError):
    """The acting user may not do this."""


class NotYourAthlete(PermissionDenied):
    pass


class NotYourPlan(PermissionDenied):
    pass


class NotATrainer(PermissionDenied):
    pass


class NotAnAdmin(PermissionDenied):
    pass


class PlanExists(CoachError):
    """The athlete already has a plan for that week (and it may not be replaced)."""


class PlanLocked(CoachError):
    """The plan has completed workouts or logged exercises, so it cannot be replaced."""


class WeekNotPlannable(CoachError):
    """/plan offers this week and the three after; any other week is refused."""


class WeekBeforeFirstPlan(CoachError):
    """A plan for a week before the athlete's week 1 is refused."""


class NothingToCopy(CoachError):
    """The athlete has no plan to copy from."""


class AlreadyATrainer(CoachError):
    pass


class InvalidInvite(CoachError):
    """The payload is malformed or unknown."""


class InviteUsed(InvalidInvite):
    """A single-use trainer invite was already redeemed."""


class InviteRevoked(InvalidInvite):
    """An athlete invite that the trainer replaced with a newer one."""


class OwnTrainer(CoachError):
    """Nobody becomes their own trainer (an /assign, an invite link, a plan's trainer)."""


class OwnInvite(OwnTrainer, InvalidInvite):
    """A trainer opened their own athlete invite."""


class UnknownTimezone(CoachError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class InvalidProgression(CoachError):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class InvalidLogEntry(CoachError):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


@dataclass(frozen=True)
class LineError:
    line: int  # 1-based
    message: str  # what was wrong and what was expected

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class PlanTextError(CoachError):
    """Every problem found in a plan text, each with its line number."""

    def __init__(self, errors: list[LineError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = tuple(errors)


# --- relay: messages between athletes and trainers ---


class NoTrainer(CoachError):
    """An athlete without a trainer sent something to pass on."""


class NotARelayedMessage(CoachError):
    """A trainer replied to a message that is not one the bot relayed."""


class AthleteMovedOn(PermissionDenied):
    """A reply to an athlete who has another trainer now."""


# --- templates: plan templates and athlete groups ---
class TemplateNotFound(NotFound):
    """No such template among the trainer's own (another trainer's is not found either)."""


class GroupNotFound(NotFound):
    """No such group among the trainer's own."""


class NameTaken(CoachError):
    """The trainer already has a template (or group) of that name."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class InvalidName(CoachError):
    """A template or group name must be 1-64 characters on one line."""


class NobodyChosen(CoachError):
    """Publishing to many needs at least one athlete or group."""


class WeekNotTickable(CoachError):
    """A workout of a week that can't be ticked (or unticked) at this moment."""

    def __init__(self, week_start: date, opens_on: date | None) -> None:
        super().__init__(week_start.isoformat())
        self.week_start = week_start
        self.opens_on = opens_on  # None: the week is closed for good


class WeekNotOpenYet(WeekNotTickable):
    """The week has not started yet: it can be ticked from ``opens_on`` (its Monday)."""


class WeekClosed(WeekNotTickable):
    """The week ended more than the Monday and Tuesday after it ago."""


class TrainerChanged(CoachError):
    """A reply to a message of a trainer who no longer coaches the athlete."""


class CheckInClosed(CoachError):
    """A check-in is answered for the week itself or until the end of the next one."""


class InvalidBodyWeight(CoachError):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class CheckInNoteTooLong(CoachError):
    pass
