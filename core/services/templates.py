"""Plan templates: a trainer's named weeks, kept as plan text (days of the week, no dates).

A template is its trainer's own: every read and change is scoped to the acting
trainer, so another trainer's template id is simply not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core import errors, models
from core.measures import unit_of
from core.plan_sources import SourcedWeek
from core.plan_spec import PlanSpec
from core.plan_text import format_plan_text, parse_plan_text
from core.ports import UnitOfWork
from core.services.access import coached_athlete, require_trainer
from core.services.plans import spec_of

PAGE_SIZE = 8
MAX_NAME = 64


def clean_name(name: str) -> str:
    """A template or group name: one line, 1-64 characters, inner spaces collapsed."""
    cleaned = " ".join((name or "").split())
    if not cleaned or len(cleaned) > MAX_NAME:
        raise errors.InvalidName(name)
    return cleaned


def spec_for(actor: models.Actor, template: models.PlanTemplate) -> PlanSpec:
    """The template's week; bare loads in it are in its trainer's unit."""
    return parse_plan_text(template.text, unit=unit_of(actor.athlete.units))


async def save_template(
    uow: UnitOfWork, actor: models.Actor, *, name: str, text: str, now: datetime
) -> models.PlanTemplate:
    """Save plan text as a named template (the text must be a valid week)."""
    trainer = require_trainer(actor)
    name = clean_name(name)
    parse_plan_text(text, unit=unit_of(actor.athlete.units))  # PlanTextError: nothing saved
    async with uow:
        template = await uow.templates.add(trainer_id=trainer.id, name=name, text=text, now=now)
        if template is None:
            raise errors.NameTaken(name)
        await uow.commit()
    return template


async def save_week_as_template(
    uow: UnitOfWork, actor: models.Actor, *, plan_id: int, name: str, now: datetime
) -> models.PlanTemplate:
    """An existing week of one of the trainer's athletes, saved as a template."""
    trainer = require_trainer(actor)
    name = clean_name(name)
    async with uow:
        plan = await uow.plans.get(plan_id)
        if plan is None:
            raise errors.PlanNotFound(plan_id)
        await coached_athlete(uow, actor, plan.athlete_id)
        text = format_plan_text(spec_of(plan))
        template = await uow.templates.add(trainer_id=trainer.id, name=name, text=text, now=now)
        if template is None:
            raise errors.NameTaken(name)
        await uow.commit()
    return template


async def name_free(uow: UnitOfWork, actor: models.Actor, name: str) -> str:
    """The cleaned name, checked before the trainer goes on (saving checks again)."""
    trainer = require_trainer(actor)
    name = clean_name(name)
    async with uow:
        if await uow.templates.named(trainer.id, name) is not None:
            raise errors.NameTaken(name)
    return name


async def list_templates(
    uow: UnitOfWork, actor: models.Actor, *, offset: int = 0, limit: int = PAGE_SIZE
) -> models.Page[models.PlanTemplate]:
    trainer = require_trainer(actor)
    offset = max(0, offset)
    async with uow:
        items, total = await uow.templates.page(trainer.id, limit=limit, offset=offset)
        if not items and total:  # past the end (an old button, a deletion): the last page
            offset = (total - 1) // limit * limit
            items, total = await uow.templates.page(trainer.id, limit=limit, offset=offset)
    return models.Page(items=tuple(items), offset=offset, limit=limit, total=total)


async def own_template(uow: UnitOfWork, actor: models.Actor, template_id: int):
    """Inside an open unit of work: the actor's template, or TemplateNotFound."""
    trainer = require_trainer(actor)
    template = await uow.templates.get(trainer.id, template_id)
    if template is None:
        raise errors.TemplateNotFound(template_id)
    return template


async def get_template(
    uow: UnitOfWork, actor: models.Actor, template_id: int
) -> models.PlanTemplate:
    async with uow:
        return await own_template(uow, actor, template_id)


async def rename_template(
    uow: UnitOfWork, actor: models.Actor, template_id: int, name: str, now: datetime
) -> models.PlanTemplate:
    name = clean_name(name)
    async with uow:
        template = await own_template(uow, actor, template_id)
        renamed = await uow.templates.rename(template.trainer_id, template_id, name, now)
        if renamed is None:
            raise errors.NameTaken(name)
        await uow.commit()
    return renamed


async def delete_template(uow: UnitOfWork, actor: models.Actor, template_id: int) -> str:
    """Deletes the actor's template; returns its name."""
    async with uow:
        template = await own_template(uow, actor, template_id)
        await uow.templates.delete(template.trainer_id, template_id)
        await uow.commit()
    return template.name


@dataclass(frozen=True)
class TemplateSource:
    """A template as a source of plans for publishing to many: the same week for
    everyone, on the first week chosen."""

    template: models.PlanTemplate
    spec: PlanSpec
    kind: str = "template"

    @property
    def id(self) -> int:
        return self.template.id

    @property
    def name(self) -> str:
        return self.template.name

    def weeks(self, first_week: date) -> tuple[date, ...]:
        return (first_week,)

    async def week_for(
        self, uow: UnitOfWork, athlete: models.Athlete, week_start: date
    ) -> SourcedWeek:
        return SourcedWeek(spec=self.spec)

    @property
    def starts(self) -> int:
        return 1

    async def published(self, uow: UnitOfWork, athlete: models.Athlete, first_week: date) -> None:
        return None

    async def prepare(self, uow: UnitOfWork, athletes, weeks) -> None:
        return None  # the same week for everyone: nothing to read


async def open_source(
    uow: UnitOfWork, actor: models.Actor, template_id: int, *, start: int = 1, now=None
) -> TemplateSource:
    """``publishing.SOURCES["template"]``: inside an open unit of work."""
    if start != 1:
        raise errors.NotFound(template_id)
    template = await own_template(uow, actor, template_id)
    return TemplateSource(template=template, spec=spec_for(actor, template))
