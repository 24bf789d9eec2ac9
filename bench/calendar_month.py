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
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("MOSTRA_DATA_DIR", tempfile.mkdtemp(prefix="mostra-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mostra.settings")

FIRST_DAY = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
MONTH = (2027, 6)


def median_ms(fn, runs: int) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


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

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from mostra.core.demo import build_demo
    from mostra.core.models import User
    from mostra.core.services.workspaces import create_workspace

    call_command("migrate", verbosity=0)
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

    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    chips = client.get(page_url).content.decode().count('class="chip ')
    with connection.execute_wrapper(count):
        page()
    base_ms = median_ms(baseline, args.runs)
    page_ms = median_ms(page, args.runs)
    print(
        f"calendar month view, {args.posts} posts over a year "
        f"({chips} in {year}-{month:02d}): median {page_ms:.1f} ms, "
        f"baseline (empty workspace) {base_ms:.1f} ms, ratio {page_ms / base_ms:.1f}, "
        f"{len(queries)} queries"
    )


if __name__ == "__main__":
    main()
