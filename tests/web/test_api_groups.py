"""GET /api/groups and POST /api/plans/publish with group_ids, on both databases."""

from __future__ import annotations

from core.services import athlete_groups
from tests.conftest import NOW
from tests.sample_plans import PRODUCT_EXAMPLE
from tests.web.conftest import Team, tma
from tests.web.test_api import NEXT_MONDAY, error_code, publish


async def make_group(uow, trainer, name, *members) -> int:
    group = await athlete_groups.create_group(
        uow(), trainer, name=name, member_ids=[m.athlete.id for m in members], now=NOW
    )
    return group.id


def body(**fields) -> dict:
    return {"week_start": NEXT_MONDAY, "text": PRODUCT_EXAMPLE, **fields}


async def test_a_trainer_lists_their_own_groups_with_members(client, uow, team: Team) -> None:
    both = await make_group(uow, team.tom, "Runners", team.ben, team.ann)
    empty = await make_group(uow, team.tom, "Empty")
    await make_group(uow, team.kim, "Kim's", team.cid)
    response = await client.get("/api/groups", headers=tma(team.tom))
    assert response.status_code == 200, response.text
    groups = {g["name"]: g for g in response.json()}
    assert set(groups) == {"Runners", "Empty"}  # Kim's group is not shown
    assert groups["Runners"]["id"] == both
    assert [m["name"] for m in groups["Runners"]["members"]] == ["Ann", "Ben"]
    assert groups["Runners"]["member_ids"] == [team.ann.athlete.id, team.ben.athlete.id]
    assert groups["Empty"] == {"id": empty, "name": "Empty", "member_ids": [], "members": []}


async def test_groups_are_for_trainers_only(client, team: Team, admin_context) -> None:
    athlete = await client.get("/api/groups", headers=tma(team.ann))
    assert athlete.status_code == 403 and error_code(athlete) == "not_a_trainer"
    admin = await client.get("/api/groups", headers=tma(team.ada))  # an admin, not a trainer
    assert admin.status_code == 403 and error_code(admin) == "not_a_trainer"
    assert (await client.get("/api/groups")).status_code == 401


async def test_an_admin_who_is_no_trainer_cannot_publish_to_a_group(
    client, uow, team: Team, admin_context, notices
) -> None:
    group = await make_group(uow, team.tom, "Runners", team.ann)
    refused = await client.post(
        "/api/plans/publish", json=body(group_ids=[group]), headers=tma(team.ada)
    )
    assert refused.status_code == 403 and error_code(refused) == "not_a_trainer"
    assert notices.plans == []
    # By athlete ids an admin still publishes to anyone, as before.
    by_id = await client.post(
        "/api/plans/publish", json=body(athlete_ids=[team.ann.athlete.id]), headers=tma(team.ada)
    )
    assert by_id.status_code == 200, by_id.text


async def test_publish_to_a_group_and_an_athlete_in_it_publishes_once_each(
    client, uow, team: Team, notices
) -> None:
    group = await make_group(uow, team.tom, "Runners", team.ann, team.ben)
    response = await client.post(
        "/api/plans/publish",
        json=body(athlete_ids=[team.ben.athlete.id], group_ids=[group, group]),
        headers=tma(team.tom),
    )
    assert response.status_code == 200, response.text
    published = response.json()["published"]
    assert [p["athlete_name"] for p in published] == ["Ben", "Ann"]  # Ben once
    assert sorted(a for a, _ in notices.plans) == sorted([team.ann.athlete.id, team.ben.athlete.id])
    only_group = await client.post(
        "/api/plans/publish", json=body(group_ids=[group]), headers=tma(team.tom)
    )
    assert only_group.status_code == 200, only_group.text
    assert [p["athlete_name"] for p in only_group.json()["published"]] == ["Ann", "Ben"]


