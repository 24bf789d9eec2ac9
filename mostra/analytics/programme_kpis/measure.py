"""The programme's KPIs of a workspace over a period, and week by week for an objective."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from mostra.analytics.kpis import KpiValue, Period
from mostra.analytics.programme_kpis.figures import Figures, ProgrammeFigures, gather
from mostra.core.models import Workspace

#: The catalogue's programme KPIs, in its order.
CODES = (
    "programme_reach",
    "programme_engagements",
    "programme_engagement_rate",
    "programme_clicks",
    "programme_conversions",
    "programme_compliance_rate",
    "programme_cost_per_engagement",
    "programme_cost_per_click",
)
#: Ratios between 0 and 1, written ×100 on an objective's scale.
RATIOS = frozenset({"programme_engagement_rate", "programme_compliance_rate"})
#: The days each reading of an objective's series covers.
WINDOW_DAYS = 30


def _where() -> str:
    """Where the programme is managed, as the menus say it."""
    return _("Distribution → Ambassadors & influencers")


def _lacking(code: str, why: str) -> KpiValue:
    return KpiValue(code, None, None, None, why)


def _no_posts() -> str:
    return _(
        "No tracked post of the programme in the period: add the members' accounts so "
        "that their posts are found, or enter their posts by address (%(where)s)."
    ) % {"where": _where()}


def _no_links() -> str:
    return _(
        "No member has a personal tracked link: send the campaign's share kit, which "
        "gives each member their own (%(where)s)."
    ) % {"where": _where()}


def _no_fee() -> str:
    return _(
        "No paid collaboration with a fee in the period: enter the influencers' fees "
        "on their campaigns (%(where)s)."
    ) % {"where": _where()}


def _mixed() -> str:
    return _(
        "The fees are in several currencies: no cost is computed across them; "
        "enter the fees in one currency."
    )


def evaluate(code: str, t: Figures) -> KpiValue:
    """One programme KPI from the figures: pure, no query."""
    if code == "programme_reach":
        if not t.posts:
            return _lacking(code, _no_posts())
        if t.reach is None:
            return _lacking(
                code,
                _(
                    "No tracked post of the period gives its reach: read the members' "
                    "accounts again (their followers give it) or enter it."
                ),
            )
        return KpiValue(code, float(t.reach), float(t.reach), None)
    if code == "programme_engagements":
        if not t.posts:
            return _lacking(code, _no_posts())
        if t.engagements is None:
            return _lacking(code, _no_counts())
        return KpiValue(code, float(t.engagements), float(t.engagements), None)
    if code == "programme_engagement_rate":
        if not t.posts:
            return _lacking(code, _no_posts())
        rate = t.engagement_rate
        if rate is None:
            return _lacking(code, _no_counts())
        return KpiValue(code, rate, float(t.engaged_reach_engagements), float(t.engaged_reach))
    if code == "programme_clicks":
        if t.clicks is None:
            return _lacking(code, _no_links())
        return KpiValue(code, float(t.clicks), float(t.clicks), None)
    if code == "programme_conversions":
        if t.clicks is None:
            return _lacking(code, _no_links())
        if t.conversions is None:
            return _lacking(
                code,
                _(
                    "No web analytics traffic of the period is matched to the members' "
                    "tracked links: import your analytics' campaigns (Analytics → "
                    "Conversions, or mostra conversions import)."
                ),
            )
        return KpiValue(code, float(t.conversions), float(t.conversions), None)
    if code == "programme_compliance_rate":
        if not t.checked:
            return _lacking(
                code,
                _(
                    "No paid or gifted post of the period was checked for its disclosure: "
                    "track the influencers' posts (%(where)s)."
                )
                % {"where": _where()},
            )
        return KpiValue(code, t.compliance_rate, float(t.compliant), float(t.checked))
    if code in ("programme_cost_per_engagement", "programme_cost_per_click"):
        if t.fees is None:
            return _lacking(code, _no_fee())
        if t.mixed_currencies:
            return _lacking(code, _mixed())
        per_engagement = code == "programme_cost_per_engagement"
        count = t.paid_engagements if per_engagement else t.paid_clicks
        if not count:
            why = (
                _("No engagement is known on the paid influencers' posts of the period.")
                if per_engagement
                else _("No click on the paid influencers' tracked links in the period.")
            )
            return _lacking(code, why)
        cost = t.cost_per_engagement if per_engagement else t.cost_per_click
        assert cost is not None
        return KpiValue(code, float(cost), float(t.fees), float(count))
    raise ValueError(code)


def _no_counts() -> str:
    return _(
        "No tracked post of the period carries its likes, replies and reposts counts "
        "together: read the members' public feeds again (%(where)s)."
    ) % {"where": _where()}


def values(figures: ProgrammeFigures, codes: tuple[str, ...] = CODES) -> dict[str, KpiValue]:
    return {code: evaluate(code, figures.total) for code in codes}


def measure(
    workspace: Workspace, period: Period, codes: tuple[str, ...] = CODES
) -> dict[str, KpiValue]:
    """The programme KPIs ``codes`` over ``period`` (three queries, and the conversions'
    matching when ``programme_conversions`` is asked for)."""
    figures = gather(workspace, period, conversions="programme_conversions" in codes)
    return values(figures, codes)


def month_period(text: str) -> Period:
    """``YYYY-MM`` → that month, or ValueError."""
    year, month = (int(part) for part in text.split("-"))
    if not 1970 <= year <= 2999:
        raise ValueError(text)
    return Period.month(year, month)


def on_scale(code: str, value: float) -> float:
    """A KPI's value on an objective's scale (a ratio ×100)."""
    return value * 100 if code in RATIOS else value


def for_objective(
    workspace: Workspace, code: str, today: dt.date, start: dt.date | None
) -> tuple[list[tuple[dt.date, float]], str] | None:
    """An objective's readings of a programme KPI (one each Sunday from ``start``, then
    today, each over the 30 days up to its day), on the objective's scale, and why
    today has none; None when ``code`` is not a programme KPI."""
    if code not in CODES:
        return None
    readings: list[tuple[dt.date, float]] = []
    missing = ""
    for day in _reading_days(start or today, today):
        window = Period(day - dt.timedelta(days=WINDOW_DAYS - 1), day)
        value = measure(workspace, window, (code,))[code]
        if value.value is not None:
            readings.append((day, on_scale(code, value.value)))
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


def _money(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


def line_data(line: Figures) -> dict[str, Any]:
    """One member's or campaign's figures as JSON values."""
    return {
        "name": line.name,
        "posts": line.posts,
        "reach": line.reach,
        "engagements": line.engagements,
        "engagement_rate": line.engagement_rate,
        "clicks": line.clicks,
        "conversions": line.conversions,
        "compliant": line.compliant,
        "checked": line.checked,
        "compliance_rate": line.compliance_rate,
        "fees": _money(line.fees),
        "currency": line.currency,
        "cost_per_engagement": _money(line.cost_per_engagement),
        "cost_per_click": _money(line.cost_per_click),
    }


def as_data(figures: ProgrammeFigures) -> dict[str, Any]:
    """The programme's figures as JSON values (``mostra kpi programme --format json``
    and the API): the period, per KPI its value (a ratio between 0 and 1, an amount),
    numerator, denominator and missing reason; the members' and the campaigns' rows;
    the brand's own posts beside the programme's."""
    from mostra.analytics.kpis.export import kpi_fields

    period = figures.period
    brand = figures.brand
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "kpis": {code: kpi_fields(value) for code, value in values(figures).items()},
        "members": [line_data(m) for m in figures.members],
        "campaigns": [line_data(c) for c in figures.campaigns],
        "non_compliant_posts": figures.total.non_compliant,
        "median_engagements_per_post": {
            "programme": figures.total.median_engagements,
            "brand": brand.median_engagements if brand else None,
            "programme_posts": figures.total.engaged_posts,
            "brand_posts": brand.engaged_posts if brand else 0,
        },
    }
