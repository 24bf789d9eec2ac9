"""What works on their pages: each account's most engaging posts and its formats.

For a period and a set of tracked accounts (the workspace's and its competitors'):

* the posts read are the accounts' **originals** (replies are conversations, reposts
  carry someone else's content) from every source mostra stores them from (imports,
  public profiles, what mostra published), and, for a competitor, the posts of its
  handle that listening found (:mod:`mostra.listening`) with their likes, replies and
  reposts, not already among its stored posts: they carry counts but no format;
* a post's engagement is the KPI catalogue's (:mod:`mostra.core.engagement`):
  a post whose likes, replies or reposts are unknown has no engagement, is never
  counted as 0, and is left out of the rankings and medians (counted apart);
* the **top posts** are ranked by engagement per 1,000 followers when the account's
  followers are known (its latest count on or before the period's last day, else the
  followers listening last saw), else by engagement: the same order within an account,
  a figure comparable between accounts;
* each account's best weekday and hour comes from best time to post
  (:func:`mostra.analytics.besttime.heatmap`, its last 12 months), not a second method;
* the **formats** table gives, per format and account, the number of posts, their
  share of the account's originals, and the median engagement of those with known
  counts; an account's best format is the one with the highest median among those
  with at least :data:`MIN_POSTS` posts with known engagement.

Everything is read in a fixed number of queries, whatever the number of posts: the
accounts with their followers (one), the posts' figures without their text (one), the
mentions (one), the top posts' cards (one); the best slots add one per account.
"""

from __future__ import annotations

import datetime as dt
import heapq
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Substr

from mostra.analytics.besttime import Slot, heatmap
from mostra.analytics.kpis import Period
from mostra.analytics.models import (
    AccountPost,
    FollowerCount,
    PostFormat,
    PostKind,
    TrackedAccount,
)
from mostra.core.engagement import (
    COUNTED,
    REQUIRED,
    engagement_expression,
    engagements,
)
from mostra.listening.models import Mention

#: Posts with known engagement a format (or an account) needs before its median is
#: compared: below it, the page says "not enough posts".
MIN_POSTS = 5
#: The posts shown per account.
TOP = 5
#: Characters of a post's text kept for its card.
EXCERPT = 280
#: The format of a post whose source does not say.
UNKNOWN = "unknown"
#: The formats' order in the table (unknown last).
FORMATS = [*PostFormat.values, UNKNOWN]
#: Where a post was read, as the page says it.
LISTENING = "listening"
#: The kinds of listening items that are a competitor's own post.
MENTION_KINDS = ("post", "quote")


@dataclass
class Card:
    """One post as its card shows it."""

    account_id: int
    published_at: dt.datetime
    text: str
    url: str
    format: str  # a PostFormat value or UNKNOWN
    source: str  # a PostSource value or LISTENING
    counts: dict[str, int | None]
    engagements: int | None
    #: Engagements per 1,000 followers; None when the followers are unknown.
    per_thousand: float | None = None
    #: The network's id of the post (a listening item's guid), to find it twice.
    network_id: str = ""


@dataclass(slots=True)
class Item:
    """One post as the figures read it: its card is read only if it ranks."""

    account_id: int
    format: str
    source: str
    engagements: int | None
    #: The stored post's id, or the listening item's card.
    ref: int | Card


@dataclass
class FormatCell:
    posts: int = 0
    #: Posts of this format whose engagement is known.
    measured: int = 0
    median: float | None = None
    share: float | None = None
    best: bool = False

    @property
    def enough(self) -> bool:
        return self.measured >= MIN_POSTS


@dataclass
class Column:
    """One account's figures."""

    account: TrackedAccount
    followers: int | None = None
    followers_date: dt.date | None = None
    #: "counts" (mostra's follower counts), "listening", or "" (unknown).
    followers_source: str = ""
    posts: int = 0
    measured: int = 0
    median: float | None = None
    top: list[Card] = field(default_factory=list)
    formats: dict[str, FormatCell] = field(default_factory=dict)
    best_format: str | None = None
    sources: dict[str, int] = field(default_factory=dict)
    #: The best weekday × hour of the account's own last 12 months (best time to
    #: post's heatmap); None when it has too little history for one.
    best_slot: Slot | None = None

    @property
    def enough(self) -> bool:
        return self.measured >= MIN_POSTS

    @property
    def ranked_by_followers(self) -> bool:
        return self.followers is not None and self.followers > 0


