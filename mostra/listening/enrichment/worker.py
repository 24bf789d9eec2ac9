"""Enrichment in a second process while this one stores: a large ingest uses two cores.

An item's enrichment (its language and sentiment, pure Python and numpy) costs about
three times the rest of its ingest (matching, the row's values, the insert). A large
ingest (:data:`POOL_FROM` items or more: the firehose's batches, an import) sends its
items to one worker process in chunks (at most :data:`CHUNK` items), each as soon as the
store has looked it up (:func:`enriched_chunks` takes the chunks as they come), and
stores each chunk as soon as it is enriched, in the items' order: the worker enriches
chunk k+1 while this process matches and stores chunk k. When the next chunk is not
ready, this process does not wait: it takes back the first chunk the worker has not
started (``Future.cancel``) and enriches it itself, so both processes stay busy
whatever their share of the machine, and the chunks come back nearly in their order
(their inserts spread over the ingest rather than piling up at its end); a chunk the
worker has started is waited for :data:`PATIENCE` times as long as this process takes
to enrich one, then enriched here too (the worker's late answer, the same, is dropped).

The worker is started once per process, on first use, and reused (``spawn``: a fresh
interpreter, no copy of this process's threads or connections; it imports only the
enrichment, no Django). It receives three strings per item, never a model. When it
cannot be started (no ``fork``/``spawn``, a sandbox, ``MOSTRA_ENRICHMENT_PROCESS=0`` in
the environment) or dies, the items are enriched here, with the same answers: the
worker runs the same function (:func:`values_of`: the steps of
:func:`~mostra.listening.enrichment.enrich_text`).
Small polls stay in this process: sending them would cost more than it saves.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from mostra.listening.enrichment.language import detect_language
from mostra.listening.enrichment.sentiment import score
from mostra.listening.items import FetchedItem

#: From this many items, an ingest enriches in the worker process.
POOL_FROM = 1000
#: Items sent to the worker at a time, at most (the store's lookups are of as many).
CHUNK = 400
#: Seconds a chunk started by the worker is waited for before this process has timed
#: one of its own (then: as long as that one took).
FIRST_WAIT = 0.2
#: A chunk the worker started is waited for this many times as long as one takes here.
PATIENCE = 3
#: ``0`` in the environment: never start a worker process.
SWITCH = "MOSTRA_ENRICHMENT_PROCESS"

#: What the store keeps of an item's enrichment: its language ("" unknown) and score.
Values = tuple[str, float | None]
Fields = tuple[str | None, str, str | None]
T = TypeVar("T")

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_unavailable = False


def values_of(title: str | None, text: str, lang: str | None, allowed: Sequence[str]) -> Values:
    """The language stored (the declared one, else detected among ``allowed``; "" when
    unknown) and the sentiment score of an item's title, text and declared language."""
    # enrich_text's steps without its objects (the hot path of a large ingest): the
    # same language, and the score rounded as Sentiment rounds it.
    text = f"{title}\n{text}" if title else text
    detected, _ = detect_language(text, allowed, declared=lang)
    value = score(text, detected)
    return (lang or detected or "")[:8], None if value is None else round(value, 4)


def enrich_fields(fields: list[Fields], allowed: tuple[str, ...]) -> list[Values]:
    """:func:`values_of` of each item's fields: what the worker runs on a chunk."""
    return [values_of(title, text, lang, allowed) for title, text, lang in fields]


def _warm() -> None:
    """The worker's start: the language model and both analyzers loaded before the
    first chunk arrives."""
    from mostra.listening.enrichment.language import known_languages
    from mostra.listening.enrichment.sentiment import analyzer

    known_languages()
    analyzer("en")
    analyzer("fr")


