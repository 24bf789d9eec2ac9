"""Listening rows built directly: queries of each group and mentions matching them."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from mostra.core.models import Workspace
from mostra.listening.models import ListeningQuery, Mention

PARIS = ZoneInfo("Europe/Paris")
_ids = itertools.count(1)


def query(workspace: Workspace, name: str, group: str = "brand") -> ListeningQuery:
    return ListeningQuery.objects.create(workspace=workspace, name=name, group=group, text=name)


def mention(
    workspace: Workspace,
    *queries: ListeningQuery,
    day: dt.date,
    sentiment: float | None = None,
    lang: str = "fr",
    followers: int | None = None,
    **fields: object,
) -> Mention:
    """A mention published at noon (Paris) on ``day``, matching ``queries``."""
    values: dict[str, object] = {
        "published_at": dt.datetime.combine(day, dt.time(12), tzinfo=PARIS),
        "text": "un fromage",
        "sentiment": sentiment,
        "lang": lang,
        "author_followers": followers,
    }
    values.update(fields)
    row = Mention.objects.create(workspace=workspace, guid=f"m-{next(_ids)}", **values)
    if queries:
        row.matched_queries.add(*queries)
    return row


def many(workspace: Workspace, q: ListeningQuery, day: dt.date, n: int, **fields) -> None:
    """``n`` mentions matching ``q`` on ``day``, in one insert."""
    at = dt.datetime.combine(day, dt.time(12), tzinfo=PARIS)
    rows = Mention.objects.bulk_create(
        Mention(workspace=workspace, guid=f"m-{next(_ids)}", text="x", published_at=at, **fields)
        for _ in range(n)
    )
    through = Mention.matched_queries.through
    through.objects.bulk_create(through(mention_id=m.pk, listeningquery_id=q.pk) for m in rows)
