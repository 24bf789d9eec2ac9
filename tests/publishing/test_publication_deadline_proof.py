"""A publication's own requests cannot hold the worker longer than their deadline (issue
12): the proof, on the real worker.

Alice's workspace has a Mastodon account on an instance that is a tarpit
(:class:`~tests.publishing.mastodon_instance.Instance`): it makes her status, sends its
answer's headers, then a byte every 2 seconds (each within any read timeout, the whole
in minutes). Bob's workspace has 10 posts due 2 seconds apart on an instance that
answers at once; Alice's post is due just after Bob's first. ``mostra worker`` runs as a
process, with its own SQLite file.

With one publishing thread, Alice's publication holds the others while its request
waits, for 25 s at most (:data:`mostra.core.http.REQUEST_TIME`, the deadline each
request of a publication has, and what its lease counts): Bob's posts due meanwhile go
out late by that much, no more. Sending several workspaces' publications at once is
another piece of work (issue 15).

Done when: every one of Bob's posts left, none later than 25 s (and a few of margin)
after its time; Alice's publication waits for its next try, its error saying "The server
did not answer within 25 seconds"; tried again (the backoff's minute stood for by the
``retry`` command), it is published once: the instance met the retry with the status
its first request made, by its idempotency key.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from mostra.core.http import REQUEST_TIME
from tests.publishing.mastodon_instance import Instance
from tests.publishing.worker_process import WorkerProcess, command, separate_env

pytestmark = pytest.mark.slow

ENV_MODULE = "tests.publishing.deadline_env"
#: Bob's posts: how many, the first one's lead over the scheduling, the gap between them.
POSTS, LEAD, SPACING = 10, 3.0, 2.0
#: Beyond the deadline, what a post may be late by: the worker's turn, the database.
MARGIN = 5.0


@pytest.fixture
def instances() -> Iterator[tuple[Instance, Instance]]:
    """(Alice's tarpit, Bob's prompt instance)."""
    tarpit, prompt = Instance(dribbled=1, every=2.0), Instance()
    yield tarpit, prompt
    tarpit.close()
    prompt.close()


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return separate_env(tmp_path / "data")


def wait_for(env: dict[str, str], done, within: float) -> dict:
    """The installation's state once ``done(state)``, or when ``within`` seconds passed."""
    give_up = time.monotonic() + within
    while True:
        state = command(ENV_MODULE, env, "state")
        if done(state) or time.monotonic() > give_up:
            return state
        time.sleep(1.0)


def of(state: dict, workspace: str) -> list[dict]:
    return [p for p in state["publications"] if p["workspace"] == workspace]


def test_a_tarpit_instance_holds_other_workspaces_posts_no_longer_than_the_deadline(env, instances):
    tarpit, prompt = instances
    command(ENV_MODULE, env, "setup", tarpit.url, prompt.url)
    worker = WorkerProcess(ENV_MODULE, env)
    try:
        assert worker.started.wait(60), worker.log
        command(ENV_MODULE, env, "schedule", str(POSTS), str(LEAD), str(SPACING))
        # Bob's last post due, Alice's request cut off, and room for the worker's turns.
        time.sleep(LEAD + POSTS * SPACING)
        first = wait_for(
            env,
            lambda s: (
                all(p["state"] != "publishing" for p in of(s, "atelier"))
                and all(p["state"] == "published" for p in of(s, "bakery"))
            ),
            within=REQUEST_TIME + 2 * MARGIN,
        )
        command(ENV_MODULE, env, "retry")
        retried = wait_for(
            env, lambda s: of(s, "atelier")[0]["state"] == "published", within=3 * MARGIN
        )
    finally:
        code = worker.stop(within=40)
    log = worker.log

    # Every one of Bob's posts left, none later than the deadline allows.
    bobs = of(first, "bakery")
    assert len(bobs) == POSTS
    assert {p["state"] for p in bobs} == {"published"}, log
    received = {r.status_id: r.at for r in prompt.received}
    lateness = [received[p["remote_id"]] - p["due"] for p in bobs]
    assert min(lateness) >= 0, "none early"
    assert max(lateness) <= REQUEST_TIME + MARGIN, f"lateness (s): {lateness}\n{log}"

    # Alice's request was cut off at the deadline: a retryable failure, in words.
    [alices] = of(first, "atelier")
    assert alices["state"] == "pending", log
    assert alices["error_code"] == "unknown_outcome"
    assert alices["error_message"].startswith(
        "The server did not answer within 25 seconds. The post may have gone out"
    )
    assert alices["retry_at"] > alices["due"] + REQUEST_TIME

    # Tried again, it was published once: the instance met the retry with its status.
    [published] = of(retried, "atelier")
    assert published["state"] == "published", log
    [status] = tarpit.statuses.values()
    assert published["remote_id"] == status["id"]
    first_post, retry = tarpit.received
    assert (first_post.key, first_post.status_id) == (retry.key, retry.status_id)
    outcomes = [a["outcome"] for a in retried["attempts"] if a["workspace"] == "atelier"]
    assert outcomes == ["unknown_outcome", "published"]

    # The worker stopped when asked.
    assert code == 0, log
