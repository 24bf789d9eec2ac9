"""What the inbox shows: the workspace's mentions filtered as the query string says,
newest first, with what each row needs fetched in a fixed number of queries.

The filters (the page's, the API's and ``mostra inbox list``'s): ``state``, ``query``
(a saved query's id), ``source`` (a source's id, or ``import``), ``network``,
``sentiment`` (positive, neutral, negative), ``assigned`` (``me``, ``anyone``,
``nobody`` or a user id), ``tag`` (a tag's name), ``q`` (words in the text, title or
author) and ``since`` (a date, ``YYYY-MM-DD``). Near-duplicates (:attr:`Mention.duplicate_of`)
are folded under their first mention unless ``duplicates=1``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.listening.enrichment.sentiment import THRESHOLDS, SentimentLabel
from mostra.listening.models import Mention, MentionNote, MentionState


@dataclass(frozen=True)
class InboxFilter:
    state: str = ""
    query: int | None = None
    source: str = ""
    network: str = ""
    sentiment: str = ""
    assigned: str = ""
    tag: str = ""
    q: str = ""
    since: dt.date | None = None
    duplicates: bool = False

    @classmethod
    def parse(cls, given: Mapping[str, Any]) -> InboxFilter:
        """The filter a query string says; DomainError naming a value it cannot read."""

        def text(name: str) -> str:
            return str(given.get(name) or "").strip()

        state = text("state")
        if state and state not in MentionState.values:
            raise DomainError(
                _("Unknown state %(state)s: choose one of %(states)s.")
                % {"state": repr(state), "states": ", ".join(MentionState.values)},
                field="state",
            )
        sentiment = text("sentiment")
        if sentiment and sentiment not in SentimentLabel.values:
            raise DomainError(
                _("Unknown sentiment %(value)s: choose positive, neutral or negative.")
                % {"value": repr(sentiment)},
                field="sentiment",
            )
        query = text("query")
        if query and not query.isdigit():
            raise DomainError(_("Choose the query in the list."), field="query")
        source = text("source")
        if source and source != "import" and not source.isdigit():
            raise DomainError(_("Choose the source in the list."), field="source")
        assigned = text("assigned")
        if assigned and assigned not in ("me", "anyone", "nobody") and not assigned.isdigit():
            raise DomainError(
                _("Assigned: choose me, anyone, nobody or a member."), field="assigned"
            )
        since = None
        if text("since"):
            try:
                since = dt.date.fromisoformat(text("since"))
            except ValueError:
                raise DomainError(
                    _("Type the date as YYYY-MM-DD, e.g. 2026-12-01."), field="since"
                ) from None
        return cls(
            state=state,
            query=int(query) if query else None,
            source=source,
            network=text("network")[:20],
            sentiment=sentiment,
            assigned=assigned,
            tag=text("tag")[:60],
            q=text("q")[:200],
            since=since,
            duplicates=text("duplicates") in ("1", "true", "yes", "on"),
        )

    def as_query_string(self) -> str:
        pairs: list[tuple[str, str]] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, "", False):
                continue
            pairs.append((f.name, "1" if value is True else str(value)))
        return urlencode(pairs)

    @property
    def active(self) -> bool:
        return bool(self.as_query_string())


def _sentiment_q(label: str) -> Q:
    """Mentions whose stored score reads as ``label`` in their language."""
    condition = Q(pk__in=[])
    for lang, cut in THRESHOLDS.items():
        if label == SentimentLabel.POSITIVE:
            score = Q(sentiment__gte=cut.positive)
        elif label == SentimentLabel.NEGATIVE:
            score = Q(sentiment__lte=cut.negative)
        else:
            score = Q(sentiment__gt=cut.negative, sentiment__lt=cut.positive)
        condition |= Q(lang=lang) & score
    return condition


def mentions(membership: Membership, given: InboxFilter) -> QuerySet[Mention]:
    """The workspace's mentions the filter keeps, newest first (published, else fetched),
    each with its source, assignee, queries, tags, notes and duplicates' count."""
    workspace = membership.workspace
    rows = Mention.objects.filter(workspace=workspace)
    if given.state:
        rows = rows.filter(state=given.state)
    if given.query is not None:
        rows = rows.filter(matched_queries__pk=given.query)
    if given.source == "import":
        rows = rows.filter(source__isnull=True)
    elif given.source:
        rows = rows.filter(source_id=int(given.source))
    if given.network:
        rows = rows.filter(network=given.network)
    if given.sentiment:
        rows = rows.filter(_sentiment_q(given.sentiment))
    if given.assigned == "me":
        rows = rows.filter(assignee_id=membership.user_id)
    elif given.assigned == "anyone":
        rows = rows.filter(assignee__isnull=False)
    elif given.assigned == "nobody":
        rows = rows.filter(assignee__isnull=True)
    elif given.assigned:
        rows = rows.filter(assignee_id=int(given.assigned))
    if given.tag:
        rows = rows.filter(tags__workspace=workspace, tags__name=given.tag)
    if given.q:
        rows = rows.filter(
            Q(text__icontains=given.q) | Q(title__icontains=given.q) | Q(author__icontains=given.q)
        )
    if given.since:
        start = dt.datetime.combine(given.since, dt.time(), tzinfo=timezone.get_current_timezone())
        rows = rows.annotate(seen=Coalesce("published_at", "fetched_at")).filter(seen__gte=start)
    if not given.duplicates:
        rows = rows.filter(duplicate_of__isnull=True)
    return (
        rows.select_related("source", "assignee")
        .prefetch_related(
            "matched_queries",
            "tags",
            Prefetch("notes", queryset=MentionNote.objects.select_related("author")),
        )
        .annotate(when=Coalesce("published_at", "fetched_at"), folded=Count("duplicates"))
        .order_by("-when", "-id")
        .distinct()
    )


def as_data(mention: Mention, overdue_before: dt.datetime) -> dict[str, Any]:
    """A mention as the API and ``mostra inbox list --format json`` give it (its
    queries, tags and notes prefetched by :func:`mentions`)."""
    from mostra.listening.enrichment.sentiment import label_of

    label = label_of(mention.sentiment, mention.lang)
    when = mention.published_at or mention.fetched_at
    return {
        "id": mention.pk,
        "published_at": mention.published_at,
        "fetched_at": mention.fetched_at,
        "source": mention.source.name if mention.source else None,
        "network": mention.network,
        "kind": mention.kind,
        "author": mention.author,
        "author_followers": mention.author_followers,
        "title": mention.title,
        "text": mention.text,
        "url": mention.url,
        "lang": mention.lang,
        "sentiment": mention.sentiment,
        "sentiment_label": label.value if label else None,
        "queries": [q.name for q in mention.matched_queries.all()],
        "state": mention.state,
        "assignee": mention.assignee.email if mention.assignee else None,
        "tags": [t.name for t in mention.tags.all()],
        "notes": [
            {
                "author": n.author.email if n.author else None,
                "created_at": n.created_at,
                "text": n.text,
            }
            for n in mention.notes.all()
        ],
        "duplicate_of": mention.duplicate_of_id,
        "duplicates": getattr(mention, "folded", 0),
        "overdue": mention.state in (MentionState.NEW, MentionState.TO_HANDLE)
        and when < overdue_before,
        "responded_at": mention.responded_at,
    }
