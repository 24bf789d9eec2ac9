"""The strategy's writes answer the same on the page and through the API: one service each
(:mod:`mostra.strategy.services.objects`) ranks the targets without gaps and refuses a
platform already there, with its audit entry."""

from __future__ import annotations

from html import escape

import pytest

from mostra.core.models import AuditAction, AuditEvent
from mostra.strategy import document as d
from mostra.strategy.models import Platform, Target
from mostra.strategy.services import objects

API = "/workspaces/fromagerie/strategy"
WEB = "/w/fromagerie/strategy/"


@pytest.fixture
def ranked(workspace, owner_membership):
    """Two priority targets (1, 2) and Instagram among the platforms."""
    objects.save_target(owner_membership, d.Target(id="t-a", name="A", priority=1))
    objects.save_target(owner_membership, d.Target(id="t-b", name="B", priority=2))
    objects.save_platform(owner_membership, d.Platform(network="instagram"))
    return workspace


def ranks(workspace) -> dict[str, int | None]:
    return dict(Target.objects.filter(workspace=workspace).values_list("key", "priority"))


def ranking_events(workspace) -> int:
    return AuditEvent.objects.filter(
        workspace=workspace, action=AuditAction.UPDATE, object_label="Target ranking"
    ).count()


def test_a_new_priority_target_comes_next_on_the_page_and_through_the_api(
    ranked, owner_client, alice
):
    page = owner_client.post(
        WEB + "targets/new/",
        {
            "target-new-name": "Chefs",
            "target-new-kind": "direct",
            "target-new-typology": "collective",
            "target-new-is_priority": "on",
        },
    )
    assert page.status_code == 302
    assert ranks(ranked)["t-chefs"] == 3
    events = ranking_events(ranked)
    # The API sends any number: the service ranks it next, as the page's target was.
    response = alice.post(API + "/targets", {"id": "t-presse", "name": "Presse", "priority": 40})
    assert response.status_code == 201
    assert response.json()["priority"] == 4
    assert ranks(ranked) == {"t-a": 1, "t-b": 2, "t-chefs": 3, "t-presse": 4}
    assert ranking_events(ranked) == events + 1  # {"t-presse": [40, 4]}


def test_deleting_a_priority_target_moves_the_next_up_on_both_surfaces(
    ranked, owner_membership, owner_client, alice
):
    objects.save_target(owner_membership, d.Target(id="t-c", name="C", priority=3))
    assert alice.delete(API + "/targets/t-a").status_code == 204
    assert ranks(ranked) == {"t-b": 1, "t-c": 2}
    assert owner_client.post(WEB + "targets/t-b/delete/").status_code == 302
    assert ranks(ranked) == {"t-c": 1}
    event = AuditEvent.objects.filter(workspace=ranked, object_label="Target ranking").first()
    assert event.changes == {"t-c": [2, 1]}


def test_a_platform_already_there_is_refused_alike(ranked, owner_client, alice):
    before = (Platform.objects.count(), AuditEvent.objects.count())
    message = "Instagram is already in the platforms: change it instead."
    response = alice.post(API + "/platforms", {"network": "instagram", "stage": "candidate"})
    assert response.status_code == 422
    assert response.json()["detail"][0] == {
        "type": "domain_error",
        "loc": ["body", "network"],
        "msg": message,
    }
    # The page's list no longer offers Instagram; a form sent from an older page (or a
    # second tab) gets the same refusal, on its network field.
    form = owner_client.get(WEB + "platforms/new/").content.decode()
    assert 'value="instagram"' not in form
    page = owner_client.post(
        WEB + "platforms/new/",
        {"platform-new-network": "instagram", "platform-new-stage": "candidate"},
    )
    assert page.status_code == 400
    assert escape(message) in page.content.decode()
    assert (Platform.objects.count(), AuditEvent.objects.count()) == before
    # Changing it stays possible on both.
    assert alice.put(API + "/platforms/instagram", {"network": "instagram"}).status_code == 200
