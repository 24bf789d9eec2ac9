"""The worker's loop: every second, turn due rows into work.

How it runs: ``mostra worker`` runs :class:`PublishingWorker`, django-tasks-db's own
worker with one more step per turn: a :meth:`Loop.tick`, then one queued *Publish now*
task, then (when neither had anything to do) a pause of ``--interval`` seconds. The
rest, every outbound call that is not a publication (metrics, followers, webhooks,
tokens, reports, e-mails and the other tasks), is the side work
(:mod:`mostra.publishing.side_work`): on a thread of its own, so that a slow server
never delays a publication; in line, after each tick, with ``--until-idle`` and
``--batch``. The worker's graceful stop (Ctrl-C, SIGTERM) claims nothing more, gives
back what it claimed and has not started, waits for the publications in flight and
writes their outcomes, then waits for the side work's current job. Several workers, on
one machine or many, run the same loop on the same rows: the compare-and-set claims
make each publication theirs alone.

A tick:

1. reads the database's clock (:mod:`mostra.publishing.scheduler.clock`);
2. puts back the publications claimed longer than their lease ago (a worker died;
   :mod:`mostra.publishing.services.leases`: minutes, from the network and the media);
3. publishes the due publications, up to ``batch`` per tick, oldest first, claimed by
   chunks of :data:`CHUNK` at most (:mod:`mostra.publishing.scheduler.batch`; on
   PostgreSQL ``FOR UPDATE SKIP LOCKED``, so that several workers take different rows),
   one per account at a time (an account's posts leave in the order they became due),
   up to ``--in-flight`` at once (32 by default) on a pool of publishing threads
   (:mod:`mostra.publishing.scheduler.in_flight`): a claim as soon as slots are free,
   the outcomes that came back together written in one transaction, in a number of
   queries that does not grow with them (:mod:`mostra.publishing.scheduler.outcomes`);
   a claim that comes back empty while publications are still due (held by another
   worker for now) tried again after a short pause (:data:`RETRY_PAUSES`) rather than
   ending the tick; with ``--in-flight 1``, one after the other, each outcome written
   before the next is sent;
4. with the side work in line only: the other parts' periodic work
   (:data:`mostra.publishing.side_work.PERIODIC`).

``--until-idle`` stops the worker once no publication is due or publishing and no
task is queued.
"""

from __future__ import annotations

import logging
import random
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections, connection
from django.db.utils import OperationalError
from django.utils import translation

from mostra.core.http import outbound_client
from mostra.core.models.workspace import in_active_workspace, publishing_not_paused
from mostra.core.task_worker import (
    DEFAULT_TASK_BACKEND_ALIAS,
    DBTaskResult,
    Worker,
    incompatibilities,
    is_locked,
)
from mostra.publishing.models import Publication, PublicationState
from mostra.publishing.scheduler import batch, clock
from mostra.publishing.scheduler.in_flight import DEFAULT_SIZE, Flight
from mostra.publishing.scheduler.publisher import publish_claimed, worker_id
from mostra.publishing.services import claims, leases
from mostra.publishing.side_work import SideWork, SideWorker, check_periodic, next_task

logger = logging.getLogger("mostra.publishing")

#: How many due publications one claim takes at most (one update, four reads).
CHUNK = 20
#: A claim that came back empty while publications are still due (their accounts busy
#: with another worker, or their rows locked by another's claim) is tried again after
#: these pauses, within the tick, rather than ending the tick into the worker's idle
#: pause (``--interval``, a second): the account is free again after one answer.
RETRY_PAUSES = (0.02, 0.05, 0.1, 0.2, 0.4)


