"""Every formula on a hand-computed case, zero denominators and missing data.

The case (October 2026, the Fromagerie's X account): three originals, one reply, four
reposts; follower counts on 20 September (900), 1 October (1,000), 31 October (1,100)
and 5 November (2,000). The expected figures below are worked out by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.analytics.kpis import CATALOGUE, Period, compute, compute_combined
from mostra.analytics.models import PostKind
from mostra.strategy.catalogue import KPIS
from tests.analytics.kpis.builders import followers, posts, tracked

OCTOBER = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))


@pytest.fixture
def account(workspace):
    account = tracked(workspace)
    posts(account, likes=10, reposts=1, replies=0, quotes=0, reach=100, impressions=200, clicks=2)
    posts(account, likes=20, reposts=2, replies=1, quotes=0, reach=200, impressions=400, clicks=4)
    posts(account, likes=30, reposts=3, replies=2, quotes=0, reach=0, impressions=600, clicks=6)
    posts(
        account,
        kind=PostKind.REPLY,
        likes=4,
        reposts=0,
        replies=1,
        reach=50,
        impressions=100,
        clicks=0,
    )
    posts(account, 4, kind=PostKind.REPOST)
    followers(
        account,
        (dt.date(2026, 9, 20), 900),
        (dt.date(2026, 10, 1), 1000),
        (dt.date(2026, 10, 31), 1100),
        (dt.date(2026, 11, 5), 2000),
    )
    return account


def values(account, codes=None):
    return compute([account], OCTOBER, codes)[account.pk]


def test_every_strategy_kpi_is_in_the_catalogue():
    assert set(KPIS) <= set(CATALOGUE)
    for extra in [
        "original_share",
        "reply_share",
        "posts_per_week",
        "follower_growth",
        "conversation_rate_per_1000",
        "amplification_rate_per_1000",
        "applause_rate_per_1000",
        "net_sentiment_ns1",
        "net_sentiment_ns2",
        "cpm",
        "cpc",
    ]:
        assert extra in CATALOGUE


def test_every_kpi_states_its_formula_numerator_denominator_and_source():
    for kpi in CATALOGUE.values():
        assert str(kpi.label) and str(kpi.formula) and str(kpi.numerator)
        assert str(kpi.denominator) and str(kpi.source.title)
        assert kpi.unit in {"ratio", "count", "rate", "per_week", "currency", "hours"}
        assert kpi.direction in {"up", "down", "any"}
        assert str(kpi.group)
        assert not kpi.source.url or kpi.source.url.startswith("http")


def test_output_shares_divide_by_all_posts_replies_included(account):
    got = values(account)
    assert got["repost_ratio"].value == pytest.approx(4 / 8)
    assert (got["repost_ratio"].numerator, got["repost_ratio"].denominator) == (4, 8)
    assert got["original_share"].value == pytest.approx(3 / 8)
    assert got["reply_share"].value == pytest.approx(1 / 8)
    assert got["posts_per_week"].value == pytest.approx(8 / (31 / 7))
    assert got["posts_per_week"].missing == ""


def test_totals_sum_the_own_posts_that_carry_the_count(account):
    got = values(account)
    assert got["likes"].value == 64
    assert got["reach"].value == 350
    assert got["impressions"].value == 1300
    assert got["link_clicks"].value == 12


def test_kaushik_rates_divide_by_own_posts_reposts_excluded(account):
    got = values(account)
    assert got["conversation_rate"].value == pytest.approx(4 / 4)
    assert (got["conversation_rate"].numerator, got["conversation_rate"].denominator) == (4, 4)
    assert got["amplification_rate"].value == pytest.approx(6 / 4)
    assert got["applause_rate"].value == pytest.approx(64 / 4)
    # Per 1,000 followers: followers at the end of October (1,100), not November's.
    assert got["conversation_rate_per_1000"].value == pytest.approx(4 / 4 / 1.1)
    assert got["amplification_rate_per_1000"].value == pytest.approx(6 / 4 / 1.1)
    assert got["applause_rate_per_1000"].value == pytest.approx(64 / 4 / 1.1)


def test_the_three_engagement_rates_are_kept_apart(account):
    got = values(account)
    # Engagements per own post: 11, 23, 35, 5 (likes + replies + reposts + quotes).
    by_reach = got["engagement_rate_reach"]
    assert by_reach.value == pytest.approx((11 / 100 + 23 / 200 + 5 / 50) / 3)
    assert by_reach.denominator == 3  # the post with a reach of 0 is left out
    assert got["engagement_rate_impressions"].value == pytest.approx(74 / 1300)
    by_followers = got["engagement_rate_followers"]
    assert by_followers.value == pytest.approx(74 / 4 / 1100)
    assert (by_followers.numerator, by_followers.denominator) == (74, 4 * 1100)


def test_saves_count_as_engagements_when_given(workspace):
    account = tracked(workspace, network="instagram")
    posts(account, likes=10, reposts=0, replies=2, saves=8, impressions=100)
    assert values(account)["engagement_rate_impressions"].value == pytest.approx(20 / 100)


def test_followers_growth_and_ctr(account):
    got = values(account)
    assert got["followers"].value == 1100
    assert got["follower_growth"].value == pytest.approx((1100 - 1000) / 1000)
    assert (got["follower_growth"].numerator, got["follower_growth"].denominator) == (100, 1000)
    assert got["ctr"].value == pytest.approx(12 / 1300)


def test_followers_is_the_latest_count_before_the_end(workspace):
    account = tracked(workspace)
    followers(account, (dt.date(2026, 9, 20), 900))
    got = values(account, ["followers", "follower_growth"])
    assert got["followers"].value == 900
    assert (
        got["followers"].note == "The latest follower count is from 09/20/2026, before the period."
    )
    assert got["follower_growth"].value is None
    assert "two follower counts" in got["follower_growth"].missing


def test_no_posts_gives_none_with_a_reason_not_zero(workspace):
    account = tracked(workspace)
    got = values(account)
    for code in ["repost_ratio", "conversation_rate", "likes", "ctr", "engagement_rate_reach"]:
        assert got[code].value is None, code
        assert got[code].missing == "No posts in the period.", code
    assert got["posts_per_week"].value == 0
    assert "No follower count on or before" in got["followers"].missing


def test_only_reposts_means_no_own_posts(workspace):
    account = tracked(workspace)
    posts(account, 3, kind=PostKind.REPOST)
    got = values(account)
    assert got["repost_ratio"].value == 1.0
    assert got["conversation_rate"].value is None
    assert "No own posts" in got["conversation_rate"].missing


def test_zero_denominators(workspace):
    account = tracked(workspace)
    posts(account, likes=3, reposts=0, replies=0, reach=0, impressions=0, clicks=0)
    followers(account, (dt.date(2026, 10, 1), 0), (dt.date(2026, 10, 20), 10))
    got = values(account)
    assert got["engagement_rate_reach"].value is None
    assert "0" in got["engagement_rate_reach"].missing
    assert got["engagement_rate_impressions"].value is None
    assert got["ctr"].value is None
    assert got["follower_growth"].value is None
    assert "start" in got["follower_growth"].missing


def test_an_x_archive_has_no_replies_so_conversation_is_missing(workspace):
    """Likes and retweets only, as the X archive gives them."""
    account = tracked(workspace)
    posts(account, 5, source="x-archive", likes=7, reposts=2)
    posts(account, 2, kind=PostKind.REPOST, source="x-archive")
    got = values(account)
    conversation = got["conversation_rate"]
    assert conversation.value is None
    assert conversation.missing == (
        "No replies counts: X archives and Mastodon archives do not include them; "
        "connect the account or import a page analytics export."
    )
    assert got["engagement_rate_followers"].missing == conversation.missing
    assert got["applause_rate"].value == pytest.approx(7)
    assert got["amplification_rate"].value == pytest.approx(2)
    assert "No reach" in got["reach"].missing
    assert "No impressions" in got["impressions"].missing
    assert "No reach" in got["engagement_rate_reach"].missing
    assert "No impressions" in got["engagement_rate_impressions"].missing


def test_listening_paid_and_conversions_are_always_missing(account):
    got = values(account)
    for code in ["share_of_voice", "net_sentiment", "net_sentiment_ns1", "net_sentiment_ns2"]:
        assert got[code].value is None
        assert got[code].missing.startswith("Measured by listening for the whole workspace")
    for code in ["cost_per_result", "cpm", "cpc"]:
        assert got[code].missing.startswith("Measured from the paid campaigns")
    for code in ["registrations", "sales", "leads"]:
        assert "conversion data" in got[code].missing


def test_unknown_code_is_refused(account):
    with pytest.raises(ValueError, match="nope"):
        compute([account], OCTOBER, ["nope"])


def test_combined_adds_the_accounts_figures(workspace, account):
    other = tracked(workspace, handle="fromagerie.bsky.social", network="bluesky")
    posts(other, 2, likes=1, reposts=1, replies=1, impressions=10)
    followers(other, (dt.date(2026, 10, 1), 100), (dt.date(2026, 10, 30), 100))
    got = compute_combined([account, other], OCTOBER)
    assert got["repost_ratio"].value == pytest.approx(4 / 10)
    assert got["followers"].value == 1200
    assert got["follower_growth"].value == pytest.approx(100 / 1100)
    assert got["engagement_rate_impressions"].value == pytest.approx((74 + 6) / (1300 + 20))
    assert got["conversation_rate"].value == pytest.approx(6 / 6)


def test_combined_followers_missing_when_one_account_has_none(workspace, account):
    other = tracked(workspace, handle="b", network="bluesky")
    got = compute_combined([account, other], OCTOBER, ["followers"])
    assert got["followers"].value is None


def test_combined_of_no_account(workspace):
    got = compute_combined([], OCTOBER, ["repost_ratio"])
    assert got["repost_ratio"].value is None


def test_a_value_from_part_of_the_posts_says_so(workspace):
    """An X archive (no replies counts) beside posts mostra collected (with them)."""
    account = tracked(workspace)
    posts(account, 8, source="x-archive", likes=2, reposts=1)
    posts(account, 2, source="publishing", likes=4, reposts=0, replies=3)
    got = values(account)
    conversation = got["conversation_rate"]
    assert conversation.value == pytest.approx(6 / 2)
    assert (conversation.numerator, conversation.denominator) == (6, 2)
    assert conversation.note == (
        "Computed over 2 of 10 own posts: the others have no replies count."
    )
    assert got["applause_rate"].value == pytest.approx(24 / 10)
    assert got["applause_rate"].note == ""
    assert got["engagement_rate_followers"].value is None  # no follower count
    assert got["amplification_rate"].note == ""  # every post has its reposts count


def test_the_engine_does_not_measure_exactly_the_catalogues_recorded_kpis():
    """The strategy's catalogue says which KPIs the team records; the engine answers
    exactly those "not measured", and computes every other one."""
    from mostra.analytics.kpis.formulas import FORMULAS, NOT_MEASURED
    from mostra.strategy.kpis.catalogue import RECORDED

    assert NOT_MEASURED == RECORDED
    assert set(FORMULAS) == set(CATALOGUE)
