"""Benchmark: year-long pages under load, served by ``mostra serve`` with 1 and 2 processes.

    .venv/bin/python bench/pages_load.py [--clients 32] [--duration 30] [--rounds 3]
        [--workers 1,2] [--threads 4] [--accounts 20] [--posts 50000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<throw-away db> .venv/bin/python ...

Seeds the demo workspace plus ``--accounts`` tracked accounts with ``--posts`` posts and
a follower count per day over one year (:func:`kpi_dashboard.seed`, the accounts then
moved into the demo), then starts one ``mostra serve --workers W`` subprocess per value
of ``--workers``, each on its own loopback port, and loads them with ``--clients``
threads, each with its own keep-alive connection (httpx), logged in as the owner.

The load alternates, in the same run, for each round and each server:

- the baseline: the same clients fetch a static file (``/static/mostra/app.css``,
  WhiteNoise, the same server stack: no session, no query, no template) for
  ``--baseline-duration`` seconds;
- the pages: the same clients fetch, in turn, the year-long dashboard, the year-long
  comparison (analytics) page and the strategy page for ``duration / rounds`` seconds.

Per server and side: requests per second, p50 and p99 latency, errors (any status but
200, or a transport error), and the server's CPU time (the process tree's, from /proc)
per request. The ratios: pages / static file for each server, and the pages' rate
with the most processes / with one (the aim on 2 cores: ≥ 1.7). The load generator
runs on the same machine, and takes CPU from the server: the static file's rate is a
floor of the stack *on this machine*, not the server's ceiling.

The last line is the JSON of :func:`timing.emit`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from timing import ROOT, emit, load_average, set_up_django

STATIC_PATH = "/static/mostra/app.css"
OWNER = "bench-pages@example.org"


def seed(accounts: int, posts: int) -> tuple[str, str, dict[str, str]]:
    """The demo workspace with a year of generated posts and follower counts: its slug,
    the owner's session key, and the pages to load by name."""
    import kpi_dashboard
    from django.test import Client

    from mostra.analytics.models import TrackedAccount
    from mostra.core import demo
    from mostra.core.models import User, Workspace
    from mostra.publishing.models import SocialAccount

    owner = User.objects.create_user(OWNER, "x" * 16)
    workspace = demo.build_demo(owner)
    began = time.perf_counter()
    generated = kpi_dashboard.seed(accounts, posts, 0)
    scratch = Workspace.objects.get(slug="kpi-bench")
    TrackedAccount.objects.filter(workspace=scratch).update(workspace=workspace)
    SocialAccount.objects.filter(workspace=scratch).update(workspace=workspace)
    kpi_dashboard.refresh_daily_sums(generated)
    print(f"seeded {posts} posts on {accounts} accounts in {time.perf_counter() - began:.1f} s")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(owner)
    year = f"period=custom&from={kpi_dashboard.YEAR_START}&to={kpi_dashboard.YEAR_END}"
    slug = workspace.slug
    pages = {
        "dashboard": f"/w/{slug}/reports/dashboard/?{year}",
        "comparison": f"/w/{slug}/analytics/compare/?{year}",
        "strategy": f"/w/{slug}/strategy/",
    }
    for name, url in pages.items():
        status = client.get(url).status_code
        assert status == 200, f"{name} ({url}): {status}"
    return slug, client.cookies["sessionid"].value, pages


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``mostra serve --workers N`` in a subprocess on a free loopback port."""

    def __init__(self, workers: int, threads: int) -> None:
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mostra", "serve", "--port", str(self.port)]
            + ["--workers", str(workers), "--threads", str(threads)],
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.output.append(line)

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not any("Ctrl-C to stop" in line for line in self.output):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"mostra serve did not start:\n{''.join(self.output)}")
            time.sleep(0.1)

    def tree(self) -> list[int]:
        pids, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            for task in Path(f"/proc/{pid}/task").glob("*"):
                try:
                    todo += [int(p) for p in (task / "children").read_text().split()]
                except OSError:
                    pass
        return pids

    def cpu_seconds(self) -> float:
        """The CPU time of the server's process tree (live processes, and the children
        they have reaped)."""
        ticks = 0
        for pid in self.tree():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> str:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return "".join(self.output)


@dataclass
class Side:
    """What one side (pages or static file) of one server measured, over its phases."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    #: What the errors were: an HTTP status, or the transport error's class.
    error_kinds: Counter[str] = field(default_factory=Counter)
    #: The latencies by path.
    by_path: dict[str, list[float]] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_s: float = 0.0
    #: The load generator's CPU time (this process: every client thread).
    client_cpu_s: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    def figures(self) -> dict[str, float | int]:
        ordered = sorted(self.latencies) or [float("nan")]
        return {
            "rate_per_s": round(len(self.latencies) / self.seconds, 2),
            "p50_ms": round(statistics.median(ordered), 1),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 1),
            "errors": self.errors,
            "error_kinds": dict(self.error_kinds),
            "requests": self.requests,
            "server_cpu_ms_per_request": round(1000 * self.cpu_s / max(1, self.requests), 2),
            "client_cpu_ms_per_request": round(1000 * self.client_cpu_s / max(1, self.requests), 2),
        }

    def per_path(self, names: dict[str, str]) -> dict[str, dict[str, float]]:
        """p50 and p99 of each path, by the page's name."""
        found = {}
        for path, latencies in self.by_path.items():
            ordered = sorted(latencies)
            found[names.get(path, path)] = {
                "p50_ms": round(statistics.median(ordered), 1),
                "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 1),
                "requests": len(ordered),
            }
        return found


