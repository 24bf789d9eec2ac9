"""Benchmark: the "What works on their pages" page over 90 days of many posts.

    .venv/bin/python bench/their_pages.py [--accounts 6] [--posts 60000] [--runs 7]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<throw-away db> .venv/bin/python ...

Seeds one workspace with ``--accounts`` tracked accounts (half of them competitors),
each with a follower count, and ``--posts`` originals spread over the last 90 days
(formats in turn, a tenth with unknown replies, texts of about 200 characters), the
daily sums rebuilt. Then times, through the whole stack (Django's test client, logged
in, the figures cache off as after each change), interleaved in the same process:

- the page (``analytics:their_pages``): the posts read once (three queries whatever
  their number) and each account's best slot from best time to post (one query each,
  over 12 months);
- against the comparison page (``analytics:compare``) for the same accounts and period,
  the page it is reached from, which reads the daily sums instead of the posts.

The shell page (:func:`timing.shell_page_url`) is printed too as the stack's floor.
Wall and CPU time per request, the queries of each page; the last line is the JSON of
:func:`timing.emit`. Figures: docs/performance.md, "What works on their pages".
"""

from __future__ import annotations

import argparse
import datetime as dt
import random

from timing import compare, count_queries, emit, report, set_up_django, shell_page_url

FORMATS = ("text", "image", "video", "link", "poll", None)
WORDS = "tomme comté beaufort cave affinage marché samedi lait cru fromagerie".split()


def seed(n_accounts: int, n_posts: int) -> tuple:
    from django.utils import timezone

    from mostra.analytics import account_days
    from mostra.analytics.models import AccountPost, FollowerCount, TrackedAccount
    from mostra.core.models import User
    from mostra.core.services.workspaces import create_workspace

    rng = random.Random(7)
    owner = User.objects.create_user("bench-their@example.org", "x" * 16)
    workspace = create_workspace(owner, "Their pages bench", slug="their-bench")
    accounts = [
        TrackedAccount.objects.create(
            workspace=workspace,
            network=("bluesky", "mastodon", "x")[i % 3],
            handle=f"account{i}",
            is_competitor=bool(i % 2),
        )
        for i in range(n_accounts)
    ]
    today = timezone.localdate()
    FollowerCount.objects.bulk_create(
        FollowerCount(account=a, date=today, followers=1000 * (i + 1), source="bench")
        for i, a in enumerate(accounts)
    )
    now = timezone.now()
    seconds = 89 * 86400
    batch = []
    for i in range(n_posts):
        account = accounts[i % n_accounts]
        batch.append(
            AccountPost(
                account=account,
                network_id=f"p{i}",
                kind="original",
                published_at=now - dt.timedelta(seconds=rng.randrange(seconds)),
                source="public-profile",
                format=FORMATS[i % len(FORMATS)],
                text=" ".join(rng.choice(WORDS) for _ in range(30)),
                url=f"https://example.org/{account.handle}/{i}",
                likes=rng.randrange(200),
                reposts=rng.randrange(40),
                replies=None if i % 10 == 0 else rng.randrange(30),
            )
        )
        if len(batch) == 5000:
            AccountPost.objects.bulk_create(batch)
            batch = []
    AccountPost.objects.bulk_create(batch)
    for account in accounts:
        account_days.refresh(account.pk)
    return owner, workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=6)
    parser.add_argument("--posts", type=int, default=60000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    set_up_django()
    from django.db import connection
    from django.test import Client

    owner, workspace = seed(args.accounts, args.posts)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(owner)
    page_url = f"/w/{workspace.slug}/analytics/compare/their-pages/"
    compare_url = f"/w/{workspace.slug}/analytics/compare/?period=90d"
    shell_url = shell_page_url(workspace.slug)

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    def page() -> None:
        get(page_url)

    def comparison() -> None:
        get(compare_url)

    queries = count_queries(page)
    compare_queries = count_queries(comparison)
    label = f"what works on their pages, {args.accounts} accounts x {args.posts} posts in 90 days"
    measured = compare(page, comparison, args.runs)
    report(label, measured, baseline="comparison page", ratio_digits=2, queries=queries)
    floor = compare(page, lambda: get(shell_url), args.runs)
    report(label, floor, baseline="shell page", ratio_digits=1)
    print(f"comparison page: {compare_queries} queries")
    emit(
        "their_pages",
        database=connection.vendor,
        accounts=args.accounts,
        posts=args.posts,
        **measured.figures(),
        baseline="comparison page",
        queries=queries,
        baseline_queries=compare_queries,
        shell_ms=round(floor.baseline_ms, 3),
    )


if __name__ == "__main__":
    main()
