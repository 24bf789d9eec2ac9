"""The consumer of one firehose service: subscribe from the cursor, read, store, resume.

One consumer per service for the whole instance (:mod:`mostra.listening.firehose`):

1. it takes the service's lease (:func:`~.ingest.claim`: a second consumer, on another
   worker, waits; one killed on this machine is known dead at once);
2. subscribes from the stored cursor (the events after the last one stored), or from
   the live end the first time;
3. gathers the events in batches (:data:`BATCH` events, or what came in
   :data:`BATCH_WAIT` seconds) and hands each to :func:`~.ingest.ingest`, which stores
   the matching posts and the cursor in one transaction;
4. when the stream ends or fails (the service closed it, ``ConsumerTooSlow``, a network
   failure, a database failure), subscribes again from the stored cursor after a wait
   that doubles from :data:`FIRST_WAIT` up to :data:`MAX_WAIT` seconds, and starts
   from the live end after ``FutureCursor`` (the service does not know the cursor: it
   was reset). ``OutdatedCursor`` (the service no longer keeps the events after the
   cursor) is noted on the stream's health: those events are lost.

An event already handled (its number at or below the cursor) is skipped, whatever the
service sends. The problems are recorded in words on the cursor and on the sources.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from django.db import DatabaseError, close_old_connections
from django.utils import timezone
from websockets.exceptions import WebSocketException

from mostra.core.http import OutboundRefused
from mostra.listening.firehose import ingest
from mostra.listening.firehose.frames import Event, FrameError, decode
from mostra.listening.firehose.handles import Handles
from mostra.listening.firehose.stream import open_subscription
from mostra.listening.models import FirehoseCursor

logger = logging.getLogger("mostra.listening")

#: Events handled per transaction at most.
BATCH = 500
#: Seconds an event waits at most for its batch to fill.
BATCH_WAIT = 0.5
#: The wait before subscribing again after a failure, doubled per failure in a row.
FIRST_WAIT = 1.0
MAX_WAIT = 300.0
#: What a consumer notes when another one holds the service.
WAITING = "another consumer reads this service (the worker?): waiting for it to stop"


class StreamEnded(RuntimeError):
    """The service ended the stream with an error frame (``FutureCursor``…)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}" if message else name)
        self.name = name


@dataclass
class Report:
    """What a consumer did: events, posts seen, mentions stored, subscriptions."""

    events: int = 0
    posts: int = 0
    stored: int = 0
    seq: int | None = None
    #: The number of the last event stored with its batch (-1: none yet).
    stored_seq: int = -1
    subscriptions: int = 0
    problems: list[str] = field(default_factory=list)


