"""The posts API, as Alice (owner), Bob (editor on her team) and Charlie (outsider)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mostra.core.models import AuditEvent, Membership, Workspace
from mostra.editorial.models import Approval, ContentPillar, Post, PostStatus
from tests.api.conftest import error_locs
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import soon
from tests.publishing.fake_network import connect

P = "/workspaces/fromagerie/posts"


@pytest.fixture(autouse=True)
def connected_accounts(workspace):
    """Scheduling needs a connected account per network: the Fromagerie has them."""
    for network in ("facebook", "instagram", "linkedin", "tiktok"):
        connect(workspace, network)


def body(**extra):
    when = soon(5).isoformat()
    return {
        "tactic": "k-arrivages",
        "title": "Tomme de printemps",
        "scheduled_at": when,
        "variants": [
            {"network": "facebook", "text": "La tomme de printemps est en cave 🧀"},
            {"network": "linkedin", "text": "Arrivage : tomme de printemps", "link": ""},
        ],
        **extra,
    }


@pytest.fixture
def plan(strategy):
    """The Fromagerie's strategy, with a content pillar."""
    ContentPillar.objects.create(workspace=strategy.workspace, name="Coulisses")
    return strategy.workspace


@pytest.fixture
def policy_one(workspace, teammate_membership) -> Workspace:
    """One approver needed; Bob is an approver."""
    Workspace.objects.filter(pk=workspace.pk).update(approval_policy="one")
    Membership.objects.filter(pk=teammate_membership.pk).update(is_approver=True)
    return workspace


def snapshot() -> tuple[object, ...]:
    return (
        list(Post.objects.values_list("id", "status", "version", "title").order_by("id")),
        AuditEvent.objects.count(),
    )


# --- The cast --------------------------------------------------------------------------------


@pytest.mark.parametrize("who,expected", [("owner", 201), ("teammate", 201), ("outsider", 404)])
def test_create_by_the_cast(plan, api_as, who, expected):
    response = api_as(who).post(P, body())
    assert response.status_code == expected, response.content
    if expected == 201:
        data = response.json()
        assert data["status"] == "draft"
        assert data["tactic"] == "k-arrivages"
        assert [v["network"] for v in data["variants"]] == ["facebook", "linkedin"]
        assert "submit" in data["actions"]
    else:
        assert not Post.objects.exists()


@pytest.mark.parametrize("who,expected", [("owner", 200), ("teammate", 200), ("outsider", 404)])
def test_read_by_the_cast(plan, alice, api_as, who, expected):
    pk = alice.post(P, body()).json()["id"]
    client = api_as(who)
    assert client.get(P).status_code == expected
    assert client.get(f"{P}/{pk}").status_code == expected
    assert client.get(f"{P}/{pk}/transitions").status_code == expected


def test_unauthenticated_gets_401(plan, alice):
    pk = alice.post(P, body()).json()["id"]
    anonymous = Client()
    for response in (
        anonymous.get(f"/api{P}"),
        anonymous.get(f"/api{P}/{pk}"),
        anonymous.post(f"/api{P}/{pk}/transitions/submit", content_type="application/json"),
    ):
        assert response.status_code == 401


def test_the_outsider_cannot_touch_a_post(plan, alice, charlie):
    pk = alice.post(P, body()).json()["id"]
    before = snapshot()
    assert charlie.patch(f"{P}/{pk}", {"title": "Pirate"}).status_code == 404
    assert charlie.post(f"{P}/{pk}/transitions/submit").status_code == 404
    assert charlie.delete(f"{P}/{pk}").status_code == 404
    # Even through his own workspace's address: the post is not there.
    assert charlie.get(f"/workspaces/other-brand/posts/{pk}").status_code == 404
    assert snapshot() == before


# --- Reading ---------------------------------------------------------------------------------