def load(server: Server, session: str, urls: list[str], clients: int, seconds: float) -> Side:
    """``clients`` threads fetching ``urls`` in turn (each starting at its own) for
    ``seconds``; the server tree's CPU time over the phase."""
    import httpx

    side = Side()
    lock = threading.Lock()
    start_line = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(number: int) -> None:
        latencies: dict[str, list[float]] = {url: [] for url in urls}
        kinds: Counter[str] = Counter()
        with httpx.Client(
            base_url=server.base, cookies={"sessionid": session}, timeout=120
        ) as http:
            start_line.wait()
            i = number
            while time.perf_counter() < stop_at[0]:
                began = time.perf_counter()
                url = urls[i % len(urls)]
                try:
                    status = str(http.get(url).status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                if status == "200":
                    latencies[url].append((time.perf_counter() - began) * 1000)
                else:
                    kinds[status] += 1
                i += 1
        with lock:
            for url, times in latencies.items():
                side.latencies += times
                side.by_path.setdefault(url, []).extend(times)
            side.errors += sum(kinds.values())
            side.error_kinds.update(kinds)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    cpu, own = server.cpu_seconds(), time.process_time()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start_line.wait()
    for thread in threads:
        thread.join()
    side.seconds = time.perf_counter() - began  # The requests in flight at the end count.
    side.cpu_s = server.cpu_seconds() - cpu
    side.client_cpu_s = time.process_time() - own
    return side


def merge(total: Side, part: Side) -> None:
    total.latencies += part.latencies
    total.errors += part.errors
    total.error_kinds.update(part.error_kinds)
    for path, times in part.by_path.items():
        total.by_path.setdefault(path, []).extend(times)
    total.seconds += part.seconds
    total.cpu_s += part.cpu_s
    total.client_cpu_s += part.client_cpu_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=30.0, help="pages, per server")
    parser.add_argument("--baseline-duration", type=float, default=3.0, help="per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", default="1,2", help="comma-separated process counts")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--pages", default="dashboard,comparison,strategy")
    args = parser.parse_args()

    set_up_django()  # A fresh data directory (or DATABASE_URL), migrated.
    from django.db import connection, connections

    vendor = connection.vendor
    slug, session, pages = seed(args.accounts, args.posts)
    connections.close_all()
    urls = [pages[name] for name in args.pages.split(",")]
    names = {url: name for name, url in pages.items()}
    counts = [int(w) for w in args.workers.split(",")]
    servers = [Server(w, args.threads) for w in counts]
    try:
        for server in servers:
            server.wait_ready()
            load(server, session, urls + [STATIC_PATH], args.clients, 3.0)  # Warm-up.
        results = {w: (Side(), Side()) for w in counts}
        for _ in range(args.rounds):
            for server in servers:
                static, measured = results[server.workers]
                merge(static, load(server, session, [STATIC_PATH], args.clients, 1.0))
                part = load(server, session, urls, args.clients, args.duration / args.rounds)
                merge(measured, part)
                rest = args.baseline_duration - 1.0
                merge(static, load(server, session, [STATIC_PATH], args.clients, rest))
    finally:
        outputs = [server.stop() for server in servers]
    for output in outputs:
        if "Traceback" in output:  # The first one, and how many.
            first = output[output.index("Traceback") :].split("\n\n")[0]
            print(f"{output.count('Traceback')} tracebacks in the server's output; the first:")
            print(first[:4000])

    print(
        f"{vendor}, {args.posts} posts over a year on {args.accounts} accounts + the demo; "
        f"{args.clients} clients; pages: {', '.join(args.pages.split(','))}; "
        f"{args.threads} threads per process; load average {load_average()}"
    )
    for workers, (static, measured) in results.items():
        page, base = measured.figures(), static.figures()
        print(
            f"{workers} process(es): pages {page['rate_per_s']} req/s, p50 {page['p50_ms']} ms, "
            f"p99 {page['p99_ms']} ms, {page['errors']} errors, server CPU "
            f"{page['server_cpu_ms_per_request']} ms/request (client "
            f"{page['client_cpu_ms_per_request']} ms); static file {base['rate_per_s']} "
            f"req/s, p50 {base['p50_ms']} ms, p99 {base['p99_ms']} ms, {base['errors']} errors, "
            f"server CPU {base['server_cpu_ms_per_request']} ms/request"
        )
        for name, figures in measured.per_path(names).items():
            print(f"    {name}: p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms")
    first, last = results[counts[0]][1].figures(), results[counts[-1]][1].figures()
    scaling = last["rate_per_s"] / first["rate_per_s"] if first["rate_per_s"] else float("nan")
    print(f"pages' throughput, {counts[-1]} processes / {counts[0]}: {scaling:.2f}")
    static_last = results[counts[-1]][0].figures()
    emit(
        "pages_load",
        database=vendor,
        clients=args.clients,
        posts=args.posts,
        pages=args.pages,
        workers=counts[-1],
        threads=args.threads,
        rate_per_s=last["rate_per_s"],
        p50_ms=last["p50_ms"],
        p99_ms=last["p99_ms"],
        errors=last["errors"],
        baseline="static file",
        baseline_rate_per_s=static_last["rate_per_s"],
        baseline_p50_ms=static_last["p50_ms"],
        ratio=round(static_last["rate_per_s"] / last["rate_per_s"], 2),
        scaling=round(scaling, 3),
        by_workers={
            w: {"pages": m.figures(), "by_page": m.per_path(names), "static_file": s.figures()}
            for w, (s, m) in results.items()
        },
        cpu_s=round(sum(s.cpu_s + m.cpu_s for s, m in results.values()), 3),
        started=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        load_avg=load_average(),
    )


if __name__ == "__main__":
    main()
