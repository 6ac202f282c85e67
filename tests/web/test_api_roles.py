"""The HTTP API keeps the chat's rule: nobody becomes their own trainer."""

from __future__ import annotations

from core.services import invites
from tests.conftest import NOW
from tests.web.conftest import tma
from tests.web.test_api import error_code, publish


async def test_a_plan_cannot_go_to_its_own_athlete(client, uow, users) -> None:
    tom, kim = await users.trainer("Tom"), await users.trainer("Kim")
    invite = await invites.create_athlete_invite(uow(), tom, NOW)
    await invites.redeem(uow(), kim, invite.payload, NOW)  # Kim trains with Tom
    kim = await users.refresh(kim)
    plan = await publish(client, tom, kim)
    url = f"/api/training/plans/{plan['id']}/assign-trainer"
    response = await client.put(url, json={"trainer_id": kim.trainer_id}, headers=tma(tom))
    assert response.status_code == 422 and error_code(response) == "own_trainer"
    assert "their own trainer" in response.json()["error"]["message"]
    unchanged = await client.get(f"/api/training/plans/{plan['id']}", headers=tma(tom))
    assert unchanged.json()["trainer_id"] == tom.trainer_id
