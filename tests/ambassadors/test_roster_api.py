"""The roster's REST routes: Alice (owner) and Bob (editor) add and change members and
their accounts; only Alice exports and erases (owners and managers); Charlie
(outsider) gets 404 everywhere; bad input answers 422 naming the field."""

from __future__ import annotations

import pytest

from mostra.ambassadors.models import Member, MemberAccount
from mostra.core.models import AuditEvent
from mostra.strategy.models import Target
from tests.api.conftest import error_locs

pytestmark = pytest.mark.django_db
BASE = "/workspaces/fromagerie/ambassadors"


@pytest.fixture
def lea(alice, workspace):
    Target.objects.create(workspace=workspace, key="cyclistes", name="Cyclistes urbains")
    created = alice.post(
        BASE,
        {
            "name": "Léa Martin",
            "kind": "influencer",
            "compensation": "paid",
            "email": "lea@example.org",
            "consent_at": "2026-03-02T10:00:00+01:00",
            "consent_note": "Contrat signé",
            "targets": ["cyclistes"],
        },
    )
    assert created.status_code == 201, created.content
    return created.json()


def test_owner_and_teammate_manage_the_roster(alice, bob, lea, django_assert_max_num_queries):
    assert (lea["kind"], lea["compensation"], lea["targets"]) == (
        "influencer",
        "paid",
        ["cyclistes"],
    )
    added = bob.post(
        f"{BASE}/{lea['id']}/accounts",
        {"network": "instagram", "handle": "@Lea.Velo", "followers": 64000},
    )
    assert added.status_code == 201
    account = added.json()["accounts"][0]
    assert account["handle"] == "lea.velo" and account["tier"] == "mid"
    assert account["profile_url"] == "https://www.instagram.com/lea.velo/"
    changed = bob.patch(f"{BASE}/{lea['id']}", {"compensation": "gift"})
    assert changed.status_code == 200
    assert changed.json()["compensation"] == "gift" and changed.json()["targets"] == ["cyclistes"]
    with django_assert_max_num_queries(12):
        listed = alice.get(BASE, tier="mid")
    assert [m["name"] for m in listed.json()] == ["Léa Martin"]
    assert listed.json()[0]["figures"] == {"posts_tracked": 0, "reach": None, "engagements": None}
    assert alice.get(BASE, kind="ambassador").json() == []
    assert alice.get(f"{BASE}/{lea['id']}").json()["tier"] == "mid"
    removed = bob.delete(f"{BASE}/{lea['id']}/accounts/{account['id']}")
    assert removed.status_code == 200 and removed.json()["accounts"] == []


def test_bad_input_answers_422_naming_the_field(alice, lea):
    twice = alice.post(BASE, {"name": "Léa Martin"})
    assert twice.status_code == 422 and "already has a member" in twice.json()["detail"][0]["msg"]
    unknown = alice.post(BASE, {"name": "Paul", "targets": ["nobody"]})
    assert unknown.status_code == 422 and error_locs(unknown) == [["body", "targets"]]
    no_server = alice.post(f"{BASE}/{lea['id']}/accounts", {"network": "mastodon", "handle": "lea"})
    assert no_server.status_code == 422 and error_locs(no_server) == [["body", "handle"]]
    network = alice.post(f"{BASE}/{lea['id']}/accounts", {"network": "myspace", "handle": "lea"})
    assert network.status_code == 422 and "not a network mostra knows" in network.content.decode()
    assert Member.objects.count() == 1 and not MemberAccount.objects.exists()


def test_export_and_erase_are_the_owners_and_managers(alice, bob, lea):
    assert bob.get(f"{BASE}/{lea['id']}/export").status_code == 404
    assert bob.delete(f"{BASE}/{lea['id']}").status_code == 404
    exported = alice.get(f"{BASE}/{lea['id']}/export")
    assert exported.status_code == 200
    assert exported.json()["member"]["email"] == "lea@example.org"
    erased = alice.delete(f"{BASE}/{lea['id']}")
    assert erased.status_code == 200 and erased.json()["accounts"] == 0
    assert not Member.objects.exists()
    assert "Léa" not in str(list(AuditEvent.objects.values("object_label", "changes")))


def test_outsider_gets_404(charlie, lea):
    pk = lea["id"]
    for response in (
        charlie.get(BASE),
        charlie.post(BASE, {"name": "Intrus"}),
        charlie.get(f"{BASE}/{pk}"),
        charlie.patch(f"{BASE}/{pk}", {"name": "Intrus"}),
        charlie.delete(f"{BASE}/{pk}"),
        charlie.get(f"{BASE}/{pk}/export"),
        charlie.post(f"{BASE}/{pk}/accounts", {"network": "x", "handle": "intrus"}),
        charlie.get("/workspaces/other-brand/ambassadors/" + str(pk)),
    ):
        assert response.status_code == 404
    assert Member.objects.get().name == "Léa Martin"
