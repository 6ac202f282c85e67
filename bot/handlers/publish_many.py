"""Publish to many (trainer): a template or a program to one or several athletes and
groups. Who (toggle athletes and groups, Next) -> the week (as in /plan) -> a program's
week to start with (a program of 2+ weeks) -> the preview per athlete (loads resolved
for each) -> Publish. Drawn in publish_many.mmd beside this file.

Publishing runs in a task of its own, one athlete (one transaction) at a time, and each
athlete's notice goes out as a broadcast through the rate limiter, behind chat
replies: the trainer's chat and everyone else's keep being answered meanwhile.
"""

from __future__ import annotations

import logging
from datetime import date

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError
from telegram.ext import CallbackQueryHandler

from bot import callbacks, keyboards, render, screens, texts
from bot.context import CoachContext
from bot.errors import BadCallbackData
from bot.handlers.dialogue import END, NUDGE, choice, forget, forget_all
from bot.jobs import BROADCAST, CappedRateLimiter
from bot.render import split_message
from bot.replies import answer, show
from core import errors, i18n, models
from core.measures import unit_of
from core.plan_sources import SourceRef
from core.services import people, publishing
from core.services.publishing import WeekStatus

log = logging.getLogger(__name__)

CHOOSE_WHO, CHOOSE_WEEK, CONFIRM = "pub:who", "pub:week", "pub:confirm"
CHOOSE_START = "pub:start"

ATHLETE_PATTERN = callbacks.id_pattern(callbacks.PUBLISH_ATHLETE)
GROUP_PATTERN = callbacks.id_pattern(callbacks.PUBLISH_GROUP)
PAGE_PATTERN = callbacks.page_pattern(callbacks.PUBLISH_ATHLETE)


def _ref(context: CoachContext) -> SourceRef:
    return SourceRef(
        choice(context, "pub.kind"),
        choice(context, "pub.id"),
        context.user_data.get("pub.start", 1),
    )


async def begin(update: Update, context: CoachContext, ref: SourceRef) -> str | int:
    """The first step for any source; other dialogues (a template's 📤 Publish, a
    program's) hand over here."""
    forget_all(context)
    actor = await context.actor(update)
    info = await publishing.source_info(context.uow(), actor, ref)
    await answer(update)
    context.user_data.update(
        {
            "pub.kind": ref.kind,
            "pub.id": ref.id,
            "pub.name": info.name,
            "pub.starts": info.starts,
            "pub.athletes": [],
            "pub.groups": [],
        }
    )
    return await _offer(update, context, actor)


async def _offer(
    update: Update, context: CoachContext, actor: models.Actor, page: int = 0
) -> str | int:
    found = await publishing.targets(context.uow(), actor)
    if not found.athletes:
        await show(update, texts.PUBLISH_NOBODY_TO_PICK)
        forget(context, "pub.")
        return END
    athletes = set(context.user_data.get("pub.athletes", []))
    groups = set(context.user_data.get("pub.groups", []))
    items = [
        (
            texts.BUTTON_GROUP.format(name=g.name, count=len(g.member_ids)),
            callbacks.with_id(callbacks.PUBLISH_GROUP, g.id),
            g.id in groups,
        )
        for g in found.groups
    ] + [
        (a.name, callbacks.with_id(callbacks.PUBLISH_ATHLETE, a.id), a.id in athletes)
        for a in found.athletes
    ]
    chosen = {a.id for a in found.athletes if a.id in athletes}
    for group in found.groups:
        if group.id in groups:
            chosen.update(group.member_ids)
    context.user_data["pub.page"] = page
    await show(
        update,
        texts.PUBLISH_WHO.format(name=render.esc(choice(context, "pub.name")), count=len(chosen)),
        keyboards.toggles(
            items,
            page=page,
            page_prefix=callbacks.PUBLISH_ATHLETE,
            done=(texts.BUTTON_NEXT, callbacks.PUBLISH_NEXT),
        ),
    )
    return CHOOSE_WHO


