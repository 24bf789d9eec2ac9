"""Benchmark: real publications to a local Bluesky PDS, drained by the worker's loop.

    .venv/bin/python bench/bluesky_pds.py [--count 500] [--workers N] [--rounds 1] [--pds URL]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<throw-away db> .venv/bin/python ...

Creates an account on the PDS (``--pds``, or one started for the run with
``tests/peers/bluesky/ci-pds.sh`` and stopped by its pid), connects it with an app
password, schedules ``--count`` posts (one variant each) due at the same instant, then
``--workers`` processes (forked; 1 by default on SQLite, 4 on PostgreSQL when
DATABASE_URL points at one) run the worker's loop until nothing is due. Prints the time
to drain, publications per second, lateness (published − due) p50 and p99, and checks
on the PDS itself (``listRecords``) zero duplicates (two records of one post) and zero
lost (a post without its record, or a publication not published).

The baseline, in the same run and on the same PDS, is the bare writes: ``--count``
records with the same text written to another fresh account by the call mostra makes
for each post (``com.atproto.repo.putRecord``, its record key made as mostra makes it,
``swapRecord`` null), from ``--workers`` threads each with its own HTTP client, one
request at a time: what the PDS itself can take, without the database, the claims or
the worker's loop. The ratio is mostra's rate ÷ the bare rate (1.0: the PDS is the
limit). With ``--rounds N`` the baseline and the drain alternate N times (medians). The
last line is the JSON of :func:`timing.emit`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from timing import ROOT, emit, set_up_django


def start_pds() -> tuple[str, Path]:
    """A PDS on a free port for this run: its address and its work directory."""
    import socket

    def free() -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])

    workdir = Path(tempfile.mkdtemp(prefix="mostra-bench-pds-"))
    port = free()
    with (workdir / "start.log").open("wb") as log:
        subprocess.run(
            [str(ROOT / "tests/peers/bluesky/ci-pds.sh"), str(workdir)],
            env={**os.environ, "PDS_PORT": str(port), "PLC_PORT": str(free())},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=900,
        )
    return f"http://localhost:{port}", workdir


def new_account(pds: str) -> tuple[str, str, str]:
    """(handle, did, app password) of a fresh account on the PDS."""
    handle = f"bench-{secrets.token_hex(3)}.test"
    body = (
        httpx.post(
            f"{pds}/xrpc/com.atproto.server.createAccount",
            json={
                "handle": handle,
                "email": f"{handle}@example.test",
                "password": secrets.token_hex(8),
            },
            timeout=30,
        )
        .raise_for_status()
        .json()
    )
    app = (
        httpx.post(
            f"{pds}/xrpc/com.atproto.server.createAppPassword",
            json={"name": "mostra"},
            headers={"Authorization": f"Bearer {body['accessJwt']}"},
            timeout=30,
        )
        .raise_for_status()
        .json()
    )
    return handle, body["did"], app["password"]


def create(pds: str, count: int) -> tuple[object, str]:
    """A workspace whose Bluesky account has ``count`` posts due tomorrow."""
    from mostra.core.models import User
    from mostra.core.services.workspaces import create_workspace
    from mostra.editorial.models import Post, PostStatus, PostVariant
    from mostra.publishing.connect.bluesky import connect_bluesky
    from mostra.publishing.models import Publication
    from mostra.publishing.scheduler import clock

    owner, _ = User.objects.get_or_create(email="bench@example.org")
    label = secrets.token_hex(3)
    workspace = create_workspace(owner, f"Bench {label}", slug=f"bench-{label}")
    handle, did, password = new_account(pds)
    account = connect_bluesky(None, handle, password, pds, workspace=workspace)
    due = clock.database_now() + dt.timedelta(days=1)
    Post.objects.bulk_create(
        Post(workspace=workspace, author=owner, status=PostStatus.SCHEDULED, scheduled_at=due)
        for _ in range(count)
    )
    posts = list(Post.objects.filter(workspace=workspace).order_by("id"))
    PostVariant.objects.bulk_create(
        PostVariant(post=post, network="bluesky", text=f"Publication {i} #bench")
        for i, post in enumerate(posts)
    )
    variants = list(PostVariant.objects.filter(post__workspace=workspace).order_by("id"))
    Publication.objects.bulk_create(
        Publication(variant=v, account=account, due_at=due, next_attempt_at=due) for v in variants
    )
    return workspace, did


#: A worker gives up after this long with publications still unfinished (they count
#: as lost).
DEADLINE_S = 900


def work(name: str, workspace_id: int, ready: object, start: object) -> None:
    """Run the worker's loop until no publication of the workspace is waiting or being
    published (a tick that publishes nothing is not the end: another worker may hold
    the due rows, or a retry may be waiting for its time)."""
    from django.db import connections

    from mostra.publishing.loop import Loop
    from mostra.publishing.models import Publication, PublicationState

    loop = Loop(name)
    unfinished = Publication.objects.filter(
        account__workspace_id=workspace_id,
        state__in=[PublicationState.PENDING, PublicationState.PUBLISHING],
    )
    connections.close_all()
    ready.release()  # type: ignore[attr-defined]
    start.wait()  # type: ignore[attr-defined]
    ends = time.monotonic() + DEADLINE_S
    try:
        while time.monotonic() < ends:
            if not loop.tick().published:
                if not unfinished.exists():
                    return
                time.sleep(0.05)
    finally:
        connections.close_all()


def records_of(pds: str, did: str) -> list[dict]:
    found, cursor = [], None
    while True:
        params = {"repo": did, "collection": "app.bsky.feed.post", "limit": 100}
        if cursor:
            params["cursor"] = cursor
        body = httpx.get(f"{pds}/xrpc/com.atproto.repo.listRecords", params=params).json()
        found += body.get("records", [])
        cursor = body.get("cursor")
        if not cursor or not body.get("records"):
            return found


def bare_writes(pds: str, count: int, workers: int) -> float:
    """The baseline: ``count`` records written straight to the PDS by ``workers``
    threads, one request at a time each; the writes per second."""
    from mostra.integrations.bluesky import records

    handle, did, password = new_account(pds)
    token = (
        httpx.post(
            f"{pds}/xrpc/com.atproto.server.createSession",
            json={"identifier": handle, "password": password},
            timeout=30,
        )
        .raise_for_status()
        .json()["accessJwt"]
    )
    label = secrets.token_hex(3)

    def write(indices: range) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(headers=headers, timeout=30) as client:
            for i in indices:
                body = {
                    "repo": did,
                    "collection": records.POST,
                    "rkey": records.record_key(f"bench-{label}-{i}"),
                    "record": records.post_record(f"Publication {i} #bench", facets=[]),
                    "swapRecord": None,
                }
                client.post(f"{pds}/xrpc/com.atproto.repo.putRecord", json=body).raise_for_status()

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        for done in [pool.submit(write, range(n, count, workers)) for n in range(workers)]:
            done.result()  # a failed write fails the run
    seconds = time.perf_counter() - start
    written = len(records_of(pds, did))
    assert written == count, f"the bare writes left {written} records of {count}"
    return count / seconds


def drain(pds: str, count: int, workers: int) -> dict[str, float]:
    from django.db import connections

    from mostra.publishing.models import Publication, PublicationState
    from mostra.publishing.scheduler import clock

    workspace, did = create(pds, count)
    connections.close_all()
    context = multiprocessing.get_context("fork")
    ready, go = context.Semaphore(0), context.Event()
    processes = [
        context.Process(target=work, args=(f"bench-{i}", workspace.pk, ready, go))
        for i in range(workers)
    ]
    for process in processes:
        process.start()
    for _ in processes:
        ready.acquire()
    now = clock.database_now()
    Publication.objects.filter(account__workspace=workspace).update(due_at=now, next_attempt_at=now)
    connections.close_all()
    start = time.perf_counter()
    go.set()
    for process in processes:
        process.join()
    seconds = time.perf_counter() - start
    rows = Publication.objects.filter(account__workspace=workspace)
    published = rows.filter(state=PublicationState.PUBLISHED)
    lateness = sorted(
        (p - d).total_seconds() for p, d in published.values_list("published_at", "due_at")
    )
    texts = Counter(r["value"]["text"] for r in records_of(pds, did))
    states = Counter(rows.values_list("state", flat=True))
    if states.keys() != {PublicationState.PUBLISHED}:
        errors = Counter(rows.exclude(error_message="").values_list("error_message", flat=True))
        print(f"publications by state: {dict(states)}; errors: {errors.most_common(3)}")
    return {
        "seconds": seconds,
        "rate": count / seconds,
        "p50": statistics.median(lateness) if lateness else float("nan"),
        "p99": lateness[max(int(len(lateness) * 0.99) - 1, 0)] if lateness else float("nan"),
        "duplicates": sum(n - 1 for n in texts.values() if n > 1),
        "lost": max(count - len(texts), rows.count() - published.count()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument(
        "--workers", type=int, default=0, help="default: 1 on SQLite, 4 on PostgreSQL"
    )
    parser.add_argument("--rounds", type=int, default=1, help="baseline and drain, alternated")
    parser.add_argument(
        "--pds", default="", help="a running PDS (default: one started for the run)"
    )
    args = parser.parse_args()
    os.environ["MOSTRA_ALLOW_PRIVATE_ADDRESSES"] = "1"
    set_up_django()
    import logging

    from django.db import connection

    logging.getLogger("mostra").setLevel(logging.WARNING)
    workers = args.workers or (4 if connection.vendor == "postgresql" else 1)
    pds, workdir = (args.pds.rstrip("/"), None) if args.pds else start_pds()
    drains: list[dict[str, float]] = []
    bare: list[float] = []
    try:
        for _ in range(args.rounds):
            bare.append(bare_writes(pds, args.count, workers))
            drains.append(drain(pds, args.count, workers))
    finally:
        if workdir is not None:
            os.kill(int((workdir / "pds.pid").read_text()), signal.SIGTERM)
    rate = statistics.median(d["rate"] for d in drains)
    baseline = statistics.median(bare)
    figures = {key: statistics.median(d[key] for d in drains) for key in ("seconds", "p50", "p99")}
    duplicates = sum(int(d["duplicates"]) for d in drains)
    lost = sum(int(d["lost"]) for d in drains)
    print(
        f"{args.count} publications to a local PDS, {workers} worker(s) on {connection.vendor}: "
        f"drained in {figures['seconds']:.1f} s, {rate:.1f} publications/s, "
        f"lateness p50 {figures['p50']:.1f} s, p99 {figures['p99']:.1f} s, "
        f"{duplicates} duplicates, {lost} lost"
    )
    print(
        f"baseline (bare putRecord, {workers} thread(s)): {baseline:.1f} writes/s; "
        f"ratio {rate / baseline:.2f}" + (f" (medians of {args.rounds})" if args.rounds > 1 else "")
    )
    ok = duplicates == lost == 0
    print("zero duplicates, zero lost: " + ("yes" if ok else "NO"))
    emit(
        "bluesky_pds",
        database=connection.vendor,
        count=args.count,
        workers=workers,
        rounds=args.rounds,
        rate_per_s=round(rate, 2),
        baseline="bare putRecord",
        baseline_rate_per_s=round(baseline, 2),
        ratio=round(rate / baseline, 3),
        seconds=round(figures["seconds"], 2),
        lateness_p50_s=round(figures["p50"], 2),
        lateness_p99_s=round(figures["p99"], 2),
        duplicates=duplicates,
        lost=lost,
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
