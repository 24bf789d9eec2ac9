"""An objective whose owner is not a member yet, through the API: ``owner`` is their
address as the strategy file wrote it, ``owner_pending`` says so (read-only)."""

# ruff: noqa: F811 (the plan fixture imported from strategy_support is a pytest argument)

from __future__ import annotations

from mostra.core.models import Membership, User
from mostra.strategy.models import Objective
from tests.api.strategy_support import S, plan  # noqa: F401
from tests.conftest import PASSWORD


def waiting_for_dana(workspace) -> None:
    """o-notoriete as an imported file leaves it: Dana owns it, but has not joined."""
    Objective.objects.filter(workspace=workspace, key="o-notoriete").update(
        owner=None, owner_email="dana@example.org"
    )


def test_members_read_the_pending_owner(plan, alice, bob, charlie):
    waiting_for_dana(plan)
    for api in (alice, bob):
        objective = api.get(S + "/objectives/o-notoriete").json()
        assert (objective["owner"], objective["owner_pending"]) == ("dana@example.org", True)
        listed = api.get(S + "/objectives").json()
        assert [(o["owner"], o["owner_pending"]) for o in listed] == [("dana@example.org", True)]
        assert api.get(S).json()["objectives"][0]["owner"] == "dana@example.org"
    assert charlie.get(S + "/objectives/o-notoriete").status_code == 404
    # Once she joins, she is the owner.
    dana = User.objects.create_user("dana@example.org", PASSWORD)
    Membership.objects.create(workspace=plan, user=dana, role="editor")
    objective = alice.get(S + "/objectives/o-notoriete").json()
    assert (objective["owner"], objective["owner_pending"]) == ("dana@example.org", False)


def test_what_was_read_can_be_sent_back_and_a_member_replaces_her(plan, alice):
    waiting_for_dana(plan)
    body = alice.get(S + "/objectives/o-notoriete").json()
    kept = alice.put(S + "/objectives/o-notoriete", {**body, "target": 4000})
    assert kept.status_code == 200
    assert (kept.json()["owner"], kept.json()["owner_pending"]) == ("dana@example.org", True)
    # Read-only: sending false changes nothing.
    kept = alice.put(S + "/objectives/o-notoriete", {**body, "owner_pending": False})
    assert kept.json()["owner_pending"] is True
    replaced = alice.put(S + "/objectives/o-notoriete", {**body, "owner": "bob@example.org"})
    assert (replaced.json()["owner"], replaced.json()["owner_pending"]) == (
        "bob@example.org",
        False,
    )
    assert Objective.objects.get(key="o-notoriete").owner_email == ""


def test_a_new_owner_who_is_not_a_member_is_refused(plan, alice, bob):
    waiting_for_dana(plan)
    body = alice.get(S + "/objectives/o-notoriete").json()
    response = alice.put(S + "/objectives/o-notoriete", {**body, "owner": "erin@example.org"})
    assert response.status_code == 422
    assert "erin@example.org is not a member of this workspace" in response.content.decode()
    created = alice.post(
        S + "/objectives", {**body, "id": "o-autre", "owner_pending": True}
    )  # Dana waits for o-notoriete only: a new objective cannot name her.
    assert created.status_code == 422
    assert Objective.objects.get(key="o-notoriete").owner_email == "dana@example.org"
    # Bob, an editor, cannot change the strategy: the same 404 as an outsider.
    assert bob.put(S + "/objectives/o-notoriete", body).status_code == 404
