"""The team dashboard page: the period's live figures, drawn on the server.

Every member sees it. The figures come from :func:`mostra.reports.dashboard.gather`;
the objectives' progress from :func:`mostra.analytics.progress.workspace_progress`;
the charts are inline SVG from :mod:`mostra.core.charts`. When nothing is measured
yet, the page says what to do instead of showing zeros. Both sets of figures are kept
for the next view until the workspace's data changes (:mod:`mostra.core.figures_cache`).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from mostra.analytics.progress import ObjectiveProgress, workspace_progress
from mostra.analytics.views.compare import PRESETS, local_today, period_from_query
from mostra.core import charts
from mostra.core.engagement import DESCRIPTION as ENGAGEMENTS
from mostra.core.figures_cache import Figures
from mostra.core.models import Membership
from mostra.core.views.base import workspace_view
from mostra.links.services.stats import totals as link_totals
from mostra.reports.dashboard import Dashboard, chart_data, gather
from mostra.reports.listening_board import listening_board
from mostra.reports.paid_board import paid_vs_organic
from mostra.reports.programme_board import programme_board

STATUS_CSS = {"on_track": "ok", "at_risk": "warn", "off_track": "err"}


def objective_figure(item: ObjectiveProgress, value: float | None) -> str:
    """An objective's value on its own scale, in its unit ("3.2%", "45 people"), or "—"."""
    return item.format(value)


def forecast_text(item: ObjectiveProgress) -> str:
    """ "270 people (240 people–300 people) on 31 March 2027", or "" without a forecast."""
    f = item.forecast
    if f is None:
        return ""
    return _("%(value)s (%(low)s–%(high)s) on %(date)s") % {
        "value": item.format(f.value),
        "low": item.format(f.low),
        "high": item.format(f.high),
        "date": formats.date_format(f.at, "j F Y"),
    }


def draw(board: Dashboard) -> dict[str, str]:
    """The dashboard's three charts as SVG strings."""
    data = chart_data(board)
    drawn = {}
    if data["weekly"]:
        drawn["weekly"] = charts.line_chart(
            [(_("Publications"), data["weekly"])], title=_("Publications per week")
        )
    if data["engagement"]:
        drawn["engagement"] = charts.bar_chart(
            data["engagement"], title=_("Mean engagement per publication, by network")
        )
    if data["tactics"]:
        drawn["tactics"] = charts.bar_chart(
            data["tactics"], title=_("Mean engagement per publication, by tactic")
        )
    return drawn


@workspace_view()
def dashboard(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The figures of the period asked for (``?period=…``, default the last 30 days)."""
    workspace = membership.workspace
    today = local_today(workspace)
    choice = period_from_query(request.GET, today)
    figures = Figures(workspace.pk)
    period = choice.period
    board = figures.get("dashboard", (period.start, period.end), lambda: gather(workspace, period))
    progress = figures.get("progress", today, lambda: workspace_progress(workspace, today))
    listening = figures.get(
        "listening", (period.start, period.end), lambda: listening_board(workspace, period)
    )
    paid = figures.get(
        "paid_vs_organic", (period.start, period.end), lambda: paid_vs_organic(workspace, period)
    )
    objectives = [
        {
            "item": item,
            "bar": charts.progress_bar(item.progress, title=str(item.objective), width=200),
            "css": STATUS_CSS.get(item.status, ""),
            "now": objective_figure(item, item.current_value),
            "target": objective_figure(item, item.target),
            "forecast": forecast_text(item),
        }
        for item in progress
    ]
    slug = workspace.slug
    context: dict[str, Any] = {
        "workspace": workspace,
        "choice": choice,
        "presets": PRESETS,
        "board": board,
        "objectives": objectives,
        "listening": listening,
        "paid_vs_organic": paid,
        # Live, not cached: clicks are written every second.
        "link_clicks": link_totals(workspace, period.start, period.end),
        # Live too: the programme's posts and clicks are read as they come.
        "programme": programme_board(workspace, period),
        "programme_url": reverse("analytics:programme_figures", args=[slug]),
        "links_url": reverse("links:links", args=[slug]),
        "paid_url": reverse("paid:campaigns", args=[slug]),
        "inbox_url": reverse("listening:mentions", args=[slug]),
        "charts": draw(board),
        "engagements": ENGAGEMENTS,
        "imports_url": reverse("analytics:imports", args=[slug]),
        "accounts_url": reverse("analytics:accounts", args=[slug]),
        "compare_url": reverse("analytics:compare", args=[slug]),
        "connect_url": reverse("publishing:accounts", args=[slug]),
        "objectives_url": reverse("analytics:objectives", args=[slug]),
    }
    return render(request, "reports/dashboard.html", context)
