"""Benchmark: publications due at the same moment, drained by the worker's loop.

    .venv/bin/python bench/publish_drain.py [--count 10000] [--baseline 1000] [--workers N]
                                            [--spread SECONDS]

Creates ``--count`` scheduled posts (one variant each) whose publications are all due
at the same instant (the worst case of "due in the same minute"; ``--spread 60``
spreads their times evenly over the minute instead), to an in-process network that
answers at once and counts what it receives. Then ``--workers`` processes (forked; 1
by default on SQLite, 4 on PostgreSQL when DATABASE_URL points at one) run the
worker's loop (:class:`mostra.publishing.loop.Loop`, as ``mostra worker`` does,
pausing a second when nothing is due) until nothing is left.

Prints the time to drain, publications per second, lateness (published − due) p50
and p99, and checks zero duplicates (a key received twice by the network) and zero
lost (a publication not published). The baseline, measured in the same run, is the
same drain with ``--baseline`` publications; the ratio compares publications per
second (1.0: the rate holds at scale).
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import statistics
import sys
import time
from collections import Counter

from timing import set_up_django

NETWORK = "benchsink"
#: The pause of an idle worker (``mostra worker --interval``'s default).
INTERVAL = 1.0


def install_sink(queue: multiprocessing.Queue | None = None) -> list[str]:
    """Register the instant network; return the list it appends every key it gets."""
    from mostra.integrations.base import REGISTRY, Integration, RemoteRef

    received: list[str] = []

    class Sink(Integration):
        network = NETWORK
        idempotent = False

        def publish(self, outgoing):
            received.append(outgoing.key)
            return RemoteRef(outgoing.key, url=f"https://sink.example/{outgoing.key}")

        def delete(self, ref):
            return None

        def fetch_metrics(self, refs):
            return []

    REGISTRY[NETWORK] = Sink
    return received


def create(count: int, label: str):
    """A workspace with ``count`` publications due now; returns (workspace, due)."""
    from mostra.core.models import User
    from mostra.core.services.workspaces import create_workspace
    from mostra.editorial.models import Post, PostStatus, PostVariant
    from mostra.publishing.models import Publication, SocialAccount
    from mostra.publishing.scheduler import clock

    owner, _ = User.objects.get_or_create(email="bench@example.org")
    workspace = create_workspace(owner, f"Bench {label}", slug=f"bench-{label}")
    account = SocialAccount.objects.create(
        workspace=workspace, network=NETWORK, handle="sink", external_id=f"sink-{label}"
    )
    due = clock.database_now() + dt.timedelta(days=1)  # made due when the drain starts
    posts = Post.objects.bulk_create(
        Post(workspace=workspace, author=owner, status=PostStatus.SCHEDULED, scheduled_at=due)
        for _ in range(count)
    )
    posts = list(Post.objects.filter(workspace=workspace).order_by("id"))
    PostVariant.objects.bulk_create(
        PostVariant(post=post, network=NETWORK, text=f"Publication {i}")
        for i, post in enumerate(posts)
    )
    variants = list(PostVariant.objects.filter(post__workspace=workspace).order_by("id"))
    Publication.objects.bulk_create(
        Publication(variant=v, account=account, due_at=due, next_attempt_at=due) for v in variants
    )
    return workspace


def work(name: str, ready: object, start: object, queue: multiprocessing.Queue) -> None:
    """One worker process: warm up, wait for the start, run the loop until nothing is
    due, report the keys sent."""
    from django.db import connections
    from django.urls import reverse

    from mostra.publishing.loop import Loop
    from mostra.publishing.models import Publication, PublicationState
    from mostra.publishing.services import webhooks  # noqa: F401 - imported once, up front

    received = install_sink()
    loop = Loop(name)
    assert loop.client is not None  # its TLS set-up, before the clock starts
    reverse("core:home")  # the URL resolver, which the webhooks' payloads use
    connections.close_all()
    ready.release()  # type: ignore[attr-defined]
    start.wait()  # type: ignore[attr-defined]
    try:
        while True:
            if loop.tick().published:
                continue
            if not Publication.objects.filter(state=PublicationState.PENDING).exists():
                break
            time.sleep(INTERVAL)  # as `mostra worker` waits when nothing was due
    finally:
        connections.close_all()
        queue.put(received)


def drain(count: int, workers: int, label: str, spread: float = 0) -> dict[str, float]:
    from django.db import connections

    from mostra.publishing.models import Publication, PublicationState
    from mostra.publishing.scheduler import clock

    workspace = create(count, label)
    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    ready, go = context.Semaphore(0), context.Event()
    processes = [
        context.Process(target=work, args=(f"bench-{label}-{i}", ready, go, queue))
        for i in range(workers)
    ]
    for process in processes:
        process.start()
    for _ in processes:
        ready.acquire()
    # Due from the moment the workers start, all at once or spread over ``spread`` s.
    now = clock.database_now()
    rows = Publication.objects.filter(account__workspace=workspace)
    if spread:
        planned = list(rows.order_by("id").only("pk"))
        for index, publication in enumerate(planned):
            due = now + dt.timedelta(seconds=spread * index / len(planned))
            publication.due_at = publication.next_attempt_at = due
        Publication.objects.bulk_update(planned, ["due_at", "next_attempt_at"], batch_size=500)
        now = clock.database_now()
        rows.filter(due_at__lt=now).update(due_at=now, next_attempt_at=now)
    else:
        rows.update(due_at=now, next_attempt_at=now)
    connections.close_all()
    start = time.perf_counter()
    go.set()
    keys: list[str] = []
    for _ in processes:
        keys += queue.get()
    for process in processes:
        process.join()
    seconds = time.perf_counter() - start
    rows = Publication.objects.filter(account__workspace=workspace)
    published = rows.filter(state=PublicationState.PUBLISHED)
    lateness = sorted(
        (p - d).total_seconds() for p, d in published.values_list("published_at", "due_at")
    )
    duplicates = sum(n - 1 for n in Counter(keys).values() if n > 1)
    return {
        "seconds": seconds,
        "rate": count / seconds,
        "p50": statistics.median(lateness) if lateness else float("nan"),
        "p99": lateness[int(len(lateness) * 0.99) - 1] if lateness else float("nan"),
        "duplicates": duplicates,
        "lost": rows.count() - published.count(),
    }


def line(label: str, count: int, workers: int, vendor: str, figures: dict[str, float]) -> str:
    return (
        f"{label}: {count} publications, {workers} worker(s) on {vendor}: drained in "
        f"{figures['seconds']:.1f} s, {figures['rate']:.0f} publications/s, lateness p50 "
        f"{figures['p50']:.1f} s, p99 {figures['p99']:.1f} s, "
        f"{figures['duplicates']} duplicates, {figures['lost']} lost"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=1_000)
    parser.add_argument(
        "--spread",
        type=float,
        default=0,
        help="seconds over which the due times spread (default 0: all at the same instant)",
    )
    parser.add_argument(
        "--workers", type=int, default=0, help="default: 1 on SQLite, 4 on PostgreSQL"
    )
    args = parser.parse_args()
    set_up_django()
    import logging

    from django.db import connection

    logging.getLogger("mostra").setLevel(logging.WARNING)
    vendor = connection.vendor
    workers = args.workers or (4 if vendor == "postgresql" else 1)
    suffix = f"{os.getpid()}"
    base = drain(args.baseline, workers, f"base-{suffix}", args.spread)
    print(line("baseline", args.baseline, workers, vendor, base))
    measured = drain(args.count, workers, f"main-{suffix}", args.spread)
    print(line("measured", args.count, workers, vendor, measured))
    ratio = measured["rate"] / base["rate"]
    print(f"ratio of publications per second (measured / baseline): {ratio:.2f}")
    ok = measured["duplicates"] == measured["lost"] == base["duplicates"] == base["lost"] == 0
    print("zero duplicates, zero lost: " + ("yes" if ok else "NO"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
