"""Days, weeks and months in the workspace's time zone.

Posts are stored in UTC; the calendar shows them in the workspace's zone. A period
(month or ISO week) is a range of local days; its UTC bounds are the local midnights
that start and end it, so a post at 23:30 UTC lands on the next day in Paris.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mostra.core.models import Workspace


def workspace_zone(workspace: Workspace) -> ZoneInfo:
    """The workspace's time zone (the site's when the stored name is unknown)."""
    try:
        return ZoneInfo(workspace.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def local_today(zone: ZoneInfo, now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(zone).date()


def local_midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The first moment of ``day`` in ``zone`` (a midnight the clocks skip is never used)."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)


@dataclass(frozen=True)
class Period:
    """A range of local days shown together: ``first`` to ``last`` included."""

    first: dt.date
    last: dt.date

    def bounds(self, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        """UTC start (included) and end (excluded) of the period."""
        return (
            local_midnight(self.first, zone).astimezone(dt.UTC),
            local_midnight(self.last + dt.timedelta(days=1), zone).astimezone(dt.UTC),
        )

    def days(self) -> list[dt.date]:
        count = (self.last - self.first).days + 1
        return [self.first + dt.timedelta(days=i) for i in range(count)]


def month_period(year: int, month: int) -> Period:
    """The month's grid: whole weeks, Monday first, around the month's days."""
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last = following - dt.timedelta(days=1)
    return Period(
        first - dt.timedelta(days=first.weekday()),
        last + dt.timedelta(days=6 - last.weekday()),
    )


def week_period(iso_year: int, iso_week: int) -> Period:
    monday = dt.date.fromisocalendar(iso_year, iso_week, 1)
    return Period(monday, monday + dt.timedelta(days=6))


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def shift_week(iso_year: int, iso_week: int, delta: int) -> tuple[int, int]:
    monday = dt.date.fromisocalendar(iso_year, iso_week, 1) + dt.timedelta(weeks=delta)
    year, week, _day = monday.isocalendar()
    return year, week


def valid_month(year: int, month: int) -> bool:
    return 1 <= month <= 12 and dt.MINYEAR < year < dt.MAXYEAR


def valid_week(iso_year: int, iso_week: int) -> bool:
    if not dt.MINYEAR < iso_year < dt.MAXYEAR:
        return False
    try:
        dt.date.fromisocalendar(iso_year, iso_week, 1)
    except ValueError:
        return False
    return True


def moment_label(moment: dt.datetime, zone: ZoneInfo) -> str:
    """ "5 February 2027 at 18:15" (in the active language), in ``zone``."""
    local = moment.astimezone(zone)
    return _("%(day)s at %(time)s") % {
        "day": formats.date_format(local.date(), "DATE_FORMAT"),
        "time": f"{local.hour:02d}:{local.minute:02d}",
    }
