"""The worker's side work: every outbound call that is not a publication, beside the
publishing loop, never in its way.

A post must leave at its time whatever the other servers mostra calls are doing: a
webhook receiver, a Mastodon instance read for metrics, an SMTP server can be slow or
answer a byte at a time, and any user can create a workspace and point a webhook
anywhere. So a ``mostra worker`` runs two loops in its process:

* the **publishing loop**, on the main thread (:mod:`mostra.publishing.loop`): stale
  claims, the due publications, and the queued *Publish now* tasks
  (:data:`PUBLICATION_TASKS`); nothing else;
* the **side work**, on a thread of its own with its own database connection
  (:class:`SideWorker`): the periodic jobs of :data:`PERIODIC` (metrics, followers,
  webhook deliveries, tokens, scheduled reports), then one queued task that is not a
  publication (e-mails, invitations, the analytics' copies), in turn. Every outbound
  call it makes has :data:`CALL_DEADLINE` seconds in all (:func:`calls_within`; a
  webhook, its own 15 s), so a slow server holds the side work for that long at most,
  and the publications not at all.

Its graceful stop: the worker's (Ctrl-C, SIGTERM) tells the side thread, which ends its
current job (its calls are bounded by their deadlines), closes its database connection
and ends; the worker waits for it :data:`STOP_WAIT` seconds at most.

One process does the side work: ``mostra worker --concurrency N`` (and ``mostra up``)
give it to the pool's first process, the others publish only (``--no-side-work``): the
jobs claim their rows, but N copies would only race each other for them. ``--until-idle``
and ``--batch`` do the side work in line, after each publishing turn (cron and tests,
where nothing else waits).
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import threading
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections, connections
from django.utils import translation

from mostra.core.http import calls_within
from mostra.core.task_worker import DBTaskResult, Worker, claim_next
from mostra.publishing.scheduler import clock

logger = logging.getLogger("mostra.publishing")

#: The other parts' periodic work: (module, function, at most every N seconds); each
#: function takes ``now`` and returns a count.
PERIODIC = (
    ("mostra.publishing.services.metrics", "collect_due", 0),
    ("mostra.publishing.services.metrics", "collect_followers_due", 0),
    ("mostra.publishing.services.webhooks", "deliver_due", 0),
    # Tokens nobody uses (Threads, LinkedIn) are kept alive; once an hour is plenty.
    ("mostra.publishing.services.oauth_tokens", "refresh_expiring", 3600),
    ("mostra.reports.services", "send_due", 60),
    # The notifications' daily digests, and the e-mails at once whose sender died.
    ("mostra.notifications.services.emails", "send_due", 60),
    # Publications by hand still not done: remind, then tell the managers.
    ("mostra.publishing.services.by_hand", "escalate_due", 60),
    # Listening: the sources that are due, read politely (their own intervals, per host).
    ("mostra.listening.services.polling", "poll_due", 30),
    # Listening: the crisis playbook's triggers, raising incidents.
    ("mostra.listening.incidents.raising", "raise_due", 60),
    # Listening: one firehose consumer per service a workspace reads, kept running.
    ("mostra.listening.firehose.running", "keep_running", 30),
    # Ambassadors: the members' public feeds read again daily (each account once a day).
    ("mostra.analytics.programme_posts", "refresh_due", 3600),
    # Toolbox: each tool's owner told once when its renewal's warning starts.
    ("mostra.notifications.services.tool_renewals", "send_due", 3600),
    # Ambassadors: the team told once of each member's post found without the disclosure.
    ("mostra.notifications.services.programme_compliance", "send_due", 600),
)
#: Set while a long-running worker's side-work thread runs: only then may a periodic
#: job start work that outlives its turn (the firehose's consumers). ``--until-idle`` and
#: ``--batch`` run their turns in line, and must end.
long_running = threading.Event()
#: The queued tasks that publish, run by the publishing loop; every other is side work.
PUBLICATION_TASKS = ("mostra.publishing.tasks.publish_publication",)
#: The seconds each outbound call of the side work has in all (connection, request,
#: every byte of the answer), unless it names its own deadline.
CALL_DEADLINE = 30.0
#: How long a stopping worker waits for its side work to end its current job.
STOP_WAIT = 20.0


class SideWork:
    """The periodic jobs, each run at most as often as :data:`PERIODIC` says."""

    def __init__(self) -> None:
        #: When each job last ran, by its module and function ("module.name": two
        #: modules may both have a ``send_due``).
        self.last_run: dict[str, dt.datetime] = {}

    def turn(
        self, now: dt.datetime, keep_going: Callable[[], bool] = lambda: True
    ) -> dict[str, int]:
        """Run the jobs that are due; returns each one's count, by its function's name
        (``module.name`` for a name that another module's job has too)."""
        counts: dict[str, int] = {}
        names = [name for _module, name, _every in PERIODIC]
        with calls_within(CALL_DEADLINE):
            for module, name, every in PERIODIC:
                job = f"{module}.{name}"
                last = self.last_run.get(job)
                if every and last is not None and (now - last).total_seconds() < every:
                    continue
                if not keep_going():
                    break
                self.last_run[job] = now
                counts[job if names.count(name) > 1 else name] = _run(module, name, now)
        return counts


def resolve(module: str, name: str) -> Callable[[dt.datetime], int | None]:
    """The function of a periodic job; ImproperlyConfigured, naming it, when it is missing
    (a job that cannot be found stops the worker rather than quietly never running)."""
    try:
        function = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise ImproperlyConfigured(
            f"The periodic job {module}.{name} cannot be found ({exc}): "
            "correct mostra.publishing.side_work.PERIODIC."
        ) from exc
    if not callable(function):
        raise ImproperlyConfigured(f"The periodic job {module}.{name} is not a function.")
    return function


def check_periodic() -> None:
    """Resolve every job of :data:`PERIODIC` (when a worker starts): raises if one is missing."""
    for module, name, _every in PERIODIC:
        resolve(module, name)


def _run(module: str, name: str, now: dt.datetime) -> int:
    function = resolve(module, name)
    try:
        return int(function(now) or 0)
    except Exception:  # noqa: BLE001 - one part's failure must not stop the others
        logger.exception("%s.%s failed", module, name)
        return 0


def next_task(worker: Worker, publications: bool | None) -> tuple[DBTaskResult | None, bool]:
    """Claim the next ready task of ``worker``'s queues: a publication (True), any task
    but a publication (False), or any (None). Returns (the task or None, whether the
    queue could be read: False while the database is locked)."""
    if publications is True:
        return claim_next(worker, only=PUBLICATION_TASKS)
    if publications is False:
        return claim_next(worker, excluding=PUBLICATION_TASKS)
    return claim_next(worker)


class SideWorker(Worker):
    """The side work's thread: the periodic jobs, then one queued task that is not a
    publication, in turn, pausing ``interval`` seconds when neither had anything to do.

    A django-tasks-db worker of its own (its tasks counted apart), on a daemon thread:
    it never holds the process once the publishing loop has stopped and waited for it.
    """

    def __init__(self, publishing: Worker, language: str | None) -> None:
        super().__init__(
            queue_names=publishing.queue_names,
            interval=publishing.interval,
            batch=False,
            backend_name=publishing.backend_name,
            startup_delay=False,
            max_tasks=None,
            worker_id=publishing.worker_id,
            excluded_queue_names=publishing.excluded_queue_names,
        )
        self.language = language
        check_periodic()
        self.side_work = SideWork()
        self._wake = threading.Event()
        self.thread = threading.Thread(target=self._run, name="side-work", daemon=True)

    def start(self) -> None:
        long_running.set()
        self.thread.start()

    def stop(self, wait: float = STOP_WAIT) -> None:
        """Ask the thread to stop after its current job; wait for it ``wait`` seconds."""
        self.running = False
        long_running.clear()
        self._wake.set()
        if self.thread.is_alive():
            self.thread.join(wait)
            if self.thread.is_alive():
                logger.warning("side work did not stop within %.0f s: left to end", wait)

    def _run(self) -> None:
        if self.language:
            translation.activate(self.language)
        try:
            while self.running:
                try:
                    busy = self._turn()
                except Exception:  # noqa: BLE001 - the side work must outlive one failure
                    logger.exception("side work: a turn failed")
                    busy = False
                if self.running and not busy:
                    self._wake.wait(self.interval)
        finally:
            connections.close_all()

    def _turn(self) -> bool:
        """One turn; whether it had something to do."""
        close_old_connections()
        done = sum(self.side_work.turn(clock.now(), lambda: self.running).values())
        task_result, _ = next_task(self, publications=False) if self.running else (None, True)
        if task_result is not None:
            with calls_within(CALL_DEADLINE):
                self.run_task(task_result)
        close_old_connections()
        return bool(done) or task_result is not None
