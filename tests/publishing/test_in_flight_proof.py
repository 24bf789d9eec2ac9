"""Many publications in flight, and the worker killed (kill -9) mid-drain: none sent twice,
none lost (issue 15).

An agency's workspace has 12 Mastodon accounts on an instance
(:class:`~tests.publishing.mastodon_instance.Instance`) that makes each status at once
and answers 0.5 s later; 96 posts are due. ``mostra worker --in-flight 8`` runs as a
process on its own SQLite file and is killed with SIGKILL once the instance received a
third of them, with publications in flight (their statuses made, their outcomes not written). Their
claims' leases then end (the ``lease_ends`` command stands for the minutes passing) and
a second worker runs until idle.

Done when: every publication is published, with the status its key made; the instance
made one status per key (96); only the publications in flight at the kill were posted
twice (their retry met the first status, by its idempotency key); and at the kill more
than one was in flight.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator

import pytest

from tests.publishing.mastodon_instance import Instance
from tests.publishing.worker_process import ROOT, WorkerProcess, command, separate_env

pytestmark = pytest.mark.slow

ENV_MODULE = "tests.publishing.in_flight_env"
ACCOUNTS, POSTS, IN_FLIGHT = 12, 96, 8


@pytest.fixture
def instance() -> Iterator[Instance]:
    instance = Instance(answer_after=0.5)
    instance.server.handle_error = lambda *_args: None  # a killed worker's broken pipes
    yield instance
    instance.close()


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return separate_env(tmp_path / "data")


def states(env: dict[str, str]) -> Counter[str]:
    return Counter(p["state"] for p in command(ENV_MODULE, env, "state")["publications"])


def test_a_worker_killed_with_many_in_flight_loses_none_and_sends_none_twice(env, instance):
    command(ENV_MODULE, env, "setup", instance.url, str(ACCOUNTS))
    command(ENV_MODULE, env, "schedule", str(POSTS))
    worker = WorkerProcess(ENV_MODULE, env, "--in-flight", str(IN_FLIGHT))
    try:
        assert worker.started.wait(60), worker.log
        give_up = time.monotonic() + 60
        while len(instance.received) < POSTS // 3 and time.monotonic() < give_up:
            time.sleep(0.05)
    finally:
        worker.process.kill()  # SIGKILL: no outcome written, no claim given back
        worker.process.wait()
    at_kill = states(env)
    assert at_kill["published"] < POSTS, (at_kill, worker.log)
    assert at_kill["publishing"] > 1, at_kill  # many in flight when it died
    posted_before = Counter(r.key for r in instance.received)

    assert command(ENV_MODULE, env, "lease_ends") == at_kill["publishing"]
    rescue = subprocess.run(
        [sys.executable, "-m", ENV_MODULE, "worker", "--until-idle", "--in-flight", "4"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert rescue.returncode == 0, rescue.stderr

    publications = command(ENV_MODULE, env, "state")["publications"]
    assert Counter(p["state"] for p in publications) == {"published": POSTS}
    # One status per key, and each publication points at its own.
    assert len(instance.statuses) == POSTS
    assert {p["remote_id"] for p in publications} == {
        instance.statuses[p["key"]]["id"] for p in publications
    }
    assert len({p["remote_id"] for p in publications}) == POSTS
    # Only the ones in flight at the kill were posted again (and met their first status).
    posted = Counter(r.key for r in instance.received)
    again = {key for key, count in posted.items() if count > 1}
    assert len(again) <= at_kill["publishing"]
    assert all(posted_before[key] == 1 for key in again)