def pool() -> ProcessPoolExecutor | None:
    """The worker process, started on first call; ``None`` when it cannot be."""
    global _pool, _unavailable
    if _pool is not None or _unavailable:
        return _pool
    with _lock:
        if _pool is None and not _unavailable:
            if os.environ.get(SWITCH, "1") == "0":
                _unavailable = True
                return None
            try:
                _pool = ProcessPoolExecutor(
                    1, mp_context=multiprocessing.get_context("spawn"), initializer=_warm
                )
            except (OSError, ValueError, NotImplementedError, ImportError):
                _unavailable = True
        return _pool


def shut_down() -> None:
    """Stop the worker (the next large ingest starts another)."""
    global _pool, _unavailable
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=True, cancel_futures=True)
        _pool, _unavailable = None, False


def _broken() -> None:
    global _pool, _unavailable
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=False)
        _pool, _unavailable = None, True


def enriched_chunks(
    chunks: Iterable[Sequence[FetchedItem]], allowed: Sequence[str], *, pooled: bool
) -> Iterator[tuple[Sequence[FetchedItem], list[Values]]]:
    """Each chunk of items (empty ones skipped), in their order, with its items'
    :func:`values_of`: enriched here unless ``pooled`` and a worker runs; then each
    chunk is sent to the worker as soon as ``chunks`` gives it, and enriched by the
    worker or, when it is behind, by this process (see the module). Every chunk is
    drawn from ``chunks`` before the first is yielded: the caller's lookups that make
    them never overlap its inserts of the ones yielded (:class:`.mention_rows.Writer`'s
    thread shares its connection)."""
    languages = tuple(allowed)

    def here(chunk: Sequence[FetchedItem]) -> list[Values]:
        return [values_of(i.title, i.text, i.lang, languages) for i in chunk]

    executor = pool() if pooled else None
    if executor is None:
        ready = [chunk for chunk in chunks if chunk]
        yield from ((chunk, here(chunk)) for chunk in ready)
        return
    sent: list[Sequence[FetchedItem]] = []
    futures: list[Future[list[Values]]] = []
    pending = (chunk for chunk in chunks if chunk)
    try:
        for chunk in pending:
            sent.append(chunk)
            futures.append(
                executor.submit(
                    enrich_fields, [(i.title, i.text, i.lang) for i in chunk], languages
                )
            )
    except Exception:  # noqa: BLE001 — no process could start (a daemonic parent, a sandbox)
        _broken()
        for future in futures:
            future.cancel()
        yield from ((chunk, here(chunk)) for chunk in [*sent, *pending])
        return
    taken: dict[int, list[Values]] = {}
    #: How long a chunk takes here (the wait for a started chunk, at most).
    spent = FIRST_WAIT
    for k, chunk in enumerate(sent):
        while k not in taken and not futures[k].done():
            back = _take_back(futures, k, taken)
            if back is None:
                break
            started = time.monotonic()
            taken[back] = here(sent[back])
            spent = time.monotonic() - started
        if k in taken:
            yield chunk, taken.pop(k)
            continue
        # The worker has started chunk k: wait for it :data:`PATIENCE` times as long as
        # this process takes to enrich one, then enrich it here (a worker starved of CPU by a loaded
        # machine must not hold the ingest back; its answer is dropped).
        try:
            yield (
                chunk,
                _result(futures[k], functools.partial(here, chunk), timeout=PATIENCE * spent),
            )
        except TimeoutError:
            futures[k].cancel()
            yield chunk, here(chunk)
    for future in futures:
        future.cancel()


def _take_back(
    futures: list[Future[list[Values]]], k: int, taken: dict[int, list[Values]]
) -> int | None:
    """The first chunk from ``k`` on the worker has not started, cancelled there: the
    chunks come back nearly in their order, so their inserts spread over the ingest
    instead of piling up at its end."""
    for j in range(k, len(futures)):
        if j not in taken and futures[j].cancel():
            return j
    return None


def _result(future: Future[T], fallback: Callable[[], T], timeout: float | None = None) -> T:
    try:
        return future.result(timeout=timeout)
    except (BrokenProcessPool, CancelledError):
        _broken()
        return fallback()
