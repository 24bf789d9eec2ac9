"""Benchmark: the calendar's month view of a workspace with 5,000 posts over a year.

    .venv/bin/python bench/calendar_month.py [--posts 5000] [--runs 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<throw-away db> .venv/bin/python ...

Builds the demo workspace (its strategy gives tactics; its team, authors), adds
``--posts`` posts spread evenly over twelve months (one or two network variants each,
three content pillars, every status) with bulk_create, then times the month view of a
month in the middle of the year through the full middleware stack, interleaved in the
same process with two baselines:

- the workspace's *shell page* (:func:`timing.shell_page_url`): the same stack, member
  and ``base.html`` with nothing of its own, what every workspace page pays; the ratio
  is the month view's own cost over it (and a static file, served by WhiteNoise before
  the session middleware, as the floor of the stack);
- the month view of an empty workspace (the same page and queries with nothing to
  show): what the posts themselves cost.

Prints wall and CPU time per request, the ratios, the posts in the month and the SQL
queries; the last line is the JSON of :func:`timing.emit`.
"""

from __future__ import annotations

import argparse
import datetime as dt

from timing import (
    compare,
    count_queries,
    emit,
    report,
    set_up_django,
    shell_page_url,
    static_file,
)

FIRST_DAY = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
MONTH = (2027, 6)


def fill(workspace, count: int) -> None:
    from mostra.editorial.models import ContentPillar, Post, PostStatus, PostVariant

    pillars = [
        ContentPillar.objects.create(workspace=workspace, name=name, color=colour)
        for name, colour in [("Coulisses", "#d9480f"), ("Tutos", "#2b8a3e"), ("Impact", "#1971c2")]
    ]
    tactics = list(workspace.tactics.all())
    authors = [m.user for m in workspace.memberships.select_related("user")]
    statuses = list(PostStatus.values)
    minutes = 365 * 24 * 60 // count
    posts = Post.objects.bulk_create(
        Post(
            workspace=workspace,
            title="" if i % 3 else f"Publication {i}",
            author=authors[i % len(authors)],
            tactic=tactics[i % len(tactics)],
            pillar=pillars[i % len(pillars)],
            status=statuses[i % len(statuses)],
            scheduled_at=FIRST_DAY + dt.timedelta(minutes=minutes * i),
        )
        for i in range(count)
    )
    networks = ["instagram", "facebook", "linkedin"]
    PostVariant.objects.bulk_create(
        PostVariant(
            post=post,
            network=network,
            text=f"Réparer plutôt que jeter : l'atelier du samedi, épisode {i}. #vélo",
            position=position,
        )
        for i, post in enumerate(posts)
        for position, network in enumerate(networks[: 1 + i % 2])
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    set_up_django()
    from django.db import connection
    from django.test import Client

    from mostra.core.demo import build_demo
    from mostra.core.models import User
    from mostra.core.services.workspaces import create_workspace

    owner = User.objects.create_user("bench@example.org", "x" * 16)
    demo = build_demo(owner)
    fill(demo, args.posts)
    empty = create_workspace(owner, "Empty", slug="empty")

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(owner)
    year, month = MONTH
    page_url = f"/w/{demo.slug}/calendar/{year}/{month}/"
    empty_url = f"/w/{empty.slug}/calendar/{year}/{month}/"
    shell_url = shell_page_url(demo.slug)

    def page() -> None:
        assert client.get(page_url).status_code == 200

    def empty_page() -> None:
        assert client.get(empty_url).status_code == 200

    def shell() -> None:
        assert client.get(shell_url).status_code == 200

    chips = client.get(page_url).content.decode().count('class="chip ')
    queries, shell_queries = count_queries(page), count_queries(shell)
    label = f"calendar month view, {args.posts} posts over a year ({chips} in {year}-{month:02d})"
    comparison = compare(page, shell, args.runs)
    report(label, comparison, baseline="shell page", queries=queries)
    against_empty = compare(page, empty_page, args.runs)
    report(label, against_empty, baseline="empty workspace")
    floor = compare(page, lambda: static_file(client), args.runs)
    report(label, floor, baseline="static file")
    print(f"shell page: {shell_queries} queries; static file: 0 queries")
    emit(
        "calendar_month",
        database=connection.vendor,
        posts=args.posts,
        posts_in_month=chips,
        **comparison.figures(),
        baseline="shell page",
        queries=queries,
        baseline_queries=shell_queries,
        empty_workspace_ms=round(against_empty.baseline_ms, 3),
        empty_workspace_ratio=round(against_empty.ratio, 3),
        static_file_ms=round(floor.baseline_ms, 3),
        static_file_cpu_ms=round(floor.baseline_cpu_ms, 3),
    )


if __name__ == "__main__":
    main()
