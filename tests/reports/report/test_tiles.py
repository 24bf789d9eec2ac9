"""The report's tiles as a reader checks them: each has a value, the objectives' KPIs
come first, and the repost ratio is given per network, never blended."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.analytics import account_days
from mostra.analytics.models import AccountPost, PostKind, PostSource, TrackedAccount
from mostra.reports.report.figures import gather
from mostra.reports.report.period import parse_period
from mostra.reports.report.tiles import MAX_TILES
from mostra.strategy.models import Objective

pytestmark = pytest.mark.django_db

OCTOBER = parse_period("2026-10")
TODAY = dt.date(2026, 11, 15)


def posts(account: TrackedAccount, total: int, reposts: int) -> None:
    """``total`` posts in October 2026, the first ``reposts`` of them reposts."""
    AccountPost.objects.bulk_create(
        AccountPost(
            account=account,
            network_id=f"{account.handle}-{n}",
            kind=PostKind.REPOST if n < reposts else PostKind.ORIGINAL,
            published_at=dt.datetime(2026, 10, 1 + n, 12, 0, tzinfo=dt.UTC),
            text=f"{account.handle} {n}",
            likes=None if n < reposts else 10,
            reposts=None if n < reposts else 1,
            replies=None if n < reposts else 1,
            source=PostSource.CSV,
        )
        for n in range(total)
    )
    account_days.refresh(account.pk)  # a bulk write keeps the daily sums itself


@pytest.fixture
def three_networks(workspace):
    """X reposts half its posts, Mastodon a quarter, Instagram never (it cannot)."""
    for network, handle, total, reposts in (
        ("x", "fromagerie", 10, 5),
        ("mastodon", "fromagerie@piaille.fr", 8, 2),
        ("instagram", "fromagerie.du.lac", 20, 0),
    ):
        account = TrackedAccount.objects.create(workspace=workspace, network=network, handle=handle)
        posts(account, total, reposts)


def test_no_tile_is_empty(workspace, measured):
    data = gather(workspace, OCTOBER, "en", today=TODAY)

    assert data.figures
    for figure in data.figures:
        assert figure.value is not None, figure.code
        assert figure.text != "—", figure.code
    # X archives carry no impressions: no tile for them, the appendix says so.
    assert "impressions" not in {f.code for f in data.figures}
    assert "Impressions" in data.unmeasured


def test_the_objectives_kpis_come_first(workspace, measured):
    data = gather(workspace, OCTOBER, "en", today=TODAY)

    first = data.figures[0]
    assert first.code == "repost_ratio"
    assert first.text == "40%"
    assert first.scope == "X (Twitter)"
    assert first.objective == "Write more of our own posts"
    assert data.figures[1].label == "Posts"
    # The objective's repost ratio is not repeated among the headline tiles.
    assert [f.code for f in data.figures].count("repost_ratio") == 1


def test_the_repost_ratio_is_given_per_network_never_blended(workspace, three_networks):
    data = gather(workspace, OCTOBER, "en", today=TODAY)

    ratios = {f.scope: f.text for f in data.figures if f.code == "repost_ratio"}
    # 7 reposts of 38 posts would read 18%: a figure of no network at all.
    assert ratios == {"Mastodon": "25%", "X (Twitter)": "50%"}
    posts_tile = next(f for f in data.figures if f.label == "Posts")
    assert posts_tile.text == "38" and posts_tile.scope == ""  # counts add up across networks


def test_an_objective_on_a_network_names_it(workspace, three_networks):
    Objective.objects.create(
        workspace=workspace,
        key="o-likes",
        title="Be liked on Instagram",
        axis="liking",
        networks=["instagram"],
        kpi="likes",
        target_value=500,
        deadline=dt.date(2027, 6, 30),
    )

    data = gather(workspace, OCTOBER, "en", today=TODAY)

    first = data.figures[0]
    assert (first.code, first.scope, first.text) == ("likes", "Instagram", "200")
    assert first.objective == "Be liked on Instagram"


def test_at_most_nine_tiles(workspace, three_networks):
    wanted = [
        ("likes", []),
        ("applause_rate", []),
        ("conversation_rate", []),
        ("amplification_rate", []),
        ("likes", ["x"]),
        ("likes", ["mastodon"]),
        ("likes", ["instagram"]),
    ]
    for n, (code, networks) in enumerate(wanted):
        Objective.objects.create(
            workspace=workspace,
            key=f"o-{n}",
            title=f"Objective {n}",
            axis="liking",
            networks=networks,
            kpi=code,
            target_value=1,
            deadline=dt.date(2027, 6, 30),
        )

    data = gather(workspace, OCTOBER, "en", today=TODAY)

    # 7 objectives, the posts, the repost ratio of X and of Mastodon: one too many.
    assert len(data.figures) == MAX_TILES
    assert [f.objective for f in data.figures[:7]] == [f"Objective {n}" for n in range(7)]
    assert [(f.code, f.scope) for f in data.figures[7:]] == [
        ("posts_per_week", ""),
        ("repost_ratio", "Mastodon"),
    ]
