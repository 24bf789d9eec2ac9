"""Benchmark: the inbox's near-duplicate folding after an ingest.

    .venv/bin/python bench/listening_inbox.py [--items 5000] [--runs 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/listening_inbox.py

Each run stores ``--items`` tweet-sized items as mentions of one fetch (one bulk insert,
as :func:`mostra.listening.services.store.store` does) and then folds them
(:func:`mostra.listening.services.duplicates.fold`: each text keyed, the keys written,
the first mention of each key looked up, the later ones pointed at it). One item in five
repeats an earlier text with other case, accents, punctuation and address, so that the
fold has duplicates to find, within the run and against earlier runs.

The baseline, interleaved with it: the same rows (keyed as the store keys them, in
:func:`~mostra.listening.services.store.as_mention`) stored by the same bulk insert,
without folding: the difference is the fold's. Prints the items per second of each and
their ratio (wall and CPU), the queries of one measured run (the insert's batches and the
fold's) and the duplicates found; the last line is the JSON of :func:`timing.emit`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random

from timing import bench_user, compare, count_queries, emit, report, set_up_django

WORDS = (
    "atelier vélo réparation super service merci équipe retard déçu livraison boutique "
    "lyon great bike repair thanks team late disappointed store shop"
).split()


def texts(count: int, run: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed + run)
    made: list[str] = []
    for n in range(count):
        if n % 5 == 4 and made:
            earlier = rng.choice(made)
            made.append(earlier.upper().replace("e", "é") + " !! https://x.example/" + str(n))
        else:
            made.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    set_up_django()
    from django.db import connection
    from django.utils import timezone

    from mostra.core.models import Workspace
    from mostra.core.services.workspaces import create_workspace
    from mostra.listening.items import FetchedItem
    from mostra.listening.models import Mention
    from mostra.listening.services import duplicates
    from mostra.listening.services.store import BATCH, as_mention

    user = bench_user()
    tag = os.getpid()
    measured_ws = create_workspace(user, "Bench inbox", slug=f"bench-inbox-{tag}")
    baseline_ws = create_workspace(user, "Bench inbox base", slug=f"bench-inbox-base-{tag}")
    runs = itertools.count()
    batches = {n: texts(args.items, n % 3) for n in range(2 * (args.runs + 2) + 1)}
    now = timezone.now()

    def insert(workspace: Workspace, run: int) -> dt.datetime:
        fetched_at = now + dt.timedelta(seconds=run)
        items = [
            FetchedItem(guid=f"r{run}-{n}", text=text, url=f"https://s.example/{run}/{n}")
            for n, text in enumerate(batches[run])
        ]
        rows = [as_mention(item, workspace, None, fetched_at) for item in items]
        Mention.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        return fetched_at

    def measured() -> int:
        run = next(runs)
        return duplicates.fold(measured_ws, None, insert(measured_ws, run))

    def baseline() -> None:
        insert(baseline_ws, next(runs))

    try:
        comparison = compare(measured, baseline, args.runs)
        queries_made = count_queries(measured)
        found = Mention.objects.filter(workspace=measured_ws, duplicate_of__isnull=False).count()
        stored = Mention.objects.filter(workspace=measured_ws).count()
        report(
            f"Store and fold {args.items} items ({connection.vendor})",
            comparison,
            baseline="the same rows, one bulk insert, no folding",
            queries=queries_made,
        )

        def per_s(ms: float) -> float:
            return round(args.items / (ms / 1000), 1)

        rate, base_rate = per_s(comparison.median_ms), per_s(comparison.baseline_ms)
        cpu_rate = per_s(comparison.cpu_ms) if comparison.cpu_ms else None
        print(
            f"{rate} items/s stored and folded (CPU: {cpu_rate}/s), baseline {base_rate} "
            f"items/s; {found} of {stored} mentions folded as duplicates"
        )
        emit(
            "listening_inbox",
            database=connection.vendor,
            items=args.items,
            rate_per_s=rate,
            cpu_rate_per_s=cpu_rate,
            baseline_rate_per_s=base_rate,
            baseline="the same rows stored by one bulk insert, no folding",
            store_and_fold_queries=queries_made,
            duplicates=found,
            mentions=stored,
            **comparison.figures(),
        )
    finally:
        Workspace.objects.filter(slug__in=[measured_ws.slug, baseline_ws.slug]).delete()


if __name__ == "__main__":
    main()
