"""Matching mentions against the workspace's stored queries, and enriching them.

At ingest (:func:`mostra.listening.services.store.store`) each new mention is matched
against every query of its workspace by one :class:`~mostra.listening.query.Matcher`,
compiled once per workspace and kept in process memory under the key of its queries'
last change (how many, the latest ``updated_at``, the highest id): a query added,
changed or removed changes the key, and the next batch compiles the matcher again.

When a query is added or changed, :func:`rematch_recent` matches the last
:data:`RECENT_DAYS` days of mentions again for it, synchronously, at most
:data:`RECHECK_LIMIT` mentions (the newest).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils import timezone

from mostra.core.models import Workspace
from mostra.listening.enrichment.worker import values_of
from mostra.listening.items import FetchedItem
from mostra.listening.models import ListeningQuery, Mention
from mostra.listening.query import CompiledQuery, Matcher, QuerySyntaxError, compile_query
from mostra.listening.query.document import Document

log = logging.getLogger(__name__)

#: Mentions this recent are matched again when a query is added or changed, and read by
#: "try it".
RECENT_DAYS = 30
#: The most mentions matched again synchronously (the newest): above, the older ones of
#: the 30 days keep their earlier matches.
RECHECK_LIMIT = 20_000
#: Rows per insert of the matches.
BATCH = 1000
#: Mentions read at a time from the database when matching stored ones.
CHUNK = 2000

Through = Mention.matched_queries.through

_lock = threading.Lock()
_matchers: dict[int, tuple[tuple[object, ...], Matcher[int]]] = {}


def queries_key(workspace: Workspace) -> tuple[object, ...]:
    """What changes whenever a query of ``workspace`` is added, changed or removed."""
    found = ListeningQuery.objects.filter(workspace=workspace).aggregate(
        n=Count("id"), last=Max("updated_at"), top=Max("id")
    )
    return (found["n"], found["last"], found["top"])


def compiled(rows: Iterable[tuple[int, str]]) -> dict[int, CompiledQuery]:
    """The queries that compile, by id (one stored before a grammar change may not:
    it is logged and left out, its page shows the problem)."""
    out: dict[int, CompiledQuery] = {}
    for pk, text in rows:
        try:
            out[pk] = compile_query(text)
        except QuerySyntaxError as exc:
            log.warning("listening query %s does not read: %s", pk, exc.code)
    return out


def matcher_for(workspace: Workspace) -> Matcher[int]:
    """The workspace's matcher (query ids as keys), compiled again only when its queries
    changed since (one query when they did not)."""
    key = queries_key(workspace)
    with _lock:
        kept = _matchers.get(workspace.pk)
    if kept is not None and kept[0] == key:
        return kept[1]
    rows = ListeningQuery.objects.filter(workspace=workspace).values_list("id", "text")
    built: Matcher[int] = Matcher(compiled(rows)) if key[0] else Matcher({})
    with _lock:
        _matchers[workspace.pk] = (key, built)
    return built


def forget(workspace_id: int | None = None) -> None:
    """Drop the kept matchers (one workspace's, or all: tests and benches)."""
    with _lock:
        if workspace_id is None:
            _matchers.clear()
        else:
            _matchers.pop(workspace_id, None)


@dataclass(frozen=True)
class Enriched:
    lang: str
    sentiment: float | None


def enriched(item: FetchedItem, allowed: Sequence[str]) -> Enriched:
    """The language (the declared one, else detected among ``allowed``) and the
    sentiment score stored with the mention."""
    return Enriched(*values_of(item.title, item.text, item.lang, allowed))


def link(pairs: Iterable[tuple[int, int]]) -> int:
    """Insert (mention id, query id) matches, those already there skipped."""
    rows = [Through(mention_id=m, listeningquery_id=q) for m, q in pairs]
    if rows:
        Through.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def recent(workspace: Workspace, now: dt.datetime | None = None) -> Iterator[Mention]:
    """The workspace's mentions of the last :data:`RECENT_DAYS` days, newest first, at
    most :data:`RECHECK_LIMIT`, read in chunks with only what matching reads."""
    since = (now or timezone.now()) - dt.timedelta(days=RECENT_DAYS)
    rows = (
        Mention.objects.filter(workspace=workspace, fetched_at__gte=since)
        .only("id", "title", "text", "author", "url", "lang", "country", "fetched_at")
        .order_by("-fetched_at", "-id")[:RECHECK_LIMIT]
    )
    return rows.iterator(chunk_size=CHUNK)


def rematch_recent(query: ListeningQuery, *, now: dt.datetime | None = None) -> int:
    """Match the recent mentions again for ``query`` (added or changed): its earlier
    matches are dropped, the last 30 days' are stored. Returns how many matched."""
    test = compile_query(query.text)
    Through.objects.filter(listeningquery_id=query.pk).delete()
    found = [m.pk for m in recent(query.workspace, now) if test.matches(Document.of(m))]
    link((pk, query.pk) for pk in found)
    return len(found)