class Consumer:
    def __init__(
        self,
        service_url: str,
        *,
        stop: threading.Event | None = None,
        batch: int = BATCH,
        batch_wait: float = BATCH_WAIT,
        until_seq: int | None = None,
    ) -> None:
        self.service_url = service_url
        self.stop = stop or threading.Event()
        self.batch = batch
        self.batch_wait = batch_wait
        #: Stop once the event of this number is handled (benches, tests).
        self.until_seq = until_seq
        self.holder = ingest.holder_name()
        self.handles = Handles(service_url)
        self.report = Report()
        self._wait = FIRST_WAIT
        self._until: float | None = None

    # --- The loop ---------------------------------------------------------------------
    def run(self, seconds: float | None = None) -> Report:
        """Read until stopped (or for ``seconds``); returns what was done. Raises
        :class:`~mostra.core.http.OutboundRefused` when the guard refuses the service."""
        self._until = time.monotonic() + seconds if seconds is not None else None
        try:
            while not self._over():
                if not ingest.claim(self.service_url, self.holder, timezone.now()):
                    logger.info("firehose %s: read by another consumer", self.service_url)
                    if WAITING not in self.report.problems:
                        self.report.problems.append(WAITING)
                    self._sleep(ingest.LEASE.total_seconds() / 4)
                    continue
                self._subscribe_once()
        finally:
            try:
                ingest.release(self.service_url, self.holder)
            except DatabaseError:
                logger.warning("firehose %s: the lease could not be released", self.service_url)
        return self.report

    def _subscribe_once(self) -> None:
        cursor = ingest.cursor_for(self.service_url)
        self.report.seq = cursor.seq
        try:
            connection = open_subscription(self.service_url, cursor.seq)
        except OutboundRefused as exc:
            ingest.record_problem(self.service_url, str(exc))
            raise
        except (OSError, WebSocketException, TimeoutError) as exc:
            self._failed(f"the service does not answer ({_words(exc)})")
            return
        self.report.subscriptions += 1
        try:
            with connection:
                self._read(connection)
        except StreamEnded as exc:
            if exc.name == "FutureCursor":
                ingest.restart_from_live(self.service_url)
                self._failed(str(exc) + " (the cursor is reset: reading from the live end)", 0.0)
            else:
                self._failed(str(exc))
        except ingest.LostLease as exc:
            logger.warning("firehose %s: taken over by %s", self.service_url, exc)
        except (OSError, WebSocketException, TimeoutError) as exc:
            self._failed(f"the stream was cut ({_words(exc)})")
        except DatabaseError as exc:
            logger.exception("firehose %s: storing a batch failed", self.service_url)
            close_old_connections()
            self._failed(f"storing failed ({_words(exc)})")

    def _read(self, connection) -> None:  # noqa: ANN001 - a websockets ClientConnection
        batch: list[Event] = []
        started = 0.0
        renewed = time.monotonic()
        while True:
            if batch:
                timeout = max(0.0, started + self.batch_wait - time.monotonic())
            else:
                timeout = 1.0
            if self._until is not None:
                timeout = min(timeout, max(0.0, self._until - time.monotonic()))
            try:
                frame = _receive(connection, timeout)
            except (OSError, WebSocketException):
                self._flush(batch)  # what came before the end is whole: kept
                raise
            if frame is not None:
                event = self._event(frame)
                if event is not None and event.is_error:
                    self._flush(batch)
                    raise StreamEnded(event.name, event.message)
                if event is not None:
                    if not batch:
                        started = time.monotonic()
                    batch.append(event)
                    self._wait = FIRST_WAIT
            due = batch and (
                len(batch) >= self.batch
                or frame is None
                or time.monotonic() - started >= self.batch_wait
                or (self.until_seq is not None and (self.report.seq or 0) >= self.until_seq)
            )
            if due:
                self._flush(batch)
                batch = []
                renewed = time.monotonic()
            if self._over():
                self._flush(batch)
                return
            if time.monotonic() - renewed > ingest.LEASE.total_seconds() / 3:
                if not ingest.claim(self.service_url, self.holder, timezone.now()):
                    raise ingest.LostLease("another consumer")
                renewed = time.monotonic()

    def _event(self, frame: bytes | str) -> Event | None:
        if isinstance(frame, str):
            return None
        try:
            event = decode(frame)
        except FrameError as exc:
            logger.warning("firehose %s: a frame skipped (%s)", self.service_url, exc)
            return None
        if event.kind == "#info":
            if event.name == "OutdatedCursor":
                words = ingest.MISSED
                logger.warning("firehose %s: %s", self.service_url, words)
                FirehoseCursor.objects.filter(service_url=self.service_url).update(
                    last_error=words, last_error_at=timezone.now()
                )
                self.report.problems.append(words)
            return None
        if event.seq is not None and self.report.seq is not None and event.seq <= self.report.seq:
            return None  # already handled
        if event.seq is not None:
            self.report.seq = event.seq
        return event

    def _flush(self, batch: list[Event]) -> None:
        if not batch:
            return
        outcome = ingest.ingest(self.service_url, batch, self.handles, holder=self.holder)
        self.report.events += outcome.events
        self.report.posts += outcome.posts
        self.report.stored += outcome.stored
        if outcome.seq is not None:
            self.report.stored_seq = outcome.seq

    # --- Waiting ----------------------------------------------------------------------
    def _failed(self, words: str, wait: float | None = None) -> None:
        logger.warning("firehose %s: %s", self.service_url, words)
        self.report.problems.append(words)
        ingest.record_problem(self.service_url, words)
        self._sleep(self._wait if wait is None else wait)
        if wait is None:
            self._wait = min(self._wait * 2, MAX_WAIT)

    def _sleep(self, seconds: float) -> None:
        if self._until is not None:
            seconds = min(seconds, max(0.0, self._until - time.monotonic()))
        self.stop.wait(seconds)

    def _over(self) -> bool:
        if self.until_seq is not None and self.report.stored_seq >= self.until_seq:
            return True
        return self.stop.is_set() or (self._until is not None and time.monotonic() >= self._until)


def _receive(connection, timeout: float) -> bytes | str | None:  # noqa: ANN001
    try:
        return connection.recv(timeout=timeout)
    except TimeoutError:
        return None


def _words(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
