"""The inbox in the API: every member lists the mentions with the page's filters,
editors and above triage one, outsiders get 404 (and so does another workspace's
mention)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from mostra.core.models import ApiToken, AuditEvent, Workspace
from mostra.listening.models import Mention, MentionState
from tests.api.conftest import Api, token_client

pytestmark = pytest.mark.django_db

PATH = "/workspaces/fromagerie/listening/mentions"


def api(user) -> Api:
    return Api(token_client(ApiToken.issue(user, "script")[1]))


def _mention(workspace, guid: str, **fields) -> Mention:
    values = {"text": f"text {guid}", "published_at": timezone.now()}
    values.update(fields)
    return Mention.objects.create(workspace=workspace, guid=guid, **values)


def test_members_list_with_filters_and_outsiders_get_404(workspace, owner, teammate, outsider):
    neg = _mention(workspace, "neg", lang="fr", sentiment=-0.5, text="Très déçu")
    _mention(workspace, "pos", lang="en", sentiment=0.9, text="Great")
    page = api(teammate).get(PATH, sentiment="negative")
    assert page.status_code == 200, page.content
    body = page.json()
    assert body["count"] == 1 and body["items"][0]["id"] == neg.pk
    assert body["items"][0]["sentiment_label"] == "negative"
    assert body["response_target_hours"] == 24 and body["median_response_hours"] is None
    assert api(owner).get(PATH).json()["count"] == 2
    assert api(teammate).get(PATH, since="yesterday").status_code == 422
    assert api(outsider).get(PATH).status_code == 404


def test_triage_through_patch(workspace, owner, teammate, outsider):
    one = _mention(workspace, "1")
    bob = api(teammate)
    answer = bob.patch(
        f"{PATH}/{one.pk}", {"state": "handled", "assignee": teammate.pk, "tags": ["SAV", "vélo"]}
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["state"] == "handled" and body["assignee"] == "bob@example.org"
    assert body["tags"] == ["SAV", "vélo"] and body["responded_at"] is not None
    assert AuditEvent.objects.filter(workspace=workspace, object_id=str(one.pk)).count() >= 3
    cleared = bob.patch(f"{PATH}/{one.pk}", {"assignee": 0, "tags": []}).json()
    assert cleared["assignee"] is None and cleared["tags"] == []
    assert api(teammate).get(PATH, state="handled").json()["median_response_hours"] is not None
    # A bad state: 422, and nothing of the same call written (all or nothing).
    refused = bob.patch(f"{PATH}/{one.pk}", {"assignee": teammate.pk, "state": "done"})
    assert refused.status_code == 422
    one.refresh_from_db()
    assert one.assignee is None and one.state == MentionState.HANDLED
    # Charlie, and another workspace's mention under this slug: 404.
    assert api(outsider).patch(f"{PATH}/{one.pk}", {"state": "new"}).status_code == 404
    theirs = _mention(Workspace.objects.get(slug="other-brand"), "theirs")
    assert api(owner).patch(f"{PATH}/{theirs.pk}", {"state": "handled"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == MentionState.NEW


def test_a_viewer_cannot_triage(workspace, owner):
    from mostra.core.models import Membership, Role, User

    viewer = User.objects.create_user("vera@example.org", "pw-123456789")
    Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    one = _mention(workspace, "v")
    assert api(viewer).get(PATH).status_code == 200
    assert api(viewer).patch(f"{PATH}/{one.pk}", {"state": "handled"}).status_code in (403, 404)


def test_the_list_queries_do_not_grow(workspace, owner, django_assert_max_num_queries):
    for i in range(30):
        _mention(workspace, f"m{i}")
    client = api(owner)
    with django_assert_max_num_queries(20):
        assert len(client.get(PATH).json()["items"]) == 30