@dataclass
class TheirPages:
    period: Period
    columns: list[Column]
    min_posts: int = MIN_POSTS

    @property
    def formats(self) -> list[str]:
        """The formats at least one account posted, in :data:`FORMATS` order."""
        used = {code for c in self.columns for code, cell in c.formats.items() if cell.posts}
        return [code for code in FORMATS if code in used]

    def ours(self) -> list[Column]:
        return [c for c in self.columns if not c.account.is_competitor]

    def theirs(self) -> list[Column]:
        return [c for c in self.columns if c.account.is_competitor]


def build(
    accounts: Sequence[TrackedAccount], period: Period, time_zone: str, *, slots: bool = True
) -> TheirPages:
    """The figures of ``accounts`` (read with :func:`with_followers`) over ``period``;
    with ``slots``, each account's best slot too (one more query per account).

    Steps: read every post's account, date, format, source and engagements (one query,
    no text); add the competitors' listening items not stored already (one query);
    per account, count and take the medians, keep the top items; read the cards of
    the stored posts among them (one query); the best slots."""
    start, end = period.bounds(time_zone)
    columns = {a.pk: _column(a) for a in accounts}
    items: dict[int, list[Item]] = {pk: [] for pk in columns}
    for item in _posts(list(columns), start, end):
        items[item.account_id].append(item)
    competitors = [a for a in accounts if a.is_competitor]
    if competitors:
        for item in _mentions(competitors, start, end):
            items[item.account_id].append(item)
    tops = {pk: _fill(column, items[pk]) for pk, column in columns.items()}
    _cards(columns, tops)
    if slots:
        for column in columns.values():
            found = heatmap(column.account, today=period.end)
            column.best_slot = next(iter(found.top(1)), None) if found.basis == "own" else None
    return TheirPages(period, list(columns.values()))


def with_followers(accounts: Any, last_day: dt.date) -> list[TrackedAccount]:
    """The accounts (a queryset) with their latest follower count on or before
    ``last_day`` and its date (``followers_count``, ``followers_on``): one query."""
    latest = FollowerCount.objects.filter(account=OuterRef("pk"), date__lte=last_day).order_by(
        "-date"
    )
    return list(
        accounts.select_related("workspace").annotate(
            followers_count=Subquery(latest.values("followers")[:1], output_field=IntegerField()),
            followers_on=Subquery(latest.values("date")[:1]),
        )
    )


def _column(account: TrackedAccount) -> Column:
    followers = getattr(account, "followers_count", None)
    if followers is None:
        return Column(account)
    return Column(account, followers, getattr(account, "followers_on", None), "counts")


def _posts(pks: list[int], start: dt.datetime, end: dt.datetime) -> Iterable[Item]:
    """The period's originals of the accounts, their engagements computed in SQL (NULL
    when unknown), without their text (read for the top ones only)."""
    rows = (
        AccountPost.objects.filter(
            account_id__in=pks,
            kind=PostKind.ORIGINAL,
            published_at__gte=start,
            published_at__lt=end,
        )
        .annotate(engaged=engagement_expression())
        .order_by()
        .values_list("id", "account_id", "format", "source", "engaged")
    )
    for pk, account_id, code, source, engaged in rows:
        yield Item(account_id, code or UNKNOWN, source, engaged, pk)


def _mentions(
    competitors: list[TrackedAccount], start: dt.datetime, end: dt.datetime
) -> Iterable[Item]:
    """The competitors' own posts found by listening (their handle on their network),
    unless stored already as one of their posts (the item's id is the post's)."""
    by_author: dict[tuple[str, str], TrackedAccount] = {}
    wanted = Q()
    for account in competitors:
        handle = account.handle.lower()
        by_author[(account.network, handle)] = account
        wanted |= Q(network=account.network, author__iexact=handle)
        wanted |= Q(network=account.network, author__iexact=f"@{handle}")
    stored = AccountPost.objects.filter(
        account_id__in=[a.pk for a in competitors], network_id=OuterRef("guid")
    )
    rows = (
        Mention.objects.filter(
            wanted,
            workspace_id=competitors[0].workspace_id,
            kind__in=MENTION_KINDS,
            duplicate_of__isnull=True,
            published_at__gte=start,
            published_at__lt=end,
        )
        .exclude(Exists(stored))
        .annotate(excerpt=Substr("text", 1, EXCERPT + 1))
        .order_by()
        .values_list(
            "network",
            "author",
            "guid",
            "published_at",
            "excerpt",
            "url",
            "counts",
            "author_followers",
        )
    )
    for network, author, guid, at, text, url, counts, followers in rows:
        found = by_author.get((network, author.lower().lstrip("@")))
        if found is None or at is None:
            continue
        account = found
        numbers = {name: _count(counts, name) for name in COUNTED}
        if followers is not None and getattr(account, "followers_count", None) is None:
            account.listening_followers = followers  # type: ignore[attr-defined]
        engaged = engagements(numbers)
        if engaged is None:  # read only where it carries engagement figures
            continue
        card = Card(
            account.pk, at, text, url or "", UNKNOWN, LISTENING, numbers, engaged, network_id=guid
        )
        yield Item(account.pk, UNKNOWN, LISTENING, engaged, card)


