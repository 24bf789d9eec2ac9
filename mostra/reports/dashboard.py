"""The team dashboard's figures: per network, per pillar and tactic, top and flop posts.

Everything is read from the measured posts (:class:`AccountPost`) and follower counts of
the workspace's *own* accounts (competitors are on the comparison page), over one
period, in a fixed number of aggregate queries whatever the number of accounts and
posts: the accounts with their follower counts at both ends, one aggregate per network
and one for the weekly volume over the accounts' daily sums (:class:`AccountDay`: their
cost follows the period's days, not its posts), one per pillar and one per tactic over
the posts linked to a mostra post, two for the top and flop (the posts themselves: a
best post is a post, ranked in SQL).

Engagement is the KPI catalogue's (:mod:`mostra.core.engagement`), received
by the account's own posts (originals and replies: a repost's counts belong to someone
else). A post whose engagement is unknown (its likes, replies or reposts not given by
the source) is left out of the engagement figures, the top and the flop — never counted
as 0, shown "—" where nothing is known — and "which tactics work" is the mean engagement
per measured post of each tactic, with the mean engagement rate by reach when the source
gives a reach.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Cast

from mostra.analytics.kpis import Period
from mostra.analytics.kpis.aggregate import WITH_REACH
from mostra.analytics.models import (
    AccountDay,
    AccountPost,
    FollowerCount,
    PostKind,
    TrackedAccount,
)
from mostra.core import charts
from mostra.core.engagement import ENGAGED, ENGAGEMENTS
from mostra.core.models import Workspace
from mostra.editorial.models import Post
from mostra.strategy.catalogue import network_label

OWN_POSTS = ~Q(kind=PostKind.REPOST)
#: The catalogue's engagement rate by reach, post by post (its engagements, its posts).
RATE = ExpressionWrapper(
    Cast(ENGAGEMENTS, FloatField()) / Cast(F("reach"), FloatField()), output_field=FloatField()
)
TOP = 5
#: At most this many points on the weekly chart (three years of weeks).
MAX_BUCKETS = 156


@dataclass
class NetworkFigures:
    network: str
    accounts: int = 0
    posts: int = 0
    originals: int = 0
    replies: int = 0
    reposts: int = 0
    reach: int | None = None
    impressions: int | None = None
    engagement: int | None = None
    measured_posts: int = 0
    #: Originals whose engagement is unknown: not in the top nor the flop.
    unranked: int = 0
    followers: int | None = None
    #: Followers gained in the period by the accounts counted on two days within it.
    growth: int | None = None

    @property
    def label(self) -> str:
        return network_label(self.network)

    @property
    def engagement_per_post(self) -> float | None:
        if self.engagement is None or not self.measured_posts:
            return None
        return self.engagement / self.measured_posts

    @property
    def partly_measured(self) -> bool:
        """Some own posts have their engagement known, others not."""
        return 0 < self.measured_posts < self.originals + self.replies


@dataclass
class GroupFigures:
    """A pillar's or a tactic's posts in the period and how they fared."""

    name: str
    posts: int
    measured_posts: int
    engagement: int | None
    mean_rate: float | None

    @property
    def engagement_per_post(self) -> float | None:
        if self.engagement is None or not self.measured_posts:
            return None
        return self.engagement / self.measured_posts

    @property
    def rate_shown(self) -> str:
        return "—" if self.mean_rate is None else charts.percent(self.mean_rate, 1)


@dataclass
class PostLine:
    post: AccountPost
    engagement: int

    @property
    def excerpt(self) -> str:
        text = " ".join(self.post.text.split())
        return text if len(text) <= 140 else text[:139].rstrip() + "…"

    @property
    def network(self) -> str:
        return network_label(self.post.account.network)


@dataclass(frozen=True)
class Week:
    """The posts of one week (or of the days of it within the period)."""

    start: dt.date
    days: int
    posts: int

    @property
    def rate(self) -> float:
        """Posts per week, for a week cut by the period's edges too."""
        return self.posts * 7 / self.days


