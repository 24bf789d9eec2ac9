"""The KPI catalogue page: every KPI mostra computes, with its formula and its source.

A reader who doubts a figure (a report, a comparison) comes here: each KPI states its
numerator and its denominator (the three engagement rates differ only by theirs), the
declared set of engagements, how missing data is shown, and the published definition
it follows, as a plain link. Each KPI has an anchor (``#kpi-<code>``) other pages link to.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from mostra.analytics.kpis import by_group
from mostra.core.engagement import DESCRIPTION as ENGAGEMENTS
from mostra.core.models import Membership
from mostra.core.views.base import workspace_view
from mostra.strategy import catalogue

UNITS = {
    "ratio": _("percentage"),
    "count": _("count"),
    "rate": _("per post"),
    "per_week": _("per week"),
    "currency": _("amount"),
    "hours": _("hours"),
}
DIRECTIONS = catalogue.DIRECTIONS


@workspace_view()
def catalogue(request: HttpRequest, membership: Membership) -> HttpResponse:
    groups = [
        {
            "code": code,
            "label": label,
            "kpis": [
                {
                    "definition": d,
                    "unit": UNITS[d.unit],
                    "direction": DIRECTIONS[d.direction],
                }
                for d in definitions
            ],
        }
        for code, label, definitions in by_group()
    ]
    return render(
        request,
        "analytics/kpi_catalogue.html",
        {"workspace": membership.workspace, "groups": groups, "engagements": ENGAGEMENTS},
    )
