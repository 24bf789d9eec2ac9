"""The objectives page: each objective's KPI now, against its baseline and target, with
the trend's forecast to the deadline and a status (:mod:`mostra.analytics.progress`).

Every member sees it; nothing on it changes anything. When an objective cannot be
judged the page says why (no account on its network, the data the KPI needs, too few
weeks) instead of showing 0. An objective on a KPI the team records links to that
KPI's values, where they are entered or imported. An objective of the "make act" axis
shows its funnel over the last 30 days (:mod:`mostra.analytics.conversions.funnel`);
an objective served by the programme's campaigns (ambassadors and influencers) shows
their figures over the same 30 days (:mod:`mostra.analytics.programme_kpis`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from mostra.analytics.conversions.display import FunnelLines, lines
from mostra.analytics.conversions.funnel import objective_funnel
from mostra.analytics.kpis import Period
from mostra.analytics.programme_kpis.display import Line, line
from mostra.analytics.programme_kpis.figures import campaigns_by_objective
from mostra.analytics.progress import ObjectiveProgress, local_today, workspace_progress
from mostra.core.models import Membership
from mostra.core.views.base import workspace_view
from mostra.strategy.catalogue import network_label

#: The axis whose objectives show their funnel ("make act").
ACTION = "action"
#: The days the funnel adds up, as "now" for the KPIs.
FUNNEL_DAYS = 30

#: The badge colour of each status (classes of app.css).
STATUS_CSS = {
    "on_track": "ok",
    "at_risk": "warn",
    "off_track": "err",
    "not_enough_data": "",
    "missing_data": "",
}


@dataclass
class Row:
    item: ObjectiveProgress
    networks: str
    chart: str  # inline SVG, "" without a series
    css: str
    forecast_value: str
    forecast_low: str
    forecast_high: str
    series: list[tuple[object, str]]  # (date, formatted value)
    #: The values' page of a KPI the team records (enter, import), else "".
    values_url: str = ""
    listening_url: str = ""
    #: The funnel of an objective of the "make act" axis over the last 30 days.
    funnel: FunnelLines | None = None
    #: The programme's campaigns serving it (ambassadors and influencers), last 30 days.
    programme: list[Line] = field(default_factory=list)


def _chart(item: ObjectiveProgress) -> str:
    """The weekly series with the target and the forecast."""
    if not item.series:
        return ""
    from mostra.core.charts import line_chart

    label = str(item.kpi.label) if item.kpi else item.objective.kpi
    return line_chart(
        [(label, item.series)],
        title=_("%(kpi)s week by week, with the target and the forecast") % {"kpi": label},
        fmt=item.format,
        target=item.target,
        forecast=item.forecast,
    )


def row(item: ObjectiveProgress) -> Row:
    f = item.forecast
    values_url = listening_url = ""
    slug = item.objective.workspace.slug
    if item.listened:  # measured from the mentions its queries find
        listening_url = reverse("listening:queries", args=[slug])
    elif item.kpi is not None and item.kpi.recorded:
        values_url = reverse("analytics:kpi_values", args=[slug, item.kpi.code])
    return Row(
        item=item,
        networks=", ".join(network_label(n) for n in item.objective.networks or []),
        chart=_chart(item),
        css=STATUS_CSS[item.status],
        forecast_value=item.format(f.value if f else None),
        forecast_low=item.format(f.low if f else None),
        forecast_high=item.format(f.high if f else None),
        series=[(day, item.format(value)) for day, value in item.series],
        values_url=values_url,
        listening_url=listening_url,
    )


@workspace_view()
def objectives(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Every objective of the workspace with its progress, forecast and status."""
    workspace = membership.workspace
    today = local_today(workspace)
    rows = [row(item) for item in workspace_progress(workspace, today)]
    since = today - dt.timedelta(days=FUNNEL_DAYS - 1)
    served = campaigns_by_objective(workspace, Period(since, today))
    for r in rows:
        if r.item.objective.axis == ACTION:
            r.funnel = lines(objective_funnel(r.item.objective, since, today))
        r.programme = [line(f) for f in served.get(r.item.objective.pk, [])]
    return render(
        request,
        "analytics/objectives.html",
        {
            "workspace": workspace,
            "today": today,
            "rows": rows,
            "strategy_url": reverse("strategy:overview", args=[workspace.slug]),
            "imports_url": reverse("analytics:imports", args=[workspace.slug]),
            "programme_url": reverse("analytics:programme_figures", args=[workspace.slug]),
        },
    )
