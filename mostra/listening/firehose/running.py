"""The worker's firehose consumers: one thread per service that a workspace reads.

:func:`keep_running` is a periodic job of the worker's side work
(:data:`mostra.publishing.side_work.PERIODIC`): it starts a consumer thread for each
service that an enabled ``bluesky_firehose`` source of a workspace not archived reads,
and stops those nobody reads any more. Each thread has its own database connection; a
consumer that fails (the guard refuses the address, the database is gone) is started
again after :data:`RESTART_WAIT` seconds. The threads are daemons: the worker's stop
ends them, and the cursor, stored with each batch, makes the next start resume where
the last stored batch ended.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.db import connections

from mostra.listening.firehose.consumer import Consumer
from mostra.listening.firehose.ingest import KIND
from mostra.listening.models import Source
from mostra.publishing import side_work

logger = logging.getLogger("mostra.listening")

#: Seconds before a failed consumer starts again.
RESTART_WAIT = 60.0

_lock = threading.Lock()
_running: dict[str, tuple[threading.Thread, threading.Event]] = {}


def services_read() -> set[str]:
    """The services an enabled firehose source of a workspace not archived reads."""
    return set(
        Source.objects.filter(kind=KIND, enabled=True, workspace__archived_at__isnull=True)
        .values_list("url", flat=True)
        .distinct()
    )


def keep_running(now: dt.datetime) -> int:
    """Start the consumers wanted and not running, stop those not wanted; returns how
    many were started. Only a long-running worker keeps consumers (``mostra worker
    --until-idle`` must end: it stops those it finds)."""
    wanted = services_read() if side_work.long_running.is_set() else set()
    started = 0
    with _lock:
        for url, (thread, stop) in list(_running.items()):
            if url not in wanted:
                stop.set()
            if url not in wanted or not thread.is_alive():
                del _running[url]
        for url in sorted(wanted - set(_running)):
            stop = threading.Event()
            thread = threading.Thread(
                target=_consume, args=(url, stop), name=f"firehose {url}", daemon=True
            )
            _running[url] = (thread, stop)
            thread.start()
            started += 1
    return started


def running() -> list[str]:
    with _lock:
        return sorted(url for url, (thread, _stop) in _running.items() if thread.is_alive())


def stop_all(wait: float = 10.0) -> None:
    """Stop every consumer (tests, a stopping worker) and wait ``wait`` seconds at most."""
    with _lock:
        threads = list(_running.values())
        _running.clear()
    for _thread, stop in threads:
        stop.set()
    for thread, _stop in threads:
        thread.join(wait)


def _consume(url: str, stop: threading.Event) -> None:
    try:
        while not stop.is_set():
            try:
                Consumer(url, stop=stop).run()
            except Exception:  # noqa: BLE001 - started again after a wait
                logger.exception("firehose %s: the consumer stopped", url)
                stop.wait(RESTART_WAIT)
    finally:
        connections.close_all()
