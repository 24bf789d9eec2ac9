"""Exactly once against a real PDS, whatever happens to the workers and the network.

Real worker processes publish to a real PDS through a fault proxy on 127.0.0.1
(:mod:`tests.peers.bluesky.proxy`); the mostra they run is a throw-away installation
with its own SQLite file (:mod:`tests.publishing.bluesky_fault_env`). What is checked
is what a user would check: the account's posts on the PDS (``listRecords``) and the
publications' states in mostra.

Where a test needs time to pass (a claim's five-minute lease, a one-minute backoff), it
moves the stored times back instead of waiting; everything else is real.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.peers.bluesky import BlueskyPeer, bluesky_pds
from tests.peers.bluesky.proxy import FaultProxy

__all__ = ["bluesky_pds"]
pytestmark = pytest.mark.peer
ROOT = Path(__file__).resolve().parents[2]
PUT = "com.atproto.repo.putRecord"


class Installation:
    """One mostra data directory, its account on the PDS, and its worker processes."""

    def __init__(self, tmp_path: Path, peer: BlueskyPeer, proxy: FaultProxy) -> None:
        self.tmp_path = tmp_path
        self.peer = peer
        self.proxy = proxy
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("MOSTRA_", "DATABASE_URL"))
        }
        self.env.update(
            MOSTRA_DATA_DIR=str(tmp_path / "data"),
            MOSTRA_ALLOW_PRIVATE_ADDRESSES="1",
            PYTHONUNBUFFERED="1",
        )
        self.workers: list[subprocess.Popen[bytes]] = []
        self.did = ""

    def run(self, *args: str) -> object:
        done = subprocess.run(
            [sys.executable, "-m", "tests.publishing.bluesky_fault_env", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def setup(self, posts: int) -> list[int]:
        user = self.peer.new_account("fromagerie")
        made = self.run(
            "setup", self.peer.url, user.handle, user.app_password, self.proxy.url, str(posts)
        )
        self.did = made["did"]
        return made["publications"]

    def state(self) -> list[dict]:
        return self.run("state")  # type: ignore[return-value]

    @functools.cached_property
    def worker_command(self) -> list[str]:
        """``mostra worker --until-idle`` when the command has it, else the same loop."""
        help_text = subprocess.run(
            [sys.executable, "-m", "mostra", "worker", "--help"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        if "--until-idle" in help_text:
            return [sys.executable, "-m", "mostra", "worker", "--until-idle", "--interval", "0.1"]
        return [sys.executable, "-m", "tests.publishing.bluesky_fault_env", "work"]

    def start_worker(self) -> subprocess.Popen[bytes]:
        log = (self.tmp_path / f"worker-{len(self.workers)}.log").open("wb")
        worker = subprocess.Popen(
            self.worker_command,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(worker)
        return worker

    def finish(self, worker: subprocess.Popen[bytes], timeout: float = 180) -> None:
        code = worker.wait(timeout=timeout)
        log = self.tmp_path / f"worker-{self.workers.index(worker)}.log"
        assert code == 0, log.read_text(errors="replace")[-3000:]

    def posts_on_the_pds(self) -> list[dict]:
        return self.peer.records(self.did)

    def stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()


@pytest.fixture
def proxy(bluesky_pds) -> Iterator[FaultProxy]:
    proxy = FaultProxy(bluesky_pds.url).start()
    yield proxy
    proxy.close()


@pytest.fixture
def mostra_install(tmp_path, bluesky_pds, proxy) -> Iterator[Installation]:
    installation = Installation(tmp_path, bluesky_pds, proxy)
    yield installation
    installation.stop()


def assert_published_once(install: Installation, count: int) -> None:
    posts = install.posts_on_the_pds()
    assert len(posts) == count
    states = install.state()
    assert [s["state"] for s in states] == ["published"] * count
    assert sorted(s["remote_uri"] for s in states) == sorted(p["uri"] for p in posts)


@pytest.mark.parametrize("moment", ["after", "before"])
def test_a_worker_killed_while_publishing_leaves_one_post(mostra_install, proxy, moment):
    """``after``: the PDS wrote the record, the worker died before hearing it.
    ``before``: the worker died with its request still on the way; that request arrives
    late, after another worker has published, and is refused by the PDS."""
    install = mostra_install
    install.setup(posts=1)
    proxy.hold_writes(moment)
    first = install.start_worker()
    assert proxy.writes_seen.wait(60), "the worker never sent the post"
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    [row] = install.state()
    assert row["state"] == "publishing"  # the claim of a dead worker
    assert len(install.posts_on_the_pds()) == (1 if moment == "after" else 0)
    if moment == "after":
        proxy.release()  # its answer goes to a closed connection
    else:
        proxy.pass_new_writes()  # the dead worker's request stays on the way

    install.run("expire-claims")  # five minutes later, the lease has passed
    second = install.start_worker()
    install.finish(second)

    if moment == "before":
        late = len(proxy.forwarded)
        proxy.release()
        for _ in range(100):
            if len(proxy.forwarded) > late:
                break
            time.sleep(0.05)
        assert proxy.forwarded[late:] == [(PUT, 400)]  # InvalidSwap: it is there already
    assert_published_once(install, 1)
    [row] = install.state()
    assert row["log"][-1] == "published"


def test_two_workers_on_the_same_due_posts_publish_each_once(mostra_install, proxy):
    """One account's 30 due posts, two workers racing on a slow server: each post
    published once. An account's posts go one at a time, in order, taken by whichever
    worker claims when the account is free, so one worker may well take them all
    (test_scheduler_race.py races four workers over four accounts)."""
    install = mostra_install
    install.setup(posts=30)
    proxy.write_delay = 0.1
    workers = [install.start_worker(), install.start_worker()]
    for worker in workers:
        install.finish(worker)
    assert_published_once(install, 30)
    states = install.state()
    assert all(s["attempts"] == 1 and s["log"] == ["published"] for s in states)


def test_posts_go_out_when_the_pds_answers_again(mostra_install, proxy):
    install = mostra_install
    install.setup(posts=3)
    proxy.stop()  # nobody answers on the PDS's address
    install.finish(install.start_worker())
    states = install.state()
    assert [s["state"] for s in states] == ["pending"] * 3
    assert {s["error_code"] for s in states} == {"unreachable"}
    assert all("cannot be reached" in s["error_message"] for s in states)
    assert install.posts_on_the_pds() == []

    proxy.start()  # the PDS is back, on the same address
    install.run("advance", "2")  # the backoff (one minute) has passed
    install.finish(install.start_worker())
    assert_published_once(install, 3)
