"""The listening KPIs on hand-built mentions: each formula, an empty period, only neutral
mentions, unknown reach, the queries a KPI needs, and the queries read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from mostra.analytics.kpis import Period
from mostra.analytics.listening_kpis import measure
from mostra.listening.services.response import median_response_hours
from tests.analytics.listening_kpis.builders import PARIS, many, mention, query

pytestmark = pytest.mark.django_db

OCTOBER = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
DAY = dt.date(2026, 10, 10)


@pytest.fixture
def queries(workspace):
    return (
        query(workspace, "Fromagerie du Lac", "brand"),
        query(workspace, "Laiterie Martin", "competitor"),
        query(workspace, "Crèmerie Roux", "competitor"),
    )


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_each_formula_on_hand_built_mentions(workspace, queries):
    brand, martin, roux = queries
    for score in (0.6, 0.05, 0.8):  # 0.05 is positive: the enrichment's cut
        mention(workspace, brand, day=DAY, sentiment=score, followers=100)
    mention(workspace, brand, day=DAY, sentiment=-0.05, followers=300)  # negative
    mention(workspace, brand, day=DAY, sentiment=0.0)  # neutral
    mention(workspace, brand, martin, day=DAY, sentiment=0.04)  # neutral, and Martin's
    mention(workspace, brand, day=DAY, lang="de")  # no sentiment in German
    first = mention(workspace, martin, day=DAY)
    mention(workspace, martin, day=DAY, duplicate_of=first)  # a near-duplicate: once
    mention(workspace, roux, day=DAY)
    mention(workspace, brand, day=dt.date(2026, 9, 30), sentiment=0.9)  # before October
    mention(workspace, day=DAY, sentiment=0.9)  # matches no query
    got = measure(workspace, OCTOBER).values

    assert got["mentions"].value == 7
    reach = got["mention_reach"]
    assert reach.value == 600 and reach.note == "4 of 7 mentions had a known reach."
    # 7 ÷ (7 + Martin 2 + Roux 1)
    assert got["share_of_voice"].value == pytest.approx(0.7)
    # P = 3, N = 1, U = 2 (the German one has no sentiment)
    assert got["net_sentiment_ns1"].value == pytest.approx((3 - 1) / 4)
    assert got["net_sentiment_ns2"].value == pytest.approx((3 - 1) / 6)
    assert got["net_sentiment"].value == got["net_sentiment_ns2"].value
    assert got["net_sentiment_ns2"].note == "6 of 7 mentions had a sentiment."


def test_the_share_of_voice_per_competitor(workspace, queries):
    brand, martin, roux = queries
    many(workspace, brand, DAY, 6)
    many(workspace, martin, DAY, 3)
    many(workspace, roux, DAY, 1)
    voices = measure(workspace, OCTOBER).voices
    assert [(v.name, v.mentions, v.share, v.own) for v in voices] == [
        ("Us (own brand)", 6, 0.6, True),
        ("Laiterie Martin", 3, 0.3, False),
        ("Crèmerie Roux", 1, 0.1, False),
    ]


def test_an_empty_period_is_missing_data_not_zero(workspace, queries):
    got = measure(workspace, OCTOBER).values
    for code, value in got.items():
        assert value.value is None, code
        assert value.missing, code
    assert got["mentions"].missing.startswith("No mention of the brand in the period")
    assert "brand or of its competitors" in got["share_of_voice"].missing
    assert "handled or ignored" in got["response_time_median"].missing


def test_only_neutral_mentions(workspace, queries):
    brand = queries[0]
    for score in (0.0, 0.01, -0.04):
        mention(workspace, brand, day=DAY, sentiment=score)
    got = measure(workspace, OCTOBER).values
    assert got["net_sentiment_ns2"].value == 0  # measured: as many positive as negative
    assert got["net_sentiment_ns1"].value is None
    assert got["net_sentiment_ns1"].missing.startswith("Only neutral mentions in the period")


def test_unknown_reach_is_missing(workspace, queries):
    mention(workspace, queries[0], day=DAY, sentiment=0.5)
    reach = measure(workspace, OCTOBER).values["mention_reach"]
    assert reach.value is None
    assert reach.missing.startswith("No author's audience is known")


def test_an_imported_label_counts_when_there_is_no_score(workspace, queries):
    brand = queries[0]
    mention(workspace, brand, day=DAY, lang="", declared_sentiment="negative")
    mention(workspace, brand, day=DAY, lang="", declared_sentiment="neutral")
    got = measure(workspace, OCTOBER).values
    assert got["net_sentiment_ns2"].value == pytest.approx(-0.5)


def test_kpis_say_which_queries_they_need(workspace):
    got = measure(workspace, OCTOBER).values
    assert "own-brand query" in got["mentions"].missing
    query(workspace, "Fromagerie du Lac", "brand")
    got = measure(workspace, OCTOBER).values
    assert got["share_of_voice"].missing.startswith(
        "Listening needs an own-brand query and at least one competitor query"
    )
    assert got["mentions"].missing.startswith("No mention of the brand")


def test_the_median_response_time_is_the_inboxs(workspace, queries):
    brand = queries[0]
    start = dt.datetime(2026, 10, 5, 9, tzinfo=PARIS)
    for hours in (1, 4, 30):
        mention(
            workspace,
            brand,
            day=DAY,
            published_at=start,
            responded_at=start + dt.timedelta(hours=hours),
        )
    mention(workspace, brand, day=DAY, published_at=start)  # still open
    got = measure(workspace, OCTOBER).values["response_time_median"]
    assert got.value == 4
    bounds = OCTOBER.bounds(workspace.timezone)
    assert got.value == median_response_hours(workspace, bounds)


def test_queries_do_not_grow_with_the_mentions(workspace, queries, django_assert_num_queries):
    brand, martin, _roux = queries
    many(workspace, brand, DAY, 5, sentiment=0.5, author_followers=10)
    many(workspace, martin, DAY, 5)
    with django_assert_num_queries(4):
        few = measure(workspace, OCTOBER).values
    many(workspace, brand, DAY + dt.timedelta(days=3), 200, sentiment=-0.5)
    many(workspace, martin, DAY + dt.timedelta(days=5), 100)
    with django_assert_num_queries(4):
        more = measure(workspace, OCTOBER).values
    assert few["mentions"].value == 5 and more["mentions"].value == 205
