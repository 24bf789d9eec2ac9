"""The period a report covers: a calendar month ("2026-10") or any from–to range.

Reports are read by people outside the team, who think in months: a month is the
default and its name is written out ("octobre 2026" / "October 2026"). Any other range
is allowed (a quarter, a campaign), written "2026-10-01..2026-12-31". The previous
period, the one changes are measured against, has the same length and ends the day
before (the previous month for a month).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from mostra.core.errors import DomainError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/|_)\s*(\d{4}-\d{2}-\d{2})$")

#: The longest range a report covers (beyond, the figures mean little and cost much).
MAX_DAYS = 3 * 366


class PeriodRefused(DomainError):
    """The period given cannot be read; the message says how to write one."""


@dataclass(frozen=True)
class ReportPeriod:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def is_month(self) -> bool:
        last = calendar.monthrange(self.start.year, self.start.month)[1]
        return (
            self.start.day == 1
            and self.end.year == self.start.year
            and self.end.month == self.start.month
            and self.end.day == last
        )

    @property
    def key(self) -> str:
        """How it is written on the command line, in URLs and in file names."""
        if self.is_month:
            return f"{self.start:%Y-%m}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def slug(self) -> str:
        """The key as a file name part: ``2026-10`` or ``2026-10-01_2026-12-31``."""
        return self.key.replace("..", "_")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def label(self) -> str:
        """In the active language: "octobre 2026", "October 2026", or "1 Oct – 31 Dec"."""
        if self.is_month:
            return formats.date_format(self.start, "F Y")
        return _("%(start)s – %(end)s") % {
            "start": formats.date_format(self.start, "j F Y"),
            "end": formats.date_format(self.end, "j F Y"),
        }

    def previous(self) -> ReportPeriod:
        """The period just before, of the same length (the previous month for a month)."""
        if self.is_month:
            return month_period(*_shift_month(self.start.year, self.start.month, -1))
        end = self.start - dt.timedelta(days=1)
        return ReportPeriod(end - dt.timedelta(days=self.days - 1), end)


def month_period(year: int, month: int) -> ReportPeriod:
    last = calendar.monthrange(year, month)[1]
    return ReportPeriod(dt.date(year, month, 1), dt.date(year, month, last))


def last_month(today: dt.date) -> ReportPeriod:
    """The calendar month before ``today``'s: what a monthly report covers by default."""
    return month_period(*_shift_month(today.year, today.month, -1))


def recent_months(today: dt.date, count: int = 12) -> list[ReportPeriod]:
    """The ``count`` months before ``today``'s, the most recent first (the month picker)."""
    return [month_period(*_shift_month(today.year, today.month, -n)) for n in range(1, count + 1)]


def parse_period(text: str) -> ReportPeriod:
    """Read "2026-10" or "2026-10-01..2026-10-15"; :class:`PeriodRefused` otherwise."""
    value = (text or "").strip()
    match = _MONTH.match(value)
    if match:
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12 or year < 2000:
            raise PeriodRefused(_bad(value))
        return month_period(year, month)
    match = _RANGE.match(value)
    if match:
        try:
            start, end = dt.date.fromisoformat(match[1]), dt.date.fromisoformat(match[2])
        except ValueError:
            raise PeriodRefused(_bad(value)) from None
        return period_between(start, end)
    raise PeriodRefused(_bad(value))


def period_between(start: dt.date, end: dt.date) -> ReportPeriod:
    if end < start:
        raise PeriodRefused(_("the period ends before it starts: give the earlier date first."))
    if (end - start).days >= MAX_DAYS:
        raise PeriodRefused(_("a report covers at most three years: give a shorter period."))
    return ReportPeriod(start, end)


def _bad(value: str) -> str:
    return _(
        "%(value)s is not a period: give a month as YYYY-MM (2026-10) or two dates as "
        "YYYY-MM-DD..YYYY-MM-DD."
    ) % {"value": repr(value)}


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1
