"""The HTTP API: the original training backend's endpoints, and what the Mini App needs.

Every endpoint goes through the same core services, with the same permission checks,
as the chat. The caller is whoever the Authorization header proves; ids in paths
name what to act on, never who is acting.
"""

# No `from __future__ import annotations`: FastAPI reads these annotations at run time.

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Path, Query, Request
from starlette.status import HTTP_201_CREATED

from core import errors, i18n, models, web_texts
from core.log_entry import LogEntry
from core.plan_spec import ExerciseSpec, PlanSpec, VideoSpec, WorkoutSpec
from core.plan_text import format_plan_text, format_volume, parse_plan_text
from core.services import (
    api_tokens,
    assignment,
    completion,
    dashboard,
    group_recipients,
    people,
    plans,
    summaries,
    trainers,
)
from core.services.access import require_admin
from core.weeks import local_today
from web import errors as web_errors
from web import schemas as s
from web.auth import Unauthorized, validate_init_data
from web.context import WebContext

ERRORS = {
    code: {"model": s.ErrorOut, "description": text}
    for code, text in {
        400: "bad JSON",
        401: "no valid initData or token",
        403: "not yours",
        404: "not found",
        409: "conflicts with what is stored",
        422: "bad input",
    }.items()
}
MAX_HISTORY = 50


@dataclass(frozen=True)
class Caller:
    actor: models.Actor
    operator: models.ApiToken | None  # set for a Bearer token

    def athlete_id(self, user_id: str) -> int | None:
        """``me`` is the caller; an operator token is nobody's athlete."""
        if user_id == "me":
            if self.operator is not None:
                raise web_errors.ApiError(
                    400, "no_user", "An operator token names no athlete: use an athlete's id."
                )
            return None
        try:
            value = int(user_id)
        except ValueError:
            raise web_errors.ApiError(
                422, "invalid", "user_id is an athlete's id or `me`."
            ) from None
        return None if value == self.actor.athlete.id and self.operator is None else value


