"""What the calendar shows: posts as chips on local days, holidays and custom events.

:func:`build_days` takes a period and the filters and returns plain objects the
templates render. The number of queries is fixed (posts with their pillar and author in
one, their variants in a second, events in a third) whatever the number of posts;
holidays are computed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from mostra.core.models import Membership
from mostra.editorial.models import CalendarEvent, Post
from mostra.editorial.services.calendar_chips import FIELDS, Chip, make_chips
from mostra.editorial.services.calendar_filters import CalendarFilters
from mostra.editorial.services.calendar_time import (
    Period,
    local_today,
    workspace_zone,
)
from mostra.editorial.services.holidays import holidays_between

#: Hours the week view always shows; posts outside them widen the range.
WORKING_HOURS = (7, 21)


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


def calendar_posts(
    membership: Membership, filters: CalendarFilters
) -> QuerySet[Post, dict[str, Any]]:
    """The workspace's posts, filtered, as rows with what a chip needs (one query);
    replies to conversations are not part of the plan."""
    posts = Post.objects.for_workspace(membership.workspace).filter(is_reply=False)
    return filters.apply(posts).values(*FIELDS)


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
    for chip in make_chips(posts.order_by("scheduled_at", "id"), membership, zone):
        days[chip.local.date()].chips.append(chip)  # type: ignore[union-attr]
    return list(days.values())


def weeks_of(days: list[Day]) -> list[list[Day]]:
    return [days[i : i + 7] for i in range(0, len(days), 7)]


def hours_for(days: list[Day]) -> list[int]:
    """The hours the week view shows: working hours, widened to every post's hour."""
    low, high = WORKING_HOURS
    hours = [c.local.hour for d in days for c in d.chips if c.local]
    return list(range(min([low, *hours]), max([high, *hours]) + 1))