@dataclass
class TickReport:
    published: int = 0
    released: int = 0
    other: dict[str, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.published + self.released + sum(self.other.values())


class Loop:
    """The publishing loop; ``side_work``: the periodic side work too, in line, after each
    tick (``--until-idle``, ``--batch``, the :func:`~mostra.publishing.tasks.publishing_tick`
    task); ``in_flight``: how many publications it sends at once
    (:mod:`~mostra.publishing.scheduler.in_flight`; 1: one after the other)."""

    def __init__(
        self,
        worker: str | None = None,
        batch: int = 200,
        *,
        side_work: bool = True,
        in_flight: int = DEFAULT_SIZE,
    ) -> None:
        self.worker = worker or worker_id()
        self.batch = batch
        self.in_flight = max(1, in_flight)
        #: While publications are in flight, a claim waits for this much room (a claim
        #: is a synced commit and five queries on the loop's thread, which also writes
        #: the outcomes: claiming for one or two at a time kept it busy).
        self.claim_at = max(1, min(CHUNK, self.in_flight // 4))
        self._client: httpx.Client | None = None
        self._flight: Flight | None = None
        if side_work:
            check_periodic()
        self.side_work = SideWork() if side_work else None

    @property
    def client(self) -> httpx.Client:
        """One HTTP client for the loop's life (its TLS set-up is costly), for the
        publications it sends on its own thread."""
        if self._client is None:
            self._client = outbound_client()
        return self._client

    @property
    def in_line(self) -> bool:
        """One publication after the other on this thread: with ``in_flight`` 1, and
        inside a transaction (only tests run the loop there: other threads would not
        see its rows)."""
        return self.in_flight == 1 or connection.in_atomic_block

    def tick(self, keep_going: Callable[[], bool] = lambda: True) -> TickReport:
        report = TickReport()
        clock.sync()
        now = clock.now()
        report.released = claims.release_stale(now)
        if self.in_line:
            report.published = self._in_line(keep_going)
        else:
            report.published = self._in_flight(keep_going)
        if self.side_work is not None:
            report.other = self.side_work.turn(now, keep_going)
        return report

    def _in_line(self, keep_going: Callable[[], bool]) -> int:
        done = taken = 0
        while taken < self.batch and keep_going():
            limit = min(CHUNK, self.batch - taken)
            claimed = batch.claim_due(self.worker, clock.now(), limit)
            if not claimed:
                break
            taken += len(claimed)
            done += self._publish(claimed, keep_going)
        return done

    def _in_flight(self, keep_going: Callable[[], bool]) -> int:
        """Keep up to ``in_flight`` publications in flight until ``batch`` were taken or
        none is left to claim; then wait for the last ones. Asked to stop, it takes no
        more, gives back what has not started and waits for what is in flight."""
        done = taken = 0
        if self._flight is None:
            self._flight = Flight(self.in_flight)
        flight = self._flight
        pauses = iter(RETRY_PAUSES)
        try:
            while taken < self.batch and keep_going():
                limit = min(CHUNK, flight.room(), self.batch - taken)
                if flight.busy and limit < min(self.claim_at, self.batch - taken):
                    limit = 0  # a claim for a few: wait for more room first
                claimed = []
                if limit > 0:
                    full = flight.networks_full()
                    claimed = batch.claim_due(self.worker, clock.now(), limit, full)
                    taken += len(claimed)
                    for item in claimed:
                        flight.start(item)
                if claimed:
                    pauses = iter(RETRY_PAUSES)
                elif not flight.busy:
                    pause = next(pauses, None)
                    if pause is None or not claims.any_due(clock.now()):
                        break
                    time.sleep(pause)  # due, but held by another worker for now
                    continue
                more = limit > 0 and len(claimed) == limit and flight.room() > 0
                done += flight.record_finished(wait_for=0.0 if more else 1.0)
        finally:
            if not keep_going():
                flight.give_back()
            done += flight.land()
        return done

    def close(self) -> None:
        """Stop the publishing threads and close the HTTP clients."""
        if self._flight is not None:
            self._flight.close()
            self._flight = None
        if self._client is not None:
            self._client.close()
            self._client = None

    def _publish(self, claimed: list[batch.Claimed], keep_going: Callable[[], bool]) -> int:
        """Publish a claimed batch in line; give back what was not started within
        :data:`leases.START_WAIT` of its claim, or all that is left when the worker is
        asked to stop (so that no claim outlives its lease while it waits)."""
        done = 0
        for index, item in enumerate(claimed):
            now = clock.now()
            claimed_at = item.publication.claimed_at or now
            if not keep_going() or now - claimed_at > leases.START_WAIT:
                for rest in claimed[index:]:
                    claims.unclaim(rest.publication, now)
                break
            publish_claimed(item, now, self.client)
            done += 1
        return done


def idle() -> bool:
    """Nothing to do: no publication due (outside archived workspaces) or publishing, no
    task ready to run."""
    now = clock.now()
    publications = Publication.objects.filter(state=PublicationState.PUBLISHING) | (
        Publication.objects.filter(
            in_active_workspace(claims.WORKSPACE),
            publishing_not_paused(claims.WORKSPACE),
            state=PublicationState.PENDING,
            next_attempt_at__lte=now,
        )
    )
    return not publications.exists() and not DBTaskResult.objects.ready().exists()


def _refresh_connections() -> None:
    """Drop expired or broken connections, as a request would (not inside a transaction:
    only a test runs the worker there)."""
    if not connection.in_atomic_block:
        close_old_connections()


class PublishingWorker(Worker):
    """django-tasks-db's worker, with the publishing loop's tick in every turn.

    ``side_work``: this worker does the side work too (:mod:`~mostra.publishing.side_work`),
    on its own thread (:attr:`side`) when it runs on, in line when it stops once idle or
    once the queue is empty. Its own queued tasks are then the publications only, unless
    the side work is in line.
    """

    def __init__(
        self,
        *,
        until_idle: bool = False,
        side_work: bool = True,
        in_flight: int = DEFAULT_SIZE,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.until_idle = until_idle
        in_line = side_work and (until_idle or self.batch)
        self.loop = Loop(self.worker_id, side_work=in_line, in_flight=in_flight)
        self.side = (
            SideWorker(self, translation.get_language()) if side_work and not in_line else None
        )
        #: Which tasks this thread takes: all of them when the side work is in line.
        self.publications: bool | None = None if in_line else True

    def _next_task(self) -> tuple[DBTaskResult | None, bool]:
        return next_task(self, self.publications)

    def _tasks_run(self) -> int:
        return self.tasks_run + (self.side.tasks_run if self.side else 0)

    def _tick(self) -> int:
        self.running_task = True
        try:
            return self.loop.tick(lambda: self.running).done
        except OperationalError as error:
            if is_locked(error):
                return 0
            raise
        finally:
            self.running_task = False

    def run(self) -> None:
        logger.info("publishing worker %s started", self.worker_id)
        if self.side is not None:
            self.side.start()
        try:
            self._run()
        finally:
            self.loop.close()
            if self.side is not None:
                self.side.stop()

    def _run(self) -> None:
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - spreads workers started together
        while self.running:
            _refresh_connections()
            done = self._tick()
            task_result, retrieved = self._next_task()
            if task_result is not None:
                self.run_task(task_result)
            nothing = not done and task_result is None
            if self.until_idle and nothing and retrieved and idle():
                logger.info("publishing worker %s: nothing left to do", self.worker_id)
                return
            if self.batch and retrieved and task_result is None:
                return
            if self.max_tasks is not None and self._tasks_run() >= self.max_tasks:
                return
            _refresh_connections()
            if self.running and nothing:
                time.sleep(self.interval)


def run_worker(
    *,
    queue: str = "*",
    interval: float = 1.0,
    batch: bool = False,
    max_tasks: int | None = None,
    until_idle: bool = False,
    startup_delay: bool = True,
    side_work: bool = True,
    in_flight: int = DEFAULT_SIZE,
) -> None:
    """Run one publishing worker in this process until stopped (or idle); ``side_work``:
    with the side work (:mod:`~mostra.publishing.side_work`), else publishing only;
    ``in_flight``: publications sent at once."""
    if problems := incompatibilities():  # an upgraded django-tasks-db: say it, run nothing
        raise ImproperlyConfigured("\n".join(problems))
    worker = PublishingWorker(
        queue_names=queue.split(","),
        interval=interval,
        batch=batch,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=startup_delay and not (batch or until_idle),
        max_tasks=max_tasks,
        worker_id=worker_id()[:64],
        excluded_queue_names=[],
        until_idle=until_idle,
        side_work=side_work,
        in_flight=in_flight,
    )
    stops = [signal.SIGINT, signal.SIGTERM] + (
        [signal.SIGQUIT] if hasattr(signal, "SIGQUIT") else []
    )
    previous = {sig: signal.getsignal(sig) for sig in stops}
    worker.configure_signals()
    try:
        worker.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
