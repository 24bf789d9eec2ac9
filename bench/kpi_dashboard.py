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

Then it times, median of ``--runs``:

- ``compute()`` of every catalogue KPI for all accounts over the year (two queries);
- ``mostra kpi --format json`` for the same (the command: queries, formulas, output);
- the team's dashboard page over the same year (``reports:dashboard``, logged in);
- the baseline, in the same run: the same KPIs computed by pandas from the same rows,
  split into the load (the period's posts and the follower counts into DataFrames) and
  the groupby; the ratio is compute() / (load + groupby).

Results on this machine (2 cores, load average 3–4 from other work: medians of 5),
20 accounts, 200,000 posts, 2,000,000 snapshots, every KPI over one year:

    SQLite, posts as imports write them:   compute 428–790 ms, mostra kpi 398–842 ms,
                                           pandas 717–1,612 ms (load 577–1,246 +
                                           groupby 140–366), ratio 0.41–0.60
    SQLite, posts interleaved (--interleaved, the worst case: each row a random page):
                                           compute 1,160–1,552 ms, pandas 907 ms,
                                           ratio 1.28
    PostgreSQL 15:                         compute 229–341 ms, mostra kpi 274–338 ms,
                                           pandas 513–880 ms, ratio 0.39–0.56

Where the time goes on SQLite: reading the period's rows through the (account,
published_at) index, one table page per row when accounts are interleaved (count-only
costs nearly as much as the 30 aggregates). SQLite's default page cache (2 MB) is
smaller than the table; ``PRAGMA mmap_size=268435456`` took the interleaved case from
1.2 s to 0.87 s in a side test (a settings change, not made here).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from timing import median_ms, set_up_django

YEAR_END = dt.date(2026, 9, 30)
YEAR_START = YEAR_END - dt.timedelta(days=364)
COUNTS = ("likes", "reposts", "replies", "quotes", "impressions", "reach", "clicks", "saves")


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
    return accounts


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


def pandas_kpis(accounts, period):
    """The same KPIs by pandas: (load ms, groupby ms, the per-account table)."""
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
    kinds = posts.groupby(["account_id", "kind"]).size().unstack(fill_value=0)
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
    inside = counts[counts["date"] >= period.start].groupby("account_id")["followers"]
    table = kinds.join(agg, how="left")
    table["all"] = table[["original", "reply", "repost"]].sum(axis=1)
    table["own"] = table["original"] + table["reply"]
    table["followers"] = at_end
    table["repost_ratio"] = table["repost"] / table["all"]
    table["original_share"] = table["original"] / table["all"]
    table["reply_share"] = table["reply"] / table["all"]
    table["posts_per_week"] = table["all"] / (period.days / 7)
    table["conversation_rate"] = table["sum_replies"] / table["n_replies"]
    table["amplification_rate"] = (table["sum_reposts"] + table["sum_quotes"]) / table["n_reposts"]
    table["applause_rate"] = table["sum_likes"] / table["n_likes"]
    for name in ("conversation_rate", "amplification_rate", "applause_rate"):
        table[f"{name}_per_1000"] = table[name] / (table["followers"] / 1000)
    table["engagement_rate_reach"] = table["err"]
    table["engagement_rate_followers"] = table["eng"] / table["n_eng"] / table["followers"]
    table["engagement_rate_impressions"] = table["eng_imp"] / table["imp_eng"]
    table["ctr"] = table["ctr_clicks"] / table["ctr_imp"]
    table["follower_growth"] = (inside.last() - inside.first()) / inside.first()
    done = time.perf_counter()
    return (loaded - began) * 1000, (done - loaded) * 1000, table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
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

    from mostra.analytics.cli_kpi import kpi_command
    from mostra.analytics.kpis import Period, compute
    from mostra.analytics.models import AccountPost, TrackedAccount
    from mostra.publishing.models import MetricSnapshot

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

    computed_ms = median_ms(lambda: compute(accounts, period), args.runs)
    values = compute(accounts, period)
    print(f"compute(): {len(accounts)} accounts, 1 year, every KPI: median {computed_ms:.0f} ms")

    argv = ["--workspace", "kpi-bench", "--from", str(YEAR_START), "--to", str(YEAR_END)]
    runner = CliRunner()
    command_ms = median_ms(
        lambda: runner.invoke(kpi_command, [*argv, "--format", "json"]), args.runs
    )
    print(f"mostra kpi --format json: median {command_ms:.0f} ms")

    loads, groupbys = [], []
    pandas_kpis(accounts, period)  # warm-up
    for _ in range(args.runs):
        load_ms, groupby_ms, table = pandas_kpis(accounts, period)
        loads.append(load_ms)
        groupbys.append(groupby_ms)
    load_ms, groupby_ms = statistics.median(loads), statistics.median(groupbys)
    print(
        f"pandas baseline: load {load_ms:.0f} ms + groupby {groupby_ms:.0f} ms = "
        f"{load_ms + groupby_ms:.0f} ms; "
        f"ratio compute / pandas {computed_ms / (load_ms + groupby_ms):.2f}"
    )
    # The two agree (or the benchmark is meaningless).
    for account in accounts:
        for code in ("repost_ratio", "applause_rate", "engagement_rate_reach", "follower_growth"):
            ours = values[account.pk][code].value
            theirs = table.loc[account.pk, code]
            assert (ours is None and (theirs != theirs)) or abs(ours - theirs) < 1e-9, (
                account.handle,
                code,
                ours,
                theirs,
            )
    output = runner.invoke(kpi_command, [*argv, "--format", "json"]).stdout
    assert len(json.loads(output)) == len(accounts)

    # The team's dashboard over the same year: the whole page, as a member gets it.
    from django.test import Client

    from mostra.core.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email="bench-kpi@example.org"))
    url = f"/w/kpi-bench/reports/dashboard/?period=custom&from={YEAR_START}&to={YEAR_END}"
    assert client.get(url).status_code == 200
    page_ms = median_ms(lambda: client.get(url), args.runs)
    print(
        f"dashboard page, 1 year: median {page_ms:.0f} ms; "
        f"ratio to pandas {page_ms / (load_ms + groupby_ms):.2f}"
    )


if __name__ == "__main__":
    main()
