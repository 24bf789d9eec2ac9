"""Readiness where the work starts: answers "not known yet" with a note, answering the
missing questions in place (the composer's dialog, the network's readiness page), and
the owners' override of the gate.

The Fromagerie's strategy answers every question for Instagram; the tests forget who
is there on Instagram, a question that may be "not known yet".
"""

from __future__ import annotations

import pytest

from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent, Membership, Role
from mostra.strategy.checks.context import readiness_for_workspace
from mostra.strategy.models import MissionNetwork, ReadinessOverride, ReadinessUnknown
from mostra.strategy.services import readiness as service
from tests.conftest import client_for

PAGE = "/w/fromagerie/strategy/readiness/instagram/"
WHO = "ready-mission-who"


@pytest.fixture
def who_forgotten(strategy):
    MissionNetwork.objects.filter(network="instagram").update(
        audience_present=None, competitors_present=None, partners_present=None
    )
    result = readiness_for_workspace(strategy.workspace, "instagram")
    assert [f.code for f in result.missing] == [WHO]
    return strategy


@pytest.fixture
def as_role(teammate_membership):
    def make(role: str) -> Membership:
        teammate_membership.role = role
        teammate_membership.save(update_fields=["role"])
        return teammate_membership

    return make


# --- Not known yet --------------------------------------------------------------------


def test_not_known_yet_with_a_note_counts_as_answered(who_forgotten):
    service.set_not_known(who_forgotten, "instagram", WHO, "We survey our customers in June.")
    result = readiness_for_workspace(who_forgotten.workspace, "instagram")
    assert result.ready is True and result.missing == []
    assert [(n.code, n.note, n.by) for n in result.not_known] == [
        (WHO, "We survey our customers in June.", "alice@example.org")
    ]
    event = AuditEvent.objects.get(object_type="readinessunknown")
    assert event.changes["note"] == "We survey our customers in June."


@pytest.mark.parametrize("code", ["ready-mission-no-why", "ready-no-tactic", "ready-no-platform"])
def test_not_known_yet_is_refused_where_the_question_needs_a_real_answer(strategy, code):
    with pytest.raises(DomainError, match="needs a real answer"):
        service.set_not_known(strategy, "tiktok", code, "Later.")
    assert (
        not ReadinessUnknown.objects.exists()
        and not AuditEvent.objects.filter(object_type="readinessunknown").exists()
    )


def test_not_known_yet_needs_a_note(who_forgotten):
    with pytest.raises(DomainError, match="Say in a note"):
        service.set_not_known(who_forgotten, "instagram", WHO, "   ")
    assert not ReadinessUnknown.objects.exists()


def test_an_editor_cannot_answer_not_known(who_forgotten, as_role):
    with pytest.raises(DomainError, match="Only owners and managers"):
        service.set_not_known(as_role(Role.EDITOR), "instagram", WHO, "Later.")


# --- The override ---------------------------------------------------------------------


def test_an_owner_overrides_the_gate_audited_and_revokes_it(who_forgotten):
    service.override(who_forgotten, "instagram", "The launch cannot wait for the survey.")
    result = readiness_for_workspace(who_forgotten.workspace, "instagram")
    assert result.ready is True and [f.code for f in result.missing] == [WHO]
    assert result.override.reason == "The launch cannot wait for the survey."
    assert result.override.by == "alice@example.org"
    created = AuditEvent.objects.get(object_type="readinessoverride", action="create")
    assert created.changes == {
        "network": "instagram",
        "reason": "The launch cannot wait for the survey.",
    }
    with pytest.raises(DomainError, match="already overridden"):
        service.override(who_forgotten, "instagram", "Again.")

    service.revoke_override(who_forgotten, "instagram")
    assert readiness_for_workspace(who_forgotten.workspace, "instagram").ready is False
    revoked = ReadinessOverride.objects.get()
    assert revoked.revoked_by_label == "alice@example.org" and revoked.revoked_at
    assert AuditEvent.objects.filter(object_type="readinessoverride", action="delete").exists()
    with pytest.raises(DomainError, match="not overridden"):
        service.revoke_override(who_forgotten, "instagram")


@pytest.mark.parametrize("role", [Role.MANAGER, Role.EDITOR])
def test_only_owners_override(who_forgotten, as_role, role):
    with pytest.raises(DomainError, match="Only the workspace's owners"):
        service.override(as_role(role), "instagram", "Because.")
    assert not ReadinessOverride.objects.exists()


def test_an_override_needs_a_reason(who_forgotten):
    with pytest.raises(DomainError, match="Say why"):
        service.override(who_forgotten, "instagram", "")
    assert not ReadinessOverride.objects.exists()


# --- The network's readiness page and the dialog's endpoint ---------------------------


