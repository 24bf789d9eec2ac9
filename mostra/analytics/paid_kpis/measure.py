"""The paid KPIs of a workspace over a period, and week by week for an objective."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from mostra.analytics.kpis.values import KpiValue, Period
from mostra.core.models import Workspace
from mostra.paid.services.figures import PaidTotals, workspace_totals

#: The catalogue's paid KPIs, and ``paid_ctr``, the campaigns' click-through rate.
CODES = ("cost_per_result", "cpm", "cpc", "paid_ctr")
#: The days each reading of an objective's series covers.
WINDOW_DAYS = 30


def _lacking(code: str, what: str) -> KpiValue:
    return KpiValue(
        code,
        None,
        None,
        None,
        _(
            "No campaign day of the period gives %(what)s: import the ad manager's export "
            "or enter the days by hand (Distribution → Paid campaigns)."
        )
        % {"what": what},
    )


def evaluate(code: str, t: PaidTotals) -> KpiValue:
    """One paid KPI from the totals: pure, no query."""
    pair: tuple[Decimal, int] | tuple[int, int] | None
    if code == "cost_per_result":
        pair, what = t.spend_per_result, _("both the amount spent and the results")
        value = t.cost_per_result()
    elif code == "cpm":
        pair, what = t.spend_per_impression, _("both the amount spent and the impressions")
        value = t.cpm()
    elif code == "cpc":
        pair, what = t.spend_per_click, _("both the amount spent and the clicks")
        value = t.cpc()
    elif code in ("paid_ctr", "ctr"):
        pair, what = t.clicks_per_impression, _("both the clicks and the impressions")
        value = t.ctr()
    else:
        raise ValueError(code)
    if pair is None or value is None:  # no such day, or a zero denominator
        return _lacking(code, what)
    return KpiValue(code, value, float(pair[0]), float(pair[1]))


def measure(
    workspace: Workspace, period: Period, codes: tuple[str, ...] = CODES
) -> dict[str, KpiValue]:
    """The paid KPIs ``codes`` over ``period``: one query."""
    totals = workspace_totals(workspace, period.start, period.end)
    return {code: evaluate(code, totals) for code in codes}


def for_objective(
    workspace: Workspace, code: str, today: dt.date, start: dt.date | None
) -> tuple[list[tuple[dt.date, float]], str] | None:
    """An objective's readings of a paid KPI (one each Sunday from ``start``, then
    today, each over the 30 days up to its day) and why today has none; None when
    ``code`` is not a paid KPI. One query per reading."""
    if code not in CODES:
        return None
    readings: list[tuple[dt.date, float]] = []
    missing = ""
    for day in _reading_days(start or today, today):
        window = day - dt.timedelta(days=WINDOW_DAYS - 1)
        value = evaluate(code, workspace_totals(workspace, window, day))
        if value.value is not None:
            readings.append((day, value.value))
        elif day == today:
            missing = value.missing
    return readings, missing


def _reading_days(start: dt.date, today: dt.date) -> list[dt.date]:
    sunday = start + dt.timedelta(days=(6 - start.weekday()) % 7)
    found = []
    while sunday < today:
        found.append(sunday)
        sunday += dt.timedelta(days=7)
    return [*found, today]
