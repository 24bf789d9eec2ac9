"""The programme's figures (ambassadors and influencers) over a period: its KPIs, each
member's and each campaign's figures, and the programme's posts beside the brand's own
(median engagements per post). Every member of the workspace reads it; nothing on it
changes anything. Reached from Distribution → Ambassadors & influencers."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from mostra.analytics.kpis import CATALOGUE, KpiValue
from mostra.analytics.programme_kpis import gather
from mostra.analytics.programme_kpis.display import Line, count, line, money, percent
from mostra.analytics.programme_kpis.measure import CODES, values
from mostra.analytics.views.compare import PRESETS, local_today, period_from_query
from mostra.core.models import Membership
from mostra.core.views.base import workspace_view


@dataclass(frozen=True)
class Tile:
    code: str
    label: str
    value: str
    missing: str
    note: str


def tile(value: KpiValue, currency: str) -> Tile:
    definition = CATALOGUE[value.code]
    if value.value is None:
        shown = "—"
    elif definition.unit == "ratio":
        shown = percent(value.value)
    elif definition.unit == "currency":
        shown = money(value.value, currency)
    else:
        shown = count(value.value)
    note = ""
    if value.code == "programme_compliance_rate" and value.value is not None:
        note = f"{int(value.numerator or 0)} / {int(value.denominator or 0)}"
    return Tile(value.code, str(definition.label), shown, value.missing, note)


@workspace_view()
def programme_figures(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The period asked for (``?period=…``, default the last 30 days)."""
    workspace = membership.workspace
    choice = period_from_query(request.GET, local_today(workspace))
    figures = gather(workspace, choice.period, conversions=True, brand=True)
    total = figures.total
    brand = figures.brand
    members: list[Line] = [line(m) for m in figures.members]
    campaigns: list[Line] = [line(c) for c in figures.campaigns]
    return render(
        request,
        "analytics/programme.html",
        {
            "workspace": workspace,
            "choice": choice,
            "presets": PRESETS,
            "has_programme": figures.has_programme,
            "tiles": [tile(v, total.currency) for v in values(figures, CODES).values()],
            "members": members,
            "campaigns": campaigns,
            "programme_median": count(total.median_engagements),
            "programme_posts": total.engaged_posts,
            "brand_median": count(brand.median_engagements if brand else None),
            "brand_posts": brand.engaged_posts if brand else 0,
            "roster_url": reverse("ambassadors:roster", args=[workspace.slug]),
            "catalogue_url": reverse("analytics:kpi_catalogue", args=[workspace.slug]),
        },
    )
