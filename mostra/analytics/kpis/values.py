"""A KPI's value for one account and period, and how it is shown.

:class:`KpiValue` keeps the numerator and denominator beside the value (a reader can
check the figure) and, when the KPI cannot be computed, a translated sentence naming
the missing data instead of a 0. :func:`format_value` shows it in the active language:
"40,0 %" in French (a no-break space before the sign), "40.0%" in English, counts with
thousands separators, "—" when missing.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import translation

from mostra.strategy.kpis.units import MISSING_MARK, _number

if TYPE_CHECKING:
    from mostra.strategy.kpis.definition import KpiDefinition

__all__ = ["MISSING_MARK", "KpiValue", "Period", "format_number", "format_value"]


@dataclass(frozen=True)
class Period:
    """Inclusive dates, read in the workspace's time zone (1–31 October = all October)."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self, time_zone: str) -> tuple[dt.datetime, dt.datetime]:
        """The period as aware datetimes: [start 00:00, day after end 00:00) in the zone."""
        zone = zoneinfo.ZoneInfo(time_zone or "UTC")
        start = dt.datetime.combine(self.start, dt.time(), tzinfo=zone)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        return start, end

    @classmethod
    def last_days(cls, days: int, today: dt.date) -> Period:
        """The ``days`` days up to ``today`` included."""
        return cls(today - dt.timedelta(days=days - 1), today)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """A calendar month."""
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return cls(first, following - dt.timedelta(days=1))

    def __str__(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


@dataclass(frozen=True)
class KpiValue:
    """One KPI for one account (or several together) over one period.

    ``value`` is None when the KPI cannot be computed; ``missing`` then says why (the
    data it needs and where to get it), and is "" otherwise. A ratio is between 0 and 1.
    ``note`` says when the value covers only part of the posts (an archive without
    replies counts beside posts collected by mostra, for instance).
    """

    code: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    missing: str = ""
    #: When computed from part of the posts only (the others lack a count): says so.
    note: str = ""

    @property
    def is_missing(self) -> bool:
        return self.value is None

    @property
    def definition(self) -> KpiDefinition:
        """The KPI's catalogue entry (imported here: the catalogue's modules import us)."""
        from mostra.strategy.kpis.catalogue import CATALOGUE

        return CATALOGUE[self.code]


def _percent(number: str) -> str:
    language = translation.get_language() or "en"
    return f"{number}\u00a0%" if language.startswith("fr") else f"{number}%"


def format_number(value: float, unit: str) -> str:
    """A number in the active language, for the KPI's unit (rounded half to even on
    the decimals shown: Django's number_format alone would cut them)."""
    if unit == "ratio":
        return _percent(_number(value * 100, 1))
    if unit == "count":
        return _number(value, 0)
    if unit in ("rate", "currency"):
        return _number(value, 2)
    if unit == "hours":
        return f"{_number(value, 1)}\u00a0h"
    return _number(value, 1)


def format_value(kpi_value: KpiValue) -> str:
    """The value as a person reads it: localised, "—" when it could not be computed."""
    if kpi_value.value is None:
        return MISSING_MARK
    return format_number(kpi_value.value, kpi_value.definition.unit)
