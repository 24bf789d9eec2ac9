"""Benchmark: the Bluesky firehose consumer against the local network's event stream.

    .venv/bin/python bench/listening_firehose.py [--posts 500] [--queries 20] [--runs 3]
        [--writers 4] [--pds URL]

On a local PDS (``--pds``, or one started for the run with
``tests/peers/bluesky/ci-pds.sh`` and stopped by its pid), a workspace reads the PDS's
firehose (a ``bluesky_firehose`` source) with ``--queries`` stored queries; one post in
five names the brand.

1. **Live**: the consumer runs (on a thread, from the stream's end) while a second
   account writes a burst of ``--posts`` posts from ``--writers`` threads, as fast as
   the PDS takes them. Measured: the network's rate (posts written per second), the
   end-to-end lag of each stored mention (stored − written: its ``createdAt``), p50 and
   p99, and how long after the last write the consumer had handled every event (its
   drain).
2. **Buffered**: the burst is then in the PDS's backlog; the consumer reads it again
   from the cursor before the burst, ``--runs`` times (the mentions deleted between
   runs), and stores the matches: events per second. The baseline, interleaved with
   it (:func:`timing.compare`): the same subscription and frames decoded
   (:func:`mostra.listening.firehose.frames.decode`), nothing matched nor stored.

The last line is the JSON of :func:`timing.emit`.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx
from timing import ROOT, compare, emit, report, set_up_django


def start_pds() -> tuple[str, Path]:
    import socket

    def free() -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])

    workdir = Path(tempfile.mkdtemp(prefix="mostra-bench-firehose-"))
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


def new_account(pds: str) -> tuple[str, str]:
    """(did, access token) of a fresh account."""
    handle = f"bench-{secrets.token_hex(3)}.test"
    body = (
        httpx.post(
            f"{pds}/xrpc/com.atproto.server.createAccount",
            json={"handle": handle, "email": f"{handle}@x.test", "password": secrets.token_hex(8)},
            timeout=30,
        )
        .raise_for_status()
        .json()
    )
    return body["did"], body["accessJwt"]


def burst(pds: str, account: tuple[str, str], posts: int, writers: int) -> float:
    """Write ``posts`` posts from ``writers`` threads; returns the seconds it took."""
    did, token = account

    def write(n: int, client: httpx.Client) -> None:
        text = f"Post {n} : l'atelier mostrabench répare les vélos" if n % 5 == 0 else f"Post {n}"
        when = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        client.post(
            f"{pds}/xrpc/com.atproto.repo.createRecord",
            json={
                "repo": did,
                "collection": "app.bsky.feed.post",
                "record": {"text": text, "createdAt": when, "langs": ["fr"]},
            },
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        ).raise_for_status()

    clients = [httpx.Client() for _ in range(writers)]
    started = time.perf_counter()
    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(lambda n: write(n, clients[n % writers]), range(posts)))
    took = time.perf_counter() - started
    for client in clients:
        client.close()
    return took


def decode_only(url: str, since: int, until: int) -> int:
    """The baseline: the same subscription, every frame decoded, nothing stored."""
    from mostra.listening.firehose.frames import decode
    from mostra.listening.firehose.stream import open_subscription

    seen = 0
    with open_subscription(url, since) as connection:
        while True:
            event = decode(connection.recv(timeout=30))
            seen += 1
            if event.seq is not None and event.seq >= until:
                return seen


def head(url: str) -> int:
    """The number of the service's last event, read from its backlog until quiet."""
    from mostra.listening.firehose.frames import decode
    from mostra.listening.firehose.stream import open_subscription

    seq = 0
    with open_subscription(url, 0) as connection:
        while True:
            try:
                event = decode(connection.recv(timeout=1.0))
            except TimeoutError:
                return seq
            seq = max(seq, event.seq or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--pds", default="")
    args = parser.parse_args()
    os.environ["MOSTRA_ALLOW_PRIVATE_ADDRESSES"] = "1"  # the PDS runs on 127.0.0.1
    set_up_django()
    from django.conf import settings

    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    pds, workdir = (args.pds, None) if args.pds else start_pds()
    try:
        run(pds, args)
    finally:
        if workdir is not None:
            os.kill(int((workdir / "pds.pid").read_text()), signal.SIGTERM)


def run(pds: str, args: argparse.Namespace) -> None:
    from django.db import connections

    from mostra.core.models import Membership, User
    from mostra.core.services.workspaces import create_workspace
    from mostra.listening.firehose.consumer import Consumer
    from mostra.listening.firehose.stream import service_address
    from mostra.listening.models import FirehoseCursor, Mention
    from mostra.listening.services.queries import add_query
    from mostra.listening.services.sources import add_source

    owner, _ = User.objects.get_or_create(email="bench@example.org")
    workspace = create_workspace(owner, f"Bench {secrets.token_hex(3)}")
    actor = Membership.objects.get(workspace=workspace, user=owner)
    add_source(actor, "bluesky_firehose", {"service": pds})
    add_query(actor, name="Marque", text='mostrabench OR "atelier mostrabench"')
    for n in range(1, args.queries):
        add_query(actor, name=f"Sujet {n}", text=f'"sujet{n}" OR concurrent{n} NOT vente')
    url = service_address(pds)
    account = new_account(pds)

    # 1. Live: the consumer reads while the burst is written.
    consumer = Consumer(url, batch_wait=0.2)
    start = head(url)
    FirehoseCursor.objects.update_or_create(service_url=url, defaults={"seq": start})
    live = threading.Thread(target=lambda: (consumer.run(), connections.close_all()))
    live.start()
    time.sleep(1.0)  # subscribed
    took = burst(pds, account, args.posts, args.writers)
    written = time.perf_counter()
    expected = args.posts // 5 + (1 if args.posts % 5 else 0)
    while Mention.objects.filter(workspace=workspace).count() < expected:
        if time.perf_counter() - written > 120:
            raise SystemExit("the consumer did not store every matching post in 2 minutes")
        time.sleep(0.05)
    drain = time.perf_counter() - written
    consumer.stop.set()
    live.join(30)
    lags = sorted(
        (m.fetched_at - m.published_at).total_seconds()
        for m in Mention.objects.filter(workspace=workspace)
    )
    last = FirehoseCursor.objects.get(service_url=url).seq or 0
    events = consumer.report.events
    print(
        f"live: {args.posts} posts written in {took:.2f} s ({args.posts / took:.0f}/s), "
        f"{expected} stored; lag p50 {statistics.median(lags) * 1000:.0f} ms, "
        f"p99 {lags[int(len(lags) * 0.99)] * 1000:.0f} ms; drained {drain * 1000:.0f} ms "
        "after the last write"
    )

    # 2. Buffered: the burst read again from the backlog, stored, against decoding alone.

    def consume() -> None:
        Mention.objects.filter(workspace=workspace).delete()
        FirehoseCursor.objects.filter(service_url=url).update(seq=start)
        Consumer(url, until_seq=last).run(120)

    counted: list[int] = []
    comparison = compare(consume, lambda: counted.append(decode_only(url, start, last)), args.runs)
    handled = counted[-1]
    report(f"{handled} buffered events", comparison, baseline="decoding alone", digits=0)
    rate = handled / (comparison.median_ms / 1000)
    baseline_rate = handled / (comparison.baseline_ms / 1000)
    print(f"consumer {rate:.0f} events/s, decoding alone {baseline_rate:.0f} events/s")
    emit(
        "listening_firehose",
        baseline="decoding alone",
        posts=args.posts,
        queries=args.queries,
        events=handled,
        live_events=events,
        network_rate_per_s=round(args.posts / took, 1),
        lag_p50_ms=round(statistics.median(lags) * 1000, 1),
        lag_p99_ms=round(lags[int(len(lags) * 0.99)] * 1000, 1),
        drain_ms=round(drain * 1000, 1),
        rate_per_s=round(rate, 1),
        baseline_rate_per_s=round(baseline_rate, 1),
        keeps_up=rate > args.posts / took,
        **comparison.figures(),
    )


if __name__ == "__main__":
    main()
