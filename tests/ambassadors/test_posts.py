"""Tracked posts: a post added by its address (the Bluesky AppView's recorded answers),
a member's public feed read, listening's mentions matched; each attributed to its
campaign and checked; the pages and the API for an owner, a teammate and an outsider."""

from __future__ import annotations

import datetime as dt

import pytest
import respx
from django.urls import reverse
from django.utils import timezone

from mostra.ambassadors.models import Compensation, TrackedPost
from mostra.ambassadors.services import tracked_posts
from mostra.analytics.programme_posts import refresh_due
from mostra.core.errors import DomainError
from mostra.core.models import ApiToken
from mostra.listening.models import Mention
from tests.ambassadors.posts_helpers import (
    APPVIEW,
    DID,
    HANDLE,
    PROFILE,
    bluesky_post,
    campaign_with,
    influencer,
)

pytestmark = pytest.mark.django_db
UNDISCLOSED = "Mon nouveau vélo de l'atelier, je l'adore ! #FeteDuVelo"
POST_URL = f"https://bsky.app/profile/{HANDLE}/post/p1"


@pytest.fixture(autouse=True)
def _appview(settings):
    """appview.example does not resolve here; the address guard has its own test."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    settings.MOSTRA_BLUESKY_APPVIEW_URL = APPVIEW


@pytest.fixture
def appview():
    with respx.mock(base_url=APPVIEW, assert_all_called=False) as mock:
        mock.get("/xrpc/app.bsky.actor.getProfile").respond(json=PROFILE)
        yield mock


def test_a_post_added_by_its_address_is_read_attributed_and_flagged(
    appview, workspace, owner_membership
):
    lea = influencer(workspace)
    campaign = campaign_with(workspace, lea)
    posts = appview.get("/xrpc/app.bsky.feed.getPosts").respond(
        json={"posts": [bluesky_post("p1", UNDISCLOSED, likeCount=40, repostCount=3)]}
    )

    post = tracked_posts.track_url(owner_membership, POST_URL)

    assert posts.calls.last.request.url.params["uris"] == f"at://{DID}/app.bsky.feed.post/p1"
    assert "authorization" not in posts.calls.last.request.headers
    assert (post.member, post.campaign, post.source) == (lea, campaign, "url")
    assert post.network_id == f"at://{DID}/app.bsky.feed.post/p1"
    assert (post.likes, post.reposts, post.reach, post.engagements) == (40, 3, 15_000, 43)
    assert post.compliance == "non-compliant" and post.checked_at is not None
    [finding] = post.findings
    assert finding["code"] == "missing"
    assert "loi n° 2023-451 du 9 juin 2023, art. 5" in finding["rule"]
    assert finding["ready_message"].startswith("Bonjour Léa,")
    assert "« Fête du vélo »" in finding["ready_message"]

    # The address naming the DID: the same account, the same row.
    lea.accounts.update(external_id=DID)
    by_did = tracked_posts.track_url(owner_membership, f"https://bsky.app/profile/{DID}/post/p1")
    assert by_did.pk == post.pk

    # The same address again: the same row, the counts read again.
    appview.get("/xrpc/app.bsky.feed.getPosts").respond(
        json={"posts": [bluesky_post("p1", UNDISCLOSED, likeCount=41)]}
    )
    again = tracked_posts.track_url(owner_membership, POST_URL)
    assert again.pk == post.pk and again.likes == 41
    assert TrackedPost.objects.count() == 1


def test_a_gift_disclosed_at_the_start_is_compliant_and_unpaid_is_not_concerned(
    appview, workspace, owner_membership
):
    lea = influencer(workspace)
    campaign_with(workspace, lea, Compensation.GIFT)
    appview.get("/xrpc/app.bsky.feed.getPosts").respond(
        json={"posts": [bluesky_post("p1", "Collaboration commerciale · " + UNDISCLOSED)]}
    )
    assert tracked_posts.track_url(owner_membership, POST_URL).compliance == "compliant"
    lea.collaborations.update(compensation=Compensation.NONE)
    post = tracked_posts.track_url(owner_membership, POST_URL)
    assert post.compliance == "n/a" and post.findings == []


def test_bad_addresses_and_unknown_authors_store_nothing(appview, workspace, owner_membership):
    influencer(workspace)
    for url in ("not an address", "https://bsky.app/profile/lea.bsky.social", "ftp://x/1"):
        with pytest.raises(DomainError) as refused:
            tracked_posts.track_url(owner_membership, url)
        assert "Paste the address of one post" in refused.value.message
    with pytest.raises(DomainError) as unknown:
        tracked_posts.track_url(owner_membership, "https://bsky.app/profile/someone.else/post/z")
    assert "No member of the programme has the account @someone.else" in unknown.value.message
    appview.get("/xrpc/app.bsky.feed.getPosts").respond(status_code=404, json={})
    with pytest.raises(DomainError) as gone:
        tracked_posts.track_url(owner_membership, POST_URL)
    assert "No public profile" in gone.value.message
    assert not TrackedPost.objects.exists()


def test_a_private_address_is_refused_by_the_guarded_client(settings, workspace, owner_membership):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    settings.MOSTRA_BLUESKY_APPVIEW_URL = "http://127.0.0.1:9"
    influencer(workspace)
    with pytest.raises(DomainError):
        tracked_posts.track_url(owner_membership, POST_URL)
    assert not TrackedPost.objects.exists()


def test_a_members_public_feed_is_read_and_the_daily_job_reads_it_again(
    appview, workspace, owner_membership
):
    lea = influencer(workspace)
    campaign = campaign_with(workspace, lea)
    feed = {
        "feed": [
            {"post": bluesky_post("a", "#ad Loving the #FeteDuVelo ride", likeCount=5)},
            {"post": bluesky_post("b", UNDISCLOSED, 2, likeCount=7, replyCount=1)},
            {"post": bluesky_post("c", "Rien à voir, un autre jour", 40)},
        ],
    }
    appview.get("/xrpc/app.bsky.feed.getAuthorFeed").respond(json=feed)

    done = tracked_posts.refresh_member(owner_membership, lea)

    assert (done.new, done.updated, done.errors) == (3, 0, [])
    posts = {p.network_id.rsplit("/", 1)[1]: p for p in TrackedPost.objects.all()}
    assert {p.source for p in posts.values()} == {"public-feed"}
    assert posts["a"].campaign == campaign and posts["a"].compliance == "compliant"
    assert posts["b"].campaign == campaign and posts["b"].compliance == "non-compliant"
    # Outside the campaign's dates: the member's own compensation (paid) applies.
    assert posts["c"].campaign is None and posts["c"].compliance == "non-compliant"
    assert posts["b"].reach == 15_000 and posts["b"].engagements == 8
    account = lea.accounts.get()
    assert account.followers == 15_000 and account.read_error == ""

    # The collaboration becomes unpaid: the campaign's refresh checks its posts again.
    lea.collaborations.update(compensation=Compensation.NONE)
    tracked_posts.refresh_campaign(owner_membership, campaign)
    assert TrackedPost.objects.get(pk=posts["b"].pk).compliance == "n/a"
    assert TrackedPost.objects.get(pk=posts["c"].pk).compliance == "non-compliant"

    # The worker's daily job: nothing due today, all due tomorrow, nothing duplicated.
    assert refresh_due(timezone.now()) == 0
    assert refresh_due(timezone.now() + dt.timedelta(days=1, minutes=1)) == 0
    assert TrackedPost.objects.count() == 3


def test_listening_mentions_by_a_members_account_become_tracked_posts(workspace, owner_membership):
    lea = influencer(workspace)
    campaign = campaign_with(workspace, lea)
    mine = Mention.objects.create(
        workspace=workspace,
        guid=f"at://{DID}/app.bsky.feed.post/m1",
        url=f"https://bsky.app/profile/{HANDLE}/post/m1",
        network="bluesky",
        author=HANDLE,
        author_url=f"https://bsky.app/profile/{HANDLE}",
        text=UNDISCLOSED,
        published_at=timezone.now() - dt.timedelta(hours=3),
        counts={"likes": 9, "reposts": 2},
    )
    Mention.objects.create(
        workspace=workspace,
        guid="at://did:plc:else/app.bsky.feed.post/x",
        network="bluesky",
        author="someone.else",
        text="Un autre vélo",
    )

    assert tracked_posts.track_from_listening(workspace) == 1
    post = TrackedPost.objects.get()
    assert (post.source, post.mention, post.member, post.campaign) == (
        "listening",
        mine,
        lea,
        campaign,
    )
    assert (post.likes, post.reposts, post.reach) == (9, 2, 12_000)
    assert post.compliance == "non-compliant"
    assert tracked_posts.track_from_listening(workspace) == 0  # idempotent
    assert TrackedPost.objects.count() == 1


# --- The pages ----------------------------------------------------------------------


def _tracked(workspace, **fields):  # noqa: ANN001, ANN202
    lea = influencer(workspace)
    campaign = campaign_with(workspace, lea)
    post = TrackedPost(
        workspace=workspace,
        member=lea,
        campaign=campaign,
        network="bluesky",
        network_id=f"at://{DID}/app.bsky.feed.post/p1",
        url=POST_URL,
        text=fields.pop("text", UNDISCLOSED),
        published_at=timezone.now(),
        source="url",
        likes=3,
        reach=12_000,
    )
    tracked_posts.check_post(post)
    post.save()
    return post


def test_the_pages_for_owner_teammate_and_outsider(
    workspace, owner_client, teammate_client, outsider_client, django_assert_max_num_queries
):
    post = _tracked(workspace, text="<b>Mon vélo</b> #FeteDuVelo")
    slug = workspace.slug
    posts_url = reverse("ambassadors:posts", args=[slug])
    compliance_url = reverse("ambassadors:compliance", args=[slug, post.campaign_id])
    for client in (owner_client, teammate_client):
        with django_assert_max_num_queries(16):
            page = client.get(posts_url, {"compliance": "non-compliant"})
        html = page.content.decode()
        assert page.status_code == 200
        assert f'id="post-{post.pk}"' in html and "Not compliant" in html
        assert "&lt;b&gt;Mon vélo&lt;/b&gt;" in html and "<b>Mon vélo" not in html
        assert "Add a post by its address" in html
        with django_assert_max_num_queries(14):
            report = client.get(compliance_url)
        html = report.content.decode()
        assert "0 % compliant: 0 of 1 post" in html
        assert "loi n° 2023-451 du 9 juin 2023, art. 5" in html
        assert "Bonjour Léa," in html and 'data-copy="#ready-' in html
        assert "mailto:lea%40example.org?subject=" in html
    assert outsider_client.get(posts_url).status_code == 404
    assert outsider_client.get(compliance_url).status_code == 404
    add = reverse("ambassadors:post_add", args=[slug])
    assert outsider_client.post(add, {"url": POST_URL}).status_code == 404
    filtered = owner_client.get(posts_url, {"compliance": "compliant"}).content.decode()
    assert f'id="post-{post.pk}"' not in filtered


def test_adding_by_address_on_the_page(appview, workspace, teammate_client):
    _tracked(workspace)
    appview.get("/xrpc/app.bsky.feed.getPosts").respond(
        json={"posts": [bluesky_post("p2", "Publicité · " + UNDISCLOSED)]}
    )
    add = reverse("ambassadors:post_add", args=[workspace.slug])
    url = f"https://bsky.app/profile/{HANDLE}/post/p2"
    response = teammate_client.post(add, {"url": url}, follow=True)
    assert response.status_code == 200
    assert "Post of Léa tracked: Compliant." in response.content.decode()
    assert TrackedPost.objects.filter(url=url, compliance="compliant").exists()
    refused = teammate_client.post(add, {"url": "https://example.org/nothing"})
    assert refused.status_code == 400
    assert "Paste the address of one post" in refused.content.decode()


# --- The API ------------------------------------------------------------------------


def _bearer(user) -> dict[str, str]:  # noqa: ANN001
    _token, raw = ApiToken.issue(user, "tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_the_api_for_owner_teammate_and_outsider(
    appview, workspace, owner, teammate, outsider, client
):
    post = _tracked(workspace)
    base = f"/api/workspaces/{workspace.slug}/ambassador-posts"
    listed = client.get(base, {"compliance": "non-compliant"}, **_bearer(owner))
    assert listed.status_code == 200
    [row] = listed.json()
    assert row["id"] == post.pk and row["findings"][0]["code"] == "missing"
    one = client.get(f"{base}/{post.pk}", **_bearer(teammate)).json()
    assert one["member"] == "Léa" and one["reach"] == 12_000
    assert client.get(f"{base}/{post.pk}", **_bearer(outsider)).status_code == 404
    assert client.get(base, **_bearer(outsider)).status_code == 404

    appview.get("/xrpc/app.bsky.feed.getPosts").respond(
        json={"posts": [bluesky_post("p3", "Collaboration commerciale · merci")]}
    )
    created = client.post(
        base,
        {"url": f"https://bsky.app/profile/{HANDLE}/post/p3"},
        content_type="application/json",
        **_bearer(teammate),
    )
    assert created.status_code == 201 and created.json()["compliance"] == "compliant"
    bad = client.post(
        base, {"url": "nothing"}, content_type="application/json", **_bearer(teammate)
    )
    assert bad.status_code == 422 and "Paste the address" in bad.content.decode()

    checked = client.post(
        f"{base}/check",
        {"text": "Loving it #bike #paris #ad", "network": "bluesky", "lang": "en"},
        content_type="application/json",
        **_bearer(teammate),
    ).json()
    assert checked["compliance"] == "non-compliant"
    assert checked["findings"][0]["code"] == "hidden_in_hashtags"
    gift = client.post(
        f"{base}/check",
        {"text": "Collaboration commerciale · merci", "network": "bluesky", "compensation": "gift"},
        content_type="application/json",
        **_bearer(owner),
    ).json()
    assert gift == {"compliance": "compliant", "language": "fr", "findings": []}
    outside = client.post(
        f"{base}/check",
        {"text": "x", "network": "bluesky"},
        content_type="application/json",
        **_bearer(outsider),
    )
    assert outside.status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_reading_a_feed_costs_one_write_per_post(
    count, appview, workspace, owner_membership, django_assert_max_num_queries
):
    lea = influencer(workspace)
    campaign_with(workspace, lea)
    feed = {
        "feed": [{"post": bluesky_post(f"p{i}", UNDISCLOSED, likeCount=i)} for i in range(count)]
    }
    appview.get("/xrpc/app.bsky.feed.getAuthorFeed").respond(json=feed)
    # The member's accounts, collaborations, tracked posts, charter, the account saved,
    # listening's accounts and mentions, savepoints, the check again (the posts, the
    # collaborations, one bulk update): then one insert per post.
    with django_assert_max_num_queries(18 + count):
        done = tracked_posts.refresh_member(owner_membership, lea)
    assert done.new == count
    with django_assert_max_num_queries(18 + count):  # again: one update per post
        assert tracked_posts.refresh_member(owner_membership, lea).updated == count


@pytest.mark.parametrize("count", [1, 25])
def test_the_pages_queries_do_not_grow_with_the_posts(
    count, workspace, owner_client, django_assert_max_num_queries
):
    first = _tracked(workspace)
    for i in range(1, count):
        post = TrackedPost(
            workspace=workspace,
            member=first.member,
            campaign=first.campaign,
            network="bluesky",
            network_id=f"at://{DID}/app.bsky.feed.post/n{i}",
            text=UNDISCLOSED,
            published_at=timezone.now(),
            source="public-feed",
        )
        tracked_posts.check_post(post)
        post.save()
    slug = workspace.slug
    with django_assert_max_num_queries(16):
        page = owner_client.get(reverse("ambassadors:posts", args=[slug]))
    assert page.content.decode().count('data-compliance="non-compliant"') == count
    with django_assert_max_num_queries(14):
        report = owner_client.get(reverse("ambassadors:compliance", args=[slug, first.campaign_id]))
    assert f"0 % compliant: 0 of {count} post" in report.content.decode()


def test_the_daily_job_matches_listening_without_public_feeds(workspace, owner_membership):
    from mostra.publishing.side_work import PERIODIC

    assert ("mostra.analytics.programme_posts", "refresh_due", 3600) in PERIODIC
    lea = influencer(workspace)
    lea.accounts.update(network="instagram", handle="lea.velo")
    Mention.objects.create(
        workspace=workspace,
        guid="https://www.instagram.com/p/abc/",
        url="https://www.instagram.com/p/abc/",
        network="instagram",
        author="@lea.velo",
        text=UNDISCLOSED,
        published_at=timezone.now(),
    )
    assert refresh_due(timezone.now()) == 1
    assert TrackedPost.objects.get().compliance == "non-compliant"
