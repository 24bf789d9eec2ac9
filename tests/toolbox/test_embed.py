"""The latest-posts embed: public by its token only, published posts' public text and
links, escaped, embeddable in any page's frame (that route only), the JSON for any origin."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.publishing.models import Publication, PublicationState, SocialAccount
from mostra.toolbox.services import embed

pytestmark = pytest.mark.django_db


def _post(workspace, author, text, *, state, title="", link="", minutes_ago=10):
    post = Post.objects.create(
        workspace=workspace,
        author=author,
        title=title,
        status=PostStatus.PUBLISHED
        if state == PublicationState.PUBLISHED
        else PostStatus.SCHEDULED,
        main_text=text,
    )
    variant = PostVariant.objects.create(post=post, network="bluesky", text=text, link=link)
    account, _ = SocialAccount.objects.get_or_create(
        workspace=workspace,
        network="bluesky",
        handle="fromagerie.bsky.social",
        defaults={"external_id": "did:plc:fromagerie"},
    )
    when = timezone.now() - dt.timedelta(minutes=minutes_ago)
    Publication.objects.create(
        variant=variant,
        account=account,
        state=state,
        due_at=when,
        next_attempt_at=when,
        published_at=when if state == PublicationState.PUBLISHED else None,
        remote_url="https://bsky.app/profile/fromagerie.bsky.social/post/3kabc"
        if state == PublicationState.PUBLISHED
        else "",
    )
    return post


@pytest.fixture
def posts(workspace, owner):
    _post(
        workspace,
        owner,
        "Tomme <script>alert(1)</script> & comté",
        state=PublicationState.PUBLISHED,
        title="Internal title: push the tomme",
        link="https://fromagerie.example/tomme",
    )
    _post(workspace, owner, "Older news", state=PublicationState.PUBLISHED, minutes_ago=90)
    _post(workspace, owner, "Secret launch next week", state=PublicationState.PENDING)
    reply = _post(
        workspace, owner, "Merci Julie !", state=PublicationState.PUBLISHED, minutes_ago=5
    )
    Post.objects.filter(pk=reply.pk).update(is_reply=True)


def urls(token):
    return (
        reverse("embed:latest_html", args=[token]),
        reverse("embed:latest_json", args=[token]),
    )


def test_the_html_shows_published_posts_escaped_and_nothing_private(client, workspace, posts):
    html_url, _json = urls(embed.key_for(workspace).token)
    response = client.get(html_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tomme &lt;script&gt;alert(1)&lt;/script&gt; &amp; comté" in page
    assert "<script>" not in page
    assert page.index("Tomme") < page.index("Older news")  # newest first
    assert "Secret launch" not in page and "Internal title" not in page
    assert "Merci Julie" not in page  # a reply in someone's conversation is not news
    assert "alice@example.org" not in page and "Alice" not in page
    assert 'href="https://fromagerie.example/tomme"' in page


def test_the_html_may_be_framed_by_any_page_with_no_script(client, workspace, posts):
    html_url, _json = urls(embed.key_for(workspace).token)
    response = client.get(html_url)
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in policy
    assert "script-src 'none'" in policy
    assert "X-Frame-Options" not in response.headers
    # Every other page still refuses to be framed.
    other = client.get(reverse("core:login"))
    assert "frame-ancestors 'none'" in other.headers["Content-Security-Policy"]
    assert other.headers["X-Frame-Options"] == "DENY"


def test_the_json_is_for_any_origin_and_holds_only_public_fields(client, workspace, posts):
    _html, json_url = urls(embed.key_for(workspace).token)
    response = client.get(json_url, headers={"Origin": "https://fromagerie.example"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = json.loads(response.content)
    assert [p["text"] for p in body["posts"]] == [
        "Tomme <script>alert(1)</script> & comté",
        "Older news",
    ]
    assert set(body["posts"][0]) == {
        "published_at",
        "network",
        "network_label",
        "text",
        "url",
        "link",
    }


def test_a_wrong_token_and_a_rotated_token_answer_404(client, workspace, owner_membership, posts):
    old = embed.key_for(workspace).token
    for url in urls("not-the-token"):
        assert client.get(url).status_code == 404
    new = embed.rotate(owner_membership).token
    assert new != old
    for url in urls(old):
        assert client.get(url).status_code == 404
    for url in urls(new):
        assert client.get(url).status_code == 200


def test_another_workspace_token_shows_its_own_posts_only(client, workspace, outsider, posts):
    from mostra.core.models import Workspace

    other = Workspace.objects.get(slug="other-brand")
    _html, json_url = urls(embed.key_for(other).token)
    assert json.loads(client.get(json_url).content)["posts"] == []


def test_the_owner_rotates_from_the_website_kit_page(owner_client, teammate_client, workspace):
    old = embed.key_for(workspace).token
    page = reverse("toolbox:website_kit", args=["fromagerie"])
    assert old in owner_client.get(page).content.decode()
    rotate = reverse("toolbox:embed_rotate", args=["fromagerie"])
    assert teammate_client.post(rotate).status_code == 404  # an editor may not
    assert embed.key_for(workspace).token == old
    assert owner_client.post(rotate).status_code == 302
    assert embed.key_for(workspace).token != old


def test_the_embed_costs_few_queries(client, workspace, posts, django_assert_max_num_queries):
    html_url, _json = urls(embed.key_for(workspace).token)
    with django_assert_max_num_queries(3):
        assert client.get(html_url).status_code == 200
