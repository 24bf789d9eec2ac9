"""``mostra listen firehose`` killed with SIGKILL in the middle of a stream of posts, then
started again: every matching post is stored once, none is missed, and the cursor is
past every event of the stream (a fresh install's SQLite file, the real local PDS)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mostra.integrations.bluesky.records import now_iso
from mostra.listening.firehose.stream import service_address
from tests.listening.firehose_support import head_seq, read_events
from tests.peers.bluesky import BlueskyPeer, bluesky_pds  # noqa: F401

pytestmark = pytest.mark.peer

ROOT = Path(__file__).resolve().parents[2]
POSTS = 60
WORD = "zorglubfirehose"


def mostra(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "mostra", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture
def install(tmp_path, bluesky_pds: BlueskyPeer) -> dict[str, str]:  # noqa: F811
    """A fresh install whose workspace reads the PDS's firehose with one query."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOSTRA_", "DATABASE_URL"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        MOSTRA_DATA_DIR=str(tmp_path / "data"),
        MOSTRA_ALLOW_PRIVATE_ADDRESSES="1",
        PYTHONUNBUFFERED="1",
    )
    mostra(env, "migrate")
    mostra(env, "createuser", "alice@example.org", "--password", "correct horse battery staple")
    mostra(
        env, "workspace", "create", "Atelier", "--slug", "atelier", "--owner", "alice@example.org"
    )
    mostra(
        env,
        "listen",
        "source",
        "add",
        "--workspace",
        "atelier",
        "bluesky_firehose",
        bluesky_pds.url,
    )
    mostra(env, "query", "add", "--workspace", "atelier", "--name", "Mot", WORD)
    return env


def database(env: dict[str, str]) -> sqlite3.Connection:
    return sqlite3.connect(Path(env["MOSTRA_DATA_DIR"]) / "mostra.sqlite3", timeout=20)


def stored(env: dict[str, str]) -> list[str]:
    with database(env) as db:
        return [row[0] for row in db.execute("SELECT guid FROM listening_mention")]


def cursor(env: dict[str, str], url: str) -> tuple[int, int]:
    """The stored cursor's sequence number and count of events handled."""
    with database(env) as db:
        return db.execute(
            "SELECT seq, events FROM listening_firehosecursor WHERE service_url = ?", (url,)
        ).fetchone()


def test_killed_in_the_middle_it_resumes_without_gap_or_duplicate(install, bluesky_pds):  # noqa: F811
    url = service_address(bluesky_pds.url)
    start = head_seq(url)
    with database(install) as db:  # read from here (the stream's end before the test)
        db.execute(
            "INSERT INTO listening_firehosecursor (service_url, seq, events, lag_seconds,"
            " last_error, holder, updated_at) VALUES (?, ?, 0, NULL, '', '', ?)",
            (url, start, now_iso()),
        )
    alice, bob = bluesky_pds.new_account("alice"), bluesky_pds.new_account("bob")
    written: list[tuple[str, bool]] = []

    def post_all() -> None:
        for n in range(POSTS):
            matches = n % 3 == 0
            text = f"Post {n} sur le {WORD}" if matches else f"Post {n} sur autre chose"
            who = alice if n % 2 else bob
            uri = bluesky_pds.write(
                who, "app.bsky.feed.post", {"text": text, "createdAt": now_iso()}
            )
            written.append((uri["uri"], matches))
            time.sleep(0.1)

    consumer = subprocess.Popen(
        [sys.executable, "-m", "mostra", "listen", "firehose"],
        cwd=ROOT,
        env=install,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    poster = threading.Thread(target=post_all)
    try:
        poster.start()
        deadline = time.monotonic() + 60
        while not stored(install) and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(consumer.pid, signal.SIGKILL)
        consumer.wait(10)
        at_kill = len(stored(install))
        poster.join(120)
    finally:
        if consumer.poll() is None:
            os.kill(consumer.pid, signal.SIGKILL)
            consumer.wait(10)
    expected = {uri for uri, matches in written if matches}
    assert len(written) == POSTS
    assert 0 < at_kill < len(expected), "killed in the middle of the stream"

    end = head_seq(url)
    deadline = time.monotonic() + 90
    while cursor(install, url)[0] != end and time.monotonic() < deadline:
        mostra(install, "listen", "firehose", "--once-for", "3")

    guids = stored(install)
    assert sorted(guids) == sorted(expected)  # each matching post once, no other
    events = [e for e in read_events(url, start) if e.seq is not None]
    seq, counted = cursor(install, url)
    with database(install) as db:
        items_stored = db.execute("SELECT items_stored FROM listening_source").fetchone()[0]
    assert seq == events[-1].seq  # past every event of the stream
    assert counted == len(events)  # each event handled once, across the kill
    assert items_stored == len(expected)


def test_the_worker_reads_the_firehose_while_a_workspace_does(install, bluesky_pds):  # noqa: F811
    worker = subprocess.Popen(
        [sys.executable, "-m", "mostra", "worker", "--interval", "0.5"],
        cwd=ROOT,
        env=install,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = service_address(bluesky_pds.url)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the consumer took the service
            with database(install) as db:
                held = db.execute(
                    "SELECT holder FROM listening_firehosecursor WHERE service_url = ?", (url,)
                ).fetchone()
            if held and held[0]:
                break
            time.sleep(0.2)
        time.sleep(1.5)  # and subscribed
        alice = bluesky_pds.new_account("alice")
        post = bluesky_pds.write(
            alice, "app.bsky.feed.post", {"text": f"Le {WORD} du jour", "createdAt": now_iso()}
        )
        deadline = time.monotonic() + 60
        while not stored(install) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert stored(install) == [post["uri"]]
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(10)
