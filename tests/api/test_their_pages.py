"""GET /workspaces/{slug}/their-pages: what works on their pages as data, for members
only; a bad date answers 422 naming the parameter, nothing else."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from mostra.analytics.models import AccountPost, TrackedAccount

pytestmark = pytest.mark.django_db

ROUTE = "/workspaces/fromagerie/their-pages"
PERIOD = {"from": "2026-10-01", "to": "2026-10-31"}
NOON = dt.datetime(2026, 10, 15, 10, tzinfo=dt.UTC)
_ids = itertools.count(1)


@pytest.fixture
def accounts(workspace):
    ours = TrackedAccount.objects.create(workspace=workspace, network="bluesky", handle="nous")
    theirs = TrackedAccount.objects.create(
        workspace=workspace, network="bluesky", handle="eux", is_competitor=True
    )
    for account, video_likes in ((ours, 12), (theirs, 40)):
        for fmt, likes in [("video", video_likes)] * 5 + [("text", 10)] * 5:
            AccountPost.objects.create(
                account=account, network_id=f"n{next(_ids)}", kind="original",
                published_at=NOON, source="public-profile", format=fmt,
                likes=likes, replies=0, reposts=0, url="https://bsky.app/p",
            )  # fmt: skip
    AccountPost.objects.create(
        account=theirs, network_id="unknown", kind="original", published_at=NOON,
        source="public-profile", format="image", likes=1000, replies=None, reposts=0,
    )  # fmt: skip
    return ours, theirs


def test_the_figures_as_data(alice, bob, accounts):
    for who in (alice, bob):
        response = who.get(ROUTE, **PERIOD)
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["period"] == PERIOD and body["min_posts"] == 5
        ours, theirs = body["accounts"]
        assert (ours["handle"], theirs["handle"], theirs["competitor"]) == ("nous", "eux", True)
        assert theirs["best_format"] == "video" and theirs["measured"] == 10
        assert theirs["formats"]["video"] == {
            "posts": 5, "measured": 5, "median_engagements": 40, "share": 5 / 11,
        }  # fmt: skip
        # The image's replies are unknown: no engagement, not 0, and not ranked.
        assert theirs["formats"]["image"]["median_engagements"] is None
        assert [card["engagements"] for card in theirs["top"]] == [40] * 5
        assert theirs["top"][0]["counts"]["quotes"] is None
        assert (
            "The videos of eux get 4.0× the median engagement of its text posts; ours (nous): 1.2×."
        ) in body["takeaways"]


def test_the_default_period_is_the_last_90_days(alice, accounts):
    body = alice.get(ROUTE).json()
    start, end = dt.date.fromisoformat(body["period"]["from"]), body["period"]["to"]
    assert (dt.date.fromisoformat(end) - start).days == 89


def test_bad_dates_name_the_parameter(alice, accounts):
    response = alice.get(ROUTE, **{"from": "2026-13-01"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "from"]
    response = alice.get(ROUTE, **{"from": "2026-10-31", "to": "2026-10-01"})
    assert response.status_code == 422 and "earlier date first" in response.content.decode()
    response = alice.get(ROUTE, account="@nobody")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][1] == "account"


def test_an_outsider_gets_nothing(charlie, accounts):
    assert charlie.get(ROUTE, **PERIOD).status_code == 404
