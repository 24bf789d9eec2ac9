"""The programme's figures written for a person, in the active language: a page, the
dashboard's card, the report's section. "—" stands for a figure nothing measures
(never 0); an amount is written with its currency ("2,50 EUR" in French)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

from mostra.analytics.programme_kpis.figures import Figures
from mostra.strategy.kpis.units import MISSING_MARK, NBSP, format_measure


def count(value: int | float | None) -> str:
    return format_measure(None if value is None else float(value), "count")


def percent(ratio: float | None) -> str:
    return format_measure(None if ratio is None else ratio * 100, "percent")


def money(value: Decimal | float | None, currency: str) -> str:
    if value is None:
        return MISSING_MARK
    text = number_format(Decimal(str(value)).quantize(Decimal("0.01")), 2, force_grouping=True)
    return f"{text}{NBSP}{currency}".strip()


@dataclass(frozen=True)
class Line:
    """One member's, campaign's or the programme's figures, written."""

    name: str
    posts: str
    reach: str
    engagements: str
    engagement_rate: str
    clicks: str
    conversions: str
    compliance: str
    #: "1 of 2", or "" when no post was checked.
    checked: str
    non_compliant: int
    fees: str
    cost_per_engagement: str
    cost_per_click: str


def line(figures: Figures) -> Line:
    from django.utils.translation import gettext as _

    currency = figures.currency
    return Line(
        name=figures.name,
        posts=count(figures.posts),
        reach=count(figures.reach),
        engagements=count(figures.engagements),
        engagement_rate=percent(figures.engagement_rate),
        clicks=count(figures.clicks),
        conversions=count(figures.conversions),
        compliance=percent(figures.compliance_rate),
        checked=(
            _("%(compliant)s of %(checked)s")
            % {"compliant": figures.compliant, "checked": figures.checked}
            if figures.checked
            else ""
        ),
        non_compliant=figures.non_compliant,
        fees=money(figures.fees, currency),
        cost_per_engagement=money(figures.cost_per_engagement, currency),
        cost_per_click=money(figures.cost_per_click, currency),
    )
