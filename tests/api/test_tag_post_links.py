"""POST /api/workspaces/<slug>/links/posts/<id>/tag: the post's untagged links become
tracked links (the same service as the post page's button); idempotent; Bob (editor)
may, Charlie (outsider) gets 404."""

from __future__ import annotations

import pytest

from mostra.charter.services import save_charter
from mostra.editorial.models import Post, PostVariant
from mostra.links.models import TrackedLink
from mostra.strategy.models import Tactic
from tests.strategy.fromagerie import build_strategy

pytestmark = pytest.mark.django_db


def test_tagging_a_posts_links_through_the_api(
    alice, bob, charlie, workspace, owner, owner_membership, settings
):
    settings.MOSTRA_SHORT_LINK_BASE = "https://go.fromagerie.example"
    build_strategy(owner_membership)
    save_charter(owner_membership, {"tone": "Sobre"}, {"bluesky": {"utm_required": True}})
    post = Post.objects.create(
        workspace=workspace, author=owner, tactic=Tactic.objects.filter(workspace=workspace)[0]
    )
    PostVariant.objects.create(
        post=post, network="bluesky", text="Atelier : https://fromagerie.example/atelier"
    )
    url = f"/workspaces/fromagerie/links/posts/{post.pk}/tag"
    assert charlie.post(url, {}).status_code == 404
    done = bob.post(url, {})
    assert done.status_code == 200, done.content
    data = done.json()
    assert (data["replaced"], data["created"], data["left"]) == (1, 1, 0)
    (link,) = data["links"]
    assert link["utm_source"] == "bluesky" and link["post_id"] == post.pk
    assert post.variants.get().text == f"Atelier : https://go.fromagerie.example/l/{link['code']}"
    again = alice.post(url, {}).json()
    assert (again["replaced"], again["created"]) == (0, 0)
    assert TrackedLink.objects.filter(post=post).count() == 1
    assert alice.post("/workspaces/fromagerie/links/posts/999/tag", {}).status_code == 404
