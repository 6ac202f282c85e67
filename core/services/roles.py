"""Roles: nobody becomes their own trainer, and what each person is to the bot."""

from __future__ import annotations

from dataclasses import dataclass

from core import errors, models
from core.ports import UnitOfWork


def ensure_not_own_trainer(athlete_id: int, trainer: models.Trainer) -> None:
    """The one rule every link of an athlete to a trainer passes through."""
    if trainer.athlete_id == athlete_id:
        raise errors.OwnTrainer(athlete_id)


def overseer(actor: models.Actor, athlete: models.Athlete) -> int | None:
    """Who oversees a plan the actor writes: the athlete's trainer, else the acting trainer,
    but never the athlete themselves (an admin who is a trainer planning their own week)."""
    if athlete.trainer_id is not None:
        return athlete.trainer_id
    if actor.trainer is None or actor.trainer.athlete_id == athlete.id:
        return None
    return actor.trainer.id


@dataclass(frozen=True)
class Roles:
    """What someone is to the bot right now, for their welcome, /help and command menu."""

    trainer: bool
    admin: bool
    has_trainer: bool
    has_plan: bool

    @property
    def trains(self) -> bool:
        """They train themselves: someone coaches them, or they have a plan."""
        return self.has_trainer or self.has_plan

    @property
    def athlete(self) -> bool:
        """The athlete's commands are theirs: they train, or they are nothing else (yet)."""
        return self.trains or not (self.trainer or self.admin)

    @property
    def admin_only(self) -> bool:
        return self.admin and not self.trainer and not self.trains


async def roles_of(uow: UnitOfWork, actor: models.Actor) -> Roles:
    """One statement at most: a plan is looked for only when nobody coaches them."""
    async with uow:
        return await _roles(uow, actor.athlete, actor.trainer, is_admin=actor.is_admin)


async def person_roles(uow: UnitOfWork, telegram_id: int, *, is_admin: bool) -> Roles | None:
    """Someone else's roles (whose menu a change just touched); None if unknown."""
    async with uow:
        found = await uow.athletes.get_with_trainer_profile(telegram_id)
        if found is None:
            return None
        athlete, trainer = found
        return await _roles(uow, athlete, trainer, is_admin=is_admin)


async def _roles(
    uow: UnitOfWork, athlete: models.Athlete, trainer: models.Trainer | None, *, is_admin: bool
) -> Roles:
    has_plan = False
    if athlete.trainer_id is None:
        has_plan = await uow.plans.first_week_start(athlete.id) is not None
    return Roles(
        trainer=trainer is not None,
        admin=is_admin,
        has_trainer=athlete.trainer_id is not None,
        has_plan=has_plan,
    )
