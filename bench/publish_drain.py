"""Benchmark: publications due at the same moment, drained by the worker's loop, against a
network that answers in ``--latency-ms``.

    .venv/bin/python bench/publish_drain.py [--count 10000] [--latency-ms 150] [--workers N]
        [--accounts 200] [--in-flight N] [--rounds 1] [--spread SECONDS] [--in-process]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/publish_drain.py

The network is a real HTTP server in a process of its own on 127.0.0.1 (this script run
with ``--serve``: asyncio, every request answered after sleeping ``--latency-ms``, so
that hundreds can wait at once), which records the idempotency key of every request it
receives. The worker's publications reach it through the project's outbound HTTP client
(httpx, with loopback addresses allowed as the tests allow them for local peers,
``MOSTRA_ALLOW_PRIVATE_ADDRESSES=1``), by an integration registered for the run.

Each round creates ``--count`` scheduled posts (one variant, one publication each) over
``--accounts`` accounts of one workspace, all due at the same instant (``--spread 60``:
spread evenly over the minute), then ``--workers`` processes (forked; 1 by default on
SQLite, 4 on PostgreSQL) run the worker's loop (:class:`mostra.publishing.loop.Loop`,
publishing only, ``--in-flight`` passed on when the loop takes it) until nothing is left.

The baseline, in the same run and interleaved with it (baseline, measured, per round):
the bare claim-and-update SQL on as many due rows, by as many processes: claim a chunk
of due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) and mark them published, no
network, no post, attempt, audit nor notification. The ratio compares publications per
second (measured / baseline): the share of the database's bare speed the worker keeps
while waiting for a network.

Prints the rate, lateness (published − due) p50 and p99, duplicates (a key the server
received twice), lost (a publication not published), the CPU time of the workers (the
children's), the load average, and last one JSON line (:func:`timing.emit`).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import inspect
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

from timing import Comparison, emit, load_average, set_up_django

NETWORK = "benchsink"
#: The pause of an idle worker (``mostra worker --interval``'s default).
INTERVAL = 1.0
#: Rows one baseline claim takes (the loop's chunk).
CHUNK = 20


# --- The network: a local HTTP server that sleeps --------------------------------------


async def _answer(reader, writer, latency: float, keys: Counter) -> None:
    """Serve one connection (HTTP/1.1, kept alive): each POST sleeps ``latency`` seconds
    then answers its key; ``GET /keys`` gives every key received with its count."""
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, path = lines[0].split(" ")[:2]
            headers = {
                k.strip().lower(): v.strip()
                for k, _s, v in (x.partition(":") for x in lines[1:] if x)
            }
            body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
            if method == "GET" and path == "/keys":
                payload = json.dumps(keys).encode()
            elif method == "POST" and path == "/reset":
                keys.clear()
                payload = b"{}"
            else:
                key = headers.get("idempotency-key") or json.loads(body or b"{}").get("key", "")
                keys[key] += 1
                await asyncio.sleep(latency)
                payload = json.dumps({"id": key, "url": f"https://sink.example/{key}"}).encode()
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(payload)}\r\n\r\n".encode()
                + payload
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


def serve(port: int, latency_ms: float) -> None:
    """Run the network (``--serve``) until killed."""
    keys: Counter = Counter()

    async def main() -> None:
        server = await asyncio.start_server(
            lambda r, w: _answer(r, w, latency_ms / 1000, keys), "127.0.0.1", port, backlog=1024
        )
        print("ready", flush=True)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


class InProcess:
    """The network answering at once inside the workers: the keys they wrote."""

    def __init__(self) -> None:
        import tempfile

        self.folder = tempfile.mkdtemp(prefix="mostra-drain-keys-")

    def keys(self) -> dict[str, int]:
        found: Counter = Counter()
        for path in Path(self.folder).glob("*.keys"):
            found.update(path.read_text(encoding="utf-8").split())
        return dict(found)

    def reset(self) -> None:
        for path in Path(self.folder).glob("*.keys"):
            path.unlink()

    def stop(self) -> None:
        self.reset()


class Network:
    """The server's process: started, asked for its keys, reset, stopped by its pid."""

    def __init__(self, latency_ms: float) -> None:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--serve",
                str(self.port),
                "--latency-ms",
                str(latency_ms),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "ready"

    def _call(self, method: str, path: str) -> dict[str, int]:
        request = urllib.request.Request(
            self.url + path, method=method, data=b"" if method == "POST" else None
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read())

    def keys(self) -> dict[str, int]:
        return self._call("GET", "/keys")

    def reset(self) -> None:
        self._call("POST", "/reset")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def install_network(url: str, keys_dir: str = "") -> None:
    """Register the integration that publishes to the local server; with ``keys_dir``,
    one that answers at once in the worker's process instead (``--in-process``: the
    benchmark's network before issue 15), writing the keys it got to a file there."""
    from mostra.integrations.base import REGISTRY, Integration, RemoteRef, TransportError
    from mostra.integrations.calls import api_call

    class Sink(Integration):
        network = NETWORK
        idempotent = False

        def publish(self, outgoing):
            if keys_dir:
                with open(Path(keys_dir) / f"{os.getpid()}.keys", "a", encoding="utf-8") as f:
                    f.write(outgoing.key + "\n")
                return RemoteRef(outgoing.key, url=f"https://sink.example/{outgoing.key}")
            response = api_call(
                self.client,
                "POST",
                f"{url}/publish",
                label="bench sink",
                mutation=True,
                json={"key": outgoing.key, "text": outgoing.text},
                headers={"Idempotency-Key": outgoing.key},
            )
            if response.status_code != 200:
                raise TransportError(f"bench sink answered {response.status_code}")
            answer = response.json()
            return RemoteRef(answer["id"], url=answer["url"])

        def delete(self, ref):
            return None

        def fetch_metrics(self, refs):
            return []

    REGISTRY[NETWORK] = Sink