def test_get_one_with_variants(plan, alice):
    created = alice.post(P, body(pillar="Coulisses", sensitive=True)).json()
    data = alice.get(f"{P}/{created['id']}").json()
    assert data["pillar"] == "Coulisses"
    assert data["sensitive"] is True
    assert data["approvals_needed"] == 1  # sensitive: even with the policy "none"
    assert data["variants"][0] == {
        "network": "facebook",
        "text": "La tomme de printemps est en cave 🧀",
        "link": "",
        "first_comment": "",
        "overridden": True,
        "media": 0,
    }
    assert dt.datetime.fromisoformat(data["scheduled_at"]) == dt.datetime.fromisoformat(
        body()["scheduled_at"]
    )


def test_list_filters_and_pages(plan, alice, make_post):
    base = soon(2)
    for i in range(5):
        make_post(when=base + dt.timedelta(days=i), networks=("instagram",), title=f"I{i}")
    make_post(when=base, networks=("linkedin",), title="L", status=PostStatus.APPROVED)
    everything = alice.get(P).json()
    assert everything["count"] == 6
    assert alice.get(P, network="linkedin").json()["items"][0]["title"] == "L"
    assert alice.get(P, status="approved").json()["count"] == 1
    window = alice.get(
        P,
        **{
            "from": (base + dt.timedelta(days=1)).isoformat(),
            "to": (base + dt.timedelta(days=3)).isoformat(),
        },
    ).json()
    assert [p["title"] for p in window["items"]] == ["I1", "I2"]
    make_post(when=None, title="Undated")
    assert alice.get(P).json()["items"][-1]["title"] == "Undated"  # undated posts last
    page = alice.get(P, limit=2, offset=2).json()
    assert (page["count"], len(page["items"]), page["offset"]) == (7, 2, 2)


def test_list_refuses_bad_filters(plan, alice):
    assert alice.get(P, status="lost").status_code == 422
    assert alice.get(P, limit=0).status_code == 422
    naive = alice.get(P, **{"from": "2026-05-01T10:00:00"})
    assert naive.status_code == 422
    assert "UTC offset" in naive.json()["detail"][0]["msg"]


def test_list_query_count_does_not_grow_with_posts(plan, alice, make_post):
    Workspace.objects.filter(pk=plan.pk).update(sensitive_topics="listéria")

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert alice.get(P).status_code == 200
        return len(ctx.captured_queries)

    make_post(when=soon(), networks=("instagram", "facebook"))
    count_queries()  # the first call of the minute notes when the token was used
    few = count_queries()
    for i in range(12):
        post = make_post(when=soon(i + 1), networks=("instagram", "facebook", "linkedin"))
        Approval.objects.create(post=post, approver=post.author, version=1, decision="approved")
    assert count_queries() == few
    assert few <= 10


# --- Writing ---------------------------------------------------------------------------------


def test_create_refuses_bad_input_with_the_field(plan, alice):
    before = snapshot()
    wrong_tactic = alice.post(P, body(tactic="k-nope"))
    assert wrong_tactic.status_code == 422
    assert error_locs(wrong_tactic) == [["body", "tactic"]]
    assert "No tactic" in wrong_tactic.json()["detail"][0]["msg"]
    naive = alice.post(P, body(scheduled_at="2026-05-12T10:00:00"))
    assert naive.status_code == 422
    assert "UTC offset" in naive.json()["detail"][0]["msg"]
    unknown_network = alice.post(P, body(variants=[{"network": "myspace", "text": "x"}]))
    assert unknown_network.status_code == 422
    assert alice.post(P, body(variants=[])).status_code == 422
    assert alice.post(P, body(pillar="Inconnu")).status_code == 422
    assert snapshot() == before


def test_patch_content_sends_an_approved_post_back_to_review(plan, alice, bob, policy_one):
    pk = alice.post(P, body()).json()["id"]
    assert alice.post(f"{P}/{pk}/transitions/submit").json()["status"] == "in_review"
    # Approved with a date to come: scheduled at once (the workspace's default).
    assert bob.post(f"{P}/{pk}/transitions/approve").json()["status"] == "scheduled"
    renamed = alice.patch(f"{P}/{pk}", {"title": "Tomme d'été"}).json()
    assert (renamed["status"], renamed["version"]) == ("scheduled", 1)  # not content
    changed = alice.patch(
        f"{P}/{pk}", {"variants": [{"network": "facebook", "text": "Nouveau texte"}]}
    ).json()
    assert (changed["status"], changed["version"], changed["approvals"]) == ("in_review", 2, 0)
    assert changed["networks"] == ["facebook"]
    assert "approve" in bob.get(f"{P}/{pk}").json()["actions"]