@dataclass
class Dashboard:
    workspace: Workspace
    period: Period
    accounts: list[TrackedAccount]
    networks: list[NetworkFigures] = field(default_factory=list)
    pillars: list[GroupFigures] = field(default_factory=list)
    tactics: list[GroupFigures] = field(default_factory=list)
    unlinked_posts: int = 0
    top: list[PostLine] = field(default_factory=list)
    flop: list[PostLine] = field(default_factory=list)
    weekly: list[Week] = field(default_factory=list)

    @property
    def posts(self) -> int:
        return sum(n.posts for n in self.networks)

    @property
    def has_posts(self) -> bool:
        return self.posts > 0

    @property
    def unranked(self) -> int:
        """Originals left out of the top and the flop: their engagement is unknown."""
        return sum(n.unranked for n in self.networks)


def own_accounts(workspace: Workspace, period: Period) -> list[TrackedAccount]:
    """The own accounts, each with its follower count at the end and start (one query).

    ``followers_end``: the latest count on or before the period's last day;
    ``followers_start``: the first count within the period (with their days, ``end_day``
    and ``start_day``: growth needs two different days).
    """
    counts = FollowerCount.objects.filter(account=OuterRef("pk"))
    end = counts.filter(date__lte=period.end).order_by("-date")
    start = counts.filter(date__gte=period.start, date__lte=period.end).order_by("date")
    return list(
        TrackedAccount.objects.filter(workspace=workspace, is_competitor=False)
        .annotate(
            followers_end=Subquery(end.values("followers")[:1]),
            followers_start=Subquery(start.values("followers")[:1]),
            end_day=Subquery(end.values("date")[:1]),
            start_day=Subquery(start.values("date")[:1]),
        )
        .order_by("network", "handle")
    )


def period_posts(accounts: list[TrackedAccount], period: Period, time_zone: str) -> QuerySet:
    start, end = period.bounds(time_zone)
    return AccountPost.objects.filter(
        account__in=[a.pk for a in accounts], published_at__gte=start, published_at__lt=end
    )


def _per_network(accounts: list[TrackedAccount], period: Period) -> list[NetworkFigures]:
    """Posts, counts and engagement per network, from the accounts' daily sums (one
    query over days × accounts rows, whatever the number of posts)."""
    found: dict[str, NetworkFigures] = {}
    for account in accounts:
        one = found.setdefault(account.network, NetworkFigures(account.network))
        one.accounts += 1
        end, start = account.followers_end, account.followers_start  # type: ignore[attr-defined]
        if end is not None:
            one.followers = (one.followers or 0) + end
        first, last = account.start_day, account.end_day  # type: ignore[attr-defined]
        if start is not None and first is not None and last is not None and first < last:
            one.growth = (one.growth or 0) + end - start
    rows = (
        AccountDay.objects.filter(
            account__in=[a.pk for a in accounts], day__gte=period.start, day__lte=period.end
        )
        .order_by()
        .values("account__network")
        .annotate(
            originals=Sum("originals"),
            replies_n=Sum("replies_written"),
            reposts_n=Sum("reposts_made"),
            reach_sum=Sum("sum_reach"),
            reach_carried=Sum("carried_reach"),
            impressions_sum=Sum("sum_impressions"),
            impressions_carried=Sum("carried_impressions"),
            engagement=Sum("engagements"),
            measured=Sum("engaged_posts"),
            ranked=Sum("engaged_originals"),
        )
    )
    for row in rows:
        one = found.setdefault(row["account__network"], NetworkFigures(row["account__network"]))
        one.originals, one.replies, one.reposts = (
            int(row[name] or 0) for name in ("originals", "replies_n", "reposts_n")
        )
        one.posts = one.originals + one.replies + one.reposts
        # A sum no own post carries is unknown, not 0 (as SUM over no value is NULL).
        one.reach = int(row["reach_sum"]) if row["reach_carried"] else None
        one.impressions = int(row["impressions_sum"]) if row["impressions_carried"] else None
        one.measured_posts = int(row["measured"] or 0)
        one.engagement = int(row["engagement"] or 0) if one.measured_posts else None
        one.unranked = one.originals - int(row["ranked"] or 0)
    return sorted(found.values(), key=lambda n: (-n.posts, n.label))