async def _toggle(update: Update, context: CoachContext, key: str, value: int, known) -> str | int:
    actor = await context.actor(update)
    found = await publishing.targets(context.uow(), actor)
    if value not in {item.id for item in known(found)}:
        raise errors.NotYourAthlete(value) if key == "pub.athletes" else errors.GroupNotFound(value)
    chosen = list(choice(context, key))
    if value in chosen:
        chosen.remove(value)
    else:
        chosen.append(value)
    context.user_data[key] = chosen
    await answer(update)
    return await _offer(update, context, actor, context.user_data.get("pub.page", 0))


async def toggle_athlete(update: Update, context: CoachContext) -> str | int:
    athlete_id = callbacks.read_id(ATHLETE_PATTERN.match(update.callback_query.data))
    return await _toggle(update, context, "pub.athletes", athlete_id, lambda f: f.athletes)


async def toggle_group(update: Update, context: CoachContext) -> str | int:
    group_id = callbacks.read_id(GROUP_PATTERN.match(update.callback_query.data))
    return await _toggle(update, context, "pub.groups", group_id, lambda f: f.groups)


async def turn_page(update: Update, context: CoachContext) -> str | int:
    actor = await context.actor(update)
    await answer(update)
    return await _offer(
        update, context, actor, int(PAGE_PATTERN.match(update.callback_query.data)[1])
    )


async def next_step(update: Update, context: CoachContext) -> str | int:
    actor = await context.actor(update)
    try:
        count = await publishing.count_chosen(
            context.uow(), actor, choice(context, "pub.athletes"), choice(context, "pub.groups")
        )
    except errors.NobodyChosen:
        await answer(update, texts.PUBLISH_PICK_SOMEONE, alert=True)
        return CHOOSE_WHO
    await answer(update)
    first = publishing.plannable_weeks(actor, context.now(), context.default_tz)[0]
    await show(
        update,
        texts.PUBLISH_PICK_WEEK(count).format(
            name=render.esc(choice(context, "pub.name")), count=count
        ),
        keyboards.weeks(first),
    )
    return CHOOSE_WEEK


def _monday(data: str) -> date:
    match = callbacks.WEEK_PATTERN.match(data)
    try:
        monday = date.fromisoformat(match[1])
    except ValueError as error:
        raise BadCallbackData(data) from error
    return monday


async def choose_week(update: Update, context: CoachContext) -> str | int:
    monday = _monday(update.callback_query.data)
    actor = await context.actor(update)
    if monday not in publishing.plannable_weeks(actor, context.now(), context.default_tz):
        raise errors.WeekNotPlannable(monday)
    context.user_data["pub.week"] = monday.isoformat()
    starts = context.user_data.get("pub.starts", 1)
    if starts > 1:
        await answer(update)
        await show(
            update,
            texts.PUBLISH_PICK_START.format(
                name=render.esc(choice(context, "pub.name")),
                date=render.short_date(monday),
                weeks=starts,
            ),
            keyboards.program_start(starts),
        )
        return CHOOSE_START
    return await _preview(update, context, actor)


async def choose_start(update: Update, context: CoachContext) -> str | int:
    index = int(callbacks.PROGRAM_START_PATTERN.match(update.callback_query.data)[1])
    if not 1 <= index <= context.user_data.get("pub.starts", 1):
        raise BadCallbackData(update.callback_query.data)
    context.user_data["pub.start"] = index
    return await _preview(update, context, await context.actor(update))


async def _preview(update: Update, context: CoachContext, actor: models.Actor) -> str | int:
    monday = date.fromisoformat(choice(context, "pub.week"))
    shown = await publishing.preview(
        context.uow(),
        actor,
        _ref(context),
        athlete_ids=choice(context, "pub.athletes"),
        group_ids=choice(context, "pub.groups"),
        first_week=monday,
        now=context.now(),
        default_tz=context.default_tz,
    )
    await answer(update)
    await show(
        update, preview_text(shown), keyboards.publish_choices(shown.count(WeekStatus.UNTOUCHED))
    )
    return CONFIRM


