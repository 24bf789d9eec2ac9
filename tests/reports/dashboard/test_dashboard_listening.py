"""The dashboard's listening block: the period's listening figures, who sees them, the
reasons when a figure is missing, and queries that do not grow with the mentions."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.analytics.listening_kpis.builders import PARIS, many, mention, query

pytestmark = pytest.mark.django_db
OCTOBER = {"period": "custom", "from": "2026-10-01", "to": "2026-10-31"}


def url(workspace) -> str:
    return f"/w/{workspace.slug}/reports/dashboard/"


def block(html: str) -> dict[str, str]:
    found = html.split('id="dash-listening-title"')[1].split("</section>")[0]
    return {
        name: " ".join(re.sub(r"<[^>]+>", "", value).split())
        for name, value in re.findall(r'<dd data-figure="([\w-]+)">(.*?)</dd>', found, re.S)
    }


@pytest.fixture
def listened(workspace):
    brand = query(workspace, "Fromagerie du Lac", "brand")
    rival = query(workspace, "Laiterie Martin", "competitor")
    many(workspace, brand, dt.date(2026, 10, 8), 3, sentiment=0.6, lang="fr", author_followers=50)
    many(workspace, brand, dt.date(2026, 10, 9), 1, sentiment=-0.6, lang="fr")
    many(workspace, rival, dt.date(2026, 10, 9), 4)
    start = dt.datetime(2026, 10, 12, 8, tzinfo=PARIS)
    mention(
        workspace,
        day=dt.date(2026, 10, 12),
        published_at=start,
        responded_at=start + dt.timedelta(hours=30),
    )
    return workspace


def test_members_see_the_listening_figures(listened, owner_client, teammate_client):
    html = owner_client.get(url(listened), OCTOBER).content.decode()
    figures = block(html)
    assert figures["mentions"] == "4"
    assert figures["mention_reach"].startswith("150")
    assert "3 of 4 mentions had a known reach" in figures["mention_reach"]
    assert figures["share_of_voice"] == "50.0%"
    assert figures["net_sentiment_ns1"] == "50.0%"  # (3 − 1) ÷ 4
    assert figures["response_time_median"].startswith("30.0")
    assert "over the 24 h target" in figures["response_time_median"]
    assert "Laiterie Martin" in html
    assert teammate_client.get(url(listened), OCTOBER).status_code == 200


def test_outsiders_do_not(listened, outsider_client):
    assert outsider_client.get(url(listened), OCTOBER).status_code == 404


def test_a_missing_figure_says_why(listened, owner_client):
    html = owner_client.get(
        url(listened), {"period": "custom", "from": "2026-08-01", "to": "2026-08-31"}
    ).content.decode()
    figures = block(html)
    assert figures["mentions"].startswith("— No mention of the brand in the period")


def test_no_block_without_listening(workspace, owner_client):
    assert 'id="dash-listening-title"' not in owner_client.get(url(workspace)).content.decode()


def test_queries_do_not_grow_with_the_mentions(
    listened, owner_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as few:
        owner_client.get(url(listened), OCTOBER)
    brand = query(listened, "Fromagerie (bis)", "brand")
    for day in range(1, 29):
        many(listened, brand, dt.date(2026, 10, day), 10, sentiment=0.2, lang="fr")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert owner_client.get(url(listened), OCTOBER).status_code == 200
