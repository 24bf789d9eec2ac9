"""``mostra serve`` for real: several gunicorn processes, pages and static files, a clean
stop; and the server's sizing and header rules."""

from __future__ import annotations

import signal
import socket
import sys
import time
from pathlib import Path

import httpx
import pytest

from mostra.cli import web_server
from tests.core.test_cli import Process, children, free_port, pid_is_running

ROOT = Path(__file__).resolve().parents[2]

linux_only = pytest.mark.skipif(
    not Path("/proc/self/task").exists(), reason="reads the process tree from /proc"
)


@pytest.fixture(scope="module")
def served_env(tmp_path_factory) -> dict[str, str]:
    """A migrated SQLite database in its own data directory."""
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOSTRA_", "DATABASE_URL"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    data = tmp_path_factory.mktemp("serving") / "data"
    env.update(MOSTRA_DATA_DIR=str(data), PYTHONUNBUFFERED="1")
    subprocess.run(
        [sys.executable, "-m", "mostra", "migrate"], cwd=ROOT, env=env, check=True, timeout=300
    )
    return env


@linux_only
@pytest.mark.skipif(not web_server.gunicorn_runs_here(), reason="gunicorn runs on POSIX only")
@pytest.mark.parametrize("stop_with", [signal.SIGTERM, signal.SIGINT])
def test_serve_runs_processes_answers_and_stops_cleanly(served_env, stop_with):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = Process("serve", "--port", str(port), "--workers", "2", env=served_env)
    try:
        server.wait_for(f"mostra is serving on {base} — Ctrl-C to stop")
        assert "Web server: gunicorn; processes: 2; threads in each: 4." in server.output
        deadline = time.monotonic() + 30
        while len(children(server.proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = children(server.proc.pid)
        assert len(workers) == 2, workers
        with httpx.Client(base_url=base, timeout=10) as client:
            for _ in range(6):
                assert client.get("/accounts/login/").status_code == 200
            static = client.get("/static/mostra/app.css")
            assert static.status_code == 200 and static.headers["content-type"].startswith(
                "text/css"
            )
        # Requests on several connections at once reach both processes.
        answered_by = set()
        for _ in range(40):
            with httpx.Client(base_url=base, timeout=10) as client:
                client.get("/accounts/login/")
            answered_by.update(w for w in workers if _served_any(w))
            if len(answered_by) == 2:
                break
        assert answered_by == set(workers)
    finally:
        code = server.stop(stop_with)
    assert code == 0, server.output
    assert "Traceback" not in server.output, server.output
    assert not any(pid_is_running(w) for w in workers)
    with socket.socket() as probe:  # The port is free again.
        probe.bind(("127.0.0.1", port))


def _served_any(pid: int) -> bool:
    """Whether worker ``pid`` has written anything (an answer: it logs nothing below a
    warning), from /proc/PID/io."""
    io = dict(line.split(": ") for line in Path(f"/proc/{pid}/io").read_text().splitlines())
    return int(io["wchar"]) > 0


def test_default_workers_follow_the_cpus(monkeypatch):
    monkeypatch.setattr(web_server, "usable_cpus", lambda: 1)
    assert web_server.default_workers() == 2
    monkeypatch.setattr(web_server, "usable_cpus", lambda: 4)
    assert web_server.default_workers() == 4
    monkeypatch.setattr(web_server, "usable_cpus", lambda: 64)
    assert web_server.default_workers() == web_server.MAX_DEFAULT_WORKERS


@pytest.mark.parametrize("trusted", [True, False])
def test_forwarded_headers_are_dropped_unless_the_proto_is_trusted(trusted):
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        return [b""]

    filtered = web_server.ForwardedHeaders(app, keep_proto=trusted)
    filtered(
        {
            "HTTP_X_FORWARDED_PROTO": "https",
            "HTTP_X_FORWARDED_FOR": "203.0.113.9",
            "HTTP_X_FORWARDED_HOST": "evil.example",
            "HTTP_FORWARDED": "for=203.0.113.9",
            "HTTP_ACCEPT": "text/html",
        },
        lambda *args: None,
    )
    assert ("HTTP_X_FORWARDED_PROTO" in seen) is trusted
    assert {"HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST", "HTTP_FORWARDED"}.isdisjoint(seen)
    assert seen["HTTP_ACCEPT"] == "text/html"