def _count(counts: Any, name: str) -> int | None:
    value = counts.get(name) if isinstance(counts, dict) else None
    return value if isinstance(value, int) and value >= 0 else None


def _fill(column: Column, items: list[Item]) -> list[Item]:
    """The column's counts, medians and formats from its items; its top items."""
    if column.followers is None:
        seen = getattr(column.account, "listening_followers", None)
        if seen is not None:
            column.followers, column.followers_source = seen, LISTENING
    column.posts = len(items)
    by_format: dict[str, list[Item]] = {}
    measured: list[Item] = []
    for item in items:
        column.sources[item.source] = column.sources.get(item.source, 0) + 1
        by_format.setdefault(item.format, []).append(item)
        if item.engagements is not None:
            measured.append(item)
    column.measured = len(measured)
    if measured:
        column.median = statistics.median(i.engagements or 0 for i in measured)
    for code in FORMATS:
        found = by_format.get(code, [])
        values = [i.engagements for i in found if i.engagements is not None]
        column.formats[code] = FormatCell(
            posts=len(found),
            measured=len(values),
            median=statistics.median(values) if values else None,
            share=len(found) / len(items) if items else None,
        )
    candidates = [
        (cell.median or 0, code)
        for code, cell in column.formats.items()
        if code != UNKNOWN and cell.enough
    ]
    if candidates:
        column.best_format = max(candidates, key=lambda pair: (pair[0], -FORMATS.index(pair[1])))[1]
        column.formats[column.best_format].best = True
    # The most engaging first; on a tie, the post stored first (listening's last).
    return heapq.nlargest(TOP, measured, key=_rank)


def _rank(item: Item) -> tuple[int, int]:
    return item.engagements or 0, -item.ref if isinstance(item.ref, int) else -(2**62)


def _cards(columns: dict[int, Column], tops: dict[int, list[Item]]) -> None:
    """Each column's top cards: the stored posts' read in one query, the listening
    items' as they came; per 1,000 followers where the followers are known."""
    ids = [item.ref for top in tops.values() for item in top if isinstance(item.ref, int)]
    stored: dict[int, Card] = {}
    if ids:
        rows = (
            AccountPost.objects.filter(pk__in=ids)
            .annotate(excerpt=Substr("text", 1, EXCERPT + 1))
            .values_list("id", "network_id", "published_at", "excerpt", "url", *COUNTED)
        )
        for pk, network_id, at, text, url, *numbers in rows:
            counts = dict(zip(COUNTED, numbers, strict=True))
            stored[pk] = Card(0, at, text, url, "", "", counts, None, network_id=network_id)
    for pk, column in columns.items():
        for item in tops[pk]:
            if isinstance(item.ref, Card):
                card = item.ref
            else:
                card = stored[item.ref]
                card.account_id = item.account_id
                card.format, card.source = item.format, item.source
                card.engagements = item.engagements
            if column.ranked_by_followers and card.engagements is not None:
                card.per_thousand = card.engagements * 1000 / (column.followers or 1)
            if len(card.text) > EXCERPT:
                card.text = card.text[:EXCERPT] + "…"
            column.top.append(card)


def ratio(column: Column, code: str, baseline: str = PostFormat.TEXT.value) -> float | None:
    """The median engagement of ``code`` posts over ``baseline`` posts' (both with at
    least :data:`MIN_POSTS` measured posts, the baseline's median above 0), else None."""
    first, second = column.formats.get(code), column.formats.get(baseline)
    if first is None or second is None or not (first.enough and second.enough):
        return None
    if not second.median or first.median is None:
        return None
    return first.median / second.median


__all__ = [
    "FORMATS",
    "LISTENING",
    "MIN_POSTS",
    "REQUIRED",
    "TOP",
    "UNKNOWN",
    "Card",
    "Column",
    "FormatCell",
    "TheirPages",
    "build",
    "ratio",
    "with_followers",
]