def create_api(ctx: WebContext) -> FastAPI:
    app = FastAPI(
        title="Coach API",
        version="1",
        summary="Plans, workouts, logs, trainers and summaries; the Mini App's dashboard.",
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        responses=ERRORS,
    )
    _document_auth(app)

    async def caller(
        request: Request,
        authorization: Annotated[str | None, Header()] = None,
    ) -> Caller:
        scheme, _, credentials = (authorization or "").strip().partition(" ")
        credentials = credentials.strip()
        now = ctx.clock.now()
        if scheme.lower() == "tma" and credentials:
            user = validate_init_data(
                credentials, ctx.bot_token, now, max_age_seconds=ctx.init_data_max_age_seconds
            )
            actor = await people.identify(
                ctx.uow(),
                telegram_id=user.telegram_id,
                name=user.name,
                username=user.username,
                is_admin=user.telegram_id in ctx.admin_ids,
                now=now,
            )
            chosen = actor.athlete.language
            speaks = (
                chosen
                if chosen in i18n.SUPPORTED
                else i18n.resolve(user.language_code or actor.athlete.language_code)
            )
            request.state.language = speaks
            i18n.LANGUAGE.set(speaks)  # this request's task: core's texts (plan errors) too
            return Caller(actor=actor, operator=None)
        if scheme.lower() == "bearer" and credentials:
            record = await api_tokens.authenticate(ctx.uow(), credentials, now)
            if record is None:
                raise Unauthorized("unknown or revoked token")
            # Operators' errors are in English; known now, so an error needs no second look-up.
            request.state.language = i18n.DEFAULT
            return Caller(actor=api_tokens.operator_actor(record), operator=record)
        raise Unauthorized("send Authorization: tma <initData> or Bearer <token>")

    Who = Annotated[Caller, Depends(caller)]

    async def identify(request: Request) -> None:
        """The caller's language for an error answered before the endpoint ran."""
        try:
            await caller(request, request.headers.get("authorization"))
        except (Unauthorized, errors.CoachError):
            return

    web_errors.install(app, identify)
    UserId = Annotated[str, Path(description="an athlete's id, or `me`")]

    # --- the original backend's endpoints ---------------------------------------------

    @app.post(
        "/training/plans", status_code=HTTP_201_CREATED, response_model=s.PlanOut, tags=["plans"]
    )
    async def create_plan(body: s.PlanIn, who: Who) -> s.PlanOut:
        """A week's plan, as nested workouts and exercises or as plan text; the athlete is told."""
        spec = parse_plan_text(body.text) if body.text is not None else _spec(body.workouts or [])
        now = ctx.clock.now()
        plan = await plans.create_plan(
            ctx.uow(),
            who.actor,
            athlete_id=body.user_id,
            week_start=body.week_start,
            spec=spec,
            now=now,
        )
        if body.trainer_id is not None and body.trainer_id != plan.trainer_id:
            plan = await assignment.assign_plan_trainer(
                ctx.uow(), who.actor, plan_id=plan.id, trainer_id=body.trainer_id, now=now
            )
        athlete = await _athlete(who.actor, plan.athlete_id)
        await ctx.notices.plan_published(who.actor, plan, athlete)
        return s.plan_out(plan)

    @app.get("/training/plans/{plan_id}", response_model=s.PlanOut, tags=["plans"])
    async def get_plan(plan_id: int, who: Who) -> s.PlanOut:
        return s.plan_out(await plans.get_plan(ctx.uow(), who.actor, plan_id))

    @app.get("/training/plans/user/{user_id}/current", response_model=s.PlanOut, tags=["plans"])
    async def current_plan(user_id: UserId, who: Who) -> s.PlanOut:
        """The plan of the week that contains today in the athlete's timezone."""
        plan = await plans.current_plan(
            ctx.uow(),
            who.actor,
            ctx.clock.now(),
            athlete_id=who.athlete_id(user_id),
            default_tz=ctx.default_tz,
        )
        if plan is None:
            raise web_errors.ApiError(404, "no_current_plan", "No plan for this week.")
        return s.plan_out(plan)

    @app.get("/training/plans/user/{user_id}/history", response_model=s.HistoryOut, tags=["plans"])
    async def plan_history(
        user_id: UserId, who: Who, limit: Annotated[int, Query(ge=1, le=MAX_HISTORY)] = 10
    ) -> s.HistoryOut:
        """The athlete's weeks up to this one, newest first, each with its completion."""
        page = await plans.history(
            ctx.uow(),
            who.actor,
            ctx.clock.now(),
            limit=limit,
            athlete_id=who.athlete_id(user_id),
            default_tz=ctx.default_tz,
        )
        return s.HistoryOut(
            items=[s.week_out(w) for w in page.items], total=page.total, limit=page.limit
        )

    @app.put(
        "/training/workouts/{workout_id}/complete", response_model=s.WorkoutOut, tags=["workouts"]
    )
    async def complete_workout(
        workout_id: int, who: Who, body: s.CompleteIn | None = None
    ) -> s.WorkoutOut:
        """Done (``completed: true``, the default) or Undo; repeating it changes nothing."""
        done = body.completed if body is not None else True
        change = await completion.set_workout_done(
            ctx.uow(), who.actor, workout_id, done, ctx.clock.now(), default_tz=ctx.default_tz
        )
        await ctx.notices.workout_changed(change)
        return s.workout_out(change.workout)

    @app.post(
        "/training/exercises/{exercise_id}/log",
        status_code=HTTP_201_CREATED,
        response_model=s.LoggedOut,
        tags=["workouts"],
    )
    async def log_exercise(exercise_id: int, body: s.LogIn, who: Who) -> s.LoggedOut:
        entry = LogEntry(
            sets=body.sets,
            reps=body.reps,
            duration_seconds=body.duration_seconds,
            load=body.load or None,
            notes=body.notes or None,
        )
        logged = await completion.log_exercise(
            ctx.uow(), who.actor, exercise_id, entry, ctx.clock.now()
        )
        await ctx.notices.exercise_logged(who.actor, logged)  # by /log's rule
        return s.LoggedOut(log=s.log_out(logged.log), recent=[s.log_out(r) for r in logged.recent])

    @app.get(
        "/training/exercises/{exercise_id}/history",
        response_model=s.ExerciseHistoryOut,
        tags=["workouts"],
    )
    async def exercise_history(
        exercise_id: int, who: Who, limit: Annotated[int, Query(ge=1, le=MAX_HISTORY)] = 10
    ) -> s.ExerciseHistoryOut:
        """The athlete's latest logs of this exercise (by name, across weeks)."""
        exercise, logs = await completion.exercise_history(ctx.uow(), who.actor, exercise_id, limit)
        return s.ExerciseHistoryOut(
            exercise=s.exercise_out(exercise), logs=[s.log_out(x) for x in logs]
        )

    @app.post(
        "/training/trainers",
        status_code=HTTP_201_CREATED,
        response_model=s.TrainerOut,
        tags=["trainers"],
    )
    async def create_trainer(body: s.TrainerIn, who: Who) -> s.TrainerOut:
        """Admins only: make a Telegram user a trainer."""
        require_admin(who.actor)
        trainer = await trainers.add_trainer(
            ctx.uow(),
            telegram_id=body.telegram_id,
            name=body.name,
            specialization=body.specialization,
            bio=body.bio,
            now=ctx.clock.now(),
        )
        return s.trainer_out(trainer)

    @app.get("/training/trainers", response_model=list[s.TrainerOut], tags=["trainers"])
    async def list_trainers(who: Who) -> list[s.TrainerOut]:
        return [s.trainer_out(t) for t in await trainers.list_trainers(ctx.uow())]

    @app.get("/training/trainers/{trainer_id}", response_model=s.TrainerOut, tags=["trainers"])
    async def get_trainer(trainer_id: int, who: Who) -> s.TrainerOut:
        return s.trainer_out(await trainers.get_trainer(ctx.uow(), trainer_id))

    async def assign(plan_id: int, body: s.AssignTrainerIn, who: Who) -> s.PlanOut:
        """Give the plan to a trainer (its ``updated_at`` changes)."""
        plan = await assignment.assign_plan_trainer(
            ctx.uow(),
            who.actor,
            plan_id=plan_id,
            trainer_id=body.trainer_id,
            now=ctx.clock.now(),
        )
        return s.plan_out(plan)

    for method in ("PUT", "POST"):
        app.add_api_route(
            "/training/plans/{plan_id}/assign-trainer",
            assign,
            methods=[method],
            response_model=s.PlanOut,
            tags=["plans"],
            operation_id=f"assign_trainer_{method.lower()}",
        )

    @app.get("/training/plans/{plan_id}/summary", response_model=s.SummaryOut, tags=["plans"])
    async def plan_summary(plan_id: int, who: Who) -> s.SummaryOut:
        """The plan's weekly summary, computed now (and stored)."""
        summary = await summaries.generate_summary(ctx.uow(), who.actor, plan_id, ctx.clock.now())
        return s.summary_out(summary)

    # --- the Mini App's -----------------------------------------------------------------

    @app.get("/me", response_model=s.MeOut, tags=["mini app"])
    async def me(who: Who) -> s.MeOut:
        actor = who.actor
        return s.MeOut(
            athlete=None if who.operator else s.athlete_out(actor.athlete),
            trainer=s.trainer_out(actor.trainer) if actor.trainer else None,
            is_admin=actor.is_admin,
            is_operator=who.operator is not None,
        )

    @app.get("/texts", tags=["mini app"])
    async def texts(
        request: Request,
        authorization: Annotated[str | None, Header()] = None,
        lang: Annotated[str | None, Query(max_length=35)] = None,
    ) -> dict:
        """Every text the Mini App shows, in the caller's language (their /language
        choice, else Telegram's language_code), from the same catalogs as the chat.
        Without a valid sign-in (the page then says how to open it), in ``lang``."""
        try:
            await caller(request, authorization)
        except Unauthorized:
            request.state.language = i18n.resolve(lang)
        language = web_errors.language(request)
        return {
            "language": language,
            "texts": {key: i18n.gettext(msgid, language) for key, msgid in web_texts.APP.items()},
        }

    @app.get("/today", response_model=s.TodayOut, tags=["mini app"])
    async def today(who: Who) -> s.TodayOut:
        """The caller's week as an athlete, and which of its workouts are today's."""
        who.athlete_id("me")
        now = ctx.clock.now()
        week = await plans.this_week(ctx.uow(), who.actor, now, default_tz=ctx.default_tz)
        day = local_today(now, plans.athlete_timezone(who.actor.athlete, ctx.default_tz))
        todays = [w.id for w in week.plan.workouts_on(day.weekday())] if week.plan else []
        return s.TodayOut(
            today=day,
            day_of_week=day.weekday(),
            plan=s.plan_out(week.plan) if week.plan else None,
            today_workout_ids=todays,
            upcoming=s.plan_out(week.upcoming) if week.upcoming else None,
        )

    @app.get("/roster", response_model=list[s.RosterEntryOut], tags=["mini app"])
    async def roster(who: Who) -> list[s.RosterEntryOut]:
        """The trainer's athletes, flagged ones first, with this week's completion."""
        entries = await dashboard.roster(
            ctx.uow(), who.actor, ctx.clock.now(), default_tz=ctx.default_tz
        )
        return [
            s.RosterEntryOut(
                athlete=s.athlete_out(e.athlete),
                week=s.week_out(e.week) if e.week else None,
                completion_percentage=e.week.completion_percentage if e.week else None,
                flags=[str(f) for f in e.flags],
            )
            for e in entries
        ]

    @app.get("/athletes/{athlete_id}", response_model=s.CardOut, tags=["mini app"])
    async def athlete_card(athlete_id: int, who: Who) -> s.CardOut:
        """An athlete's card: this week, the latest logs, completion, flags."""
        now = ctx.clock.now()
        card = await dashboard.athlete_card(
            ctx.uow(), who.actor, athlete_id, now, default_tz=ctx.default_tz
        )
        _, weeks = await plans.plannable_weeks(
            ctx.uow(), who.actor, athlete_id, now, default_tz=ctx.default_tz
        )
        return s.CardOut(
            athlete=s.athlete_out(card.athlete),
            local_time=card.local_time,
            plan=s.plan_out(card.plan) if card.plan else None,
            recent_logs=[
                s.CardLogOut(
                    log=s.log_out(log),
                    exercise=s.exercise_out(exercise),
                    planned=_volume(
                        exercise.sets, exercise.reps, exercise.duration_seconds, exercise.load
                    ),
                    done=_volume(log.sets or 0, log.reps, log.duration_seconds, log.load),
                )
                for log, exercise in card.recent_logs
            ],
            check_ins=[s.checkin_out(card.latest_checkin)] if card.latest_checkin else [],
            messages=[s.card_message_out(m) for m in card.latest_messages],
            this_week=_completion(card.this_week),
            last_4_weeks=_completion(card.last_4_weeks),
            last_12_weeks=_completion(card.last_12_weeks),
            flags=[str(f) for f in card.flags],
            plannable_weeks=weeks,
        )

    @app.post("/plans/validate", response_model=s.ValidationOut, tags=["mini app"])
    async def validate_plan_text(body: s.PlanTextIn, who: Who) -> s.ValidationOut:
        """The plan-text parser, as the editor types: every mistake with its line number."""
        try:
            spec = parse_plan_text(body.text)
        except errors.PlanTextError as error:
            return s.ValidationOut(
                valid=False,
                errors=[s.LineErrorOut(line=e.line, message=e.message) for e in error.errors],
                workouts=[],
                text=None,
            )
        return s.ValidationOut(
            valid=True,
            errors=[],
            workouts=[_spec_json(w) for w in spec.workouts],
            text=format_plan_text(spec),
        )

    @app.post("/plans/publish", response_model=s.PublishOut, tags=["mini app"])
    async def publish(body: s.PublishIn, who: Who) -> s.PublishOut:
        """One plan text to one athlete or several, for a week they can be planned; each is told.

        ``group_ids`` adds the members of the trainer's groups; an athlete named twice (or
        in two groups) gets one plan. Another trainer's group id is a 404 and publishes
        nothing; groups that add up to nobody are a 422.
        Every athlete's week is checked before anything is stored: a week with done
        workouts or logs stops the whole publish.
        """
        spec = parse_plan_text(body.text)
        now = ctx.clock.now()
        members = (
            await group_recipients.group_members(ctx.uow(), who.actor, body.group_ids)
            if body.group_ids
            else []
        )
        ids = list(dict.fromkeys([*body.athlete_ids, *(a.id for a in members)]))
        if not ids:
            raise errors.NobodyChosen()
        for athlete_id in ids:
            slot = await plans.week_slot(
                ctx.uow(), who.actor, athlete_id, body.week_start, now, default_tz=ctx.default_tz
            )
            if slot.locked:
                raise errors.PlanLocked(athlete_id)
        published = []
        for athlete_id in ids:
            plan = await plans.create_plan(
                ctx.uow(),
                who.actor,
                athlete_id=athlete_id,
                week_start=body.week_start,
                spec=spec,
                now=now,
                replace=True,
            )
            athlete = await _athlete(who.actor, athlete_id)
            notified = await ctx.notices.plan_published(who.actor, plan, athlete)
            published.append(
                s.PublishedOut(
                    athlete_id=athlete.id,
                    athlete_name=athlete.name,
                    plan=s.plan_out(plan),
                    notified=notified,
                )
            )
        return s.PublishOut(published=published)

    @app.get("/groups", response_model=list[s.GroupOut], tags=["mini app"])
    async def groups(who: Who) -> list[s.GroupOut]:
        """The trainer's own groups with their members (trainers only: an admin who is not a
        trainer has no groups, and gets 403 like an athlete)."""
        return [
            s.GroupOut(
                id=g.group.id,
                name=g.group.name,
                member_ids=[a.id for a in g.members],
                members=[s.GroupMemberOut(id=a.id, name=a.name) for a in g.members],
            )
            for g in await group_recipients.groups_with_members(ctx.uow(), who.actor)
        ]

    async def _athlete(actor: models.Actor, athlete_id: int) -> models.Athlete:
        return (await plans.plannable_weeks(ctx.uow(), actor, athlete_id, ctx.clock.now()))[0]

    return app


