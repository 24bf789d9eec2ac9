"""Benchmark: the KPIs of 20 accounts over a year of 200,000 posts (``compute()``).

    .venv/bin/python bench/kpi_dashboard.py [--accounts 20] [--posts 200000]
        [--snapshots 2000000] [--runs 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<throw-away db> .venv/bin/python ...

Seeds one workspace with ``--accounts`` tracked accounts (half of them competitors) and
``--posts`` posts over one year (half originals, a fifth replies, the rest reposts;
counts as the sources give them: an X-archive third with likes and reposts only, a
page-analytics third with every count, a Bluesky third with none), a follower count
per account and day, and ``--snapshots`` :class:`MetricSnapshot` rows (100 per
publication, for ``snapshots / 100`` published publications whose latest counts are
on their :class:`AccountPost`, as :mod:`mostra.analytics.sync` leaves them).

The KPIs never read the snapshot table: the sync keeps each publication's latest
counts on its AccountPost, so the time series' size does not weigh on the KPIs. The
snapshots are seeded anyway (in SQL, ``INSERT … SELECT``: a few seconds) so that the
database is the size the issue names.

Then it checks that mostra and pandas give the same value for every KPI both can
compute (:data:`PANDAS_KPIS`: the 21 catalogue KPIs computed from posts and follower
counts, for every account; the 10 others, :data:`RECORDED_KPIS`, are values the team
records, which neither computes: mostra must leave them missing), and times, medians of
``--runs``, each interleaved with its baseline in the same process:

- ``compute()`` of every catalogue KPI for all accounts over the year (two queries);
- ``mostra kpi --format json`` for the same (the command: queries, formulas, output);
- the team's dashboard page over the same year (``reports:dashboard``, logged in);

against the same KPIs computed by pandas from the posts (the period's posts and the
follower counts loaded into DataFrames, then the groupby and the formulas). compute()
reads the per-account daily sums (:class:`AccountDay`, rebuilt after the seed since
bulk writes do not keep them), not the posts: the ratio compares the sums kept at write
time with computing from the rows, and the values' equality checks the sums. Wall
and CPU time of this process (on PostgreSQL the server's CPU is not in it); the last
line is the JSON of :func:`timing.emit`. Figures and their load: docs/performance.md.

Where the time goes on SQLite: reading the period's rows through the (account,
published_at) index, one table page per row when accounts are interleaved
(``--interleaved``, the worst case).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from timing import compare, emit, report, set_up_django

YEAR_END = dt.date(2026, 9, 30)
YEAR_START = YEAR_END - dt.timedelta(days=364)
COUNTS = (
    "likes",
    "reposts",
    "replies",
    "quotes",
    "impressions",
    "reach",
    "clicks",
    "saves",
    "video_views",
)


def seed(n_accounts: int, n_posts: int, n_snapshots: int, *, interleaved: bool = False) -> list:
    """The workspace, its accounts, posts, follower counts, publications and snapshots."""
    from django.db import connection

    from mostra.analytics.models import AccountPost, FollowerCount, TrackedAccount
    from mostra.core.models import User
    from mostra.core.services.workspaces import create_workspace
    from mostra.editorial.models import Post, PostStatus, PostVariant
    from mostra.publishing.models import Publication, SocialAccount

    rng = random.Random(6)
    owner = User.objects.create_user("bench-kpi@example.org", "x" * 16)
    workspace = create_workspace(owner, "KPI bench", slug="kpi-bench")
    accounts = [
        TrackedAccount.objects.create(
            workspace=workspace,
            network=("x", "facebook", "bluesky")[i % 3],
            handle=f"account{i}",
            is_competitor=bool(i % 2),
        )
        for i in range(n_accounts)
    ]
    own = [a for a in accounts if not a.is_competitor]
    socials = {
        a.pk: SocialAccount.objects.create(
            workspace=workspace, network=a.network, handle=a.handle, external_id=a.handle
        )
        for a in own
    }
    start = dt.datetime.combine(YEAR_START, dt.time(), tzinfo=dt.UTC)
    seconds = 365 * 86400
    # Publications for the snapshots, on the own accounts (100 snapshots each).
    n_publications = n_snapshots // 100
    posts = Post.objects.bulk_create(
        Post(workspace=workspace, status=PostStatus.PUBLISHED, title=f"p{i}")
        for i in range(n_publications)
    )
    variants = PostVariant.objects.bulk_create(
        PostVariant(post=p, network="x", text="Nouvelle tomme") for p in posts
    )
    publications = []
    for i, variant in enumerate(variants):
        account = own[i % len(own)]
        when = start + dt.timedelta(seconds=rng.randrange(seconds))
        publications.append(
            Publication(
                variant=variant,
                account=socials[account.pk],
                state="published",
                due_at=when,
                next_attempt_at=when,
                published_at=when,
                remote_id=f"pub{i}",
            )
        )
    Publication.objects.bulk_create(publications, batch_size=5000)
    rows = []
    for i in range(n_posts):
        account = accounts[i % n_accounts]
        kind = rng.choices(["original", "reply", "repost"], [50, 20, 30])[0]
        counts: dict[str, int | None] = dict.fromkeys(COUNTS)
        if kind != "repost" and account.network == "x":
            counts.update(likes=rng.randrange(50), reposts=rng.randrange(10))
        elif kind != "repost" and account.network == "facebook":
            reach = rng.randrange(1, 5000)
            counts.update(
                likes=rng.randrange(80),
                reposts=rng.randrange(10),
                replies=rng.randrange(15),
                reach=reach,
                impressions=reach + rng.randrange(2000),
                clicks=rng.randrange(40),
                saves=rng.randrange(12),
                video_views=rng.randrange(3000) if rng.random() < 0.3 else None,
            )
        publication = None
        if publications and not account.is_competitor and kind == "original":
            publication = publications.pop()
            counts["replies"] = rng.randrange(5)
        rows.append(
            AccountPost(
                account=account,
                network_id=f"{i}",
                kind=kind,
                published_at=start + dt.timedelta(seconds=rng.randrange(seconds)),
                source="publishing" if publication else "csv",
                publication=publication,
                post_id=publication.variant.post_id if publication else None,
                **counts,
            )
        )
    if not interleaved:  # as imports write them: one account's history at a time, in order
        rows.sort(key=lambda row: (row.account.pk, row.published_at))
    AccountPost.objects.bulk_create(rows, batch_size=5000)
    FollowerCount.objects.bulk_create(
        (
            FollowerCount(
                account=a,
                date=YEAR_START + dt.timedelta(days=d),
                followers=1000 + 3 * d,
                source="csv",
            )
            for a in accounts
            for d in range(365)
        ),
        batch_size=5000,
    )
    _seed_snapshots(connection)
    refresh_daily_sums(accounts)
    return accounts


def refresh_daily_sums(accounts) -> None:
    """Recompute the accounts' daily sums, which the KPIs read and which a bulk write of
    posts does not keep (as the demo and the tests' builders do), and say how long it
    took."""
    from mostra.analytics.account_days import rebuild

    began = time.perf_counter()
    rebuild(a.pk for a in accounts)
    print(f"daily sums of {len(accounts)} accounts rebuilt in {time.perf_counter() - began:.1f} s")


def _seed_snapshots(connection) -> None:
    """100 snapshots per publication, generated by the database itself."""
    columns = (
        "publication_id, taken_at, likes, reposts, replies, quotes, impressions, reach, "
        "clicks, saves, video_views, raw"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO publishing_metricsnapshot ({columns}) "
                "SELECT p.id, p.published_at + c.x * interval '1 hour', c.x, c.x / 10, c.x / 20, "
                "NULL, NULL, NULL, NULL, NULL, NULL, '{}'::jsonb "
                "FROM publishing_publication p, generate_series(1, 100) AS c(x)"
            )
        else:
            cursor.execute(
                f"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100) "
                f"INSERT INTO publishing_metricsnapshot ({columns}) "
                "SELECT p.id, datetime(p.published_at, '+' || c.x || ' hours'), c.x, c.x / 10, "
                "c.x / 20, NULL, NULL, NULL, NULL, NULL, NULL, '{}' "
                "FROM publishing_publication p, c"
            )


#: Every KPI the pandas baseline computes: every catalogue KPI mostra computes from the
#: posts and the follower counts.
PANDAS_KPIS = (
    "posts_per_week",
    "repost_ratio",
    "original_share",
    "reply_share",
    "reach",
    "impressions",
    "video_views",
    "likes",
    "link_clicks",
    "engagement_rate_reach",
    "engagement_rate_followers",
    "engagement_rate_impressions",
    "conversation_rate",
    "amplification_rate",
    "applause_rate",
    "conversation_rate_per_1000",
    "amplification_rate_per_1000",
    "applause_rate_per_1000",
    "followers",
    "follower_growth",
    "ctr",
)
#: The catalogue's other KPIs, which neither side computes: values the team records,
#: from data no post or follower count holds (conversions from the site or the shop,
#: listening over the whole network, what paid media cost).
RECORDED_KPIS = {
    "registrations": "conversions, from the site's own analytics",
    "sales": "conversions, from the shop",
    "leads": "conversions, from the CRM",
    "share_of_voice": "listening: every mention of the brand and its rivals on the network",
    "net_sentiment": "listening: the sentiment of those mentions",
    "net_sentiment_ns1": "listening",
    "net_sentiment_ns2": "listening",
    "cost_per_result": "paid media: the spend",
    "cpm": "paid media: the spend",
    "cpc": "paid media: the spend",
}


def pandas_kpis(accounts, period):
    """The same KPIs by pandas: (load ms, groupby ms, the per-account table, one column
    per KPI of :data:`PANDAS_KPIS`, NaN where mostra says the value is missing)."""
    import numpy as np
    import pandas as pd
    from django.db import connection

    bounds = [connection.ops.adapt_datetimefield_value(b) for b in period.bounds("Europe/Paris")]
    ids = [a.pk for a in accounts]
    began = time.perf_counter()
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT account_id, kind, {', '.join(COUNTS)} FROM analytics_accountpost "
            f"WHERE account_id IN ({marks}) AND published_at >= %s AND published_at < %s",
            [*ids, *bounds],
        )
        posts = pd.DataFrame(cursor.fetchall(), columns=["account_id", "kind", *COUNTS])
        cursor.execute(
            f"SELECT account_id, date, followers FROM analytics_followercount "
            f"WHERE account_id IN ({marks}) AND date <= %s",
            [*ids, period.end],
        )
        counts = pd.DataFrame(cursor.fetchall(), columns=["account_id", "date", "followers"])
    loaded = time.perf_counter()

    def div(numerator, denominator):
        """numerator ÷ denominator, NaN where the denominator is 0 or missing."""
        return (numerator / denominator).where(denominator.fillna(0) != 0)

    for name in COUNTS:
        posts[name] = pd.to_numeric(posts[name], errors="coerce")
    own = posts[posts["kind"] != "repost"].copy()
    engaged = own["likes"].notna() & own["replies"].notna() & own["reposts"].notna()
    own["eng"] = (
        own["likes"]
        + own["replies"]
        + own["reposts"]
        + own["quotes"].fillna(0)
        + own["saves"].fillna(0)
    ).where(engaged)
    own["err"] = (own["eng"] / own["reach"]).where(engaged & (own["reach"] > 0))
    own["eng_imp"] = own["eng"].where(own["impressions"].notna())
    own["imp_eng"] = own["impressions"].where(own["eng"].notna())
    both = own["clicks"].notna() & own["impressions"].notna()
    own["ctr_clicks"] = own["clicks"].where(both)
    own["ctr_imp"] = own["impressions"].where(both)
    kinds = (
        posts.groupby(["account_id", "kind"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=ids, columns=["original", "reply", "repost"], fill_value=0)
    )
    agg = own.groupby("account_id").agg(
        **{f"sum_{c}": (c, "sum") for c in COUNTS},
        **{f"n_{c}": (c, "count") for c in COUNTS},
        eng=("eng", "sum"),
        n_eng=("eng", "count"),
        err=("err", "mean"),
        eng_imp=("eng_imp", "sum"),
        imp_eng=("imp_eng", "sum"),
        ctr_clicks=("ctr_clicks", "sum"),
        ctr_imp=("ctr_imp", "sum"),
    )
    counts = counts.sort_values(["account_id", "date"])
    at_end = counts.groupby("account_id")["followers"].last()
    inside = counts[counts["date"] >= period.start].groupby("account_id")
    table = kinds.join(agg, how="left")
    table["all"] = table[["original", "reply", "repost"]].sum(axis=1)
    table["own"] = table["original"] + table["reply"]
    none = pd.Series(np.nan, index=table.index)
    with_posts = table["all"] > 0
    with_own = with_posts & (table["own"] > 0)
    table["followers"] = at_end.reindex(table.index).astype(float)
    with_followers = table["followers"].fillna(0) != 0
    table["posts_per_week"] = table["all"] / (period.days / 7)
    table["repost_ratio"] = div(table["repost"], table["all"])
    table["original_share"] = div(table["original"], table["all"])
    table["reply_share"] = div(table["reply"], table["all"])
    for code, count in (
        ("reach", "reach"),
        ("impressions", "impressions"),
        ("video_views", "video_views"),
        ("likes", "likes"),
        ("link_clicks", "clicks"),
    ):
        carried = with_posts & (table[f"n_{count}"].fillna(0) > 0)
        table[code] = table[f"sum_{count}"].astype(float).where(carried, none)
    for code, numerator, main in (
        ("conversation_rate", table["sum_replies"], "replies"),
        ("amplification_rate", table["sum_reposts"] + table["sum_quotes"], "reposts"),
        ("applause_rate", table["sum_likes"], "likes"),
    ):
        carried = with_own & (table[f"n_{main}"].fillna(0) > 0)
        table[code] = div(numerator, table[f"n_{main}"]).where(carried)
        per_1000 = div(numerator, table[f"n_{main}"] * table["followers"] / 1000)
        table[f"{code}_per_1000"] = per_1000.where(carried & with_followers)
    engaged_posts = table["n_eng"].fillna(0) > 0
    table["engagement_rate_reach"] = table["err"].where(engaged_posts)
    table["engagement_rate_followers"] = div(
        table["eng"], table["n_eng"] * table["followers"]
    ).where(engaged_posts & with_followers)
    table["engagement_rate_impressions"] = div(table["eng_imp"], table["imp_eng"]).where(
        engaged_posts & (table["n_impressions"].fillna(0) > 0)
    )
    ctr_carried = (
        with_posts & (table["n_clicks"].fillna(0) > 0) & (table["n_impressions"].fillna(0) > 0)
    )
    table["ctr"] = div(table["ctr_clicks"], table["ctr_imp"]).where(ctr_carried)
    first, last = inside["followers"].first(), inside["followers"].last()
    first_day, last_day = inside["date"].first(), inside["date"].last()
    growth = div(last - first, first).where(first_day < last_day)
    table["follower_growth"] = growth.reindex(table.index)
    done = time.perf_counter()
    return (loaded - began) * 1000, (done - loaded) * 1000, table[list(PANDAS_KPIS)]


def agree(accounts, values, table) -> int:
    """Assert that mostra and pandas give every KPI the same value for every account
    (both missing, or equal to 1e-9 relative): the number of values compared."""
    import math

    compared = 0
    for account in accounts:
        for code in PANDAS_KPIS:
            ours = values[account.pk][code].value
            theirs = float(table.loc[account.pk, code])
            same = (ours is None and math.isnan(theirs)) or (
                ours is not None and math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-12)
            )
            assert same, (account.handle, code, ours, theirs)
            compared += 1
        for code in RECORDED_KPIS:
            assert values[account.pk][code].value is None, (account.handle, code)
    return compared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--snapshots", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--interleaved",
        action="store_true",
        help="Write the posts of all accounts mixed in random order (the worst case for "
        "SQLite) instead of one account's history at a time, in order, as imports do.",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Keep the rows a previous run seeded (set MOSTRA_DATA_DIR or DATABASE_URL).",
    )
    args = parser.parse_args()

    set_up_django()
    import json
    import statistics

    from click.testing import CliRunner
    from django.db import connection
    from django.test import Client

    from mostra.analytics.cli_kpi import kpi_command
    from mostra.analytics.kpis import Period, compute
    from mostra.analytics.models import AccountPost, TrackedAccount
    from mostra.core.counts import COUNT_FIELDS
    from mostra.core.models import User
    from mostra.publishing.models import MetricSnapshot
    from mostra.strategy.kpis.catalogue import CATALOGUE

    assert set(COUNTS) == set(COUNT_FIELDS), "the bench seeds every count the posts keep"
    assert set(CATALOGUE) == set(PANDAS_KPIS) | set(RECORDED_KPIS), "a KPI left out"

    began = time.perf_counter()
    seeded = "reused"
    if not (args.reuse and TrackedAccount.objects.filter(workspace__slug="kpi-bench").exists()):
        seed(args.accounts, args.posts, args.snapshots, interleaved=args.interleaved)
        seeded = f"seeded in {time.perf_counter() - began:.1f} s"
    print(
        f"{connection.vendor}: {AccountPost.objects.count():,} posts, "
        f"{MetricSnapshot.objects.count():,} snapshots ({seeded})"
    )
    accounts = list(
        TrackedAccount.objects.filter(workspace__slug="kpi-bench").select_related("workspace")
    )
    period = Period(YEAR_START, YEAR_END)

    # The two agree on every KPI both compute (or the benchmark is meaningless).
    *_, table = pandas_kpis(accounts, period)
    compared = agree(accounts, compute(accounts, period), table)
    print(
        f"mostra and pandas agree on {len(PANDAS_KPIS)} KPIs x {len(accounts)} accounts "
        f"({compared} values): {', '.join(PANDAS_KPIS)}"
    )
    print(f"neither computes (recorded by the team): {', '.join(RECORDED_KPIS)}")

    loads: list[float] = []
    groupbys: list[float] = []

    def by_pandas() -> None:
        load_ms, groupby_ms, _ = pandas_kpis(accounts, period)
        loads.append(load_ms)
        groupbys.append(groupby_ms)

    argv = ["--workspace", "kpi-bench", "--from", str(YEAR_START), "--to", str(YEAR_END)]
    runner = CliRunner()

    def command() -> None:
        result = runner.invoke(kpi_command, [*argv, "--format", "json"])
        assert result.exit_code == 0, result.output

    output = runner.invoke(kpi_command, [*argv, "--format", "json"]).stdout
    assert len(json.loads(output)) == len(accounts)

    # The team's dashboard over the same year: the whole page, as a member gets it.
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email="bench-kpi@example.org"))
    url = f"/w/kpi-bench/reports/dashboard/?period=custom&from={YEAR_START}&to={YEAR_END}"

    def page() -> None:
        assert client.get(url).status_code == 200

    computed = compare(lambda: compute(accounts, period), by_pandas, args.runs)
    report("compute(), every KPI, 1 year", computed, baseline="pandas", digits=0, ratio_digits=2)
    by_command = compare(command, by_pandas, args.runs)
    report("mostra kpi --format json", by_command, baseline="pandas", digits=0, ratio_digits=2)
    by_page = compare(page, by_pandas, args.runs)
    report("dashboard page, 1 year", by_page, baseline="pandas", digits=0, ratio_digits=2)
    load_ms, groupby_ms = statistics.median(loads), statistics.median(groupbys)
    print(f"pandas: load {load_ms:.0f} ms + groupby {groupby_ms:.0f} ms (medians of every run)")
    emit(
        "kpi_dashboard",
        database=connection.vendor,
        accounts=len(accounts),
        posts=args.posts,
        **computed.figures(),
        baseline="pandas (load + groupby)",
        pandas_load_ms=round(load_ms, 3),
        pandas_groupby_ms=round(groupby_ms, 3),
        kpis_compared=len(PANDAS_KPIS),
        values_compared=compared,
        not_computed=sorted(RECORDED_KPIS),
        command_ms=round(by_command.median_ms, 3),
        command_ratio=round(by_command.ratio, 3),
        page_ms=round(by_page.median_ms, 3),
        page_cpu_ms=round(by_page.cpu_ms, 3),
        page_ratio=round(by_page.ratio, 3),
    )


if __name__ == "__main__":
    main()