# --- The due publications ----------------------------------------------------------------


def create(count: int, accounts: int, label: str):
    """A workspace with ``count`` publications over ``accounts`` accounts, due tomorrow
    (made due when the drain starts); returns the workspace."""
    from mostra.core.models import User
    from mostra.core.services.workspaces import create_workspace
    from mostra.editorial.models import Post, PostStatus, PostVariant
    from mostra.publishing.models import Publication, SocialAccount
    from mostra.publishing.scheduler import clock

    owner, _ = User.objects.get_or_create(email="bench@example.org")
    workspace = create_workspace(owner, f"Bench {label}", slug=f"bench-{label}")
    handles = SocialAccount.objects.bulk_create(
        SocialAccount(
            workspace=workspace, network=NETWORK, handle=f"sink{i}", external_id=f"sink-{label}-{i}"
        )
        for i in range(accounts)
    )
    handles = list(SocialAccount.objects.filter(workspace=workspace).order_by("id"))
    due = clock.database_now() + dt.timedelta(days=1)
    Post.objects.bulk_create(
        (
            Post(workspace=workspace, author=owner, status=PostStatus.SCHEDULED, scheduled_at=due)
            for _ in range(count)
        ),
        batch_size=1000,
    )
    posts = list(Post.objects.filter(workspace=workspace).order_by("id"))
    PostVariant.objects.bulk_create(
        (
            PostVariant(post=post, network=NETWORK, text=f"Publication {i}")
            for i, post in enumerate(posts)
        ),
        batch_size=1000,
    )
    variants = list(PostVariant.objects.filter(post__workspace=workspace).order_by("id"))
    Publication.objects.bulk_create(
        (
            Publication(
                variant=v, account=handles[i % len(handles)], due_at=due, next_attempt_at=due
            )
            for i, v in enumerate(variants)
        ),
        batch_size=1000,
    )
    return workspace


def make_due(workspace, spread: float) -> None:
    """Every publication of the workspace due now, or spread over ``spread`` seconds."""
    from mostra.publishing.models import Publication
    from mostra.publishing.scheduler import clock

    now = clock.database_now()
    rows = Publication.objects.filter(account__workspace=workspace)
    if not spread:
        rows.update(due_at=now, next_attempt_at=now)
        return
    planned = list(rows.order_by("id").only("pk"))
    for index, publication in enumerate(planned):
        publication.due_at = publication.next_attempt_at = now + dt.timedelta(
            seconds=spread * index / len(planned)
        )
    Publication.objects.bulk_update(planned, ["due_at", "next_attempt_at"], batch_size=500)
    now = clock.database_now()
    rows.filter(due_at__lt=now).update(due_at=now, next_attempt_at=now)


# --- The workers -------------------------------------------------------------------------


def loop_options(in_flight: int) -> dict[str, object]:
    """The loop's options: publishing only, and ``in_flight`` when the loop takes it."""
    from mostra.publishing.loop import Loop

    options: dict[str, object] = {"side_work": False}
    if in_flight and "in_flight" in inspect.signature(Loop).parameters:
        options["in_flight"] = in_flight
    return options


