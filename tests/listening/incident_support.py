"""Mentions made by hand for the incident tests."""

from __future__ import annotations

import datetime as dt
import itertools

from mostra.listening.models import ListeningQuery, Mention

_guids = itertools.count(1)


def a_query(workspace, name: str = "Atelier") -> ListeningQuery:
    return ListeningQuery.objects.create(
        workspace=workspace, name=name, text='("atelier vélo" OR #réparation) NOT vente'
    )


def mentions(
    workspace,
    n: int,
    *,
    at: dt.datetime,
    query: ListeningQuery | None = None,
    sentiment: float | None = -0.6,
    spread: dt.timedelta = dt.timedelta(minutes=10),
    author: str | None = None,
    text: str | None = None,
    **fields,
) -> list[Mention]:
    """``n`` mentions published within ``spread`` before ``at``, each by its own author
    unless ``author``, with ``text`` (else a complaint of their own), matched to
    ``query``."""
    made = []
    for i in range(n):
        guid = next(_guids)
        made.append(
            Mention.objects.create(
                workspace=workspace,
                guid=f"m{guid}",
                text=text or f"L'atelier vélo a encore cassé mon vélo #{guid}",
                author=author or f"person{guid}",
                published_at=at - spread * (i + 1) / (n + 1),
                sentiment=sentiment,
                **fields,
            )
        )
    if query is not None:
        query.mentions.add(*made)
    return made
