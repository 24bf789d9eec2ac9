"""The worker publishes on its main thread and does the side work (metrics, webhooks,
tokens, reports, e-mails) on a thread of its own: a side job that hangs never delays a
publication, the queued tasks are split the same way, and one process of a pool does
the side work. The proof against a real tarpit: test_side_work_proof.py."""

from __future__ import annotations

import datetime as dt
import threading

import httpx
import pytest
from django.db import connections
from django.utils import timezone
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.models import DBTaskResult

from mostra.core.http import outbound_client
from mostra.core.processes import WorkerPool
from mostra.publishing import side_work, tasks
from mostra.publishing.loop import PublishingWorker
from mostra.publishing.models import PublicationState
from tests.publishing.conftest import fresh
from tests.tarpit import Tarpit, http_answer


def publishing_worker(**options: object) -> PublishingWorker:
    return PublishingWorker(
        queue_names=["*"],
        interval=0.05,
        batch=bool(options.pop("batch", False)),
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
        **options,
    )


@pytest.mark.django_db(transaction=True)
def test_a_hanging_side_job_does_not_delay_a_publication(make_publication, monkeypatch):
    """A webhook receiver that never answers, say: the post goes out all the same, and
    the worker's stop waits for the side work, which then ends."""
    entered, release = threading.Event(), threading.Event()

    def hang(module: str, name: str, now: object) -> int:
        entered.set()
        release.wait(30)
        return 0

    monkeypatch.setattr(side_work, "_run", hang)  # every periodic job hangs
    publication = make_publication()
    worker = publishing_worker()

    def run() -> None:
        try:
            worker.run()
        finally:
            connections.close_all()  # this thread's own, as the side thread closes its own

    runner = threading.Thread(target=run, daemon=True)
    runner.start()
    try:
        assert entered.wait(10), "the side work started"
        for _ in range(200):
            if fresh(publication).state == PublicationState.PUBLISHED:
                break
            threading.Event().wait(0.05)
        assert fresh(publication).state == PublicationState.PUBLISHED
        assert not release.is_set(), "published while the side job still hung"
    finally:
        worker.running = False
        release.set()
        runner.join(10)
    assert not runner.is_alive() and not worker.side.thread.is_alive()


@pytest.mark.django_db
def test_the_publishing_thread_takes_only_publish_now_and_the_side_work_the_rest(
    make_publication,
):
    publication = make_publication()
    tasks.email_notifications.enqueue([])
    tasks.publish_publication.enqueue(publication.pk)
    worker = publishing_worker()

    mine, _ = worker._next_task()
    assert mine.task_path == "mostra.publishing.tasks.publish_publication"
    assert worker._next_task() == (None, True), "an e-mail is not for the publishing thread"
    theirs, _ = side_work.next_task(worker.side, publications=False)
    assert theirs.task_path == "mostra.publishing.tasks.email_notifications"
    assert DBTaskResult.objects.ready().count() == 0


@pytest.mark.parametrize(
    ("options", "thread", "in_line", "takes"),
    [
        ({}, True, False, True),
        ({"side_work": False}, False, False, True),
        ({"until_idle": True}, False, True, None),
        ({"batch": True}, False, True, None),
        ({"until_idle": True, "side_work": False}, False, False, True),
    ],
)
def test_where_the_side_work_runs(options, thread, in_line, takes):
    """On its thread when the worker runs on; in line for cron and tests; or not at all."""
    worker = publishing_worker(**options)
    assert (worker.side is not None) == thread
    assert (worker.loop.side_work is not None) == in_line
    assert worker.publications is takes


def test_one_process_of_a_pool_does_the_side_work(monkeypatch):
    commands: list[list[str]] = []

    class Started:
        def __init__(self, command: list[str], **options: object) -> None:
            commands.append(command)
            self.pid = len(commands)

    monkeypatch.setattr("mostra.core.processes.subprocess.Popen", Started)
    WorkerPool(3, ["--interval", "1.0"]).start()
    assert ["--no-side-work" in command for command in commands] == [False, True, True]


def test_every_outbound_call_of_the_side_work_has_a_total_deadline(settings, monkeypatch):
    """A metrics read from a Mastodon instance that answers a byte a second, say."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    body = b"0123456789ab"
    tarpit = Tarpit(http_answer(body)[: -len(body)], body)  # 12 s, each byte in time
    outcomes: list[str] = []

    def read(module: str, name: str, now: object) -> int:
        with outbound_client() as client:  # as the integrations make theirs: no deadline
            try:
                outcomes.append(client.get(tarpit.url).text)
            except httpx.TimeoutException as exc:
                outcomes.append(type(exc).__name__)
        return 1

    monkeypatch.setattr(side_work, "CALL_DEADLINE", 1.5)  # 30 s in production
    monkeypatch.setattr(side_work, "PERIODIC", (("anywhere", "read", 0),))
    monkeypatch.setattr(side_work, "_run", read)
    try:
        assert side_work.SideWork().turn(timezone.now()) == {"read": 1}
    finally:
        tarpit.close()
    assert outcomes == ["ReadTimeout"]


def test_two_jobs_of_the_same_name_in_two_modules_both_run(monkeypatch):
    """The reports' and the notifications' ``send_due``: each keeps its own rhythm."""
    ran: list[str] = []

    def run(module: str, name: str, now: object) -> int:
        ran.append(f"{module}.{name}")
        return 1

    jobs = (("reports", "send_due", 60), ("notifications", "send_due", 60))
    monkeypatch.setattr(side_work, "PERIODIC", jobs)
    monkeypatch.setattr(side_work, "_run", run)
    work = side_work.SideWork()
    start = timezone.now()
    counts = work.turn(start)
    assert counts == {"reports.send_due": 1, "notifications.send_due": 1}
    assert work.turn(start + dt.timedelta(seconds=30)) == {}
    assert work.turn(start + dt.timedelta(seconds=61)) == counts
    assert ran == ["reports.send_due", "notifications.send_due"] * 2
