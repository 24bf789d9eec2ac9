"""Benchmark: the short link ``/l/<code>`` under load, served by ``mostra serve``.

    .venv/bin/python bench/short_links.py [--clients 4] [--duration 10] [--rounds 3]
        [--workers 2] [--threads 4] [--links 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<throw-away db> .venv/bin/python ...

Creates ``--links`` tracked links in a fresh workspace, starts one ``mostra serve``
subprocess on a loopback port, and loads it with ``--clients`` threads, each with its
own keep-alive connection (httpx, redirects not followed), alternating in the same run,
round after round:

- the baseline: a static file (``/static/mostra/app.css``: WhiteNoise, the same server
  stack, no query) for ``duration / rounds / 2`` seconds;
- the redirects: ``GET /l/<code>`` over every link in turn, each request with a user
  agent of its own (so that each one is a visitor of its own and is counted), for
  ``duration / rounds`` seconds.

Per side: requests per second, p50 and p99 latency, errors (any status but 302, or
200 for the static file) and the server's CPU time per request. Then the server is
stopped (it writes what it still holds) and the clicks in the database are compared
with the redirects answered: they must be equal (``counted_ok``).

The last line is the JSON of :func:`timing.emit`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from pages_load import STATIC_PATH, Server
from timing import emit, load_average, set_up_django

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@dataclass
class Side:
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    cpu_s: float = 0.0

    def add(self, other: Side) -> None:
        self.latencies += other.latencies
        self.errors.update(other.errors)
        self.seconds += other.seconds
        self.cpu_s += other.cpu_s

    def figures(self) -> dict[str, object]:
        ordered = sorted(self.latencies) or [float("nan")]
        requests = len(self.latencies) + sum(self.errors.values())
        return {
            "rate_per_s": round(len(self.latencies) / max(self.seconds, 1e-9), 1),
            "p50_ms": round(statistics.median(ordered), 2),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 2),
            "answered": len(self.latencies),
            "errors": dict(self.errors),
            "server_cpu_ms_per_request": round(1000 * self.cpu_s / max(1, requests), 3),
        }


def seed(links: int) -> list[str]:
    from mostra.core.models import Membership, User
    from mostra.core.services.workspaces import create_workspace
    from mostra.links.services.links import create_link

    owner = User.objects.create_user("bench-links@example.org", "x" * 16)
    workspace = create_workspace(owner, "Short links bench", slug="short-links-bench")
    membership = Membership.objects.get(workspace=workspace, user=owner)
    return [
        create_link(
            membership,
            f"https://example.org/page/{i}?ref=bench",
            medium="organic",
            campaign="bench",
            network="bluesky",
        ).code
        for i in range(links)
    ]


def load(server: Server, paths: list[str], clients: int, seconds: float, ok: int) -> Side:
    """``clients`` threads fetching ``paths`` in turn for ``seconds``; each request has a
    user agent of its own (a new visitor)."""
    import httpx

    side = Side()
    lock = threading.Lock()
    start_line = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(number: int) -> None:
        times: list[float] = []
        kinds: Counter[str] = Counter()
        with httpx.Client(base_url=server.base, timeout=30, follow_redirects=False) as http:
            start_line.wait()
            i = number
            while time.perf_counter() < stop_at[0]:
                agent = f"{BROWSER} bench/{number}-{i}-{time.perf_counter_ns()}"
                began = time.perf_counter()
                try:
                    status = http.get(paths[i % len(paths)], headers={"User-Agent": agent})
                    code = str(status.status_code)
                except httpx.HTTPError as exc:
                    code = type(exc).__name__
                if code == str(ok):
                    times.append((time.perf_counter() - began) * 1000)
                else:
                    kinds[code] += 1
                i += clients
        with lock:
            side.latencies += times
            side.errors.update(kinds)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    cpu = server.cpu_seconds()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start_line.wait()
    for thread in threads:
        thread.join()
    side.seconds = time.perf_counter() - began
    side.cpu_s = server.cpu_seconds() - cpu
    return side


def counted_clicks() -> int:
    from django.db import connections
    from django.db.models import Sum

    from mostra.links.models import ClickDay

    connections.close_all()
    return int(ClickDay.objects.aggregate(n=Sum("clicks"))["n"] or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--duration", type=float, default=10.0, help="redirects, in all")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--links", type=int, default=200)
    args = parser.parse_args()

    set_up_django()
    from django.db import connection, connections

    vendor = connection.vendor
    codes = seed(args.links)
    connections.close_all()
    paths = [f"/l/{code}" for code in codes]
    server = Server(args.workers, args.threads)
    redirects, static = Side(), Side()
    try:
        server.wait_ready()
        load(server, [STATIC_PATH], args.clients, 1.0, 200)  # Warm-up.
        warm = load(server, paths, args.clients, 1.0, 302)
        part = args.duration / args.rounds
        for _ in range(args.rounds):
            static.add(load(server, [STATIC_PATH], args.clients, part / 2, 200))
            redirects.add(load(server, paths, args.clients, part, 302))
            static.add(load(server, [STATIC_PATH], args.clients, part / 2, 200))
        time.sleep(2.5)  # The flusher writes every second.
        counted_running = counted_clicks()
    finally:
        output = server.stop()
    if "Traceback" in output:
        first = output[output.index("Traceback") :].split("\n\n")[0]
        print(f"{output.count('Traceback')} tracebacks in the server's output; the first:")
        print(first[:4000])
    sent = len(warm.latencies) + len(redirects.latencies)
    counted = counted_clicks()
    red, base = redirects.figures(), static.figures()
    print(
        f"{vendor}, {args.links} links, {args.clients} clients, {args.workers} process(es) of "
        f"{args.threads} threads; load average {load_average()}"
    )
    print(
        f"redirects: {red['rate_per_s']} req/s, p50 {red['p50_ms']} ms, p99 {red['p99_ms']} ms, "
        f"errors {red['errors']}, server CPU {red['server_cpu_ms_per_request']} ms/request"
    )
    print(
        f"static file: {base['rate_per_s']} req/s, p50 {base['p50_ms']} ms, p99 "
        f"{base['p99_ms']} ms, server CPU {base['server_cpu_ms_per_request']} ms/request"
    )
    ratio = float(base["rate_per_s"]) / max(float(red["rate_per_s"]), 1e-9)  # type: ignore[arg-type]
    print(f"static file / redirects (rate): {ratio:.2f}")
    print(
        f"clicks counted: {counted} for {sent} redirects answered "
        f"({counted_running} a few seconds after the load, before the server stopped)"
    )
    emit(
        "short_links",
        database=vendor,
        clients=args.clients,
        workers=args.workers,
        threads=args.threads,
        links=args.links,
        rate_per_s=red["rate_per_s"],
        p50_ms=red["p50_ms"],
        p99_ms=red["p99_ms"],
        errors=red["errors"],
        server_cpu_ms_per_request=red["server_cpu_ms_per_request"],
        baseline="static file",
        baseline_rate_per_s=base["rate_per_s"],
        baseline_p50_ms=base["p50_ms"],
        baseline_p99_ms=base["p99_ms"],
        ratio=round(ratio, 2),
        redirects_answered=sent,
        clicks_counted=counted,
        clicks_counted_before_stop=counted_running,
        counted_ok=counted == sent,
        started=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )


if __name__ == "__main__":
    main()
