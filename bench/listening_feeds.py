"""Benchmark: a feed read into mentions, and the same feed read again with nothing new.

    .venv/bin/python bench/listening_feeds.py [--entries 500] [--runs 5]

Builds an RSS feed of ``--entries`` entries (French and English titles, HTML
descriptions, dates; ~1 KB each) and times, interleaved with a baseline doing
comparable work:

1. **parse**: :func:`mostra.listening.feeds.parse.parse` (the entity check by
   defusedxml, feedparser, HTML to plain text, items built) against
   ``feedparser.parse`` alone on the same bytes, what any feed reader does;
2. **ingest**: parse and store the items as new mentions of a fresh source
   (:func:`mostra.listening.services.store.store`: one bulk insert skipping duplicates,
   and the count of the new rows), against ``feedparser.parse`` and a plain
   ``bulk_create`` of the same rows (no deduplication, no count);
3. **nothing new**: the same feed stored again (every item a duplicate, skipped by
   the database), against the same plain ``bulk_create`` of new rows.

Prints the items per second of each and their ratio, wall and CPU, and the queries of
one store.
"""

from __future__ import annotations

import argparse
import itertools
import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from timing import compare, count_queries, emit, report, set_up_django

WORDS = (
    "atelier vélo réparation freins chaîne crevaison super merci service rapide cher "
    "lent fermé ouvert quartier great repair shop bike thanks slow closed friendly"
).split()


def feed(entries: int, seed: int = 11) -> bytes:
    rng = random.Random(seed)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    items = []
    for n in range(entries):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10)))
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120)))
        when = format_datetime(start + timedelta(minutes=17 * n))
        items.append(
            f"<item><title>{title}</title><link>https://news.example/{n}</link>"
            f"<guid>https://news.example/{n}</guid><pubDate>{when}</pubDate>"
            f"<description>&lt;p&gt;{text[:200]} &lt;b&gt;{text[200:260]}&lt;/b&gt;&lt;br/&gt;"
            f"{text[260:]}&lt;/p&gt;</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Bench</title><language>fr</language>" + "".join(items) + "</channel></rss>"
    ).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    set_up_django()

    import feedparser
    from django.utils import timezone

    from mostra.core.models import User
    from mostra.core.services.workspaces import create_workspace
    from mostra.listening.feeds.parse import parse
    from mostra.listening.models import Mention, Source
    from mostra.listening.services.store import as_mention, store

    body = feed(args.entries)
    owner = User.objects.create_user("bench@example.org", "x" * 12)
    workspace = create_workspace(owner, "Bench", slug="bench-feeds")
    numbers = itertools.count()

    def new_source() -> Source:
        n = next(numbers)
        return Source.objects.create(
            workspace=workspace, kind="feed", name=f"s{n}", url=f"https://s{n}.example/rss"
        )

    def baseline_parse() -> object:
        return feedparser.parse(body)

    parsing = compare(lambda: parse(body), baseline_parse, args.runs)
    report(f"parse, {args.entries} entries", parsing, baseline="feedparser alone")

    def ingest() -> int:
        # Each run its own workspace-wide addresses would be duplicates: a fresh workspace.
        Mention.objects.all().delete()
        return store(
            parse(body), workspace=workspace, source=new_source(), fetched_at=timezone.now()
        )

    def baseline_ingest() -> object:
        Mention.objects.all().delete()
        parsed = feedparser.parse(body)
        source, now = new_source(), timezone.now()
        rows = [
            Mention(
                workspace=workspace,
                source=source,
                guid=e.id,
                url=e.link,
                title=e.title,
                text=e.summary,
                fetched_at=now,
            )
            for e in parsed.entries
        ]
        return Mention.objects.bulk_create(rows, batch_size=500)

    ingesting = compare(ingest, baseline_ingest, args.runs)
    report(
        f"parse and store, {args.entries} entries", ingesting, baseline="feedparser + bulk_create"
    )

    Mention.objects.all().delete()
    source = new_source()
    items = parse(body)
    store(items, workspace=workspace, source=source, fetched_at=timezone.now())

    def again() -> int:
        return store(items, workspace=workspace, source=source, fetched_at=timezone.now())

    def baseline_insert() -> object:
        fresh = new_source()
        now = timezone.now()
        rows = [as_mention(i, workspace, fresh, now) for i in items]
        for row in rows:
            row.url_key = None  # new rows: nothing to skip
        return Mention.objects.bulk_create(rows, batch_size=500)

    repeating = compare(again, baseline_insert, args.runs)
    report(
        f"nothing new, {args.entries} duplicates",
        repeating,
        baseline="bulk_create of new rows",
        queries=count_queries(again),
    )

    def per_s(ms: float) -> float:
        return round(args.entries / (ms / 1000), 1)

    print(
        f"parse: {per_s(parsing.median_ms):,.0f} items/s; parse and store: "
        f"{per_s(ingesting.median_ms):,.0f} items/s; "
        f"duplicates: {per_s(repeating.median_ms):,.0f}/s"
    )
    emit(
        "listening_feeds",
        entries=args.entries,
        feed_kb=len(body) // 1024,
        parse_rate_per_s=per_s(parsing.median_ms),
        baseline_parse_rate_per_s=per_s(parsing.baseline_ms),
        parse_ratio=round(parsing.ratio, 3),
        parse_cpu_ratio=round(parsing.cpu_ratio, 3),
        ingest_rate_per_s=per_s(ingesting.median_ms),
        baseline_ingest_rate_per_s=per_s(ingesting.baseline_ms),
        ingest_ratio=round(ingesting.ratio, 3),
        ingest_cpu_ratio=round(ingesting.cpu_ratio, 3),
        duplicates_rate_per_s=per_s(repeating.median_ms),
        baseline_insert_rate_per_s=per_s(repeating.baseline_ms),
        duplicates_ratio=round(repeating.ratio, 3),
        store_queries=count_queries(again),
        baseline="feedparser alone / feedparser and a plain bulk_create",
        runs=args.runs,
    )


if __name__ == "__main__":
    main()
