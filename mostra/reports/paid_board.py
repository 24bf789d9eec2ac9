"""Paid beside organic, over a period: the dashboard's and the monthly report's block.

Paid figures come from the campaigns' days (:mod:`mostra.paid.services.figures`),
organic ones from the own accounts' publications (the KPI engine's reach, impressions
and link clicks). Unknown is not zero: "—" where a side gives no figure; organic has
no cost. Left out when the workspace has no campaign.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from mostra.analytics.kpis import Period, compute_combined
from mostra.analytics.progress import own_accounts
from mostra.core.models import Workspace
from mostra.paid.models import Campaign
from mostra.paid.services.campaigns import workspace_currency
from mostra.paid.services.figures import workspace_totals
from mostra.reports.report.numbers import MISSING, number

ORGANIC_CODES = ("reach", "impressions", "link_clicks")


@dataclass(frozen=True)
class SideBySide:
    code: str
    label: str
    paid: str
    organic: str


def _money(value: float | None, currency: str) -> str:
    return MISSING if value is None else f"{number(value, 2)} {currency}"


def paid_vs_organic(
    workspace: Workspace, period: Period, *, has_campaigns: bool | None = None
) -> list[SideBySide] | None:
    """The rows for ``period``, or None when the workspace has no paid campaign
    (``has_campaigns``: already known by the caller, no query to ask)."""
    if has_campaigns is None:
        has_campaigns = Campaign.objects.filter(workspace=workspace).exists()
    if not has_campaigns:
        return None
    paid = workspace_totals(workspace, period.start, period.end)
    accounts = own_accounts(workspace)
    organic = (
        compute_combined(accounts, period, ORGANIC_CODES, time_zone=workspace.timezone)
        if accounts
        else {}
    )

    def kept(code: str) -> float | None:
        value = organic.get(code)
        return None if value is None else value.value

    currency = workspace_currency(workspace)
    spend = None if paid.spend is None else float(paid.spend)
    return [
        SideBySide("reach", _("Reach"), number(paid.reach), number(kept("reach"))),
        SideBySide(
            "impressions", _("Impressions"), number(paid.impressions), number(kept("impressions"))
        ),
        SideBySide("clicks", _("Clicks"), number(paid.clicks), number(kept("link_clicks"))),
        SideBySide("results", _("Results (paid)"), number(paid.results), MISSING),
        SideBySide("cost", _("Cost"), _money(spend, currency), MISSING),
        SideBySide("cpc", _("Cost per click"), _money(paid.cpc(), currency), MISSING),
    ]
