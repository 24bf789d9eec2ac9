"""The KPI engine: the catalogue, and the KPIs of tracked accounts over a period.

    from mostra.analytics.kpis import CATALOGUE, Period, compute, format_value

    values = compute(accounts, Period(date(2026, 10, 1), date(2026, 10, 31)))
    format_value(values[account.pk]["repost_ratio"])   # "40,0 %" in French

Every KPI reads :class:`~mostra.analytics.models.AccountPost` (imports and what
publishing collects, copied there by :mod:`mostra.analytics.sync`) and
:class:`~mostra.analytics.models.FollowerCount`.
"""

from mostra.analytics.kpis.compute import compute, compute_combined
from mostra.analytics.kpis.values import (
    MISSING_MARK,
    KpiValue,
    Period,
    format_number,
    format_value,
)
from mostra.strategy.kpis.catalogue import CATALOGUE, GROUPS, KpiDefinition, by_group
from mostra.strategy.kpis.sources import Source

__all__ = [
    "CATALOGUE",
    "GROUPS",
    "MISSING_MARK",
    "KpiDefinition",
    "KpiValue",
    "Period",
    "Source",
    "by_group",
    "compute",
    "compute_combined",
    "format_number",
    "format_value",
]
