"""Small formatting helpers shared by the checks' messages.

Numbers follow the active language (1,200 / 1 200); network codes become their names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mostra.strategy import catalogue


def num(value: float, decimals: int = 1) -> str:
    """A number with digit grouping in the active language; whole numbers without decimals."""
    if float(value).is_integer():
        return number_format(int(value), force_grouping=True)
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def measure(value: float, code: str | None, own_units: dict[str, str]) -> str:
    """A value of the KPI ``code`` in its unit ("45 people", "3.2%", "3.20 per post"),
    as every page writes an objective's values; ``own_units`` maps the document's own
    KPIs to their units."""
    from mostra.strategy.kpis.objective import unit_of
    from mostra.strategy.kpis.units import format_measure

    return format_measure(value, unit_of(code, own_units))


def pct(rate: float) -> str:
    """0.123 -> "12.3 %" (the spacing follows the translation of the format)."""
    # Django's number_format truncates decimals: round first.
    return _("%(value)s%%") % {"value": number_format(round(rate * 100, 1), decimal_pos=1)}


def share(value: float) -> str:
    """A survey share already in percent: 80 -> "80 %", 70.4 -> "70.4 %"."""
    whole = float(value).is_integer()
    shown = number_format(int(value)) if whole else number_format(round(value, 1), 1)
    return _("%(value)s%%") % {"value": shown}


def network(code: str) -> str:
    return catalogue.network_label(code)


def networks(codes: Iterable[str]) -> str:
    return ", ".join(network(c) for c in codes)


def day(value: dt.date) -> str:
    return value.isoformat()


def months_between(start: dt.date, end: dt.date) -> float:
    """Months from start to end as a decimal (30.44 days a month); negative if end < start."""
    return (end - start).days / (365.25 / 12)


def add_months(value: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = value.month - 1 + months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(value.day, last))
        except ValueError:
            continue
    raise ValueError(value)  # pragma: no cover - every month has a 28th
