"""Benchmark: the calendar's month view of a workspace with 5,000 posts over a year.

    .venv/bin/python bench/calendar_month.py [--posts 5000] [--runs 20]

Builds the demo workspace (its strategy gives tactics; its team, authors), adds
``--posts`` posts spread evenly over twelve months (one or two network variants each,
three content pillars, every status) with bulk_create, then times the month view of a
month in the middle of the year through the full middleware stack. The baseline,
measured in the same run, is the month view of an empty workspace (the same page and
queries with nothing to show). Prints medians, the ratio, the number of posts in the
month and the number of SQL queries.
"""

from __future__ import annotations

import argparse
import datetime as dt

from timing import compare, count_queries, report, set_up_django

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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    set_up_django()
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

    def page() -> None:
        assert client.get(page_url).status_code == 200

    def baseline() -> None:
        assert client.get(empty_url).status_code == 200

    chips = client.get(page_url).content.decode().count('class="chip ')
    queries = count_queries(page)
    report(
        f"calendar month view, {args.posts} posts over a year ({chips} in {year}-{month:02d})",
        compare(page, baseline, args.runs),
        baseline="empty workspace",
        queries=queries,
    )


if __name__ == "__main__":
    main()
