"""The post's page shows each variant's publication: waiting, publishing, published
with its link, failed with the network's words and a Retry button, outcome unknown with
"retry anyway" and "mark as published"; the attempts log; the latest metrics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.core.models import Membership, Role, User
from mostra.editorial.models import Post, PostStatus
from mostra.publishing.models import (
    MetricSnapshot,
    Publication,
    PublicationAttempt,
    PublicationState,
)
from tests.conftest import PASSWORD, client_for
from tests.publishing.builders_ui import make_account, make_publication

S = PublicationState


@pytest.fixture
def post(workspace, owner) -> Post:
    return Post.objects.create(
        workspace=workspace,
        author=owner,
        status=PostStatus.FAILED,
        scheduled_at=timezone.now() - dt.timedelta(hours=2),
        title="Tomme de printemps",
    )


@pytest.fixture
def publications(workspace, post) -> dict[str, Publication]:
    bluesky = make_account(workspace, network="bluesky", handle="lac.bsky.social")
    mastodon = make_account(workspace, network="mastodon", handle="lac@mastodon.example")
    linkedin = make_account(workspace, network="linkedin", handle="Fromagerie du Lac")
    now = timezone.now()
    published = make_publication(
        bluesky,
        post=post,
        published_at=now - dt.timedelta(hours=2),
        remote_url="https://bsky.app/profile/lac.bsky.social/post/3kabc",
    )
    failed = make_publication(
        mastodon,
        post=post,
        state=S.FAILED,
        attempts=1,
        error_message="Text is over the 500 characters this instance accepts.",
    )
    unknown = make_publication(linkedin, post=post, state=S.UNKNOWN, attempts=6)
    PublicationAttempt.objects.create(
        publication=unknown, started_at=now, outcome="unknown_outcome", message="no answer in 20 s"
    )
    PublicationAttempt.objects.create(
        publication=unknown, started_at=now, outcome="timeout", http_status=504
    )
    MetricSnapshot.objects.create(
        publication=published, taken_at=now - dt.timedelta(hours=1), likes=2
    )
    MetricSnapshot.objects.create(
        publication=published, taken_at=now, likes=7, replies=0, reposts=None
    )
    return {"published": published, "failed": failed, "unknown": unknown}


def page_of(client, post) -> str:
    response = client.get(f"/w/fromagerie/posts/{post.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_post_page_shows_each_variant_state_in_words(post, publications, owner_client):
    page = page_of(owner_client, post)
    assert "On the networks" in page
    assert 'href="https://bsky.app/profile/lac.bsky.social/post/3kabc"' in page
    assert "See it on Bluesky" in page
    assert "Mastodon did not publish it:" in page
    assert "Text is over the 500 characters this instance accepts." in page
    failed = publications["failed"]
    assert f"/w/fromagerie/publications/{failed.pk}/retry/" in page
    unknown = publications["unknown"]
    assert "mostra cannot tell whether this went out" in page
    assert f"/w/fromagerie/publications/{unknown.pk}/mark-published/" in page
    assert "Retry anyway" in page
    assert "<summary>2 attempts</summary>" in page
    assert "no answer in 20 s" in page and "HTTP 504" in page
    assert "no answer after sending" in page


def test_the_latest_metrics_are_shown_and_a_missing_count_is_not_zero(
    post, publications, owner_client
):
    page = page_of(owner_client, post)
    assert "<strong>7</strong> likes" in page
    assert "<strong>0</strong> replies" in page
    assert "reposts" not in page
    assert "<strong>2</strong> likes" not in page


def test_a_variant_waiting_for_its_time_and_one_without_an_account(workspace, owner, owner_client):
    when = timezone.now() + dt.timedelta(days=2)
    post = Post.objects.create(
        workspace=workspace, author=owner, status=PostStatus.SCHEDULED, scheduled_at=when
    )
    account = make_account(workspace, network="bluesky", handle="lac.bsky.social")
    make_publication(account, post=post, state=S.PENDING, published_at=None)
    Publication.objects.filter(variant__post=post).update(due_at=when, next_attempt_at=when)
    from mostra.editorial.models import PostVariant

    PostVariant.objects.create(post=post, network="mastodon", text="Salut", position=1)
    page = page_of(owner_client, post)
    assert "Waiting for its time" in page and "Goes out on" in page
    assert "No Mastodon account is connected to this workspace yet." in page
    assert 'href="/w/fromagerie/accounts/"' in page
    assert 'hx-trigger="every 5s"' not in page, "nothing due soon: no polling"
    Publication.objects.filter(variant__post=post).update(
        next_attempt_at=timezone.now() + dt.timedelta(seconds=30)
    )
    assert 'hx-trigger="every 5s"' in page_of(owner_client, post)


def test_a_draft_shows_no_publication_panel(workspace, owner, owner_client):
    post = Post.objects.create(workspace=workspace, author=owner, status=PostStatus.DRAFT)
    assert "On the networks" not in page_of(owner_client, post)


def test_the_panel_alone_for_members_and_404_for_outsiders(
    post,
    publications,
    owner_client,
    teammate_client,
    outsider_client,
    django_assert_max_num_queries,
):
    url = f"/w/fromagerie/posts/{post.pk}/publications/"
    with django_assert_max_num_queries(12):
        response = owner_client.get(url)
    assert response.status_code == 200
    assert "See it on Bluesky" in response.content.decode()
    assert teammate_client.get(url).status_code == 200
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.get(f"/w/fromagerie/posts/{post.pk}/").status_code == 404


def test_the_panel_queries_do_not_grow_with_the_variants(
    workspace, owner, owner_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (1, 4):
        post = Post.objects.create(
            workspace=workspace, author=owner, status=PostStatus.PUBLISHED, title=f"p{n}"
        )
        for i, network in enumerate(("bluesky", "mastodon", "linkedin", "threads")[:n]):
            account = make_account(workspace, network=network, handle=f"h{n}{i}")
            publication = make_publication(account, post=post, published_at=timezone.now())
            MetricSnapshot.objects.create(publication=publication, taken_at=timezone.now(), likes=1)
            PublicationAttempt.objects.create(
                publication=publication, started_at=timezone.now(), outcome="published"
            )
        with CaptureQueriesContext(connection) as ctx:
            owner_client.get(f"/w/fromagerie/posts/{post.pk}/publications/")
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_retry_sends_a_failed_publication_again(post, publications, owner_client):
    failed = publications["failed"]
    response = owner_client.post(f"/w/fromagerie/publications/{failed.pk}/retry/", follow=True)
    assert "goes out again within a minute" in response.content.decode()
    failed.refresh_from_db()
    assert failed.state == S.PENDING
    assert failed.error_message == ""


def test_retry_of_what_is_not_failed_says_so(post, publications, owner_client):
    published = publications["published"]
    response = owner_client.post(f"/w/fromagerie/publications/{published.pk}/retry/", follow=True)
    assert "not failed any more" in response.content.decode()
    published.refresh_from_db()
    assert published.state == S.PUBLISHED


def test_mark_as_published_with_the_link(post, publications, owner_client):
    unknown = publications["unknown"]
    url = "https://www.linkedin.com/feed/update/urn:li:share:7"
    owner_client.post(f"/w/fromagerie/publications/{unknown.pk}/mark-published/", {"url": url})
    unknown.refresh_from_db()
    assert unknown.state == S.PUBLISHED
    assert unknown.remote_url == url


def test_mark_as_published_with_a_bad_link_changes_nothing(post, publications, owner_client):
    unknown = publications["unknown"]
    response = owner_client.post(
        f"/w/fromagerie/publications/{unknown.pk}/mark-published/",
        {"url": "javascript:alert(1)"},
        follow=True,
    )
    assert "The link is not a web address" in response.content.decode()
    unknown.refresh_from_db()
    assert unknown.state == S.UNKNOWN


def test_retry_anyway_for_an_unknown_outcome(post, publications, teammate_client):
    unknown = publications["unknown"]
    teammate_client.post(f"/w/fromagerie/publications/{unknown.pk}/retry/")
    unknown.refresh_from_db()
    assert unknown.state == S.PENDING


def test_outsiders_and_viewers_cannot_act(post, publications, outsider_client, workspace):
    viewer = User.objects.create_user("vera@example.org", PASSWORD, display_name="Vera")
    Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    viewer_client = client_for(viewer)
    failed, unknown = publications["failed"], publications["unknown"]
    page = page_of(viewer_client, post)
    assert "Retry anyway" not in page and f"publications/{failed.pk}/retry/" not in page
    for member in (outsider_client, viewer_client):
        assert member.post(f"/w/fromagerie/publications/{failed.pk}/retry/").status_code == 404
        assert (
            member.post(
                f"/w/fromagerie/publications/{unknown.pk}/mark-published/", {"url": ""}
            ).status_code
            == 404
        )
        assert member.post(f"/w/fromagerie/posts/{post.pk}/publish-now/").status_code == 404
    failed.refresh_from_db()
    unknown.refresh_from_db()
    assert (failed.state, unknown.state) == (S.FAILED, S.UNKNOWN)


def test_a_publication_of_another_workspace_is_404(workspace, owner_client):
    from mostra.core.models import Workspace

    other = make_account(Workspace.objects.get(slug="other-brand"), network="bluesky")
    publication = make_publication(other, state=S.FAILED)
    assert (
        owner_client.post(f"/w/fromagerie/publications/{publication.pk}/retry/").status_code == 404
    )
    publication.refresh_from_db()
    assert publication.state == S.FAILED


def test_publish_now_refused_says_why(workspace, owner, owner_client):
    post = Post.objects.create(workspace=workspace, author=owner, status=PostStatus.DRAFT)
    response = owner_client.post(f"/w/fromagerie/posts/{post.pk}/publish-now/", follow=True)
    assert response.status_code == 200
    assert "Publish now" in response.content.decode()
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT
