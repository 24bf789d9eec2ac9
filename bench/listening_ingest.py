"""Benchmark: listening's ingest end to end — parse, match, enrich, store.

    .venv/bin/python bench/listening_ingest.py [--items 5000] [--queries 1000] [--runs 5]
    createdb -h 127.0.0.1 -U postgres bench_ingest
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_ingest \\
        .venv/bin/python bench/listening_ingest.py
    dropdb -h 127.0.0.1 -U postgres bench_ingest

A workspace with ``--queries`` stored queries (brands, competitors, topics: words,
phrases, hashtags, AND, OR, NOT, NEAR) receives ``--items`` tweet-sized items in French
and English, about one in ten naming a brand, as JSON lines. What is measured is the
whole ingest: reading the lines (``json.loads`` into FetchedItems), then
:func:`mostra.listening.services.store.store` — each item's language and sentiment
(:func:`~mostra.listening.enrichment.enrich`), the bulk insert, the new rows' ids, the
match against every query (the workspace's kept :class:`~mostra.listening.query.Matcher`)
and the bulk insert of the matches.

The baseline, interleaved with it: the same lines read and the same rows stored by one
bulk insert, without enrichment nor matching. Each run stores new items (new guids), on
a migrated throw-away SQLite database, or the PostgreSQL one ``DATABASE_URL`` names.

Prints the items per second of each, their ratio (wall and CPU), the queries made and the
matches stored, then where an item's CPU time goes (``--phases``, on by default: each
step of the store timed apart on fresh batches, microseconds of this process's CPU per
item, the median of the runs) and whether issue 16's aim for the database is met
(10,000 items/s on PostgreSQL, 3,000 on SQLite); the last line is the JSON of
:func:`timing.emit`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import statistics

from timing import bench_user, compare, count_queries, emit, report, set_up_django

FR = (
    "je viens de tester le nouveau service vraiment top merci à l'équipe "
    "livraison en retard encore une fois déçu du support client franchement nul "
    "super expérience boutique lyon paris marseille vélo atelier réparation"
).split()
EN = (
    "just tried the new app really great thanks to the team delivery late again "
    "disappointed with customer support honestly terrible amazing store london bike repair"
).split()


def query_texts(count: int) -> list[str]:
    """Stored queries as a team writes them: a brand's name, its hashtag, a product,
    minus what is noise; some phrases and proximities."""
    shapes = [
        "marque{i} OR #marque{i}",
        '"produit {i}" AND (avis OR review)',
        "marque{i} AND NOT (job OR recrute)",
        "concurrent{i} NEAR/3 (prix OR price)",
        "(#campagne{i} OR campagne{i}) lang:fr",
    ]
    return [shapes[i % len(shapes)].format(i=i) for i in range(count)]


def lines(count: int, queries: int, run: int, seed: int = 11) -> list[str]:
    """``count`` JSON lines, tweet-sized, half French half English; one in ten names a
    brand of the stored queries."""
    rng = random.Random(seed + run)
    made = []
    for n in range(count):
        words = FR if n % 2 == 0 else EN
        text = " ".join(rng.choice(words) for _ in range(rng.randint(10, 35)))
        if n % 10 == 0:
            text += f" marque{rng.randrange(queries)}"
        made.append(
            json.dumps(
                {
                    "id": f"r{run}-{n}",
                    "text": text[:280],
                    "url": f"https://social.example/@u{n % 997}/{run}-{n}",
                    "author": f"u{n % 997}",
                }
            )
        )
    return made


def parse(rows: list[str]) -> list:
    from mostra.listening.items import FetchedItem

    items = []
    for row in rows:
        data = json.loads(row)
        items.append(
            FetchedItem(guid=data["id"], text=data["text"], url=data["url"], author=data["author"])
        )
    return items


def _cpu_of(pid: int) -> float | None:
    """CPU seconds used so far by process ``pid`` (user and system), ``None`` when it
    cannot be read (another machine's, or another user's process)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu() -> float | None:
    """The CPU seconds used so far by the PostgreSQL server process serving this
    connection (``pg_backend_pid()``, read from ``/proc``: a local server only), else
    ``None``. The server's background writers are left out."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    return _cpu_of(pid)


def worker_cpu() -> float:
    """The CPU seconds used so far by the enrichment's worker process (0 without one),
    read from ``/proc``: ``process_time`` counts this process only."""
    from mostra.listening.enrichment import worker

    executor = worker._pool
    return sum(_cpu_of(pid) or 0.0 for pid in list(getattr(executor, "_processes", None) or {}))


#: Issue 16's aims, items per second end to end.
AIMS = {"postgresql": 10_000, "sqlite": 3_000}


def phases(workspace, batches: list[list[str]], fetched_at) -> dict[str, float]:  # noqa: ANN001
    """Each step of :func:`store` timed apart (this process's CPU, microseconds per item,
    the median over ``batches``): what the store does, in its order."""
    import statistics
    import time

    from django.db import transaction

    from mostra.listening.enrichment import language, workspace_languages
    from mostra.listening.enrichment.language import detect_language
    from mostra.listening.enrichment.sentiment import _compound
    from mostra.listening.services import matching, mention_rows
    from mostra.listening.services.store import _document, _new, mention_values, unseen

    spent: dict[str, list[float]] = {}
    allowed = workspace_languages(workspace)
    matcher = matching.matcher_for(workspace)

    def batch(lines_in: list[str], at: dt.datetime) -> None:
        clock = [time.process_time()]

        def lap(name: str) -> None:
            now = time.process_time()
            spent.setdefault(name, []).append((now - clock[0]) * 1e6 / len(lines_in))
            clock[0] = now

        # Texts are new to the enrichment's caches (kept per text), as in the runs above.
        language._detected.cache_clear()
        _compound.cache_clear()
        items = parse(lines_in)
        lap("parse")
        fresh = unseen(items, workspace=workspace, source=None)
        lap("known guids")
        found = [matching.enriched(i, allowed) for i in fresh]
        lap("enrich")
        language._detected.cache_clear()
        for item in fresh:
            detect_language(item.text, allowed)
        lap("enrich: language")
        ids = {"workspace_id": workspace.pk, "source_id": None}
        rows = [ids | mention_values(i, at, e) for i, e in zip(fresh, found, strict=True)]
        lap("row values")
        with transaction.atomic():
            mention_rows.insert(rows)
            lap("insert")
            stored = dict(_new(workspace, None, at).values_list("guid", "id"))
            lap("new ids")
            by_guid = {row["guid"]: row for row in rows}
            pairs = [
                (pk, q) for g, pk in stored.items() for q in matcher.match(_document(by_guid[g]))
            ]
            lap("match")
            matching.link(pairs)
            lap("link matches")

    for n, lines_in in enumerate(batches):
        batch(lines_in, fetched_at + dt.timedelta(minutes=n + 1))
    return {name: round(statistics.median(values), 1) for name, values in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="enrich in this process (no worker process), as before issue 16's second try",
    )
    parser.add_argument(
        "--no-phases", dest="phases", action="store_false", help="skip the CPU per step"
    )
    args = parser.parse_args()
    if args.in_process:
        os.environ["MOSTRA_ENRICHMENT_PROCESS"] = "0"
    set_up_django()
    from django.db import connection
    from django.utils import timezone

    from mostra.core.models import Workspace
    from mostra.core.services.workspaces import create_workspace
    from mostra.listening.models import ListeningQuery, Mention
    from mostra.listening.services import matching
    from mostra.listening.services.store import BATCH, as_mention, store

    user = bench_user()
    tag = os.getpid()
    measured_ws = create_workspace(user, "Bench ingest", slug=f"bench-ingest-{tag}")
    baseline_ws = create_workspace(user, "Bench ingest base", slug=f"bench-ingest-base-{tag}")
    ListeningQuery.objects.bulk_create(
        ListeningQuery(workspace=measured_ws, name=f"q{i}", text=text)
        for i, text in enumerate(query_texts(args.queries))
    )
    runs = itertools.count()
    worker_spent: list[float] = []
    #: The server's CPU seconds per call, measured and baseline (PostgreSQL on this machine).
    server_spent: dict[str, list[float]] = {"measured": [], "baseline": []}

    def on_server(side: str, before: float | None) -> None:
        after = server_cpu()
        if before is not None and after is not None:
            server_spent[side].append(after - before)

    batches = {n: lines(args.items, args.queries, n) for n in range(2 * (args.runs + 2))}
    now = timezone.now()

    def measured() -> None:
        run = next(runs)
        items = parse(batches[run])
        fetched_at = now + dt.timedelta(seconds=run)
        before, on_server_before = worker_cpu(), server_cpu()
        stored = store(items, workspace=measured_ws, source=None, fetched_at=fetched_at)
        worker_spent.append(worker_cpu() - before)
        on_server("measured", on_server_before)
        assert stored == args.items, stored

    def baseline() -> None:
        run = next(runs)
        items = parse(batches[run])
        fetched_at = now + dt.timedelta(seconds=run)
        on_server_before = server_cpu()
        rows = [as_mention(item, baseline_ws, None, fetched_at) for item in items]
        Mention.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        on_server("baseline", on_server_before)

    try:
        matching.forget()
        comparison = compare(measured, baseline, args.runs)
        queries_made = count_queries(measured)
        matches = Mention.matched_queries.through.objects.filter(
            mention__workspace=measured_ws
        ).count()
        report(
            f"Ingest of {args.items} items against {args.queries} queries ({connection.vendor})",
            comparison,
            baseline="the same rows, one bulk insert, no matching nor enrichment",
            queries=queries_made,
        )

        def per_s(ms: float) -> float:
            return round(args.items / (ms / 1000), 1)

        rate, base_rate = per_s(comparison.median_ms), per_s(comparison.baseline_ms)
        cpu_rate = per_s(comparison.cpu_ms) if comparison.cpu_ms else None
        # The worker's CPU of the timed runs (the first call is the warm-up, the last
        # the queries' count).
        worker_ms = statistics.median(worker_spent[1:-1] or [0.0]) * 1000
        both_us = round((comparison.cpu_ms + worker_ms) * 1000 / args.items, 1)
        print(
            f"CPU per item: this process {round(comparison.cpu_ms * 1000 / args.items, 1)} "
            f"µs, the enrichment worker {round(worker_ms * 1000 / args.items, 1)} µs, "
            f"both {both_us} µs"
        )
        server_us = {
            side: round(statistics.median(spent[1:-1] or spent) * 1e6 / args.items, 1)
            for side, spent in server_spent.items()
            if spent
        }
        if server_us:
            print(
                f"CPU per item of the PostgreSQL server process: {server_us.get('measured')} "
                f"µs, baseline {server_us.get('baseline')} µs"
            )
        print(
            f"{rate} items/s (CPU-bound: {cpu_rate} items per CPU second), baseline "
            f"{base_rate} items/s; {matches} matches stored over {comparison.runs + 2} runs"
        )
        aim = AIMS.get(connection.vendor)
        if aim:
            print(
                f"Issue 16's aim on {connection.vendor}, {aim:,} items/s: "
                f"{'met' if rate >= aim else 'not met'} (wall), "
                f"{'met' if (cpu_rate or 0) >= aim else 'not met'} (this process's CPU)"
            )
        spent: dict[str, float] = {}
        if args.phases:
            extra = [lines(args.items, args.queries, 1000 + n) for n in range(max(args.runs, 1))]
            spent = phases(measured_ws, extra, now + dt.timedelta(days=1))
            print(
                "CPU per item, each step apart (µs): "
                + ", ".join(f"{k} {v}" for k, v in spent.items())
            )
        emit(
            "listening_ingest",
            database=connection.vendor,
            items=args.items,
            queries=args.queries,
            rate_per_s=rate,
            cpu_rate_per_s=cpu_rate,
            baseline_rate_per_s=base_rate,
            baseline="the same rows stored by one bulk insert, no matching nor enrichment",
            store_queries=queries_made,
            matches=matches,
            aim_per_s=aim,
            phases_us=spent,
            in_process=args.in_process,
            worker_cpu_ms=round(worker_ms, 1),
            cpu_us_per_item_both=both_us,
            server_cpu_us_per_item=server_us.get("measured"),
            baseline_server_cpu_us_per_item=server_us.get("baseline"),
            **comparison.figures(),
        )
    finally:
        matching.forget()
        Workspace.objects.filter(slug__in=[measured_ws.slug, baseline_ws.slug]).delete()


if __name__ == "__main__":
    main()