def _per_group(posts: QuerySet, key: str, name: str) -> list[GroupFigures]:
    """Posts linked to a mostra post, grouped by its pillar or tactic, best first."""
    rows = (
        posts.filter(OWN_POSTS, **{f"{key}__isnull": False})
        .values(key, name)
        .annotate(
            n=Count("id"),
            measured=Count("id", filter=ENGAGED),
            engagement=Sum(ENGAGEMENTS, filter=ENGAGED),
            rate=Avg(RATE, filter=WITH_REACH),
        )
        .order_by(key)
    )
    groups = [
        GroupFigures(row[name] or "", row["n"], row["measured"], row["engagement"], row["rate"])
        for row in rows
    ]
    return sorted(
        groups,
        key=lambda g: (g.engagement_per_post is None, -(g.engagement_per_post or 0), g.name),
    )


#: Beyond this many candidate days (one day's ties across many accounts), the top or
#: flop reads every post of the period rather than a long OR of days.
MAX_CANDIDATE_DAYS = 60


def _candidates(
    accounts: list[TrackedAccount], period: Period, posts: QuerySet, column: str, zone: str
) -> QuerySet:
    """The posts of the days that can hold the top (``column`` "best_engagement") or
    the flop ("worst_engagement") originals.

    The days' sums keep each day's most and least engaging original. Order the days by
    (maximum, day), both descending, and let (T, D) be the TOP-th: TOP days each hold a
    post of at least T, published on day D or later, so a post of a day whose maximum is
    below T, or equal to T but before D, has TOP posts ranked before it (more engaging,
    or as engaging and later: the top's order). The top's posts are on the other days:
    a handful (ties on the same day across accounts aside) read instead of the whole
    period. The flop likewise with the minima, ascending, latest day first.

    The candidates are read by their days' ranges alone (each within the period): with
    the period's range beside them, PostgreSQL without fresh statistics (right after an
    import, before autovacuum's ANALYZE) scanned the year's posts on that range (370 of
    427 ms of the page at 200,000 posts) instead of a few index ranges.
    """
    days = AccountDay.objects.filter(
        account__in=[a.pk for a in accounts],
        day__gte=period.start,
        day__lte=period.end,
        **{f"{column}__isnull": False},
    )
    top = column == "best_engagement"
    # The days in the order of their witness post: the top's (most, latest), the flop's
    # (least, latest); the TOP-th day's (value, day) bounds the days that can compete.
    ranked = list(
        days.order_by(f"-{column}" if top else column, "-day").values_list(column, "day")[:TOP]
    )
    if not ranked:
        return posts.none()
    value, last_day = ranked[-1]
    beyond = {f"{column}__gt" if top else f"{column}__lt": value}
    chosen = list(
        days.filter(Q(**beyond) | Q(**{column: value, "day__gte": last_day})).values_list(
            "account_id", "day"
        )[: MAX_CANDIDATE_DAYS + 1]
    )
    if len(chosen) > MAX_CANDIDATE_DAYS:
        return posts
    tz = zoneinfo.ZoneInfo(zone or "UTC")
    within = Q()
    for account_id, day in chosen:
        start = dt.datetime.combine(day, dt.time(), tzinfo=tz)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        within |= Q(account_id=account_id, published_at__gte=start, published_at__lt=end)
    return AccountPost.objects.filter(within)


def _extremes(
    accounts: list[TrackedAccount], period: Period, posts: QuerySet, zone: str
) -> tuple[list[PostLine], list[PostLine]]:
    """The TOP most and least engaging originals, read from the days that can hold them
    (:func:`_candidates`)."""

    def originals(column: str) -> QuerySet:
        return (
            _candidates(accounts, period, posts, column, zone)
            .filter(ENGAGED, kind=PostKind.ORIGINAL)
            .annotate(engagement=ENGAGEMENTS)
            .select_related("account")
        )

    top = list(originals("best_engagement").order_by("-engagement", "-published_at")[:TOP])
    flop = list(originals("worst_engagement").order_by("engagement", "-published_at")[:TOP])
    top_ids = {p.pk for p in top}
    return (
        [PostLine(p, p.engagement) for p in top],
        [PostLine(p, p.engagement) for p in flop if p.pk not in top_ids],
    )


