"""Engagement has one definition (mostra.core.engagement): the KPI engine, the
dashboard, best time to post and the report give the same number for the same post, and
a post whose likes, replies or reposts are not given is unknown ("—"), never 0."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mostra.analytics import besttime
from mostra.analytics.kpis import Period
from mostra.analytics.kpis.aggregate import post_figures
from mostra.analytics.models import AccountPost, TrackedAccount
from mostra.core.engagement import ENGAGED, ENGAGEMENTS, engagements
from mostra.reports.dashboard import gather
from mostra.reports.report.figures import gather as report_gather
from mostra.reports.report.period import parse_period
from tests.reports.dashboard.test_dashboard import OCTOBER, figures, measured, url

pytestmark = pytest.mark.django_db
PERIOD = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
#: Every count an engagement reads, quotes and saves included.
FULL = {"likes": 40, "replies": 5, "reposts": 3, "quotes": 2, "saves": 1}


def test_the_definition_over_counts():
    assert engagements(FULL) == 51
    assert engagements({"likes": 4, "replies": 0, "reposts": 1}) == 5  # quotes, saves absent
    assert engagements({"likes": 4, "replies": None, "reposts": 1, "quotes": 9}) is None
    assert engagements({"likes": 0, "replies": 0, "reposts": 0}) == 0  # known, and zero


def test_the_three_users_give_the_same_number_for_the_same_post(workspace):
    account = TrackedAccount.objects.create(workspace=workspace, network="x", handle="atelier")
    post = measured(account, "full", 10, **FULL)
    start, end = PERIOD.bounds(workspace.timezone)

    kpi = post_figures([account.pk], start, end)[account.pk]
    board = gather(workspace, PERIOD)
    row = AccountPost.objects.values("reach", *FULL).get(pk=post.pk)
    in_sql = AccountPost.objects.filter(ENGAGED).annotate(e=ENGAGEMENTS).get(pk=post.pk).e
    report = report_gather(workspace, parse_period("2026-10"), "en", today=dt.date(2026, 11, 5))

    assert engagements(post) == 51
    assert kpi.engagements == 51 and kpi.engaged_posts == 1  # the KPI engine
    assert board.networks[0].engagement == 51  # the dashboard's network card
    assert [line.engagement for line in board.top] == [51]  # its top
    assert besttime.engagement(row) == (51.0, None)  # best time to post
    assert in_sql == 51
    assert [h.engagement for h in report.highlights] == [51]  # the report's highlights


def test_an_unknown_count_is_unknown_everywhere(workspace):
    """An X archive gives likes and reposts, not the replies received."""
    account = TrackedAccount.objects.create(workspace=workspace, network="x", handle="atelier")
    post = measured(account, "archived", 10, likes=40, reposts=3)
    start, end = PERIOD.bounds(workspace.timezone)

    kpi = post_figures([account.pk], start, end)[account.pk]
    board = gather(workspace, PERIOD)
    row = AccountPost.objects.values("reach", *FULL).get(pk=post.pk)

    assert engagements(post) is None
    assert kpi.engaged_posts == 0 and kpi.engagements == 0  # no post in the rates
    assert board.networks[0].engagement is None and board.networks[0].engagement_per_post is None
    assert board.top == [] and board.flop == [] and board.unranked == 1
    assert besttime.engagement(row) == (None, None)


def test_the_dashboard_shows_unknown_engagement_as_a_dash(owner_client, workspace):
    x = TrackedAccount.objects.create(workspace=workspace, network="x", handle="atelier")
    masto = TrackedAccount.objects.create(
        workspace=workspace, network="mastodon", handle="atelier@piaille.fr"
    )
    # X: archived posts, likes and reposts but no replies: engagement unknown
    for i in range(3):
        measured(x, f"a{i}", 3 + i, likes=100 + i, reposts=5)
    # Mastodon: one post whose engagement is known (0), one whose replies are unknown
    measured(masto, "m1", 10, likes=0, replies=0, reposts=0)
    measured(masto, "m2", 11, likes=7, reposts=1)

    html = owner_client.get(url(workspace), OCTOBER).content.decode()

    card = figures(html, "x")
    assert card["posts"] == "3"
    assert card["engagement"] == "—" and card["per-post"] == "—"  # not 0, not 303 + 15
    assert 'title="Unknown: the source did not give the likes, replies and reposts' in html
    known = figures(html, "mastodon")
    assert known["engagement"] == "0"  # a measured zero is a zero
    assert known["per-post"].startswith("0") and "(over 1 publication of 2" in known["per-post"]
    # top and flop rank only the known: the Mastodon post, 0; the rest is said
    top = html.split("Top 5")[1].split("Flop 5")[0]
    assert re.findall(r'<span class="dash-score"[^>]*>(\d+)</span>', top) == ["0"]
    assert "Publication a0" not in html and "Publication m2" not in html
    assert "4 original publications are not ranked: their engagement is unknown" in html
    # the chart by network: no bar for X, the words "no data" instead; a 0 bar for Mastodon
    chart = html.split("Mean engagement per publication, by network</figcaption>")[1]
    chart = chart.split("</figure>")[0]
    assert chart.count('class="bar"') == 1 and 'data-value="0.0"' in chart
    assert "no data" in chart


def test_teammates_see_the_same_dash_outsiders_nothing(teammate_client, outsider_client, workspace):
    x = TrackedAccount.objects.create(workspace=workspace, network="x", handle="atelier")
    measured(x, "a", 3, likes=10, reposts=1)
    html = teammate_client.get(url(workspace), OCTOBER).content.decode()
    assert figures(html, "x")["engagement"] == "—"
    assert outsider_client.get(url(workspace), OCTOBER).status_code == 404