def _document_auth(app: FastAPI) -> None:
    """The OpenAPI document names both ways in (the header is read by hand in ``caller``)."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = build()
            schema.setdefault("components", {})["securitySchemes"] = {
                "miniApp": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "`tma <initData>`: a Telegram Mini App's signed launch data, "
                    "at most 24 hours old",
                },
                "operatorToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "a token from `coach api token create`",
                },
            }
            schema["security"] = [{"miniApp": []}, {"operatorToken": []}]
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi


def _spec(workouts: list[s.WorkoutIn]) -> PlanSpec:
    ordered = sorted(enumerate(workouts), key=lambda p: (p[1].order is None, p[1].order, p[0]))
    return PlanSpec(
        workouts=tuple(
            WorkoutSpec(
                day_of_week=w.day_of_week,
                title=w.title.strip(),
                description=w.description.strip(),
                duration_minutes=w.duration_minutes,
                exercises=tuple(
                    ExerciseSpec(
                        name=e.name.strip(),
                        sets=e.sets,
                        reps=e.reps,
                        duration_seconds=e.duration_seconds,
                        load=e.load or None,
                        notes=e.notes or None,
                        video=(
                            VideoSpec(
                                url=e.video.url,
                                title=e.video.title,
                                thumbnail_url=e.video.thumbnail_url,
                                duration_seconds=e.video.duration_seconds,
                            )
                            if e.video
                            else None
                        ),
                    )
                    for _, e in sorted(
                        enumerate(w.exercises),
                        key=lambda p: (p[1].order is None, p[1].order, p[0]),
                    )
                ),
            )
            for _, w in ordered
        )
    )


def _spec_json(w: WorkoutSpec) -> dict:
    return {
        "day_of_week": w.day_of_week,
        "title": w.title,
        "description": w.description,
        "duration_minutes": w.duration_minutes,
        "exercises": [
            {
                "name": e.name,
                "sets": e.sets,
                "reps": e.reps,
                "duration_seconds": e.duration_seconds,
                "load": e.load,
                "notes": e.notes,
                "video_url": e.video.url if e.video else None,
                "volume": _volume(e.sets, e.reps, e.duration_seconds, e.load),
            }
            for e in w.exercises
        ],
    }


def _volume(sets: int, reps: int | None, duration: int | None, load: str | None) -> str:
    text = format_volume(sets, reps, duration) if (reps or duration) else f"{sets} sets"
    return f"{text} @ {load}" if load else text


def _completion(c: dashboard.Completion) -> s.CompletionOut:
    return s.CompletionOut(completed=c.completed, total=c.total, percentage=c.percentage)
