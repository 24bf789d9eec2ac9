"""Benchmark: one workspace's crisis playbook evaluated over its mentions (the worker's
job every minute, :func:`mostra.listening.incidents.evaluation.evaluate`).

    .venv/bin/python bench/incidents_evaluation.py [--mentions 20000] [--queries 50] [--runs 7]
    DATABASE_URL=postgres://…/NAME .venv/bin/python bench/incidents_evaluation.py

The workspace has the default playbook (9 triggers over 5 levels) plus a volume spike and
a negative surge trigger, ``--queries`` saved queries and ``--mentions`` mentions spread
over the past five weeks (so that each query has its hour-of-the-week baseline), each
matched to one query, a third negative, with authors, followers and reposts.

The baseline, interleaved with it: one query counting the workspace's mentions of the
last hour per query (the smallest read a trigger's evaluation makes). Prints both
medians, their ratio (wall and CPU) and the queries the evaluation made; the last line
is the JSON of :func:`timing.emit`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random

from timing import bench_user, compare, count_queries, emit, report, set_up_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentions", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    set_up_django()
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from mostra.core.models import CrisisLevel, CrisisTrigger, TriggerKind, Workspace
    from mostra.core.services.workspaces import create_workspace
    from mostra.listening.incidents.evaluation import evaluate
    from mostra.listening.models import ListeningQuery, Mention

    user = bench_user()
    workspace = create_workspace(user, "Bench incidents", slug=f"bench-incidents-{os.getpid()}")
    alert = CrisisLevel.objects.get(workspace=workspace, key="alert")
    CrisisTrigger.objects.create(level=alert, kind=TriggerKind.VOLUME_SPIKE, threshold=20)
    CrisisTrigger.objects.create(level=alert, kind=TriggerKind.NEGATIVE_SURGE, threshold=10)
    queries = ListeningQuery.objects.bulk_create(
        ListeningQuery(workspace=workspace, name=f"q{n}", text=f"word{n}")
        for n in range(args.queries)
    )
    rng = random.Random(7)
    now = timezone.now()
    span = dt.timedelta(weeks=5).total_seconds()
    rows = [
        Mention(
            workspace=workspace,
            guid=f"m{n}",
            text=f"mention {n}",
            author=f"person{rng.randint(1, args.mentions // 3 + 1)}",
            author_followers=rng.randint(0, 5_000),
            published_at=now - dt.timedelta(seconds=rng.uniform(0, span)),
            sentiment=rng.choice((-0.6, 0.0, 0.4)),
            counts={"reposts": rng.randint(0, 3)},
        )
        for n in range(args.mentions)
    ]
    made = Mention.objects.bulk_create(rows, batch_size=2000)
    through = Mention.matched_queries.through
    through.objects.bulk_create(
        (through(mention_id=m.pk, listeningquery_id=rng.choice(queries).pk) for m in made),
        batch_size=2000,
    )

    def measured() -> object:
        return evaluate(workspace, now)

    def baseline() -> object:
        last_hour = through.objects.filter(
            mention__workspace=workspace, mention__published_at__gt=now - dt.timedelta(hours=1)
        )
        return list(last_hour.values("listeningquery_id").annotate(n=Count("pk")))

    try:
        comparison = compare(measured, baseline, args.runs)
        queries_made = count_queries(measured)
        triggers = CrisisTrigger.objects.filter(level__workspace=workspace).count()
        report(
            f"Evaluate {triggers} triggers over {args.mentions} mentions, "
            f"{args.queries} queries ({connection.vendor})",
            comparison,
            baseline="one count of the last hour's mentions per query",
            queries=queries_made,
        )
        emit(
            "incidents_evaluation",
            database=connection.vendor,
            mentions=args.mentions,
            queries=args.queries,
            triggers=triggers,
            baseline="one count of the last hour's mentions per query",
            evaluation_queries=queries_made,
            **comparison.figures(),
        )
    finally:
        Workspace.objects.filter(pk=workspace.pk).delete()


if __name__ == "__main__":
    main()