# Text names, read at use (texts.NAME at import would freeze English).
_PREVIEW_LINES = {
    WeekStatus.NEW: "PUBLISH_LINE_NEW",
    WeekStatus.UNTOUCHED: "PUBLISH_LINE_UNTOUCHED",
    WeekStatus.STARTED: "PUBLISH_LINE_STARTED",
}


def preview_text(shown: publishing.PublishPreview) -> str:
    """Each athlete with what would happen, then each distinct plan once, with the
    athletes who would get it (a template: one plan; a program: loads per athlete)."""
    lines = []
    plans_for: dict[str, list[str]] = {}
    for entry in shown.athletes:
        name = render.esc(entry.athlete.name)
        for week in entry.weeks:
            lines.append(getattr(texts, _PREVIEW_LINES[week.status]).format(athlete=name))
            lines.extend(
                texts.PUBLISH_LINE_NOTE.format(note=render.esc(n)) for n in week.sourced.notes
            )
            if week.sourced.missing_maxes:
                lines.append(
                    texts.PUBLISH_LINE_MISSING_MAXES.format(
                        athlete=name,
                        exercises=", ".join(render.esc(e) for e in week.sourced.missing_maxes),
                        first=render.esc(week.sourced.missing_maxes[0]),
                    )
                )
            if week.status != WeekStatus.STARTED:
                plans_for.setdefault(render.plan_preview(week.sourced.spec), []).append(name)
    count = len(shown.athletes)
    text = texts.PUBLISH_PREVIEW(count).format(
        name=render.esc(shown.source_name),
        date=render.short_date(shown.first_week),
        count=count,
        lines="\n".join(lines),
    )
    for plan, names in plans_for.items():
        text += "\n" + texts.PUBLISH_PLAN_FOR.format(athletes=", ".join(names), plan=plan)
    return text


async def go(update: Update, context: CoachContext) -> int:
    replace = callbacks.PUBLISH_GO_PATTERN.match(update.callback_query.data)[1] == "1"
    actor = await context.actor(update)
    job = {
        "ref": _ref(context),
        "name": choice(context, "pub.name"),
        "athlete_ids": list(choice(context, "pub.athletes")),
        "group_ids": list(choice(context, "pub.groups")),
        "first_week": date.fromisoformat(choice(context, "pub.week")),
        "replace": replace,
    }
    count = await publishing.count_chosen(
        context.uow(), actor, job["athlete_ids"], job["group_ids"]
    )
    await answer(update)
    await show(
        update,
        texts.PUBLISH_RUNNING(count).format(name=render.esc(job["name"]), count=count),
    )
    forget(context, "pub.")
    context.application.create_task(
        _publish(context, actor, update.effective_chat.id, job), update=update
    )
    return END


_SKIP_LINES = {
    WeekStatus.UNTOUCHED: "PUBLISH_SKIP_UNTOUCHED",
    WeekStatus.STARTED: "PUBLISH_SKIP_STARTED",
    WeekStatus.BEFORE_FIRST: "PUBLISH_SKIP_BEFORE_FIRST",
    WeekStatus.GONE: "PUBLISH_SKIP_GONE",
}


async def _publish(context: CoachContext, actor: models.Actor, chat_id: int, job: dict) -> None:
    """In the background: every athlete's notice in theirs, the summary in the trainer's."""
    with i18n.using(i18n.language_of(actor.athlete)):
        await _publish_all(context, actor, chat_id, job)


