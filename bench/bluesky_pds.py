"""Benchmark: real publications to a local Bluesky PDS, drained by the worker's loop.

    .venv/bin/python bench/bluesky_pds.py [--count 500] [--workers N] [--pds URL]

Creates an account on the PDS (``--pds``, or one started for the run with
``tests/peers/bluesky/ci-pds.sh`` and stopped by its pid), connects it with an app
password, schedules ``--count`` posts (one variant each) due at the same instant, then
``--workers`` processes (forked; 1 by default on SQLite, 4 on PostgreSQL when
DATABASE_URL points at one) run the worker's loop until nothing is due. Prints the time
to drain, publications per second, lateness (published − due) p50 and p99, and checks
on the PDS itself (``listRecords``) zero duplicates (two records of one post) and zero
lost (a post without its record, or a publication not published).
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
from pathlib import Path

import httpx
from timing import ROOT, set_up_django


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
    from mostra.integrations.bluesky import connect_bluesky
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


def work(name: str, ready: object, start: object) -> None:
    from django.db import connections

    from mostra.publishing.loop import Loop
    from mostra.publishing.models import Publication, PublicationState

    loop = Loop(name)
    connections.close_all()
    ready.release()  # type: ignore[attr-defined]
    start.wait()  # type: ignore[attr-defined]
    try:
        while (
            loop.tick().published
            or Publication.objects.filter(state=PublicationState.PUBLISHING).exists()
        ):
            time.sleep(0.01)
    finally:
        connections.close_all()


def records(pds: str, did: str) -> list[dict]:
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


def drain(pds: str, count: int, workers: int) -> dict[str, float]:
    from django.db import connections

    from mostra.publishing.models import Publication, PublicationState
    from mostra.publishing.scheduler import clock

    workspace, did = create(pds, count)
    connections.close_all()
    context = multiprocessing.get_context("fork")
    ready, go = context.Semaphore(0), context.Event()
    processes = [
        context.Process(target=work, args=(f"bench-{i}", ready, go)) for i in range(workers)
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
    texts = Counter(r["value"]["text"] for r in records(pds, did))
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
    try:
        figures = drain(pds, args.count, workers)
    finally:
        if workdir is not None:
            os.kill(int((workdir / "pds.pid").read_text()), signal.SIGTERM)
    print(
        f"{args.count} publications to a local PDS, {workers} worker(s) on {connection.vendor}: "
        f"drained in {figures['seconds']:.1f} s, {figures['rate']:.1f} publications/s, "
        f"lateness p50 {figures['p50']:.1f} s, p99 {figures['p99']:.1f} s, "
        f"{figures['duplicates']} duplicates, {figures['lost']} lost"
    )
    ok = figures["duplicates"] == figures["lost"] == 0
    print("zero duplicates, zero lost: " + ("yes" if ok else "NO"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
