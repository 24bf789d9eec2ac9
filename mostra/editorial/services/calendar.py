"""What the calendar shows: posts as chips on local days, holidays and custom events.

:func:`month_grid` and :func:`week_grid` take a period and the filters and return plain
objects the templates render. The number of queries is fixed (posts with their pillar
and author in one, their variants in a second, events in a third) whatever the number
of posts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator

from mostra.core.models import Membership
from mostra.editorial.models import CalendarEvent, Post, PostStatus, PostVariant
from mostra.editorial.services.calendar_filters import CalendarFilters
from mostra.editorial.services.calendar_time import (
    Period,
    local_today,
    workspace_zone,
)
from mostra.editorial.services.holidays import holidays_between
from mostra.editorial.services.reschedule import can_move
from mostra.editorial.workflow import FINAL
from mostra.strategy import catalogue

#: Short marks for the networks, shown on chips (the full name is in the title).
NETWORK_MARKS: dict[str, str] = {
    "facebook": "f",
    "instagram": "IG",
    "linkedin": "in",
    "x": "X",
    "youtube": "YT",
    "tiktok": "TT",
    "snapchat": "SC",
    "pinterest": "P",
    "threads": "@",
    "bluesky": "BS",
    "mastodon": "M",
    "reddit": "R",
    "whatsapp": "WA",
    "dailymotion": "DM",
    "viadeo": "V",
}
HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
#: Hours the week view always shows; posts outside them widen the range.
WORKING_HOURS = (7, 21)


def url_or_blank(name: str, *args: object) -> str:
    """The URL, or "" while the page it names does not exist (yet)."""
    try:
        return reverse(name, args=list(args))
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class NetworkMark:
    code: str
    label: str
    mark: str


@dataclass
class Chip:
    """A post as the calendar shows it."""

    post: Post
    local: dt.datetime | None  # None: not planned yet
    networks: list[NetworkMark]
    summary: str
    pillar_colour: str
    movable: bool
    url: str
    move_url: str

    @property
    def time(self) -> str:
        return f"{self.local.hour:02d}:{self.local.minute:02d}" if self.local else ""

    @property
    def iso_date(self) -> str:
        return self.local.date().isoformat() if self.local else ""

    @property
    def iso(self) -> str:
        return self.local.isoformat() if self.local else ""

    @property
    def status_label(self) -> str:
        return PostStatus(self.post.status).label


@dataclass
class Day:
    date: dt.date
    in_period: bool = True
    today: bool = False
    past: bool = False
    holidays: list[str] = field(default_factory=list)
    events: list[CalendarEvent] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)

    @property
    def iso(self) -> str:
        return self.date.isoformat()

    def at_hour(self, hour: int) -> list[Chip]:
        return [c for c in self.chips if c.local and c.local.hour == hour]


def calendar_posts(membership: Membership, filters: CalendarFilters) -> QuerySet[Post]:
    """The workspace's posts, filtered, with what a chip needs in two queries."""
    variants = PostVariant.objects.only("id", "post_id", "network", "text", "position")
    posts = (
        Post.objects.for_workspace(membership.workspace)
        .select_related("pillar", "author")
        .only(
            "id",
            "workspace_id",
            "title",
            "status",
            "scheduled_at",
            "author_id",
            "author__display_name",
            "author__email",
            "pillar_id",
            "pillar__name",
            "pillar__color",
            "sensitive",
        )
        .prefetch_related(Prefetch("variants", queryset=variants))
    )
    return filters.apply(posts)


def make_chip(post: Post, membership: Membership, zone: ZoneInfo) -> Chip:
    slug = membership.workspace.slug
    variants = list(post.variants.all())
    text = next((v.text for v in variants if v.text.strip()), "")
    summary = post.title or Truncator(" ".join(text.split())).chars(60) or f"#{post.pk}"
    colour = post.pillar.color if post.pillar else ""
    movable = post.status not in FINAL and can_move(post, membership)
    return Chip(
        post=post,
        local=post.scheduled_at.astimezone(zone) if post.scheduled_at else None,
        networks=[
            NetworkMark(
                v.network, catalogue.network_label(v.network), NETWORK_MARKS.get(v.network, "·")
            )
            for v in variants
        ],
        summary=summary,
        pillar_colour=colour if HEX_COLOUR.match(colour or "") else "",
        movable=movable,
        url=url_or_blank("editorial:post", slug, post.pk),
        move_url=url_or_blank("editorial:reschedule", slug, post.pk) if movable else "",
    )


def events_between(membership: Membership, first: dt.date, last: dt.date) -> list[CalendarEvent]:
    return list(
        CalendarEvent.objects.filter(workspace=membership.workspace, starts_on__lte=last).filter(
            Q(ends_on__gte=first) | Q(ends_on__isnull=True, starts_on__gte=first)
        )
    )


def build_days(
    membership: Membership,
    period: Period,
    filters: CalendarFilters,
    *,
    in_period: tuple[dt.date, dt.date] | None = None,
    now: dt.datetime | None = None,
) -> list[Day]:
    """Every day of the period with its holidays, events and posts (local time)."""
    workspace = membership.workspace
    zone = workspace_zone(workspace)
    today = local_today(zone, now)
    inside = in_period or (period.first, period.last)
    days = {
        d: Day(d, in_period=inside[0] <= d <= inside[1], today=d == today, past=d < today)
        for d in period.days()
    }
    for day, names in holidays_between(workspace.country, period.first, period.last).items():
        days[day].holidays = names
    for event in events_between(membership, period.first, period.last):
        current = max(event.starts_on, period.first)
        while current <= min(event.last_day, period.last):
            days[current].events.append(event)
            current += dt.timedelta(days=1)
    start, end = period.bounds(zone)
    posts = calendar_posts(membership, filters).filter(
        scheduled_at__gte=start, scheduled_at__lt=end
    )
    for post in posts.order_by("scheduled_at", "id"):
        chip = make_chip(post, membership, zone)
        days[chip.local.date()].chips.append(chip)  # type: ignore[union-attr]
    return list(days.values())


def weeks_of(days: list[Day]) -> list[list[Day]]:
    return [days[i : i + 7] for i in range(0, len(days), 7)]


def hours_for(days: list[Day]) -> list[int]:
    """The hours the week view shows: working hours, widened to every post's hour."""
    low, high = WORKING_HOURS
    hours = [c.local.hour for d in days for c in d.chips if c.local]
    return list(range(min([low, *hours]), max([high, *hours]) + 1))
