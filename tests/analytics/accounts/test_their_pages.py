"""What works on their pages: the best posts and formats of a competitor beside ours,
computed on hand-built posts (medians, unknown never 0, small samples), from listening
too, escaped, in a bounded number of queries, in both languages, for members only."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.utils import timezone

from mostra.analytics.models import AccountPost, FollowerCount, TrackedAccount
from mostra.listening.models import Mention
from tests.core.pending_french import pending

pytestmark = pytest.mark.django_db

_ids = itertools.count(1)


def url(workspace) -> str:
    return f"/w/{workspace.slug}/analytics/compare/their-pages/"


def make(account, fmt, likes, *, days_ago=5, replies=0, reposts=0, text="", url="", **extra):
    return AccountPost.objects.create(
        account=account,
        network_id=extra.pop("network_id", f"n{next(_ids)}"),
        kind=extra.pop("kind", "original"),
        published_at=timezone.now() - dt.timedelta(days=days_ago, hours=next(_ids) % 7),
        source=extra.pop("source", "public-profile"),
        format=fmt,
        likes=likes,
        replies=replies,
        reposts=reposts,
        text=text,
        url=url,
        **extra,
    )


@pytest.fixture
def rival_and_us(workspace):
    us = TrackedAccount.objects.create(
        workspace=workspace, network="bluesky", handle="atelier.example"
    )
    rival = TrackedAccount.objects.create(
        workspace=workspace, network="bluesky", handle="rival.example", is_competitor=True
    )
    for likes in (10, 20, 30, 40, 50, 60):  # median 35
        make(rival, "video", likes, text=f"rival video {likes}")
    for _ in range(6):  # median 10
        make(rival, "text", 10)
    # Unknown replies: no engagement, left out of the medians (never 0).
    for _ in range(3):
        make(rival, "video", 0, replies=None)
    make(rival, "image", 500, replies=None)  # the only image: engagement unknown
    make(rival, "video", 9999, kind="repost")  # someone else's content: not read
    make(rival, "video", 9999, days_ago=120)  # outside the last 90 days
    for likes in (9, 10, 11, 12, 13):  # median 11
        make(us, "video", likes)
    for _ in range(5):
        make(us, "text", 10)
    return us, rival


def test_the_formats_and_the_takeaways(owner_client, workspace, rival_and_us):
    html = owner_client.get(url(workspace)).content.decode()
    assert (
        "The videos of rival.example get 3.5× the median engagement of its text posts; "
        "ours (atelier.example): 1.1×."
    ) in html
    video = row(html, "video")
    # Ours first (own accounts, then competitors): 5 of 10; theirs 9 of 16 posts, the
    # median read on the 6 whose engagement is known.
    assert video[0].startswith("★ 5 posts (50%)") and "median 11" in video[0]
    assert video[1].startswith("★ 9 posts (56%)") and "median 35" in video[1]
    image = row(html, "image")
    assert image[1] == "1 post (6%)engagement unknown"
    assert "median 0" not in html


def test_the_top_posts_are_the_most_engaging(owner_client, workspace, rival_and_us):
    html = owner_client.get(url(workspace)).content.decode()
    rival = html.split('aria-label="rival.example"')[1]
    shown = re.findall(r"rival video (\d+)", rival)
    assert shown == ["60", "50", "40", "30", "20"]
    assert "9999" not in html and "500" not in rival.split("<h2>")[0]


def test_a_small_sample_says_so(owner_client, workspace):
    few = TrackedAccount.objects.create(
        workspace=workspace, network="mastodon", handle="petit@example.org", is_competitor=True
    )
    make(few, "video", 3)
    make(few, "text", 1)
    make(few, "text", 2, replies=None)
    html = owner_client.get(url(workspace)).content.decode()
    assert (
        "petit@example.org: not enough posts to conclude (2 posts with known engagement "
        "in the period; at least 5 are needed)."
    ) in html
    assert "median 3 (only 1 measured: not enough posts)" in html
    assert 'title="best format"' not in html


def test_per_thousand_followers_when_known(owner_client, workspace, rival_and_us):
    us, rival = rival_and_us
    FollowerCount.objects.create(
        account=rival, date=timezone.localdate(), followers=2000, source="x"
    )
    FollowerCount.objects.create(account=us, date=timezone.localdate(), followers=500, source="x")
    html = owner_client.get(url(workspace)).content.decode()
    rival_column = html.split('aria-label="rival.example"')[1].split("</section>")[0]
    assert "2,000 followers" in rival_column
    assert "per 1,000 followers</dt><dd>30.00" in rival_column  # 60 likes / 2,000
    assert (
        "A median post of rival.example gets 5.0 engagements per 1,000 followers; "
        "ours (atelier.example): 20.0."
    ) in html  # both medians 10 (seven 10s in the rival's 12 measured posts)


def test_hostile_text_is_escaped_and_odd_links_dropped(owner_client, workspace):
    rival = TrackedAccount.objects.create(
        workspace=workspace, network="bluesky", handle="evil.example", is_competitor=True
    )
    make(rival, "text", 5, text='<script>alert("x")</script><b>bold</b>', url="javascript:alert(1)")
    html = owner_client.get(url(workspace)).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<b>bold</b>" not in html
    assert "javascript:alert" not in html


def test_listening_items_of_a_competitor_are_read(owner_client, workspace, rival_and_us):
    _us, rival = rival_and_us
    stored = AccountPost.objects.get(account=rival, likes=60)
    seen = timezone.now() - dt.timedelta(days=2)
    common = {"workspace": workspace, "network": "bluesky", "published_at": seen, "kind": "post"}
    Mention.objects.create(
        guid="at://heard/1", author="rival.example", text="heard by listening",
        author_followers=3000,
        url="https://bsky.app/profile/rival.example/post/1",
        counts={"likes": 900, "reposts": 1, "replies": 2}, **common,
    )  # fmt: skip
    Mention.objects.create(
        guid=stored.network_id, author="rival.example", text="stored twice",
        counts={"likes": 800, "reposts": 0, "replies": 0}, **common,
    )  # fmt: skip
    Mention.objects.create(
        guid="at://heard/2", author="someone.else", text="not theirs",
        counts={"likes": 700, "reposts": 0, "replies": 0}, **common,
    )  # fmt: skip
    Mention.objects.create(
        guid="at://heard/3", author="rival.example", text="no replies count",
        counts={"likes": 600, "reposts": 0}, **common,
    )  # fmt: skip
    html = owner_client.get(url(workspace)).content.decode()
    rival_column = html.split('aria-label="rival.example"')[1].split("</section>")[0]
    assert "heard by listening" in rival_column and "Listening" in rival_column
    assert "(Listening: 1, Public profile: 16)" in rival_column  # not the one without replies
    assert "903" in rival_column  # 900 + 1 + 2
    # No follower count of mostra's: the followers listening saw rank and divide.
    assert "3,000 followers (as listening last saw them)" in rival_column
    assert "per 1,000 followers</dt><dd>301.00" in rival_column  # 903 / 3,000 × 1,000
    assert "stored twice" not in html and "not theirs" not in html
    assert row(html, "unknown")[1].startswith("1 post (6%)")  # a listening item has no format


def test_queries_do_not_grow_with_the_posts(
    owner_client, workspace, rival_and_us, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30) as few:
        owner_client.get(url(workspace))
    us, rival = rival_and_us
    for i in range(200):
        make(rival if i % 2 else us, ("text", "video", "link")[i % 3], i)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = owner_client.get(url(workspace)).content.decode()
    assert "link" in html


def test_both_languages(owner_client, workspace, rival_and_us):
    english = owner_client.get(url(workspace), headers={"accept-language": "en"}).content.decode()
    assert "What works on their pages" in english and "3.5×" in english
    owner_client.cookies["mostra_language"] = "fr"
    with pending("theirpages"):
        french = owner_client.get(url(workspace), headers={"accept-language": "fr"})
    html = french.content.decode()
    assert '<html lang="fr"' in html and "<h1>Ce qui marche chez eux</h1>" in html
    assert (
        "Les vidéos de rival.example obtiennent 3,5× l&#x27;engagement médian de ses posts "
        "texte ; les nôtres (atelier.example) : 1,1×."
    ) in html
    assert row(html, "video")[1] == "★ 9 posts (56 %)médiane 35"  # a narrow space before %


def test_who_may_see_it(owner_client, teammate_client, outsider_client, workspace, rival_and_us):
    assert owner_client.get(url(workspace)).status_code == 200
    assert teammate_client.get(url(workspace)).status_code == 200
    assert outsider_client.get(url(workspace)).status_code == 404


def test_reachable_from_the_comparison(owner_client, workspace):
    html = owner_client.get(f"/w/{workspace.slug}/analytics/compare/").content.decode()
    assert url(workspace) in html


def row(html: str, code: str) -> list[str]:
    found = re.search(rf'<tr data-format="{code}">(.*?)</tr>', html, re.S)
    assert found, code
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)
    ]


def test_kept_in_the_figures_cache_until_listening_hears_more(
    owner_client, workspace, rival_and_us, settings
):
    from django.core.cache import cache

    settings.FIGURES_CACHE_SECONDS = 600
    cache.clear()
    first = owner_client.get(url(workspace)).content.decode()
    AccountPost.objects.filter(account=rival_and_us[1], likes=60).update(text="changed quietly")
    assert "changed quietly" not in owner_client.get(url(workspace)).content.decode()
    Mention.objects.create(
        workspace=workspace, network="bluesky", kind="post", guid="at://new", text="just heard",
        author="rival.example", published_at=timezone.now(),
        counts={"likes": 500, "reposts": 0, "replies": 0},
    )  # fmt: skip
    again = owner_client.get(url(workspace)).content.decode()
    assert "just heard" in again and "just heard" not in first
    cache.clear()