async def test_another_trainers_group_publishes_nothing(client, uow, team: Team, notices) -> None:
    mine = await make_group(uow, team.tom, "Runners", team.ann)
    kims = await make_group(uow, team.kim, "Kim's", team.cid)
    response = await client.post(
        "/api/plans/publish",
        json=body(athlete_ids=[team.ben.athlete.id], group_ids=[mine, kims]),
        headers=tma(team.tom),
    )
    assert response.status_code == 404 and error_code(response) == "group_not_found"
    missing = await client.post(
        "/api/plans/publish", json=body(group_ids=[kims + 1000]), headers=tma(team.tom)
    )
    assert missing.status_code == 404
    assert notices.plans == []
    for athlete in (team.ann, team.ben):  # nothing stored for Tom's own athletes either
        plans = await client.get(
            f"/api/training/plans/user/{athlete.athlete.id}/history", headers=tma(team.tom)
        )
        assert plans.json()["total"] == 0, plans.text
    # An athlete (no trainer) sending group ids is refused the same way.
    athlete = await client.post(
        "/api/plans/publish", json=body(group_ids=[kims]), headers=tma(team.cid)
    )
    assert athlete.status_code == 403
    assert notices.plans == []


async def test_an_empty_group_alone_is_422_and_beside_an_athlete_adds_nobody(
    client, uow, team: Team, notices
) -> None:
    empty = await make_group(uow, team.tom, "Empty")
    alone = await client.post(
        "/api/plans/publish", json=body(group_ids=[empty]), headers=tma(team.tom)
    )
    assert alone.status_code == 422 and error_code(alone) == "nobody_chosen"
    assert "pick an athlete or a group" in alone.json()["error"]["message"]
    assert notices.plans == []
    beside = await client.post(
        "/api/plans/publish",
        json=body(athlete_ids=[team.ann.athlete.id], group_ids=[empty]),
        headers=tma(team.tom),
    )
    assert beside.status_code == 200, beside.text
    assert [p["athlete_name"] for p in beside.json()["published"]] == ["Ann"]


async def test_a_body_with_neither_athletes_nor_groups_is_422(client, team: Team) -> None:
    for fields in ({}, {"athlete_ids": [], "group_ids": []}, {"group_ids": []}):
        response = await client.post(
            "/api/plans/publish", json=body(**fields), headers=tma(team.tom)
        )
        assert response.status_code == 422 and error_code(response) == "invalid", fields
        assert "athlete_ids or group_ids" in response.json()["error"]["message"]
    bad = await client.post(
        "/api/plans/publish", json=body(group_ids=["runners"]), headers=tma(team.tom)
    )
    assert bad.status_code == 422


async def test_a_started_week_in_a_group_stops_the_whole_publish(
    client, uow, team: Team, notices
) -> None:
    plan = await publish(client, team.tom, team.ann)  # this week
    await client.put(
        f"/api/training/workouts/{plan['workouts'][0]['id']}/complete", headers=tma(team.ann)
    )
    group = await make_group(uow, team.tom, "Runners", team.ann, team.ben)
    before = list(notices.plans)
    response = await client.post(
        "/api/plans/publish",
        json={"week_start": "2026-11-23", "text": PRODUCT_EXAMPLE, "group_ids": [group]},
        headers=tma(team.tom),
    )
    assert response.status_code == 409 and error_code(response) == "plan_locked"
    assert notices.plans == before  # Ben got nothing either


async def test_openapi_documents_groups(client) -> None:
    document = (await client.get("/api/openapi.json")).json()
    assert "get" in document["paths"]["/groups"]
    schemas = document["components"]["schemas"]
    assert "group_ids" in schemas["PublishIn"]["properties"]
    assert {"id", "name", "member_ids", "members"} <= set(schemas["GroupOut"]["properties"])


async def test_listing_groups_costs_the_same_for_one_group_as_for_five(
    client, uow, team: Team, count_statements
) -> None:
    counts = []
    for n in range(5):
        await make_group(uow, team.tom, f"G{n}", team.ann, team.ben)
        if n in (0, 4):
            with count_statements() as counter:
                response = await client.get("/api/groups", headers=tma(team.tom))
            assert len(response.json()) == n + 1
            counts.append(counter.count)
    assert counts[0] == counts[1], counts