def test_patch_refuses_null(plan, alice):
    pk = alice.post(P, body()).json()["id"]
    response = alice.patch(f"{P}/{pk}", {"title": None})
    assert response.status_code == 422


def test_delete_drafts_only(plan, alice, policy_one):
    draft = alice.post(P, body()).json()["id"]
    submitted = alice.post(P, body()).json()["id"]
    alice.post(f"{P}/{submitted}/transitions/submit")
    refused = alice.delete(f"{P}/{submitted}")
    assert refused.status_code == 422
    assert "Only drafts can be deleted" in refused.json()["detail"][0]["msg"]
    assert alice.delete(f"{P}/{draft}").status_code == 204
    assert list(Post.objects.values_list("id", flat=True)) == [submitted]


# --- Transitions ----------------------------------------------------------------------------


def test_transitions_through_the_api(plan, alice, bob, policy_one):
    Workspace.objects.filter(pk=plan.pk).update(separate_scheduling=True)  # scheduled by hand
    pk = alice.post(P, body()).json()["id"]
    own = alice.post(f"{P}/{pk}/transitions/submit")
    assert own.json()["status"] == "in_review"
    refused = alice.post(f"{P}/{pk}/transitions/approve")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["msg"] == (
        "You wrote this post: another approver must approve it."
    )
    no_note = bob.post(f"{P}/{pk}/transitions/request_changes", {"note": ""})
    assert no_note.status_code == 422
    assert error_locs(no_note) == [["body", "note"]]
    changes = bob.post(f"{P}/{pk}/transitions/request_changes", {"note": "Le prix ?"})
    assert changes.json()["status"] == "changes_requested"
    alice.post(f"{P}/{pk}/transitions/submit")
    assert bob.post(f"{P}/{pk}/transitions/approve").json()["status"] == "approved"
    again = bob.post(f"{P}/{pk}/transitions/approve")
    assert again.json()["detail"][0]["msg"] == (
        "This post is already approved: it cannot be approved again."
    )
    assert alice.post(f"{P}/{pk}/transitions/schedule").json()["status"] == "scheduled"
    unknown = alice.post(f"{P}/{pk}/transitions/explode")
    assert unknown.status_code == 422
    assert "Unknown action" in unknown.json()["detail"][0]["msg"]


def test_transition_actions_listed(plan, alice, bob, policy_one):
    pk = alice.post(P, body()).json()["id"]
    alice.post(f"{P}/{pk}/transitions/submit")
    actions = [a["action"] for a in bob.get(f"{P}/{pk}/transitions").json()]
    assert actions == ["withdraw", "request_changes", "approve", "cancel"]


def test_readiness_gate_through_the_api(plan, alice, make_post):
    tiktok = {"id": make_post(networks=("tiktok",), when=soon(), status="approved").pk}
    refused = alice.post(f"{P}/{tiktok['id']}/transitions/schedule")
    assert refused.status_code == 422
    message = refused.json()["detail"][0]["msg"]
    assert "first post on TikTok" in message
    assert "/w/fromagerie/strategy/" in message
    assert error_locs(refused) == [["body", "scheduled_at"]]
    assert Post.objects.get(pk=tiktok["id"]).status == PostStatus.APPROVED


def test_a_transition_needs_no_body(plan, alice, tokens, policy_one):
    from tests.api.conftest import token_client

    pk = alice.post(P, body()).json()["id"]
    response = token_client(tokens["owner"]).generic("POST", f"/api{P}/{pk}/transitions/submit")
    assert response.status_code == 200
    assert response.json()["status"] == "in_review"
