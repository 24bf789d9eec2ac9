"""Who may approve and submit, through the API (issue 12, items 2 and 9).

Alice (owner) writes; Bob (editor, approver) rewrites her post under review with a
PATCH and may not approve it then; Dana (editor, approver) may. Charlie gets 404.
"""

from __future__ import annotations

import pytest

from mostra.core.models import ApiToken, Membership, Role
from mostra.editorial.models import Post
from tests.api.conftest import Api, token_client
from tests.api.test_editorial import P, body
from tests.editorial.workflow_fixtures import *  # noqa: F403

CHANGED = "You changed this post's content: another approver must approve it."


@pytest.fixture
def dana_api(dana) -> Api:
    return Api(token_client(ApiToken.issue(dana.user, "script")[1]))


@pytest.fixture
def submitted(strategy, alice, bob_approver, dana, set_policy) -> int:
    """Alice's post, in review under the policy "one"."""
    set_policy("one")
    pk = alice.post(P, body()).json()["id"]
    assert alice.post(f"{P}/{pk}/transitions/submit").json()["status"] == "in_review"
    return pk


def rewrite(api: Api, pk: int) -> dict:
    response = api.patch(f"{P}/{pk}", {"variants": [{"network": "facebook", "text": "Bob"}]})
    assert response.status_code == 200
    return response.json()


def test_bob_patches_then_his_approval_is_refused(submitted, bob, dana_api):
    pk = submitted
    assert rewrite(bob, pk)["version"] == 2
    refused = bob.post(f"{P}/{pk}/transitions/approve")
    assert refused.status_code == 422
    detail = refused.json()["detail"][0]
    assert detail["type"] == "domain_error"
    assert detail["msg"].startswith(CHANGED)
    assert Post.objects.get(pk=pk).status == "in_review"
    assert "approve" not in bob.get(f"{P}/{pk}").json()["actions"]
    assert "approve" not in [a["action"] for a in bob.get(f"{P}/{pk}/transitions").json()]
    assert "approve" in dana_api.get(f"{P}/{pk}").json()["actions"]
    assert dana_api.post(f"{P}/{pk}/transitions/approve").json()["status"] == "approved"


def test_a_change_of_title_only_leaves_him_free_to_approve(submitted, bob):
    pk = submitted
    assert bob.patch(f"{P}/{pk}", {"title": "Tomme d'été"}).json()["version"] == 1
    assert bob.post(f"{P}/{pk}/transitions/approve").json()["status"] == "approved"


def test_the_outsider_gets_404(submitted, charlie):
    pk = submitted
    assert charlie.patch(f"{P}/{pk}", {"title": "x"}).status_code == 404
    assert charlie.post(f"{P}/{pk}/transitions/approve").status_code == 404
    assert Post.objects.get(pk=pk).status == "in_review"


def test_a_contributor_cannot_submit_alices_draft(strategy, alice, bob, teammate, set_policy):
    set_policy("none")
    Membership.objects.filter(user=teammate).update(role=Role.CONTRIBUTOR)
    pk = alice.post(P, body()).json()["id"]
    assert "submit" not in bob.get(f"{P}/{pk}").json()["actions"]
    refused = bob.post(f"{P}/{pk}/transitions/submit")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["msg"].startswith(
        "Only its author, an editor, a manager or the owner can submit this post"
    )
    assert Post.objects.get(pk=pk).status == "draft"
    own = bob.post(P, body()).json()["id"]
    assert bob.post(f"{P}/{own}/transitions/submit").json()["status"] == "approved"
    assert alice.post(f"{P}/{pk}/transitions/submit").json()["status"] == "approved"
