"""A run of webhook deliveries, shared out between workspaces (for
:func:`mostra.publishing.services.webhooks.deliver_due`).

Any user can create a workspace and point its webhooks at a receiver that answers
slowly, or a byte at a time. A run therefore:

1. takes the due deliveries, the workspaces taking turns: each one's oldest, then each
   one's second… (one workspace's backlog cannot fill the batch);
2. calls up to :data:`AT_ONCE` receivers at once, on a small pool of threads, never two
   of one workspace: a workspace's next delivery starts once its previous one is
   answered, each claimed (a compare-and-set) just before its call;
3. gives each call :data:`webhooks.DEADLINE` seconds in all; a workspace whose receiver
   ran out of time gets no more calls in this run: its other deliveries stay due,
   untried, for the next run;
4. while calls are running, looks for newly due deliveries every :data:`LOOK_AGAIN`
   seconds (during the first ``DEADLINE`` seconds), so that another workspace's
   delivery waits about a second behind a slow receiver, not its whole call;
5. ends once every call it started is answered: about twice ``DEADLINE`` at most.

The claims and the outcomes are written by the caller's thread, with its database
connection, as each answer comes; the pool's threads only call.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

import httpx
from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import translation

from mostra.core.models.workspace import in_active_workspace
from mostra.publishing.models import DeliveryState, WebhookDelivery
from mostra.publishing.services import webhooks

#: Receivers called at once by a run, never two of one workspace.
AT_ONCE = 4
#: Seconds between two looks for newly due deliveries while calls are running.
LOOK_AGAIN = 1.0


def due(now: dt.datetime, without: Iterable[int] = ()) -> list[WebhookDelivery]:
    """Up to :data:`webhooks.BATCH` deliveries due at ``now`` (outside the ids ``without``),
    the workspaces taking turns: each one's oldest first, then each one's second…"""
    turn = Window(
        RowNumber(),
        partition_by=[F("webhook__workspace_id")],
        order_by=[F("next_attempt_at").asc(), F("id").asc()],
    )
    return list(
        WebhookDelivery.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now)
        .filter(in_active_workspace("webhook__workspace"))
        .exclude(pk__in=without)
        .select_related("webhook")
        .annotate(turn=turn)
        .order_by("turn", "next_attempt_at", "id")[: webhooks.BATCH]
    )


class DeliveryRun:
    """One run: the steps of the module's list, with ``client`` (no redirects)."""

    def __init__(self, client: httpx.Client, now: dt.datetime) -> None:
        self.client = client
        self.now = now
        self.language = translation.get_language()
        #: Each workspace's deliveries still to try, in order.
        self.queues: dict[int, deque[WebhookDelivery]] = {}
        #: The workspaces whose next delivery may start, in turn.
        self.turns: deque[int] = deque()
        #: The calls under way, and the workspaces they belong to.
        self.running: dict[Future[webhooks.Answer], WebhookDelivery] = {}
        #: The workspaces whose receiver ran out of time in this run.
        self.late: set[int] = set()
        #: Each delivery taken in, with the time it was found due: its claim's and its
        #: outcome's time (``now`` for the first batch, later for those found meanwhile).
        self.found: dict[int, dt.datetime] = {}
        self.tried = 0

    def run(self) -> int:
        """Deliver what is due; returns how many deliveries were tried."""
        started = looked = time.monotonic()
        self._add(due(self.now), self.now)
        with ThreadPoolExecutor(AT_ONCE, thread_name_prefix="webhooks") as pool:
            while True:
                self._start(pool)
                if not self.running:
                    return self.tried
                answered, _ = wait(self.running, LOOK_AGAIN, return_when=FIRST_COMPLETED)
                for future in answered:
                    self._record(self.running.pop(future), future.result())
                elapsed = time.monotonic() - started
                if elapsed < webhooks.DEADLINE and time.monotonic() - looked >= LOOK_AGAIN:
                    looked = time.monotonic()
                    now = self.now + dt.timedelta(seconds=elapsed)
                    self._add(due(now, self.found), now)

    def _add(self, deliveries: list[WebhookDelivery], now: dt.datetime) -> None:
        busy = {d.webhook.workspace_id for d in self.running.values()}
        for delivery in deliveries:
            workspace = delivery.webhook.workspace_id
            if delivery.pk in self.found or workspace in self.late:
                continue
            self.found[delivery.pk] = now
            self.queues.setdefault(workspace, deque()).append(delivery)
            if workspace not in busy and workspace not in self.turns:
                self.turns.append(workspace)

    def _start(self, pool: ThreadPoolExecutor) -> None:
        """Start the next delivery of each workspace in turn, while the pool has room."""
        while self.turns and len(self.running) < AT_ONCE:
            workspace = self.turns.popleft()
            delivery = self._next_claimed(self.queues[workspace])
            if delivery is None:
                continue
            if not delivery.webhook.active:
                self._record(delivery, webhooks.deactivated())
                continue
            self.running[pool.submit(self._call, delivery)] = delivery

    def _call(self, delivery: WebhookDelivery) -> webhooks.Answer:
        """On a pool thread: the HTTP call only, in the run's language."""
        with translation.override(self.language):
            return webhooks.send(self.client, delivery)

    def _next_claimed(self, queue: deque[WebhookDelivery]) -> WebhookDelivery | None:
        while queue:
            delivery = queue.popleft()
            with transaction.atomic():
                claimed = webhooks.claim(delivery, self.found[delivery.pk])
            if claimed:
                return delivery
        return None

    def _record(self, delivery: WebhookDelivery, answer: webhooks.Answer) -> None:
        webhooks.record_answer(delivery, answer, self.found[delivery.pk])
        self.tried += 1
        workspace = delivery.webhook.workspace_id
        if answer.late:
            self.late.add(workspace)
        elif self.queues.get(workspace) and workspace not in self.turns:
            self.turns.append(workspace)