async def _publish_all(context: CoachContext, actor: models.Actor, chat_id: int, job: dict) -> None:
    published: list[str] = []
    skipped: list[str] = []
    undelivered: list[str] = []
    missing: list[str] = []
    async for outcome in publishing.publish(
        context.uow(),
        actor,
        job["ref"],
        athlete_ids=job["athlete_ids"],
        group_ids=job["group_ids"],
        first_week=job["first_week"],
        now=context.now(),
        replace_untouched=job["replace"],
        default_tz=context.default_tz,
    ):
        name = render.esc(outcome.athlete.name)
        skipped.extend(
            getattr(texts, _SKIP_LINES[status]).format(athlete=name)
            for _, status in outcome.skipped
        )
        if not outcome.published:
            continue
        published.append(name)
        if outcome.missing_maxes:
            missing.append(
                texts.PUBLISH_MISSING_MAXES_LINE.format(
                    athlete=name,
                    exercises=", ".join(render.esc(e) for e in outcome.missing_maxes),
                )
            )
        if not await _notify(context, actor, outcome):
            undelivered.append(name)
    first_week = render.short_date(job["first_week"])
    if published:
        text = texts.PUBLISH_DONE(len(published)).format(
            name=render.esc(job["name"]),
            date=first_week,
            count=len(published),
            athletes=", ".join(published),
        )
    else:
        text = texts.PUBLISH_DONE_NOBODY.format(name=render.esc(job["name"]), date=first_week)
    if skipped:
        text += "\n\n" + texts.PUBLISH_SKIPPED.format(count=len(skipped), lines="\n".join(skipped))
    if missing:
        text += "\n\n" + texts.PUBLISH_MISSING_MAXES.format(lines="\n".join(missing))
    if undelivered:
        text += "\n\n" + texts.PUBLISH_UNDELIVERED.format(athletes=", ".join(undelivered))
    for chunk in split_message(text):
        await context.bot.send_message(chat_id, chunk, parse_mode=ParseMode.HTML)


async def _notify(
    context: CoachContext, actor: models.Actor, outcome: publishing.AthleteOutcome
) -> bool:
    """The athlete's notice, as a broadcast: behind every chat reply in the rate limiter."""
    extra = {}
    if isinstance(getattr(context.bot, "rate_limiter", None), CappedRateLimiter):
        extra["rate_limit_args"] = BROADCAST
    athlete = outcome.athlete
    try:
        for plan in outcome.published:
            with i18n.using(i18n.language_of(athlete)):  # each athlete's in their language
                screen = screens.week(plan, unit_of(athlete.units))
                text = (
                    texts.ATHLETE_NEW_PLAN.format(
                        trainer=render.esc(actor.athlete.name),
                        date=render.short_date(plan.week_start),
                    )
                    + "\n\n"
                    + screen.text
                )
            chunks = split_message(text)
            for index, chunk in enumerate(chunks):
                await context.bot.send_message(
                    athlete.telegram_id,
                    chunk,
                    parse_mode=ParseMode.HTML,
                    reply_markup=screen.markup if index == len(chunks) - 1 else None,
                    disable_web_page_preview=True,
                    **extra,
                )
    except Forbidden:
        await people.set_reachable(context.uow(), athlete.telegram_id, False, context.now())
        return False
    except TelegramError as error:
        log.warning("could not send %s their new plan: %s", athlete.id, error)
        return False
    return True


# The dialogue's part of the one ConversationHandler (bot/handlers/dialogues.py). Its
# entry is ``begin``, called by the dialogue that picked the source.
ENTRY_POINTS: list = []
STATES = {
    CHOOSE_WHO: [
        CallbackQueryHandler(toggle_athlete, pattern=ATHLETE_PATTERN),
        CallbackQueryHandler(toggle_group, pattern=GROUP_PATTERN),
        CallbackQueryHandler(turn_page, pattern=PAGE_PATTERN),
        CallbackQueryHandler(next_step, pattern=callbacks.exact(callbacks.PUBLISH_NEXT)),
        NUDGE,
    ],
    CHOOSE_WEEK: [CallbackQueryHandler(choose_week, pattern=callbacks.WEEK_PATTERN), NUDGE],
    CHOOSE_START: [
        CallbackQueryHandler(choose_start, pattern=callbacks.PROGRAM_START_PATTERN),
        NUDGE,
    ],
    CONFIRM: [CallbackQueryHandler(go, pattern=callbacks.PUBLISH_GO_PATTERN), NUDGE],
}
FALLBACKS: list = []
