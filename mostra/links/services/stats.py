"""Clicks over a period: per link, per day, per medium, per printed support, per post.

Read by the Links page, the CLI, the API, and (from above) the dashboard and reports.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Sum

from mostra.core.models import Workspace
from mostra.links.models import ClickDay, TrackedLink


@dataclass(frozen=True)
class LinkClicks:
    """One link's figures over the period (links without clicks included)."""

    link_id: int
    code: str
    label: str
    target: str
    medium: str
    campaign: str
    network: str
    support: str
    post_id: int | None
    clicks: int
    uniques: int
    #: Clicks per day of the period, every day present (0 when none).
    by_day: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class DayClicks:
    day: dt.date
    clicks: int
    uniques: int


@dataclass(frozen=True)
class GroupClicks:
    """Clicks of the links sharing a medium, a support, a post, a campaign."""

    key: str
    clicks: int
    uniques: int


@dataclass(frozen=True)
class ClickStats:
    start: dt.date
    end: dt.date
    links: list[LinkClicks]
    days: list[DayClicks]
    by_medium: list[GroupClicks]
    by_support: list[GroupClicks]
    by_post: list[GroupClicks]
    by_campaign: list[GroupClicks]

    @property
    def clicks(self) -> int:
        return sum(d.clicks for d in self.days)

    @property
    def uniques(self) -> int:
        """Daily unique visitors summed over the days (a visitor of two days counts twice)."""
        return sum(d.uniques for d in self.days)


def _groups(links: list[LinkClicks], key_of: Callable[[LinkClicks], object]) -> list[GroupClicks]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for link in links:
        key = key_of(link)
        if key:
            totals[str(key)][0] += link.clicks
            totals[str(key)][1] += link.uniques
    return sorted(
        (GroupClicks(k, c, u) for k, (c, u) in totals.items()), key=lambda g: (-g.clicks, g.key)
    )


def clicks(workspace: Workspace, start: dt.date, end: dt.date) -> ClickStats:
    """The workspace's clicks from ``start`` to ``end``, both included (two queries)."""
    if end < start:
        start, end = end, start
    span = (end - start).days + 1
    links = list(TrackedLink.objects.for_workspace(workspace).order_by("-created_at", "-id"))
    per_link: dict[int, list[int]] = {link.pk: [0] * span for link in links}
    uniques: dict[int, int] = defaultdict(int)
    day_totals: dict[dt.date, list[int]] = {
        start + dt.timedelta(days=i): [0, 0] for i in range(span)
    }
    rows = ClickDay.objects.filter(link__workspace=workspace, day__gte=start, day__lte=end)
    for link_id, day, count, unique in rows.values_list("link_id", "day", "clicks", "uniques"):
        per_link[link_id][(day - start).days] += count
        uniques[link_id] += unique
        day_totals[day][0] += count
        day_totals[day][1] += unique
    figures = [
        LinkClicks(
            link_id=link.pk,
            code=link.code,
            label=link.label,
            target=link.target,
            medium=link.utm_medium,
            campaign=link.utm_campaign,
            network=link.network,
            support=link.support,
            post_id=link.post_id,
            clicks=sum(per_link[link.pk]),
            uniques=uniques[link.pk],
            by_day=per_link[link.pk],
        )
        for link in links
    ]
    return ClickStats(
        start=start,
        end=end,
        links=figures,
        days=[DayClicks(d, c, u) for d, (c, u) in day_totals.items()],
        by_medium=_groups(figures, lambda f: f.medium),
        by_support=_groups(figures, lambda f: f.support),
        by_post=_groups(figures, lambda f: f.post_id),
        by_campaign=_groups(figures, lambda f: f.campaign),
    )


def post_clicks(post_id: int) -> int:
    """Every click ever counted on the links made for one post."""
    total = ClickDay.objects.filter(link__post_id=post_id).aggregate(n=Sum("clicks"))["n"]
    return int(total or 0)


@dataclass(frozen=True)
class ClickTotals:
    clicks: int
    uniques: int
    #: Links that had at least one click in the period.
    links_clicked: int
    #: Clicks per printed support (flyer, card, poster…), the most clicked first: which
    #: offline support brings visits.
    by_support: list[GroupClicks] = field(default_factory=list)


def totals(workspace: Workspace, start: dt.date, end: dt.date) -> ClickTotals:
    """The period's clicks of all the workspace's links, and per printed support (one
    query): the dashboard's and the report's."""
    rows = (
        ClickDay.objects.filter(link__workspace=workspace, day__gte=start, day__lte=end)
        .values("link_id", "link__support")
        .annotate(c=Sum("clicks"), u=Sum("uniques"))
    )
    per_link = [(r["link__support"], int(r["c"] or 0), int(r["u"] or 0)) for r in rows]
    supports: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for support, count, unique in per_link:
        if support:
            supports[support][0] += count
            supports[support][1] += unique
    return ClickTotals(
        clicks=sum(c for _s, c, _u in per_link),
        uniques=sum(u for _s, _c, u in per_link),
        links_clicked=sum(1 for _s, c, _u in per_link if c),
        by_support=sorted(
            (GroupClicks(k, c, u) for k, (c, u) in supports.items() if c),
            key=lambda g: (-g.clicks, g.key),
        ),
    )
