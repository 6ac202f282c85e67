"""The API keeps the chat's tick rules: a workout of a week that hasn't started is 409."""

from __future__ import annotations

from tests.sample_plans import PRODUCT_EXAMPLE
from tests.web.conftest import Team, tma
from tests.web.test_api import NEXT_MONDAY, error_code


async def test_a_workout_of_next_week_is_not_ticked(client, team: Team) -> None:
    created = await client.post(
        "/api/training/plans",
        json={"user_id": team.ann.athlete.id, "week_start": NEXT_MONDAY, "text": PRODUCT_EXAMPLE},
        headers=tma(team.tom),
    )
    assert created.status_code == 201, created.text
    workout = created.json()["workouts"][0]
    url = f"/api/training/workouts/{workout['id']}/complete"
    refused = await client.put(url, json={"completed": True}, headers=tma(team.ann))
    assert refused.status_code == 409 and error_code(refused) == "week_not_open_yet"
    assert "it can be ticked from its Monday" in refused.json()["error"]["message"]
    plan = await client.get(f"/api/training/plans/{created.json()['id']}", headers=tma(team.ann))
    assert plan.json()["workouts"][0]["completed"] is False