def _weekly(accounts: list[TrackedAccount], period: Period) -> list[Week]:
    """Posts per week (from Monday), every week of the period, empty ones as 0.

    One query over the accounts' daily sums, the posts of each day (days × accounts
    rows at most), put in their week here. Weeks cut by the period's edges keep their
    days, so their rate per week is not a false dip; periods over three years are read
    by buckets of several weeks, still shown as a rate per week.
    """
    first = period.start - dt.timedelta(days=period.start.weekday())
    weeks = (period.end - first).days // 7 + 1
    size = 7 * -(-weeks // MAX_BUCKETS)
    buckets: list[tuple[dt.date, dt.date]] = []
    day = first
    while day <= period.end:
        start, end = max(day, period.start), min(day + dt.timedelta(days=size - 1), period.end)
        buckets.append((start, end))
        day += dt.timedelta(days=size)
    rows = (
        AccountDay.objects.filter(
            account__in=[a.pk for a in accounts], day__gte=period.start, day__lte=period.end
        )
        .order_by()
        .values("day")
        .annotate(n=Sum(F("originals") + F("replies_written") + F("reposts_made")))
        .values_list("day", "n")
    )
    found = [0] * len(buckets)
    for day, n in rows:
        found[(day - first).days // size] += int(n or 0)
    return [Week(s, (e - s).days + 1, n) for (s, e), n in zip(buckets, found, strict=True)]


def gather(workspace: Workspace, period: Period) -> Dashboard:
    """The dashboard's figures for the workspace's own accounts over ``period``.

    Steps: the accounts and their follower counts; then, over their posts published in
    the period (read in the workspace's time zone), the per-network aggregate, the
    pillars, the tactics, the top and flop originals and the weekly volume.
    """
    accounts = own_accounts(workspace, period)
    board = Dashboard(workspace, period, accounts)
    if not accounts:
        return board
    posts = period_posts(accounts, period, workspace.timezone)
    board.networks = _per_network(accounts, period)
    if not board.has_posts:
        return board
    linked = _linked(workspace, posts)
    board.pillars = _per_group(linked, "post__pillar", "post__pillar__name")
    board.tactics = _per_tactic(linked)
    board.top, board.flop = _extremes(accounts, period, posts, workspace.timezone)
    board.weekly = _weekly(accounts, period)
    return board


#: Beyond this many editorial posts with a pillar or a tactic, the pillars and tactics
#: are read by joining the period's posts (one IN list of ids would grow with them).
MAX_LINKED = 5000


def _linked(workspace: Workspace, posts: QuerySet) -> QuerySet:
    """The period's posts published by mostra from a post with a pillar or a tactic, read
    through the ids of those posts (one query; the measured posts' link is indexed), so
    that a year of imported posts, which have neither, is not read to find none."""
    ids = list(
        Post.objects.filter(Q(pillar__isnull=False) | Q(tactic__isnull=False), workspace=workspace)
        .order_by()
        .values_list("pk", flat=True)[: MAX_LINKED + 1]
    )
    return posts if len(ids) > MAX_LINKED else posts.filter(post_id__in=ids)


def _per_tactic(posts: QuerySet) -> list[GroupFigures]:
    """Tactics are named by their title, or their key when they have none."""
    name = Case(
        When(post__tactic__title="", then=F("post__tactic__key")),
        default=F("post__tactic__title"),
    )
    return _per_group(posts.annotate(tactic_name=name), "post__tactic", "tactic_name")


def chart_data(board: Dashboard) -> dict[str, Any]:
    """The series the dashboard draws (kept apart from the SVG for the tests)."""
    return {
        "weekly": [(week.start, week.rate) for week in board.weekly],
        "engagement": [(n.label, n.engagement_per_post) for n in board.networks if n.posts],
        "tactics": [(t.name, t.engagement_per_post) for t in board.tactics],
    }
