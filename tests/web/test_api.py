"""The HTTP API on both databases: every endpoint's success, bad input, and permissions."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from core import models
from core.services import api_tokens
from tests.conftest import NOW
from tests.sample_plans import PRODUCT_EXAMPLE
from tests.web.conftest import Team, tma

THIS_MONDAY = "2026-11-23"
NEXT_MONDAY = "2026-11-30"


async def publish(client: httpx.AsyncClient, trainer: models.Actor, athlete: models.Actor) -> dict:
    response = await client.post(
        "/api/training/plans",
        json={"user_id": athlete.athlete.id, "week_start": THIS_MONDAY, "text": PRODUCT_EXAMPLE},
        headers=tma(trainer),
    )
    assert response.status_code == 201, response.text
    return response.json()


def error_code(response: httpx.Response) -> str:
    body = response.json()
    assert set(body["error"]) >= {"code", "message"}, body
    return body["error"]["code"]


# --- auth -----------------------------------------------------------------------------


async def test_no_authorization_is_401(client, team: Team) -> None:
    response = await client.get("/api/training/trainers")
    assert response.status_code == 401
    assert error_code(response) == "unauthorized"


async def test_init_data_signed_with_another_bots_token_is_401(client, team: Team) -> None:
    from tests.web.conftest import OTHER_TOKEN

    response = await client.get("/api/me", headers=tma(team.ann, token=OTHER_TOKEN))
    assert response.status_code == 401
    assert "signature" in response.json()["error"]["message"]


async def test_init_data_with_a_changed_field_is_401(client, team: Team) -> None:
    header = tma(team.ann)["Authorization"]
    # Claim to be Tom with Ann's signature: the user field no longer matches the hash.
    forged = header.replace(
        f"%22id%22%3A{team.ann.athlete.telegram_id}", f"%22id%22%3A{team.tom.athlete.telegram_id}"
    )
    assert forged != header
    response = await client.get("/api/me", headers={"Authorization": forged})
    assert response.status_code == 401


async def test_init_data_older_than_a_day_is_401(client, team: Team) -> None:
    old = NOW - timedelta(hours=24, minutes=1)
    response = await client.get("/api/me", headers=tma(team.ann, auth_date=old))
    assert response.status_code == 401
    assert "expired" in response.json()["error"]["message"]
    fresh = NOW - timedelta(hours=23, minutes=59)
    assert (await client.get("/api/me", headers=tma(team.ann, auth_date=fresh))).status_code == 200


async def test_the_user_comes_from_the_signed_data_only(client, team: Team) -> None:
    response = await client.get(
        f"/api/me?user_id={team.tom.athlete.id}&telegram_id={team.tom.athlete.telegram_id}",
        headers=tma(team.ann),
    )
    assert response.status_code == 200
    assert response.json()["athlete"]["id"] == team.ann.athlete.id
    assert response.json()["trainer"] is None


async def test_a_mini_app_user_never_seen_before_is_registered(client) -> None:
    response = await client.get("/api/me", headers=tma(777, first_name="New\x00com\x07er"))
    assert response.status_code == 200
    assert response.json()["athlete"]["name"] == "Newcomer"


async def test_operator_tokens_authenticate_until_revoked(client, uow, team: Team) -> None:
    made = await api_tokens.create_token(uow(), name="ops", is_admin=True, now=NOW)
    bearer = {"Authorization": f"Bearer {made.token}"}
    listed = await client.get("/api/training/trainers", headers=bearer)
    assert listed.status_code == 200
    # An admin token may read anyone's week.
    plan = await publish(client, team.tom, team.ann)
    assert (
        await client.get(f"/api/training/plans/{plan['id']}", headers=bearer)
    ).status_code == 200
    wrong = {"Authorization": f"Bearer {made.token[:-2]}xx"}
    assert (await client.get("/api/training/trainers", headers=wrong)).status_code == 401
    assert await api_tokens.revoke_token(uow(), name="ops", now=NOW)
    assert (await client.get("/api/training/trainers", headers=bearer)).status_code == 401


async def test_a_token_is_stored_only_as_its_hash(uow, engine) -> None:
    from sqlalchemy import text

    made = await api_tokens.create_token(uow(), name="grafana", is_admin=False, now=NOW)
    async with engine.connect() as connection:
        stored = (await connection.execute(text("SELECT token_hash FROM api_tokens"))).scalar()
    assert stored == api_tokens.hash_token(made.token) and made.token not in stored


async def test_a_non_admin_token_reads_trainers_but_no_ones_plans(client, uow, team) -> None:
    made = await api_tokens.create_token(uow(), name="reader", is_admin=False, now=NOW)
    bearer = {"Authorization": f"Bearer {made.token}"}
    plan = await publish(client, team.tom, team.ann)
    assert (await client.get("/api/training/trainers", headers=bearer)).status_code == 200
    assert (
        await client.get(f"/api/training/plans/{plan['id']}", headers=bearer)
    ).status_code == 403
    me = await client.get("/api/training/plans/user/me/current", headers=bearer)
    assert me.status_code == 400


# --- plans ----------------------------------------------------------------------------


async def test_create_a_plan_with_nested_workouts(client, team: Team, notices) -> None:
    body = {
        "user_id": team.ann.athlete.id,
        "week_start": THIS_MONDAY,
        "workouts": [
            {
                "day_of_week": 3,
                "title": "Intervals",
                "duration_minutes": 40,
                "order": 2,
                "exercises": [{"name": "Run", "sets": 6, "duration_seconds": 120}],
            },
            {
                "day_of_week": 0,
                "title": "Strength",
                "description": "Warm up first",
                "order": 1,
                "exercises": [
                    {
                        "name": "Row",
                        "sets": 4,
                        "reps": 10,
                        "load": "20kg",
                        "order": 2,
                        "video": {"url": "https://example.com/row.mp4", "title": "Row"},
                    },
                    {"name": "Squat", "sets": 5, "reps": 5, "order": 1, "notes": "slow"},
                ],
            },
        ],
    }
    response = await client.post("/api/training/plans", json=body, headers=tma(team.tom))
    assert response.status_code == 201, response.text
    plan = response.json()
    assert plan["user_id"] == team.ann.athlete.id and plan["week_number"] == 1
    assert plan["week_end"] == "2026-11-29" and plan["trainer_id"] == team.tom.trainer_id
    assert plan["motivational_message"]
    assert [w["title"] for w in plan["workouts"]] == ["Strength", "Intervals"]
    strength = plan["workouts"][0]
    assert [e["name"] for e in strength["exercises"]] == ["Squat", "Row"]
    assert strength["exercises"][1]["video"]["url"] == "https://example.com/row.mp4"
    assert plan["workouts"][1]["exercises"][0]["duration_seconds"] == 120
    assert notices.plans == [(team.ann.athlete.id, plan["id"])]


async def test_create_a_plan_from_plan_text(client, team: Team) -> None:
    plan = await publish(client, team.tom, team.ann)
    assert [w["day_of_week"] for w in plan["workouts"]] == [0, 2, 4]
    assert plan["workouts"][0]["exercises"][2]["load"] == "20kg"


@pytest.mark.parametrize(
    "change",
    [
        {"week_start": "2026-11-24"},  # a Tuesday
        {"workouts": [{"day_of_week": 7, "title": "x"}]},
        {"workouts": [{"day_of_week": 0, "title": "x", "exercises": [{"name": "a", "sets": 3}]}]},
        {"workouts": [{"day_of_week": 0, "title": ""}]},
        {"text": "Mon: Push\n- Push-ups 3x12", "workouts": []},
        {"surprise": 1},
    ],
)
async def test_create_plan_with_a_bad_body_is_422(client, team: Team, change) -> None:
    body = {"user_id": team.ann.athlete.id, "week_start": THIS_MONDAY, "workouts": [], **change}
    response = await client.post("/api/training/plans", json=body, headers=tma(team.tom))
    assert response.status_code == 422, response.text
    assert error_code(response) == "invalid"


async def test_create_plan_with_broken_json_is_400(client, team: Team) -> None:
    response = await client.post(
        "/api/training/plans",
        content=b'{"user_id": 1,',
        headers={**tma(team.tom), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert error_code(response) == "bad_json"


async def test_plan_text_mistakes_are_422_with_line_numbers(client, team: Team) -> None:
    body = {
        "user_id": team.ann.athlete.id,
        "week_start": THIS_MONDAY,
        "text": "Mon: Push\n- Push-ups 3x12\nFunday: Rest\n- Plank three",
    }
    response = await client.post("/api/training/plans", json=body, headers=tma(team.tom))
    assert response.status_code == 422
    assert error_code(response) == "plan_text_error"
    assert [d["line"] for d in response.json()["error"]["details"]] == [3, 4]


async def test_a_second_plan_for_the_same_week_is_409(client, team: Team) -> None:
    await publish(client, team.tom, team.ann)
    body = {"user_id": team.ann.athlete.id, "week_start": THIS_MONDAY, "text": PRODUCT_EXAMPLE}
    response = await client.post("/api/training/plans", json=body, headers=tma(team.tom))
    assert response.status_code == 409
    assert error_code(response) == "plan_exists"


async def test_planning_another_trainers_athlete_is_403(client, team: Team, notices) -> None:
    body = {"user_id": team.cid.athlete.id, "week_start": THIS_MONDAY, "text": PRODUCT_EXAMPLE}
    response = await client.post("/api/training/plans", json=body, headers=tma(team.tom))
    assert response.status_code == 403
    assert error_code(response) == "not_your_athlete"
    athlete_plans = await client.post("/api/training/plans", json=body, headers=tma(team.ann))
    assert athlete_plans.status_code == 403
    assert notices.plans == []


async def test_get_plan(client, team: Team) -> None:
    plan = await publish(client, team.tom, team.ann)
    for viewer in (team.ann, team.tom):
        response = await client.get(f"/api/training/plans/{plan['id']}", headers=tma(viewer))
        assert response.status_code == 200
        assert response.json() == plan
    assert (
        await client.get(f"/api/training/plans/{plan['id']}", headers=tma(team.ben))
    ).status_code == 403
    assert (
        await client.get(f"/api/training/plans/{plan['id']}", headers=tma(team.kim))
    ).status_code == 403
    missing = await client.get("/api/training/plans/999999", headers=tma(team.tom))
    assert missing.status_code == 404 and error_code(missing) == "plan_not_found"
    assert (await client.get("/api/training/plans/abc", headers=tma(team.tom))).status_code == 422


async def test_current_week(client, team: Team) -> None:
    none_yet = await client.get("/api/training/plans/user/me/current", headers=tma(team.ann))
    assert none_yet.status_code == 404
    plan = await publish(client, team.tom, team.ann)
    mine = await client.get("/api/training/plans/user/me/current", headers=tma(team.ann))
    assert mine.status_code == 200 and mine.json()["id"] == plan["id"]
    by_id = f"/api/training/plans/user/{team.ann.athlete.id}/current"
    assert (await client.get(by_id, headers=tma(team.tom))).json()["id"] == plan["id"]
    assert (await client.get(by_id, headers=tma(team.ben))).status_code == 403
    assert (await client.get(by_id, headers=tma(team.kim))).status_code == 403
    bad = await client.get("/api/training/plans/user/someone/current", headers=tma(team.tom))
    assert bad.status_code == 422


async def test_history_with_limit(client, uow, team: Team) -> None:
    from datetime import date

    from core.plan_text import parse_plan_text
    from core.services import plans

    spec = parse_plan_text(PRODUCT_EXAMPLE)
    for monday in (date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)):
        await plans.create_plan(
            uow(), team.tom, athlete_id=team.ann.athlete.id, week_start=monday, spec=spec, now=NOW
        )
    url = f"/api/training/plans/user/{team.ann.athlete.id}/history"
    response = await client.get(f"{url}?limit=2", headers=tma(team.tom))
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 4 and body["limit"] == 2
    assert [w["week_number"] for w in body["items"]] == [4, 3]
    assert body["items"][0]["completion_percentage"] == 0
    mine = await client.get("/api/training/plans/user/me/history", headers=tma(team.ann))
    assert len(mine.json()["items"]) == 4
    assert (await client.get(f"{url}?limit=0", headers=tma(team.tom))).status_code == 422
    assert (await client.get(f"{url}?limit=x", headers=tma(team.tom))).status_code == 422
    assert (await client.get(url, headers=tma(team.cid))).status_code == 403


# --- workouts and logs ----------------------------------------------------------------


async def test_mark_a_workout_complete_and_incomplete(client, team: Team, notices) -> None:
    plan = await publish(client, team.tom, team.ann)
    workout_id = plan["workouts"][0]["id"]
    url = f"/api/training/workouts/{workout_id}/complete"
    done = await client.put(url, json={"completed": True}, headers=tma(team.ann))
    assert done.status_code == 200
    assert done.json()["completed"] is True and done.json()["completed_at"]
    again = await client.put(url, headers=tma(team.ann))  # the default is true
    assert again.json()["completed_at"] == done.json()["completed_at"]
    assert [c.changed for c in notices.changes] == [True, False]
    assert notices.changes[0].trainer.id == team.tom.trainer_id
    undone = await client.put(url, json={"completed": False}, headers=tma(team.ann))
    assert undone.json()["completed"] is False and undone.json()["completed_at"] is None


async def test_another_athletes_workout_is_403(client, team: Team) -> None:
    plan = await publish(client, team.tom, team.ann)
    url = f"/api/training/workouts/{plan['workouts'][0]['id']}/complete"
    for stranger in (team.ben, team.kim, team.cid):
        response = await client.put(url, json={"completed": True}, headers=tma(stranger))
        assert response.status_code == 403, stranger.athlete.name
        assert error_code(response) == "not_your_plan"
    current = await client.get(f"/api/training/plans/{plan['id']}", headers=tma(team.ann))
    assert current.json()["workouts"][0]["completed"] is False


async def test_complete_with_a_bad_body_or_workout(client, team: Team) -> None:
    plan = await publish(client, team.tom, team.ann)
    url = f"/api/training/workouts/{plan['workouts'][0]['id']}/complete"
    assert (
        await client.put(url, json={"completed": "maybe"}, headers=tma(team.ann))
    ).status_code == 422
    missing = await client.put("/api/training/workouts/99999/complete", headers=tma(team.ann))
    assert missing.status_code == 404 and error_code(missing) == "workout_not_found"


async def test_log_an_exercise_and_read_its_history(client, team: Team) -> None:
    plan = await publish(client, team.tom, team.ann)
    row = plan["workouts"][0]["exercises"][2]  # Dumbbell row 4x10 @ 20kg
    url = f"/api/training/exercises/{row['id']}/log"
    first = await client.post(
        url, json={"sets": 1, "reps": 10, "load": "20kg"}, headers=tma(team.ann)
    )
    assert first.status_code == 201, first.text
    assert (
        first.json()["log"]["reps"] == 10 and first.json()["log"]["user_id"] == team.ann.athlete.id
    )
    second = await client.post(
        url,
        json={"sets": 1, "reps": 8, "load": "20kg", "notes": "tired\x00"},
        headers=tma(team.ann),
    )
    assert [r["reps"] for r in second.json()["recent"]] == [8, 10]
    assert second.json()["log"]["notes"] == "tired"  # control characters are cleaned
    history = await client.get(
        f"/api/training/exercises/{row['id']}/history?limit=1", headers=tma(team.tom)
    )
    assert history.status_code == 200
    assert history.json()["exercise"]["name"] == "Dumbbell row"
    assert [x["reps"] for x in history.json()["logs"]] == [8]


@pytest.mark.parametrize(
    "body",
    [{}, {"sets": 0, "reps": 1}, {"sets": 1, "reps": -1}, {"sets": "x"}, {"sets": 1, "x": 1}],
)
async def test_a_bad_log_is_422(client, team: Team, body) -> None:
    plan = await publish(client, team.tom, team.ann)
    url = f"/api/training/exercises/{plan['workouts'][0]['exercises'][0]['id']}/log"
    response = await client.post(url, json=body, headers=tma(team.ann))
    assert response.status_code == 422


async def test_logging_or_reading_another_athletes_exercise_is_403(client, team: Team) -> None:
    plan = await publish(client, team.tom, team.ann)
    exercise_id = plan["workouts"][0]["exercises"][0]["id"]
    log = await client.post(
        f"/api/training/exercises/{exercise_id}/log",
        json={"sets": 1, "reps": 5},
        headers=tma(team.ben),
    )
    assert log.status_code == 403
    history = await client.get(
        f"/api/training/exercises/{exercise_id}/history", headers=tma(team.kim)
    )
    assert history.status_code == 403
    missing = await client.get("/api/training/exercises/99999/history", headers=tma(team.ann))
    assert missing.status_code == 404


# --- trainers -------------------------------------------------------------------------


async def test_create_list_and_get_trainers(client, admin_context, team: Team) -> None:
    body = {"telegram_id": 4242, "name": "Zoe", "specialization": "Running", "bio": "Coach."}
    created = await client.post("/api/training/trainers", json=body, headers=tma(team.ada))
    assert created.status_code == 201, created.text
    zoe = created.json()
    assert zoe["name"] == "Zoe" and zoe["specialization"] == "Running"
    listed = await client.get("/api/training/trainers", headers=tma(team.ann))
    assert {t["name"] for t in listed.json()} == {"Tom", "Kim", "Zoe"}
    one = await client.get(f"/api/training/trainers/{zoe['id']}", headers=tma(team.ann))
    assert one.json() == zoe
    assert (
        await client.get("/api/training/trainers/9999", headers=tma(team.ann))
    ).status_code == 404
    again = await client.post("/api/training/trainers", json=body, headers=tma(team.ada))
    assert again.status_code == 409


async def test_only_admins_create_trainers(client, admin_context, team: Team) -> None:
    body = {"telegram_id": 4243, "name": "Max"}
    response = await client.post("/api/training/trainers", json=body, headers=tma(team.tom))
    assert response.status_code == 403 and error_code(response) == "not_an_admin"
    bad = await client.post("/api/training/trainers", json={"name": "Max"}, headers=tma(team.ada))
    assert bad.status_code == 422


async def test_assign_a_trainer_to_a_plan(client, admin_context, team: Team, clock) -> None:
    plan = await publish(client, team.tom, team.ann)
    clock.set(NOW + timedelta(minutes=5))
    url = f"/api/training/plans/{plan['id']}/assign-trainer"
    response = await client.put(
        url, json={"trainer_id": team.kim.trainer_id}, headers=tma(team.tom)
    )
    assert response.status_code == 200, response.text
    assert response.json()["trainer_id"] == team.kim.trainer_id
    assert response.json()["updated_at"] > plan["updated_at"]
    also_post = await client.post(
        url, json={"trainer_id": team.tom.trainer_id}, headers=tma(team.ada)
    )
    assert also_post.status_code == 200 and also_post.json()["trainer_id"] == team.tom.trainer_id


async def test_assign_trainer_refusals(client, team: Team) -> None:
    plan = await publish(client, team.tom, team.ann)
    url = f"/api/training/plans/{plan['id']}/assign-trainer"
    assert (
        await client.put(url, json={"trainer_id": team.kim.trainer_id}, headers=tma(team.kim))
    ).status_code == 403
    assert (
        await client.put(url, json={"trainer_id": team.kim.trainer_id}, headers=tma(team.ann))
    ).status_code == 403
    assert (
        await client.put(url, json={"trainer_id": 9999}, headers=tma(team.tom))
    ).status_code == 404
    assert (await client.put(url, json={}, headers=tma(team.tom))).status_code == 422


async def test_a_plans_summary(client, team: Team) -> None:
    plan = await publish(client, team.tom, team.ann)
    await client.put(
        f"/api/training/workouts/{plan['workouts'][0]['id']}/complete", headers=tma(team.ann)
    )
    plank = plan["workouts"][0]["exercises"][1]  # 3x60s: the minutes done are what is logged
    await client.post(
        f"/api/training/exercises/{plank['id']}/log",
        json={"sets": 3, "duration_seconds": 60},
        headers=tma(team.ann),
    )
    response = await client.get(f"/api/training/plans/{plan['id']}/summary", headers=tma(team.tom))
    assert response.status_code == 200
    summary = response.json()
    assert (summary["total_workouts"], summary["completed_workouts"]) == (3, 1)
    assert summary["completion_percentage"] == 33
    assert summary["planned_duration_minutes"] == 115
    assert summary["completed_duration_minutes"] == 3
    assert summary["trainer_feedback"].startswith("Let's refocus")
    assert (
        await client.get(f"/api/training/plans/{plan['id']}/summary", headers=tma(team.cid))
    ).status_code == 403
    assert (
        await client.get("/api/training/plans/9999/summary", headers=tma(team.tom))
    ).status_code == 404


# --- the Mini App's endpoints ---------------------------------------------------------


async def test_roster_with_flags_and_completion(client, uow, team: Team) -> None:
    from core.services import people

    plan = await publish(client, team.tom, team.ann)
    await client.put(
        f"/api/training/workouts/{plan['workouts'][0]['id']}/complete", headers=tma(team.ann)
    )
    await people.set_reachable(uow(), team.ben.athlete.telegram_id, False, NOW)
    response = await client.get("/api/roster", headers=tma(team.tom))
    assert response.status_code == 200
    roster = {e["athlete"]["name"]: e for e in response.json()}
    assert set(roster) == {"Ann", "Ben"}
    assert roster["Ann"]["completion_percentage"] == 33
    assert "unreachable" in roster["Ben"]["flags"] and roster["Ben"]["week"] is None
    assert response.json()[0]["athlete"]["name"] == "Ben"  # flagged first
    assert (await client.get("/api/roster", headers=tma(team.ann))).status_code == 403


async def test_no_plan_for_next_week_is_flagged_from_thursday(client, clock, team: Team) -> None:
    await publish(client, team.tom, team.ann)
    wednesday = await client.get("/api/roster", headers=tma(team.tom))
    assert all("no_next_plan" not in e["flags"] for e in wednesday.json())
    clock.set(NOW + timedelta(days=1))
    thursday = await client.get(
        "/api/roster", headers=tma(team.tom, auth_date=NOW + timedelta(days=1))
    )
    assert all("no_next_plan" in e["flags"] for e in thursday.json())


async def test_athlete_card(client, team: Team) -> None:
    plan = await publish(client, team.tom, team.ann)
    squat = plan["workouts"][2]["exercises"][0]
    await client.post(
        f"/api/training/exercises/{squat['id']}/log",
        json={"sets": 5, "reps": 5, "load": "55kg", "notes": "knee sore"},
        headers=tma(team.ann),
    )
    response = await client.get(f"/api/athletes/{team.ann.athlete.id}", headers=tma(team.tom))
    assert response.status_code == 200
    card = response.json()
    assert card["plan"]["id"] == plan["id"]
    assert card["recent_logs"][0]["planned"] == "5x5 @ 60kg"
    assert card["recent_logs"][0]["done"] == "5x5 @ 55kg"
    assert card["recent_logs"][0]["log"]["notes"] == "knee sore"
    assert card["this_week"] == {"completed": 0, "total": 3, "percentage": 0}
    assert card["plannable_weeks"][:2] == [THIS_MONDAY, NEXT_MONDAY]
    assert (
        await client.get(f"/api/athletes/{team.cid.athlete.id}", headers=tma(team.tom))
    ).status_code == 403
    assert (
        await client.get(f"/api/athletes/{team.ann.athlete.id}", headers=tma(team.ben))
    ).status_code == 403
    assert (await client.get("/api/athletes/99999", headers=tma(team.tom))).status_code == 404


async def test_plan_text_validation(client, team: Team) -> None:
    good = await client.post(
        "/api/plans/validate", json={"text": PRODUCT_EXAMPLE}, headers=tma(team.tom)
    )
    assert good.status_code == 200
    assert good.json()["valid"] is True and len(good.json()["workouts"]) == 3
    bad = await client.post(
        "/api/plans/validate", json={"text": "Mon: Push\n- Push-ups 3x\n"}, headers=tma(team.tom)
    )
    assert bad.json()["valid"] is False
    assert [e["line"] for e in bad.json()["errors"]] == [2]
    assert (
        await client.post("/api/plans/validate", json={}, headers=tma(team.tom))
    ).status_code == 422
    assert (await client.post("/api/plans/validate", json={"text": "x"})).status_code == 401


async def test_publish_to_several_athletes(client, team: Team, notices) -> None:
    body = {
        "athlete_ids": [team.ann.athlete.id, team.ben.athlete.id],
        "week_start": NEXT_MONDAY,
        "text": PRODUCT_EXAMPLE,
    }
    response = await client.post("/api/plans/publish", json=body, headers=tma(team.tom))
    assert response.status_code == 200, response.text
    published = response.json()["published"]
    assert [p["athlete_name"] for p in published] == ["Ann", "Ben"]
    assert {p["plan"]["id"] for p in published} == {plan for _, plan in notices.plans}
    assert len({p["plan"]["id"] for p in published}) == 2  # each their own plan
    # Publishing again replaces an untouched week.
    again = await client.post("/api/plans/publish", json=body, headers=tma(team.tom))
    assert again.status_code == 200


async def test_publish_refusals(client, team: Team, notices) -> None:
    mixed = {
        "athlete_ids": [team.ann.athlete.id, team.cid.athlete.id],
        "week_start": NEXT_MONDAY,
        "text": PRODUCT_EXAMPLE,
    }
    response = await client.post("/api/plans/publish", json=mixed, headers=tma(team.tom))
    assert response.status_code == 403
    assert notices.plans == []  # nothing was stored for Ann either
    far = {**mixed, "athlete_ids": [team.ann.athlete.id], "week_start": "2027-03-01"}
    assert (
        await client.post("/api/plans/publish", json=far, headers=tma(team.tom))
    ).status_code == 422
    tuesday = {**far, "week_start": "2026-12-01"}
    assert (
        await client.post("/api/plans/publish", json=tuesday, headers=tma(team.tom))
    ).status_code == 422
    nobody = {**far, "athlete_ids": [], "week_start": NEXT_MONDAY}
    assert (
        await client.post("/api/plans/publish", json=nobody, headers=tma(team.tom))
    ).status_code == 422


async def test_publish_over_a_week_in_progress_is_409(client, team: Team) -> None:
    plan = await publish(client, team.tom, team.ann)
    await client.put(
        f"/api/training/workouts/{plan['workouts'][0]['id']}/complete", headers=tma(team.ann)
    )
    body = {
        "athlete_ids": [team.ann.athlete.id],
        "week_start": THIS_MONDAY,
        "text": PRODUCT_EXAMPLE,
    }
    response = await client.post("/api/plans/publish", json=body, headers=tma(team.tom))
    assert response.status_code == 409 and error_code(response) == "plan_locked"


async def test_today(client, team: Team) -> None:
    empty = await client.get("/api/today", headers=tma(team.ann))
    assert empty.status_code == 200 and empty.json()["plan"] is None
    plan = await publish(client, team.tom, team.ann)
    today = (await client.get("/api/today", headers=tma(team.ann))).json()
    assert today["today"] == "2026-11-25" and today["day_of_week"] == 2
    assert today["today_workout_ids"] == [plan["workouts"][1]["id"]]  # Wednesday's run


async def test_openapi_document_lists_every_endpoint(client) -> None:
    response = await client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert set(document["components"]["securitySchemes"]) == {"miniApp", "operatorToken"}
    paths = document["paths"]
    for path in (
        "/training/plans",
        "/training/plans/{plan_id}",
        "/training/plans/user/{user_id}/current",
        "/training/plans/user/{user_id}/history",
        "/training/workouts/{workout_id}/complete",
        "/training/exercises/{exercise_id}/log",
        "/training/exercises/{exercise_id}/history",
        "/training/trainers",
        "/training/trainers/{trainer_id}",
        "/training/plans/{plan_id}/assign-trainer",
        "/training/plans/{plan_id}/summary",
        "/me",
        "/today",
        "/roster",
        "/athletes/{athlete_id}",
        "/plans/validate",
        "/plans/publish",
    ):
        assert path in paths, path


async def test_unknown_paths_and_methods_are_json_errors(client, team: Team) -> None:
    missing = await client.get("/api/nothing-here", headers=tma(team.ann))
    assert missing.status_code == 404 and error_code(missing) == "not_found"
    wrong = await client.delete("/api/training/trainers", headers=tma(team.ann))
    assert wrong.status_code == 405 and error_code(wrong) == "method_not_allowed"


async def test_the_mini_app_is_served(client) -> None:
    page = await client.get("/app/")
    assert page.status_code == 200 and "app.js" in page.text
    script = await client.get("/app/app.js")
    assert script.status_code == 200 and "tgWebAppData" in script.text
    assert (await client.get("/app", follow_redirects=False)).status_code in (302, 307)


async def test_nothing_ticked_for_four_planned_days_is_flagged_idle(client, team: Team) -> None:
    plan = await publish(client, team.tom, team.ann)  # Monday's workout is two days back
    idle = await client.get("/api/roster", headers=tma(team.tom))
    assert "idle" in next(e for e in idle.json() if e["athlete"]["name"] == "Ann")["flags"]
    card = await client.get(f"/api/athletes/{team.ann.athlete.id}", headers=tma(team.tom))
    assert "idle" in card.json()["flags"]
    await client.put(
        f"/api/training/workouts/{plan['workouts'][0]['id']}/complete", headers=tma(team.ann)
    )
    busy = await client.get("/api/roster", headers=tma(team.tom))
    assert all("idle" not in e["flags"] for e in busy.json())
