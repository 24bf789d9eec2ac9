"""Benchmark: the strategy page of a workspace with 200,000 posts against the demo's.

    .venv/bin/python bench/strategy_page.py [--posts 200000] [--accounts 4] [--runs 15]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<throw-away db> .venv/bin/python ...

Builds the demo workspace, then a second workspace holding the demo's strategy and
``--posts`` posts over ``--accounts`` own accounts (X, Mastodon, Bluesky, LinkedIn…)
spread over the last two years, with every count and a follower count a day. Then,
through the full middleware stack (Django's test client, logged in as the owner),
interleaved in the same process (:func:`timing.compare`):

1. the large workspace's strategy page against the same page on the demo workspace
   (the aim: CPU per request within 2× of the demo's);
2. the large workspace's year-long dashboard (the last 365 days) against the demo's;
3. the year-long comparison page, likewise;
4. the strategy page's 24-month history (:func:`workspace_history`'s aggregation)
   from the daily sums against the same from the posts (what every view did before).

Each line gives the medians of wall and CPU time (this process's), the ratio and the
queries; the gettext calls of one strategy page view are counted on both workspaces.
The last line is the JSON of :func:`timing.emit`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from timing import compare, count_queries, emit, report, set_up_django

NETWORKS = ["x", "mastodon", "bluesky", "linkedin", "instagram", "facebook"]


def seed_posts(workspace, owner, posts: int, accounts: int, today: dt.date) -> list:
    """``posts`` posts over ``accounts`` own accounts and two years, with follower counts."""
    from mostra.analytics import account_days
    from mostra.analytics.models import AccountPost, FollowerCount, TrackedAccount

    rng = random.Random(15)
    tracked = [
        TrackedAccount.objects.create(
            workspace=workspace, network=NETWORKS[i % len(NETWORKS)], handle=f"bench{i}"
        )
        for i in range(accounts)
    ]
    start = dt.datetime.combine(today - dt.timedelta(days=730), dt.time(), dt.UTC)
    seconds = 730 * 86400
    kinds = ["original"] * 7 + ["reply"] * 2 + ["repost"]
    began = time.perf_counter()
    rows = []
    for n in range(posts):
        likes = int(rng.paretovariate(1.3) * 10)  # heavy-tailed, as engagement is
        rows.append(
            AccountPost(
                account=tracked[n % accounts],
                network_id=f"b{n}",
                kind=rng.choice(kinds),
                published_at=start + dt.timedelta(seconds=rng.randrange(seconds)),
                source="csv",
                likes=likes,
                reposts=likes // 5,
                replies=likes // 9,
                quotes=likes // 20,
                impressions=likes * 40 + 10,
                reach=likes * 25 + 5,
                clicks=likes // 3,
            )
        )
        if len(rows) == 10_000:
            AccountPost.objects.bulk_create(rows)
            rows = []
    AccountPost.objects.bulk_create(rows)
    FollowerCount.objects.bulk_create(
        (
            FollowerCount(
                account=a,
                date=today - dt.timedelta(days=d),
                followers=20_000 - 7 * d,
                source="csv",
            )
            for a in tracked
            for d in range(730)
        ),
        batch_size=5000,
    )
    print(f"{posts} posts written in {time.perf_counter() - began:.1f} s")
    began = time.perf_counter()
    account_days.rebuild(a.pk for a in tracked)
    print(f"daily sums of {accounts} accounts built in {time.perf_counter() - began:.1f} s")
    return tracked


def gettext_calls(fn) -> int:
    """How many translations (gettext, pgettext, ngettext…) one call of ``fn`` asks for."""
    from django.utils import translation

    trans = translation._trans
    names = ("gettext", "ngettext", "pgettext", "npgettext")
    originals = {name: getattr(trans, name) for name in names}
    calls = [0]

    def counting(original):
        def wrapper(*args, **kwargs):
            calls[0] += 1
            return original(*args, **kwargs)

        return wrapper

    for name, original in originals.items():
        setattr(trans, name, counting(original))
    try:
        fn()
    finally:
        for name, original in originals.items():
            setattr(trans, name, original)
    return calls[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--accounts", type=int, default=4)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    set_up_django()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from mostra.analytics.models import AccountPost, TrackedAccount
    from mostra.analytics.progress import buckets
    from mostra.analytics.progress.history import HISTORY_MONTHS, history_codes
    from mostra.core.demo import build_demo
    from mostra.core.models import User
    from mostra.core.services.workspaces import create_workspace
    from mostra.strategy.services.export import export_document
    from mostra.strategy.services.file import import_document

    owner = User.objects.create_user("bench@example.org", "x" * 16)
    demo = build_demo(owner)
    large = create_workspace(owner, "Agency", slug="agency", timezone="Europe/Paris")
    import_document(None, large, export_document(demo))
    today = timezone.localdate()
    tracked = seed_posts(large, owner, args.posts, args.accounts, today)
    demo_posts = AccountPost.objects.filter(account__workspace=demo).count()

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(owner)
    year = f"?period=custom&from={today - dt.timedelta(days=364)}&to={today}"
    pages = {
        "strategy page": "/w/{}/strategy/",
        "year-long dashboard": "/w/{}/reports/dashboard/" + year,
        "year-long comparison": "/w/{}/analytics/compare/" + year,
    }
    figures: dict[str, object] = {}
    for label, pattern in pages.items():
        large_url, demo_url = pattern.format(large.slug), pattern.format(demo.slug)

        def page(url=large_url) -> None:
            assert client.get(url).status_code == 200

        def demo_page(url=demo_url) -> None:
            assert client.get(url).status_code == 200

        queries, demo_queries = count_queries(page), count_queries(demo_page)
        comparison = compare(page, demo_page, args.runs)
        report(
            f"{label}, {args.posts} posts",
            comparison,
            baseline=f"the demo's, {demo_posts} posts, {demo_queries} queries",
            ratio_digits=2,
            queries=queries,
        )
        print(f"  CPU ratio {comparison.cpu_ratio:.2f}")
        key = label.replace(" ", "_").replace("-", "_")
        figures[key] = {
            **comparison.figures(),
            "cpu_ratio": round(comparison.cpu_ratio, 3),
            "queries": queries,
            "baseline_queries": demo_queries,
        }
        if label == "strategy page":
            strategy = comparison
            figures["gettext_calls"] = gettext_calls(page)
            figures["demo_gettext_calls"] = gettext_calls(demo_page)
            print(
                f"  gettext calls per view: {figures['gettext_calls']} "
                f"(demo: {figures['demo_gettext_calls']})"
            )

    ids = [a.pk for a in TrackedAccount.objects.filter(workspace=large, is_competitor=False)]
    assert len(ids) == len(tracked)
    start = (today.replace(day=1) - dt.timedelta(days=HISTORY_MONTHS * 31)).replace(day=1)
    codes = history_codes()

    def history(from_posts: bool) -> None:
        buckets.bucketed_values(
            ids, codes, start, today, "month", large.timezone, from_posts=from_posts
        )

    history_comparison = compare(lambda: history(False), lambda: history(True), args.runs)
    report(
        f"24-month history, {args.posts} posts, from the daily sums",
        history_comparison,
        baseline="the same from the posts",
        ratio_digits=3,
    )
    figures["history_from_days"] = history_comparison.figures()
    emit(
        "strategy_page",
        database=connection.vendor,
        posts=args.posts,
        accounts=args.accounts,
        demo_posts=demo_posts,
        **{**strategy.figures(), "cpu_ratio": round(strategy.cpu_ratio, 3)},
        baseline="the demo's strategy page",
        pages=figures,
    )


if __name__ == "__main__":
    main()
