"""What the listening KPIs count, day by day: the brand's mentions, their sentiment and
reach, each competitor's mentions, and the inbox's response times.

A mention belongs to the day it was published (the day it was fetched when its source
gave no date), in the workspace's time zone. Near-duplicates count once: a mention
folded into an earlier one (:attr:`Mention.duplicate_of`) is left out. The brand's
mentions are those matching at least one own-brand query; a competitor's are those
matching its query (one competitor per query of the group "competitors"): a mention
naming the brand and a competitor counts for both.

A mention's sentiment is its score's label in its language (the enrichment's
thresholds, ±0.05 of VADER's compound), else the label the tool it was imported from
gave it; a mention with neither is *unscored*, left out of the net sentiments (their
value then says how many mentions they cover).

Queries: :func:`daily` reads three (the brand's mentions per day, the competitors' per
day and query, the queries), :func:`response_hours` one, whatever the number of mentions.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, TruncDate

from mostra.core.models import Workspace
from mostra.listening.enrichment.sentiment import THRESHOLDS, VADER_THRESHOLDS
from mostra.listening.models import ListeningQuery, Mention, QueryGroup

Through = Mention.matched_queries.through


@dataclass
class Tally:
    """The counts over some days (one day, or a window summed)."""

    brand: int = 0
    positive: int = 0
    negative: int = 0
    neutral: int = 0
    #: Followers summed over the brand's mentions whose author's audience is known.
    reach: int = 0
    reach_known: int = 0
    #: Competitor query id → its mentions.
    competitors: Counter[int] = field(default_factory=Counter)

    @property
    def scored(self) -> int:
        return self.positive + self.negative + self.neutral

    def add(self, other: Tally) -> None:
        self.brand += other.brand
        self.positive += other.positive
        self.negative += other.negative
        self.neutral += other.neutral
        self.reach += other.reach
        self.reach_known += other.reach_known
        self.competitors.update(other.competitors)


@dataclass(frozen=True)
class Setup:
    """The workspace's queries: which groups it has, and its competitors by query id."""

    groups: frozenset[str]
    competitors: dict[int, str]

    def has(self, groups: Iterable[str]) -> bool:
        """Whether every group is there (no group named: any query)."""
        wanted = tuple(groups)
        return all(g in self.groups for g in wanted) if wanted else bool(self.groups)


def setup(workspace: Workspace) -> Setup:
    """The workspace's query groups and competitor queries (one query)."""
    rows = list(
        ListeningQuery.objects.filter(workspace=workspace).values_list("id", "name", "group")
    )
    return Setup(
        groups=frozenset(group for _id, _name, group in rows),
        competitors={pk: name for pk, name, group in rows if group == QueryGroup.COMPETITOR},
    )


def _label(positive: bool) -> Q:
    """Mentions whose score reads positive (or negative) in their language, or, without
    a score, whose imported label says so."""
    condition = Q(pk__in=[])
    known = list(THRESHOLDS)
    for lang, cut in [*THRESHOLDS.items(), ("", VADER_THRESHOLDS)]:
        where = Q(lang=lang) if lang else ~Q(lang__in=known)
        score = Q(sentiment__gte=cut.positive) if positive else Q(sentiment__lte=cut.negative)
        condition |= where & score
    word = "positive" if positive else "negative"
    return condition | Q(sentiment__isnull=True, declared_sentiment=word)


POSITIVE = _label(True)
NEGATIVE = _label(False)
SCORED = Q(sentiment__isnull=False) | Q(declared_sentiment__in=["positive", "negative", "neutral"])


def _bounds(start: dt.date, end: dt.date, zone: str) -> tuple[dt.datetime, dt.datetime]:
    tz = zoneinfo.ZoneInfo(zone or "UTC")
    first = dt.datetime.combine(start, dt.time(), tzinfo=tz)
    return first, dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz)


def daily(
    workspace: Workspace, start: dt.date, end: dt.date, found: Setup | None = None
) -> tuple[Setup, dict[dt.date, Tally]]:
    """The workspace's setup and its tallies per day from ``start`` to ``end``
    (included), days without a mention absent."""
    found = found or setup(workspace)
    zone = workspace.timezone or "UTC"
    tz = zoneinfo.ZoneInfo(zone)
    low, high = _bounds(start, end, zone)
    days: dict[dt.date, Tally] = {}
    if QueryGroup.BRAND in found.groups:
        brand = Through.objects.filter(
            mention_id=OuterRef("pk"), listeningquery__group=QueryGroup.BRAND
        )
        rows = (
            Mention.objects.filter(workspace=workspace, duplicate_of__isnull=True)
            .annotate(at=Coalesce("published_at", "fetched_at"))
            .filter(at__gte=low, at__lt=high)
            .filter(Exists(brand))
            .annotate(day=TruncDate("at", tzinfo=tz))
            .values("day")
            .annotate(
                n=Count("id"),
                positive=Count("id", filter=POSITIVE),
                negative=Count("id", filter=NEGATIVE),
                scored=Count("id", filter=SCORED),
                reach=Sum("author_followers"),
                reach_known=Count("author_followers"),
            )
            .order_by()
        )
        for row in rows:
            days[row["day"]] = Tally(
                brand=row["n"],
                positive=row["positive"],
                negative=row["negative"],
                neutral=row["scored"] - row["positive"] - row["negative"],
                reach=row["reach"] or 0,
                reach_known=row["reach_known"],
            )
    if found.competitors:
        # The stubs cannot follow annotations on an auto-created through model.
        per_query = (
            Through.objects.filter(  # type: ignore[misc]
                listeningquery_id__in=list(found.competitors),
                mention__duplicate_of__isnull=True,
            )
            .annotate(at=Coalesce("mention__published_at", "mention__fetched_at"))
            .filter(at__gte=low, at__lt=high)
            .annotate(day=TruncDate("at", tzinfo=tz))
            .values("day", "listeningquery_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in per_query:
            tally = days.setdefault(row["day"], Tally())
            tally.competitors[row["listeningquery_id"]] += row["n"]
    return found, days


def summed(days: dict[dt.date, Tally], start: dt.date, end: dt.date) -> Tally:
    """The tallies of the days from ``start`` to ``end`` (included) added up."""
    total = Tally()
    for day, tally in days.items():
        if start <= day <= end:
            total.add(tally)
    return total


def response_hours(
    workspace: Workspace, start: dt.date, end: dt.date
) -> list[tuple[dt.date, float]]:
    """(the day it was answered, hours to the answer) of every mention first handled or
    ignored from ``start`` to ``end`` (included), read as
    :func:`mostra.listening.services.response.median_response_hours` reads them."""
    zone = workspace.timezone or "UTC"
    tz = zoneinfo.ZoneInfo(zone)
    low, high = _bounds(start, end, zone)
    pairs = (
        Mention.objects.filter(workspace=workspace, responded_at__gte=low, responded_at__lt=high)
        .annotate(start=Coalesce("published_at", "fetched_at"))
        .values_list("start", "responded_at")
    )
    return [
        (answered.astimezone(tz).date(), max(0.0, (answered - begun).total_seconds() / 3600))
        for begun, answered in pairs
        if answered is not None
    ]