def work(name: str, in_flight: int, ready, start) -> None:
    """One worker process: warm up, wait for the start, run the loop until nothing is
    due or publishing."""
    from django.db import connections
    from django.urls import reverse

    from mostra.publishing.loop import Loop
    from mostra.publishing.models import Publication, PublicationState
    from mostra.publishing.services import webhooks  # noqa: F401 - imported once, up front

    loop = Loop(name, **loop_options(in_flight))
    assert loop.client is not None  # its set-up, before the clock starts
    reverse("core:home")  # the URL resolver, which the webhooks' payloads use
    connections.close_all()
    ready.release()
    start.wait()
    open_states = (PublicationState.PENDING, PublicationState.PUBLISHING)
    try:
        while True:
            if loop.tick().published:
                continue
            if not Publication.objects.filter(state__in=open_states).exists():
                break
            time.sleep(INTERVAL)  # as `mostra worker` waits when nothing was due
    finally:
        getattr(loop, "close", lambda: None)()
        connections.close_all()


def bare_work(name: str, accounts: list[int], ready, start) -> None:
    """One baseline process: claim a chunk of due rows and mark them published, in SQL,
    until none is left."""
    from django.db import connection, connections, transaction

    from mostra.publishing.models import Publication

    table = connection.ops.quote_name(Publication._meta.db_table)
    marks = ", ".join("%s" for _ in accounts)
    lock = (
        " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    )
    claim = (
        f"UPDATE {table} SET state = 'publishing', claimed_by = %s, claimed_at = %s "
        f"WHERE id IN (SELECT id FROM {table} WHERE state = 'pending' AND next_attempt_at <= %s "
        f"AND account_id IN ({marks}) ORDER BY next_attempt_at, id LIMIT {CHUNK}{lock})"
    )
    done = (
        f"UPDATE {table} SET state = 'published', published_at = %s, claimed_by = '' "
        "WHERE claimed_by = %s AND state = 'publishing'"
    )
    connections.close_all()
    ready.release()
    start.wait()
    try:
        while True:
            now = dt.datetime.now(dt.UTC)
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(claim, [name, now, now, *accounts])
                taken = cursor.rowcount
            if not taken:
                break
            with connection.cursor() as cursor:
                cursor.execute(done, [dt.datetime.now(dt.UTC), name])
    finally:
        connections.close_all()


def drain(target, args_of, workers: int, prepare) -> tuple[float, float]:
    """Run ``workers`` processes of ``target`` from one start signal to their end, calling
    ``prepare`` once they are ready (warmed up), just before the start; returns (wall
    seconds, their CPU seconds)."""
    from django.db import connections

    connections.close_all()  # never shared with the children
    context = multiprocessing.get_context("fork")
    ready, go = context.Semaphore(0), context.Event()
    processes = [
        context.Process(target=target, args=(*args_of(i), ready, go)) for i in range(workers)
    ]
    for process in processes:
        process.start()
    for _ in processes:
        ready.acquire()
    prepare()
    connections.close_all()
    before = os.times()
    start = time.perf_counter()
    go.set()
    for process in processes:
        process.join()
    seconds = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return seconds, cpu


def figures_of(
    workspace, count: int, seconds: float, cpu: float, keys: dict[str, int]
) -> dict[str, float]:
    from mostra.publishing.models import Publication, PublicationState

    rows = Publication.objects.filter(account__workspace=workspace)
    published = rows.filter(state=PublicationState.PUBLISHED)
    lateness = sorted(
        (p - d).total_seconds() for p, d in published.values_list("published_at", "due_at")
    )
    return {
        "seconds": seconds,
        "rate": count / seconds,
        "cpu_s": cpu,
        "p50": statistics.median(lateness) if lateness else float("nan"),
        "p99": lateness[max(int(len(lateness) * 0.99) - 1, 0)] if lateness else float("nan"),
        "duplicates": sum(n - 1 for n in keys.values() if n > 1),
        "lost": rows.count() - published.count(),
    }


def measured_round(args, network: Network | InProcess, label: str) -> dict[str, float]:
    workspace = create(args.count, args.accounts, label)
    network.reset()
    seconds, cpu = drain(
        work,
        lambda i: (f"bench-{label}-{i}", args.in_flight),
        args.workers,
        lambda: make_due(workspace, args.spread),
    )
    return figures_of(workspace, args.count, seconds, cpu, network.keys())


def baseline_round(args, label: str) -> dict[str, float]:
    from mostra.publishing.models import SocialAccount

    workspace = create(args.count, args.accounts, label)
    accounts = list(SocialAccount.objects.filter(workspace=workspace).values_list("pk", flat=True))
    seconds, cpu = drain(
        bare_work,
        lambda i: (f"bare-{label}-{i}", accounts),
        args.workers,
        lambda: make_due(workspace, args.spread),
    )
    return figures_of(workspace, args.count, seconds, cpu, {})


def line(label: str, args, vendor: str, f: dict[str, float]) -> str:
    where = "in-process, instant" if args.in_process else f"HTTP, {args.latency_ms:g} ms"
    return (
        f"{label}: {args.count} publications over {args.accounts} accounts, {args.workers} "
        f"worker(s) on {vendor}, network {where}: {f['seconds']:.1f} s, "
        f"{f['rate']:.0f}/s, CPU {f['cpu_s']:.1f} s, lateness p50 {f['p50']:.1f} s, p99 "
        f"{f['p99']:.1f} s, {f['duplicates']} duplicates, {f['lost']} lost, load {load_average()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=float, default=150.0, help="the network's answer time")
    parser.add_argument(
        "--workers", type=int, default=0, help="default: 1 on SQLite, 4 on PostgreSQL"
    )
    parser.add_argument(
        "--accounts", type=int, default=200, help="accounts the publications spread over"
    )
    parser.add_argument(
        "--in-flight",
        type=int,
        default=0,
        help="publications in flight per worker (default: the loop's)",
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="baseline and measured drains, in turn"
    )
    parser.add_argument(
        "--spread", type=float, default=0, help="seconds the due times spread over (0: one instant)"
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="the network answers at once inside the worker, no HTTP (the bench before issue 15)",
    )
    parser.add_argument("--serve", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.latency_ms)
        return
    os.environ.setdefault("MOSTRA_ALLOW_PRIVATE_ADDRESSES", "1")  # the server is on loopback
    set_up_django(figures_cache=True)  # The workers write the data versions, as in service.
    import logging

    from django.db import connection

    logging.getLogger("mostra").setLevel(logging.WARNING)
    vendor = connection.vendor
    args.workers = args.workers or (4 if vendor == "postgresql" else 1)
    network: Network | InProcess = InProcess() if args.in_process else Network(args.latency_ms)
    try:
        if isinstance(network, InProcess):
            install_network("", network.folder)
        else:
            install_network(network.url)
        suffix = os.getpid()
        bases, measures = [], []
        for index in range(args.rounds):
            bases.append(baseline_round(args, f"bare-{suffix}-{index}"))
            print(line("baseline (bare claim-and-update SQL)", args, vendor, bases[-1]), flush=True)
            measures.append(measured_round(args, network, f"main-{suffix}-{index}"))
            print(line("measured (the worker's loop)", args, vendor, measures[-1]), flush=True)
    finally:
        network.stop()

    def median(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    comparison = Comparison(
        median_ms=median(measures, "seconds") * 1000,
        baseline_ms=median(bases, "seconds") * 1000,
        cpu_ms=median(measures, "cpu_s") * 1000,
        baseline_cpu_ms=median(bases, "cpu_s") * 1000,
        runs=args.rounds,
    )
    rate, baseline_rate = median(measures, "rate"), median(bases, "rate")
    ratio = rate / baseline_rate
    duplicates = sum(int(m["duplicates"]) for m in measures)
    lost = sum(int(m["lost"]) for m in measures) + sum(int(b["lost"]) for b in bases)
    print(
        f"publications per second: {rate:.1f}, baseline {baseline_rate:.1f}, ratio {ratio:.3f}; "
        f"lateness p50 {median(measures, 'p50'):.1f} s, p99 {median(measures, 'p99'):.1f} s; "
        f"{duplicates} duplicates, {lost} lost"
    )
    emit(
        "publish_drain",
        rate_per_s=round(rate, 1),
        baseline_rate_per_s=round(baseline_rate, 1),
        ratio=round(ratio, 3),
        cpu_s=round(median(measures, "cpu_s"), 2),
        baseline_cpu_s=round(median(bases, "cpu_s"), 2),
        lateness_p50_s=round(median(measures, "p50"), 2),
        lateness_p99_s=round(median(measures, "p99"), 2),
        duplicates=duplicates,
        lost=lost,
        workers=args.workers,
        latency_ms=0 if args.in_process else args.latency_ms,
        count=args.count,
        accounts=args.accounts,
        in_flight=args.in_flight or None,
        vendor=vendor,
        network="in-process" if args.in_process else "http",
        rounds=args.rounds,
        drain=comparison.figures(),
    )
    sys.exit(0 if duplicates == lost == 0 else 1)


if __name__ == "__main__":
    main()
