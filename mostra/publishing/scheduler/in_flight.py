"""Many publications in flight in one worker: a bounded pool of publishing threads.

The loop (:mod:`mostra.publishing.loop`) claims due publications and hands each to a
:class:`Flight`; the flight sends it on one of its threads
(:func:`~mostra.publishing.scheduler.publisher.send`: the network part only) and gives
back the outcomes, which the loop writes on its own thread, those finished together in
one transaction (:meth:`Flight.record_finished`).

* **Bounded.** At most ``size`` publications at once per worker (``mostra worker
  --in-flight``), and at most :func:`network_share` of them on one network, so that a
  network that keeps every request waiting its whole deadline leaves slots for the
  others.
* **Per account, one at a time.** The claim never takes a publication whose account
  has one ``publishing`` or an earlier one still due
  (:func:`mostra.publishing.services.claims.claimable`), with any worker: an account's
  posts leave in the order they became due, and a thread's parts, which one
  :meth:`~mostra.integrations.base.Integration.publish` sends, in order.
* **Threads, not asyncio.** Each thread has its own HTTP client from
  :func:`~mostra.core.http.outbound_client` (cookies never shared between accounts;
  the guarded, DNS-pinned connections and the total deadlines unchanged) and, only
  when an integration reads or saves an account (a refreshed token), its own database
  connection, closed after each publication so that a worker holds at most one
  connection more than it uses at once.

The loop keeps publishing in line (each publication sent and its outcome written before
the next, on its own thread) with ``--in-flight 1``, and inside a transaction, which
only tests do (its rows are invisible to other connections).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import threading
from collections import Counter
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

import httpx
from django.db import connections, transaction

from mostra.core.http import outbound_client
from mostra.publishing.models import Publication
from mostra.publishing.scheduler import batch, clock, outcomes
from mostra.publishing.scheduler.publisher import (
    Sent,
    finished_together,
    record_sent,
    send,
    settle_without_network,
)
from mostra.publishing.services import claims, leases

logger = logging.getLogger("mostra.publishing")

#: Publications in flight at once per worker by default (``mostra worker --in-flight``).
DEFAULT_SIZE = 32
#: The share of a worker's slots one network may take.
NETWORK_SHARE = 0.75
#: Outcomes back from the network with fewer than this many others wait up to
#: GATHER_WAIT seconds for more, so that one transaction writes several (each costs a
#: handful of queries and a commit on the loop's thread, whatever their number).
GATHER = 4
GATHER_WAIT = 0.02


def network_share(size: int) -> int:
    """How many of ``size`` slots one network may hold at once."""
    return max(1, math.ceil(size * NETWORK_SHARE))


class Flight:
    """The publications one worker has in flight (see the module's docstring).

    Use: :meth:`room` and :meth:`networks_full` to size a claim, :meth:`start` each
    claimed publication, :meth:`record_finished` to write what came back (waiting up to
    ``wait_for`` seconds for one), :meth:`land` to wait for all and write them, or
    :meth:`give_back` what has not started; then :meth:`close` (or ``with``).
    """

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self.share = network_share(self.size)
        self._pool = ThreadPoolExecutor(self.size, thread_name_prefix="mostra-publish")
        self._local = threading.local()
        self._clients: list[httpx.Client] = []
        self._clients_lock = threading.Lock()
        self.running: dict[Future[Sent], batch.Claimed] = {}
        #: Claimed, waiting for their network's share of the slots.
        self.waiting: list[batch.Claimed] = []
        self.networks: Counter[str] = Counter()
        #: Outcomes written without the network (by hand, …), not yet counted.
        self.settled = 0

    # --- sizing a claim ---------------------------------------------------------------

    def room(self) -> int:
        return self.size - len(self.running) - len(self.waiting)

    def networks_full(self) -> frozenset[str]:
        return frozenset(n for n, count in self.networks.items() if count >= self.share)

    @property
    def busy(self) -> bool:
        return bool(self.running or self.waiting)

    # --- sending ----------------------------------------------------------------------

    def start(self, claimed: batch.Claimed) -> None:
        """Send a claimed publication on a publishing thread (or wait for its network's
        share of the slots; or write its outcome at once when it must not be sent)."""
        now = clock.now()
        if settle_without_network(claimed, now) is not None:
            self.settled += 1
        else:
            self._launch(claimed, now)

    def _launch(self, claimed: batch.Claimed, now: dt.datetime) -> None:
        network = claimed.publication.account.network
        if self.networks[network] >= self.share:
            self.waiting.append(claimed)
            return
        self.networks[network] += 1
        self.running[self._pool.submit(self._send, claimed, now)] = claimed

    def _start_waiting(self) -> None:
        """Start the waiting ones whose network has room; give back those claimed longer
        than :data:`leases.START_WAIT` ago (so that no claim outlives its lease)."""
        waiting, self.waiting = self.waiting, []
        now = clock.now()
        for claimed in waiting:
            claimed_at = claimed.publication.claimed_at or now
            if now - claimed_at > leases.START_WAIT:
                claims.unclaim(claimed.publication, now)
            else:
                self._launch(claimed, now)

    def _send(self, claimed: batch.Claimed, now: dt.datetime) -> Sent:
        try:
            return send(claimed, now, self._client())
        finally:
            connections.close_all()  # only this thread's, and only if it opened one

    def _client(self) -> httpx.Client:
        """This thread's own client (its TLS set-up once per thread)."""
        client: httpx.Client | None = getattr(self._local, "client", None)
        if client is None:
            client = self._local.client = outbound_client()
            with self._clients_lock:
                self._clients.append(client)
        return client

    # --- writing outcomes -------------------------------------------------------------

    def record_finished(self, wait_for: float = 0.0) -> int:
        """Write the outcomes of the publications back from the network, in one
        transaction (waiting up to ``wait_for`` seconds for one), then start the waiting
        ones that now have room; how many outcomes were written."""
        written, self.settled = self.settled, 0
        if not self.running:
            self._start_waiting()
            return written
        finished, rest = wait(list(self.running), timeout=wait_for, return_when=FIRST_COMPLETED)
        if finished and rest and len(finished) < GATHER:
            # Those about to come back join them: one transaction for several outcomes.
            more, _ = wait(rest, timeout=GATHER_WAIT, return_when=ALL_COMPLETED)
            finished |= more
        if finished:
            now = clock.now()
            came_back: list[outcomes.Outcome] = []
            for future in finished:
                claimed = self.running.pop(future)
                self.networks[claimed.publication.account.network] -= 1
                try:
                    came_back.append((claimed, future.result()))
                except Exception:  # noqa: BLE001 - its claim stays: taken back when its lease ends
                    logger.exception("publication %s: not sent", claimed.publication.pk)
            outermost = not connections["default"].in_atomic_block
            with transaction.atomic(), finished_together() as settled:
                if outermost:
                    outcomes.unsynced()
                one_by_one = outcomes.write_together(came_back, now)
                written += len(came_back) - len(one_by_one)
                for claimed, sent in one_by_one:
                    written += self._record(claimed, now, sent, settled)
        self._start_waiting()
        return written

    def _record(
        self,
        claimed: batch.Claimed,
        now: dt.datetime,
        sent: Sent,
        settled: list[Publication],
    ) -> int:
        before = len(settled)
        try:  # each write in a savepoint of its own: a failure loses only its own
            record_sent(claimed, now, sent)
        except Exception:  # noqa: BLE001 - its claim stays: taken back when its lease ends
            logger.exception("publication %s: outcome not written", claimed.publication.pk)
            del settled[before:]  # rolled back: nobody is told
            return 0
        return 1

    def land(self) -> int:
        """Wait for every publication in flight (and the waiting ones) and write their
        outcomes."""
        written = 0
        while self.busy or self.settled:
            written += self.record_finished(wait_for=1.0)
        return written

    def give_back(self) -> None:
        """The worker stops: the waiting publications, not started, are pending again."""
        now = clock.now()
        for claimed in self.waiting:
            claims.unclaim(claimed.publication, now)
        self.waiting = []

    def close(self) -> None:
        """Wait for what is in flight and write it; stop the threads (each closed its
        database connection after each publication) and close their HTTP clients."""
        self.land()
        self._pool.shutdown(wait=True)
        with self._clients_lock:
            for client in self._clients:
                client.close()
            self._clients.clear()

    def __enter__(self) -> Flight:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if kind is not None:
            self.give_back()
        self.close()