def test_the_page_lists_what_is_missing_and_the_form(who_forgotten, owner):
    html = client_for(owner).get(PAGE).content.decode()
    assert "Ready to post on Instagram?" in html
    assert "Say whether your ideal customer, your competitors, your partners are on" in html
    assert 'name="ready-audience_present"' in html and 'name="ready-unknown_who"' in html
    assert "Override the readiness check" in html


def test_the_dialog_saves_answers_in_place_and_the_network_is_ready(who_forgotten, owner):
    response = client_for(owner).post(
        PAGE,
        {
            "fragment": "dialog",
            "ready-audience_present": "yes",
            "ready-competitors_present": "no",
            "ready-partners_present": "no",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-ready="yes"' in html and "The answers for Instagram are saved." in html
    assert "<html" not in html  # a fragment, for the dialog
    entry = MissionNetwork.objects.get(network="instagram")
    assert (entry.audience_present, entry.competitors_present, entry.partners_present) == (
        True,
        False,
        False,
    )
    assert AuditEvent.objects.filter(object_type="missionnetwork", action="update").exists()


def test_a_manager_answers_not_known_yet_from_the_page(who_forgotten, as_role, teammate):
    as_role(Role.MANAGER)
    response = client_for(teammate).post(
        PAGE,
        {"ready-unknown_who": "on", "ready-note_who": "We ask them at the market in May."},
        follow=True,
    )
    html = response.content.decode()
    assert "The answers for Instagram are saved." in html
    assert readiness_for_workspace(who_forgotten.workspace, "instagram").ready is True
    assert ReadinessUnknown.objects.get().note == "We ask them at the market in May."
    assert ReadinessUnknown.objects.get().answered_by_label == "bob@example.org"


def test_not_known_yet_without_a_note_is_refused_and_nothing_is_saved(who_forgotten, owner):
    response = client_for(owner).post(
        PAGE, {"fragment": "dialog", "ready-unknown_who": "on", "ready-audience_present": "yes"}
    )
    assert response.status_code == 400
    assert "Say in a note what is not known yet" in response.content.decode()
    assert not ReadinessUnknown.objects.exists()
    assert MissionNetwork.objects.get(network="instagram").audience_present is None


def test_an_editor_reads_but_cannot_answer(who_forgotten, teammate):
    client = client_for(teammate)  # Bob is an editor
    html = client.get(PAGE + "?fragment=dialog").content.decode()
    assert "Only owners and managers can answer" in html and "<form" not in html
    assert client.post(PAGE, {"ready-audience_present": "yes"}).status_code == 404
    assert MissionNetwork.objects.get(network="instagram").audience_present is None


def test_an_outsider_gets_404(who_forgotten, outsider):
    client = client_for(outsider)
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {"ready-audience_present": "yes"}).status_code == 404
    assert client.post(PAGE + "override/", {"reason": "Mine."}).status_code == 404
    assert MissionNetwork.objects.get(network="instagram").audience_present is None
    assert not ReadinessOverride.objects.exists()


def test_an_unknown_network_is_404(strategy, owner):
    assert client_for(owner).get("/w/fromagerie/strategy/readiness/myspace/").status_code == 404


@pytest.mark.parametrize("role", [Role.MANAGER, Role.EDITOR])
def test_the_override_page_route_is_for_owners(who_forgotten, as_role, teammate, role):
    as_role(role)
    response = client_for(teammate).post(PAGE + "override/", {"reason": "Because."})
    assert response.status_code == 404
    assert not ReadinessOverride.objects.exists()


def test_the_strategy_page_shows_not_known_and_the_override_with_who_when_why(
    who_forgotten, owner, as_role, teammate
):
    service.set_not_known(who_forgotten, "instagram", WHO, "We survey our customers in June.")
    client = client_for(owner)
    response = client.post(
        "/w/fromagerie/strategy/readiness/tiktok/override/",
        {"reason": "A <b>test</b> campaign.", "next": "/w/fromagerie/strategy/"},
    )
    assert response.status_code == 302 and response["Location"] == "/w/fromagerie/strategy/"
    html = client.get("/w/fromagerie/strategy/").content.decode()
    assert (
        "Are our ideal customer, competitors and partners there? Not known yet: We survey" in html
    )
    assert "Overridden by alice@example.org on " in html
    assert "A &lt;b&gt;test&lt;/b&gt; campaign." in html  # escaped
    assert 'action="/w/fromagerie/strategy/readiness/tiktok/revoke/"' in html
    # A manager sees the override, without the button to revoke it.
    as_role(Role.MANAGER)
    manager_html = client_for(teammate).get("/w/fromagerie/strategy/").content.decode()
    assert "Overridden by alice@example.org" in manager_html
    assert "/readiness/tiktok/revoke/" not in manager_html

    client.post("/w/fromagerie/strategy/readiness/tiktok/revoke/")
    html = client.get("/w/fromagerie/strategy/").content.decode()
    assert "Overridden by" not in html
    assert not readiness_for_workspace(who_forgotten.workspace, "tiktok").ready
