"""The figures of a workspace's mentions for each of its playbook's triggers, and the
triggers that fire (:mod:`.rules` decides).

A mention's time is when it was published, else when it was fetched. The mentions that
count: all of the workspace's for the author, repost and negative-count triggers; per
saved query (its matched mentions) for the volume spike and the negative surge (each
query against its own baseline: the same hour of the week in the past
:data:`BASELINE_WEEKS` weeks) and for "the same issue" (an issue is a query: N distinct
authors whose mentions match the same query); and the press requests (:mod:`.press`:
a journalist or a newsroom asking, read from the words), of all the workspace's
mentions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, F, Max, Q, QuerySet
from django.db.models.functions import Coalesce

from mostra.core.models import CrisisTrigger, TriggerKind, Workspace
from mostra.core.models.crisis import WINDOWED_KINDS
from mostra.listening.incidents import press, rules
from mostra.listening.models import Mention

#: How many past weeks make a query's baseline of an hour of the week.
BASELINE_WEEKS = 4
#: A sentiment at or below this is negative (the enrichment's default cut).
NEGATIVE_AT = -0.05
HOUR = dt.timedelta(hours=1)
WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class Firing:
    """A trigger that fires, with its figures."""

    trigger: CrisisTrigger
    figures: rules.Figures


def _between(since: dt.datetime, until: dt.datetime, path: str = "") -> Q:
    """Mentions (through ``path``) published in (since, until], or fetched then when
    their source gave no date."""
    published, fetched = f"{path}published_at", f"{path}fetched_at"
    return Q(**{f"{published}__gt": since, f"{published}__lte": until}) | Q(
        **{f"{published}__isnull": True, f"{fetched}__gt": since, f"{fetched}__lte": until}
    )


def _window(workspace: Workspace, now: dt.datetime, hours: int) -> QuerySet[Mention]:
    since = now - dt.timedelta(hours=hours)
    return Mention.objects.filter(_between(since, now), workspace=workspace)


def _per_query(workspace: Workspace, now: dt.datetime) -> list[dict[str, int | str]]:
    """Per saved query: the last hour's count and negatives, and each past week's same
    hour (count, negatives), in one query."""
    through = Mention.matched_queries.through
    rows = through.objects.filter(mention__workspace=workspace)
    hours = [
        _between(now - w * WEEK - HOUR, now - w * WEEK, "mention__")
        for w in range(BASELINE_WEEKS + 1)
    ]
    any_hour = hours[0]
    for h in hours[1:]:
        any_hour |= h
    negative = Q(mention__sentiment__lte=NEGATIVE_AT)
    counts = {}
    for w, h in enumerate(hours):
        counts[f"n{w}"] = Count("pk", filter=h)
        counts[f"neg{w}"] = Count("pk", filter=h & negative)
    per_query = (
        rows.filter(any_hour)
        .values(query=F("listeningquery__name"))
        .annotate(**counts)
        .order_by("query")
    )
    return [{str(k): _value(v) for k, v in row.items()} for row in per_query]


class _Reading:
    """What the triggers of one evaluation read, each measure once (the per-query
    figures are shared by the spike and the surge)."""

    def __init__(self, workspace: Workspace, now: dt.datetime) -> None:
        self.workspace, self.now = workspace, now
        self._per_query: list[dict[str, int | str]] | None = None

    def window(self, hours: int) -> QuerySet[Mention]:
        return _window(self.workspace, self.now, hours)

    def per_query(self) -> list[dict[str, int | str]]:
        if self._per_query is None:
            self._per_query = _per_query(self.workspace, self.now)
        return self._per_query


Measure = Callable[[_Reading, int, int], rules.Figures | None]


def _volume_spike(reading: _Reading, n: int, hours: int) -> rules.Figures | None:
    return _per_query_rule(TriggerKind.VOLUME_SPIKE, n, reading.per_query())


def _negative_surge(reading: _Reading, n: int, hours: int) -> rules.Figures | None:
    return _per_query_rule(TriggerKind.NEGATIVE_SURGE, n, reading.per_query())


def _author_followers(reading: _Reading, n: int, hours: int) -> rules.Figures | None:
    authors = reading.window(1).filter(author_followers__gt=n)
    return rules.author_followers(
        authors.values_list("author").annotate(f=Max("author_followers")), n
    )


def _same_issue(reading: _Reading, n: int, hours: int) -> rules.Figures | None:
    raised = (
        reading.window(hours)
        .exclude(author="")
        .filter(matched_queries__isnull=False)
        .values_list("matched_queries__name", "author")
        .distinct()
    )
    return rules.same_issue(raised, n)


def _reposts(reading: _Reading, n: int, hours: int) -> rules.Figures | None:
    counts = reading.window(hours).values_list("counts", flat=True)
    return rules.reposts((_int(c.get("reposts")) for c in counts if c), n)


def _negative_mentions(reading: _Reading, n: int, hours: int) -> rules.Figures | None:
    negative = reading.window(hours).filter(sentiment__lte=NEGATIVE_AT).count()
    return rules.negative_mentions(negative, n)


def _press(reading: _Reading, n: int, hours: int) -> rules.Figures | None:
    """Press requests (:mod:`.press`) of the window, a near-duplicate counted once."""
    rows = (
        reading.window(hours)
        .filter(press.candidates(), duplicate_of__isnull=True)
        .order_by(Coalesce("published_at", "fetched_at").desc(), "-id")
        .values_list("title", "text", "author")
    )
    return rules.press_requests(press.requests(rows), n)


#: Each trigger kind's measure: (reading, N, H hours) -> the figures when it fires.
#: Every :class:`TriggerKind` has one (a test sees to it).
MEASURES: dict[str, Measure] = {
    TriggerKind.VOLUME_SPIKE: _volume_spike,
    TriggerKind.NEGATIVE_SURGE: _negative_surge,
    TriggerKind.AUTHOR_FOLLOWERS: _author_followers,
    TriggerKind.SAME_ISSUE: _same_issue,
    TriggerKind.REPOSTS_PER_HOUR: _reposts,
    TriggerKind.NEGATIVE_MENTIONS: _negative_mentions,
    TriggerKind.PRESS: _press,
}


def evaluate(workspace: Workspace, now: dt.datetime) -> list[Firing]:
    """Every trigger of the workspace's playbook that fires now, highest level first."""
    triggers = list(
        CrisisTrigger.objects.filter(level__workspace=workspace).select_related("level")
    )
    if not triggers:
        return []
    reading = _Reading(workspace, now)
    firings: list[Firing] = []
    for trigger in triggers:
        measure = MEASURES.get(trigger.kind)
        if measure is None:  # a kind removed from mostra, still in an old playbook
            continue
        hours = trigger.window_hours or 1
        figures = measure(reading, trigger.threshold, hours)
        if figures is not None:
            if trigger.kind in WINDOWED_KINDS:
                figures = {**figures, "hours": hours}
            firings.append(Firing(trigger, figures))
    firings.sort(key=lambda f: (-f.trigger.level.rank, f.trigger.pk))
    return firings


def _per_query_rule(
    kind: str, minimum: int, per_query: list[dict[str, int | str]]
) -> rules.Figures | None:
    weeks = range(1, BASELINE_WEEKS + 1)
    best: rules.Figures | None = None
    for row in per_query:
        if kind == TriggerKind.VOLUME_SPIKE:
            figures = rules.volume_spike(
                int(row["n0"]), [int(row[f"n{w}"]) for w in weeks], minimum
            )
        else:
            figures = rules.negative_surge(
                int(row["neg0"]),
                int(row["n0"]),
                sum(int(row[f"neg{w}"]) for w in weeks),
                sum(int(row[f"n{w}"]) for w in weeks),
                minimum,
            )
        if figures is not None and (best is None or _size(figures) > _size(best)):
            best = {"query": str(row["query"]), **figures}
    return best


def _size(figures: rules.Figures) -> float:
    return float(figures.get("count") or figures.get("negative") or 0)


def _value(value: object) -> int | str:
    return value if isinstance(value, int) else str(value)


def _int(value: object) -> int:
    return value if isinstance(value, int) and value > 0 else 0
