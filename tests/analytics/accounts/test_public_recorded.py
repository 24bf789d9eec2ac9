"""Public profiles against recorded answers: the exact requests, the cap, the refusals.

The Bluesky AppView answers below are shaped as public.api.bsky.app answers
(app.bsky.actor.getProfile, app.bsky.feed.getAuthorFeed); the Mastodon ones as an
instance's. Each test asserts what mostra asked, and that a failure stores nothing.
"""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
import respx

from mostra.analytics import public_profiles
from mostra.analytics.models import AccountPost, FollowerCount, ImportRun, TrackedAccount

pytestmark = pytest.mark.django_db
APPVIEW = "https://appview.example"
DID = "did:plc:rival123"
NOW = dt.datetime.now(dt.UTC)


@pytest.fixture(autouse=True)
def _no_dns(settings):
    """appview.example does not resolve here; the address guard has its own test."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    settings.MOSTRA_BLUESKY_APPVIEW_URL = APPVIEW


def iso(days_ago: float) -> str:
    return (NOW - dt.timedelta(days=days_ago)).isoformat().replace("+00:00", "Z")


def post(rkey: str, days_ago: float, *, author: str = DID, reply: bool = False, **counts) -> dict:
    record = {"$type": "app.bsky.feed.post", "text": f"post {rkey}", "createdAt": iso(days_ago)}
    if reply:
        parent = {"uri": "at://did:plc:other/app.bsky.feed.post/p1", "cid": "c"}
        record["reply"] = {"root": parent, "parent": parent}
    return {
        "uri": f"at://{author}/app.bsky.feed.post/{rkey}",
        "cid": "cid",
        "author": {"did": author, "handle": "rival.example"},
        "record": record,
        "indexedAt": iso(days_ago),
        **counts,
    }


PROFILE = {
    "did": DID,
    "handle": "rival.example",
    "displayName": "Rival & Co",
    "followersCount": 1234,
}
PAGE_1 = {
    "feed": [
        {"post": post("a", 1, likeCount=10, repostCount=2, replyCount=1, quoteCount=0)},
        {
            "post": post("x", 30, author="did:plc:other"),
            "reason": {
                "$type": "app.bsky.feed.defs#reasonRepost",
                "by": {"did": DID},
                "uri": f"at://{DID}/app.bsky.feed.repost/r1",
                "indexedAt": iso(2),
            },
        },
    ],
    "cursor": "page2",
}
PAGE_2 = {
    "feed": [
        {"post": post("b", 3, reply=True, likeCount=1, repostCount=0, replyCount=0)},
        {"post": post("old", 400, likeCount=5)},
    ],
    "cursor": "page3",
}


@pytest.fixture
def appview():
    with respx.mock(base_url=APPVIEW, assert_all_called=True) as mock:
        yield mock


def feed_route(appview, pages):
    return appview.get("/xrpc/app.bsky.feed.getAuthorFeed").mock(
        side_effect=[httpx.Response(200, json=page) for page in pages]
    )


def test_bluesky_profile_read_from_the_public_appview(appview, workspace, owner):
    profile_route = appview.get("/xrpc/app.bsky.actor.getProfile").respond(json=PROFILE)
    feed = feed_route(appview, [PAGE_1, PAGE_2])

    account, counts = public_profiles.add_competitor(
        workspace, "bluesky", "https://bsky.app/profile/Rival.example", user=owner
    )

    assert profile_route.calls.last.request.url.params["actor"] == "rival.example"
    asked = [dict(call.request.url.params) for call in feed.calls]
    assert asked == [
        {"actor": DID, "limit": "100"},
        {"actor": DID, "limit": "100", "cursor": "page2"},
    ]
    assert "authorization" not in feed.calls.last.request.headers
    assert (account.handle, account.external_id, account.display_name) == (
        "rival.example",
        DID,
        "Rival & Co",
    )
    # The post older than six months ended the reading and was not stored.
    assert counts == {
        "posts": 3,
        "originals": 1,
        "replies": 1,
        "reposts": 1,
        "new": 3,
        "updated": 0,
        "unchanged": 0,
        "snapshots": 1,
    }
    rows = {p.network_id: p for p in AccountPost.objects.filter(account=account)}
    original = rows[f"at://{DID}/app.bsky.feed.post/a"]
    assert (original.likes, original.reposts, original.replies, original.quotes) == (10, 2, 1, 0)
    assert original.url == "https://bsky.app/profile/rival.example/post/a"
    repost = rows[f"at://{DID}/app.bsky.feed.repost/r1"]
    assert repost.kind == "repost" and repost.likes is None
    assert repost.target_id == "at://did:plc:other/app.bsky.feed.post/x"
    reply = rows[f"at://{DID}/app.bsky.feed.post/b"]
    assert reply.kind == "reply" and reply.quotes is None  # not given: not 0
    assert FollowerCount.objects.get(account=account).followers == 1234


def test_refresh_reads_by_did_and_changes_nothing_twice(appview, workspace):
    appview.get("/xrpc/app.bsky.actor.getProfile").respond(json=PROFILE)
    feed_route(appview, [PAGE_1, PAGE_2, PAGE_1, PAGE_2])
    account, _ = public_profiles.add_competitor(workspace, "bluesky", "@rival.example")
    before = list(AccountPost.objects.order_by("network_id").values_list("network_id", "likes"))

    counts = public_profiles.refresh(account)

    assert appview.calls.last.request.url.params["actor"] == DID
    assert counts["new"] == 0 and counts["unchanged"] == 3
    after = list(AccountPost.objects.order_by("network_id").values_list("network_id", "likes"))
    assert after == before
    assert FollowerCount.objects.count() == 1
    assert TrackedAccount.objects.count() == 1


def test_the_cap_stops_the_reading(appview, workspace):
    appview.get("/xrpc/app.bsky.actor.getProfile").respond(json=PROFILE)
    feed = feed_route(appview, [PAGE_1])
    profile = public_profiles.read_bluesky(
        public_profiles.Address("bluesky", "rival.example"), max_posts=2
    )
    assert len(profile.posts) == 2 and feed.call_count == 1


def test_an_error_on_a_later_page_stores_nothing(appview, workspace):
    appview.get("/xrpc/app.bsky.actor.getProfile").respond(json=PROFILE)
    appview.get("/xrpc/app.bsky.feed.getAuthorFeed").mock(
        side_effect=[httpx.Response(200, json=PAGE_1), httpx.ConnectError("boom")]
    )
    with pytest.raises(public_profiles.ProfileUnavailable) as refused:
        public_profiles.add_competitor(workspace, "bluesky", "rival.example")
    assert "cannot be reached" in refused.value.message
    assert not TrackedAccount.objects.exists() and not ImportRun.objects.exists()


def test_an_unknown_bluesky_handle_says_so(appview, workspace):
    appview.get("/xrpc/app.bsky.actor.getProfile").respond(
        400, json={"error": "InvalidRequest", "message": "Profile not found"}
    )
    with pytest.raises(public_profiles.ProfileUnavailable) as refused:
        public_profiles.add_competitor(workspace, "bluesky", "nobody.example")
    assert refused.value.message.startswith("No public profile @nobody.example was found")


INSTANCE = "https://masto.example"


def test_mastodon_requests_and_an_instance_that_refuses_anonymous_reads(workspace):
    with respx.mock(base_url=INSTANCE, assert_all_called=True) as mock:
        lookup = mock.get("/api/v1/accounts/lookup").respond(
            json={"id": "42", "username": "rival", "display_name": "Rival", "followers_count": 7}
        )
        statuses = mock.get("/api/v1/accounts/42/statuses").respond(401, json={"error": "auth"})
        with pytest.raises(public_profiles.ProfileUnavailable) as refused:
            public_profiles.add_competitor(workspace, "mastodon", "@Rival@masto.example")
    assert dict(lookup.calls.last.request.url.params) == {"acct": "rival"}
    assert dict(statuses.calls.last.request.url.params) == {"limit": "40"}
    assert "without logging in" in refused.value.message
    assert not TrackedAccount.objects.exists()


def test_mastodon_pages_go_back_with_max_id(workspace):
    def status(sid: str, days_ago: float, **extra) -> dict:
        return {
            "id": sid,
            "uri": f"{INSTANCE}/users/rival/statuses/{sid}",
            "url": f"{INSTANCE}/@rival/{sid}",
            "created_at": iso(days_ago),
            "content": "<p>Fromage &amp; vin</p>",
            "in_reply_to_id": None,
            "reblog": None,
            "favourites_count": 3,
            "reblogs_count": 1,
            "replies_count": 0,
            "language": "fr",
            **extra,
        }

    with respx.mock(base_url=INSTANCE, assert_all_called=True) as mock:
        mock.get("/api/v1/accounts/lookup").respond(json={"id": "42", "followers_count": 7})
        pages = mock.get("/api/v1/accounts/42/statuses").mock(
            side_effect=[
                httpx.Response(
                    200, json=[status("9", 1), status("8", 2, reblog={"uri": "u", "content": ""})]
                ),
                httpx.Response(200, json=[status("7", 3, in_reply_to_id="5")]),
                httpx.Response(200, json=[]),
            ]
        )
        account, counts = public_profiles.add_competitor(
            workspace, "mastodon", "rival@masto.example"
        )
    assert [dict(c.request.url.params) for c in pages.calls] == [
        {"limit": "40"},
        {"limit": "40", "max_id": "8"},
        {"limit": "40", "max_id": "7"},
    ]
    assert (counts["originals"], counts["reposts"], counts["replies"]) == (1, 1, 1)
    assert account.profile_url == f"{INSTANCE}/@rival"
    assert AccountPost.objects.get(network_id__endswith="/9").text == "Fromage & vin"


def test_private_addresses_are_refused(settings, workspace):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(public_profiles.ProfileUnavailable) as refused:
        public_profiles.add_competitor(workspace, "mastodon", "http://127.0.0.1:9/@rival")
    assert "MOSTRA_ALLOW_PRIVATE_ADDRESSES" in refused.value.message


@pytest.mark.parametrize(
    ("network", "text"),
    [
        ("bluesky", "no-dot"),
        ("bluesky", "a@b"),
        ("mastodon", "rival"),
        ("mastodon", "https://x.example/rival"),
        ("x", "someone"),
    ],
)
def test_addresses_that_name_no_profile(network, text):
    with pytest.raises(public_profiles.ProfileUnavailable):
        public_profiles.parse_address(network, text)


def test_a_server_answering_a_byte_at_a_time_is_given_up_at_the_deadline(settings, monkeypatch):
    """An AppView (or instance) that sends its answer a byte a second: each byte in time
    for the read timeout, the whole call not; the person is told to try again."""
    from mostra.analytics.public_profiles import base
    from tests.tarpit import Tarpit, http_answer

    body = b'{"did": "did:plc:rival123", "handle": "rival.example"}'
    tarpit = Tarpit(http_answer(body, "application/json")[: -len(body)], body)
    settings.MOSTRA_BLUESKY_APPVIEW_URL = tarpit.url.rstrip("/")
    monkeypatch.setattr(base, "CALL_DEADLINE", 1.5)  # 15 s in production
    try:
        unreachable = r"cannot be reached \(ReadTimeout\)"
        with pytest.raises(public_profiles.ProfileUnavailable, match=unreachable):
            public_profiles.read(public_profiles.parse_address("bluesky", "rival.example"))
    finally:
        tarpit.close()
