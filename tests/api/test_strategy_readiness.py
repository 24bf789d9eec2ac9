"""The API's readiness: per network with "not known yet" and the override; the override
set and revoked by owners only; answers "not known yet" by owners and managers."""

from __future__ import annotations

import pytest
from django.conf import settings

from mostra.core.models import AuditEvent, Membership, Role
from mostra.strategy.models import MissionNetwork, ReadinessOverride, ReadinessUnknown
from tests.strategy.fromagerie import build_strategy

S = "/workspaces/fromagerie/strategy/readiness"
WHO = "ready-mission-who"


@pytest.fixture
def who_forgotten(owner_membership):
    build_strategy(owner_membership)
    MissionNetwork.objects.filter(network="instagram").update(
        audience_present=None, competitors_present=None, partners_present=None
    )


def as_manager(teammate):
    Membership.objects.filter(user=teammate).update(role=Role.MANAGER)


def test_readiness_lists_not_known_override_and_the_address(who_forgotten, alice, bob):
    body = bob.get(S).json()["instagram"]
    assert body["ready"] is False and body["not_known"] == [] and body["override"] is None
    assert body["url"] == f"{settings.CONFIG.base_url}/w/fromagerie/strategy/readiness/instagram/"

    answered = alice.put(f"{S}/instagram/not-known/{WHO}", {"note": "Survey in June."})
    assert answered.status_code == 200, answered.content
    body = bob.get(f"{S}/instagram").json()
    assert body["ready"] is True
    assert body["not_known"][0]["note"] == "Survey in June."
    assert body["not_known"][0]["question"].startswith("Are our ideal customer")


def test_not_known_is_refused_where_a_real_answer_is_needed(who_forgotten, alice):
    refused = alice.put(f"{S}/tiktok/not-known/ready-mission-no-why", {"note": "Later."})
    assert refused.status_code == 422
    assert "needs a real answer" in refused.json()["detail"][0]["msg"]
    assert not ReadinessUnknown.objects.exists()


def test_a_manager_answers_not_known_an_editor_gets_404(who_forgotten, bob, teammate):
    assert bob.put(f"{S}/instagram/not-known/{WHO}", {"note": "Later."}).status_code == 404
    as_manager(teammate)
    assert bob.put(f"{S}/instagram/not-known/{WHO}", {"note": "Later."}).status_code == 200
    assert bob.delete(f"{S}/instagram/not-known/{WHO}").status_code == 200
    assert not ReadinessUnknown.objects.exists()


def test_owners_override_and_revoke(who_forgotten, alice, bob, teammate):
    as_manager(teammate)
    assert bob.post(f"{S}/tiktok/override", {"reason": "A trial."}).status_code == 404
    made = alice.post(f"{S}/tiktok/override", {"reason": "A trial."})
    assert made.status_code == 201
    assert made.json()["ready"] is True and made.json()["override"]["reason"] == "A trial."
    assert made.json()["override"]["by"] == "alice@example.org"
    again = alice.post(f"{S}/tiktok/override", {"reason": "Again."})
    assert again.status_code == 422 and "already overridden" in again.json()["detail"][0]["msg"]
    assert bob.delete(f"{S}/tiktok/override").status_code == 404
    revoked = alice.delete(f"{S}/tiktok/override")
    assert revoked.status_code == 200 and revoked.json()["ready"] is False
    assert ReadinessOverride.objects.get().revoked_at is not None
    assert AuditEvent.objects.filter(object_type="readinessoverride").count() == 2


def test_an_outsider_gets_404(who_forgotten, charlie):
    assert charlie.get(f"{S}/instagram").status_code == 404
    assert charlie.post(f"{S}/tiktok/override", {"reason": "Mine."}).status_code == 404
    assert charlie.put(f"{S}/instagram/not-known/{WHO}", {"note": "Mine."}).status_code == 404
    assert not ReadinessOverride.objects.exists() and not ReadinessUnknown.objects.exists()
