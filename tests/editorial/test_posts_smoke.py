from __future__ import annotations

from django.urls import reverse


def test_pages_render(owner_client, workspace, tactic, make_post):
    post = make_post(tactic=tactic)
    for url in [
        reverse("editorial:posts", args=[workspace.slug]),
        reverse("editorial:post_new", args=[workspace.slug])
        + f"?tactic={tactic.pk}&at=2030-01-08T10:00",
        reverse("editorial:post", args=[workspace.slug, post.pk]),
        reverse("editorial:pillars", args=[workspace.slug]),
        reverse("editorial:post_slots", args=[workspace.slug]) + f"?tactic={tactic.pk}&next=1",
    ]:
        response = owner_client.get(url)
        assert response.status_code == 200, (url, response.content[:3000])
