"""What campaigns cost and brought over a period, and whether each spends to plan.

Unknown is not zero: a total is None when no day of the period gives it, and a ratio
(cost per result, CPM, CPC, CTR) reads only the days that give both its terms.

**Pacing**: the plan spreads the budget evenly over the campaign's days; by a day, the
campaign should have spent budget × days run ÷ days in all. Spent more or less than
the plan by more than its threshold (20 % unless set) is a warning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from mostra.core.models import Workspace
from mostra.paid.models import Campaign, CampaignDay


@dataclass(frozen=True)
class PaidTotals:
    days: int
    spend: Decimal | None
    impressions: int | None
    reach: int | None
    clicks: int | None
    results: int | None
    #: Each ratio's (numerator, denominator) over the days that give both.
    spend_per_result: tuple[Decimal, int] | None
    spend_per_impression: tuple[Decimal, int] | None
    spend_per_click: tuple[Decimal, int] | None
    clicks_per_impression: tuple[int, int] | None

    def cost_per_result(self) -> float | None:
        return _ratio(self.spend_per_result)

    def cpm(self) -> float | None:
        value = _ratio(self.spend_per_impression)
        return None if value is None else value * 1000

    def cpc(self) -> float | None:
        return _ratio(self.spend_per_click)

    def ctr(self) -> float | None:
        return _ratio(self.clicks_per_impression)


def _ratio(pair: tuple[Decimal, int] | tuple[int, int] | None) -> float | None:
    if pair is None or not pair[1]:
        return None
    return float(pair[0]) / pair[1]


def _both(a: str, b: str) -> Q:
    return Q(**{f"{a}__isnull": False, f"{b}__isnull": False})


def totals_of(days: QuerySet[CampaignDay]) -> PaidTotals:
    """The totals of ``days``: one query."""
    row = days.aggregate(
        n_days=Count("pk"),
        all_spend=Sum("spend"),
        all_impressions=Sum("impressions"),
        all_reach=Sum("reach"),
        all_clicks=Sum("clicks"),
        all_results=Sum("results"),
        r_spend=Sum("spend", filter=_both("spend", "results")),
        r_results=Sum("results", filter=_both("spend", "results")),
        i_spend=Sum("spend", filter=_both("spend", "impressions")),
        i_impressions=Sum("impressions", filter=_both("spend", "impressions")),
        c_spend=Sum("spend", filter=_both("spend", "clicks")),
        c_clicks=Sum("clicks", filter=_both("spend", "clicks")),
        t_clicks=Sum("clicks", filter=_both("clicks", "impressions")),
        t_impressions=Sum("impressions", filter=_both("clicks", "impressions")),
    )

    def pair(a: str, b: str) -> tuple[Decimal, int] | None:
        if row[a] is None or row[b] is None:
            return None
        return (Decimal(row[a]), int(row[b]))

    return PaidTotals(
        days=row["n_days"],
        spend=None if row["all_spend"] is None else Decimal(row["all_spend"]),
        impressions=row["all_impressions"],
        reach=row["all_reach"],
        clicks=row["all_clicks"],
        results=row["all_results"],
        spend_per_result=pair("r_spend", "r_results"),
        spend_per_impression=pair("i_spend", "i_impressions"),
        spend_per_click=pair("c_spend", "c_clicks"),
        clicks_per_impression=(
            None if row["t_clicks"] is None else (int(row["t_clicks"]), int(row["t_impressions"]))
        ),
    )


def workspace_totals(workspace: Workspace, start: dt.date, end: dt.date) -> PaidTotals:
    """Every campaign of the workspace, from ``start`` to ``end`` included: one query."""
    return totals_of(
        CampaignDay.objects.filter(campaign__workspace=workspace, day__gte=start, day__lte=end)
    )


@dataclass(frozen=True)
class Pacing:
    #: "not_started", "on_plan", "over", "under", "no_spend" (no spend known yet).
    state: str
    planned: Decimal
    spent: Decimal | None
    #: (spent − planned) ÷ planned, e.g. 0.25 for 25 % over; None without a plan or spend.
    gap: float | None
    threshold: int
    days_run: int
    days_total: int

    @property
    def warning(self) -> bool:
        return self.state in ("over", "under")


def pacing(campaign: Campaign, today: dt.date) -> Pacing:
    """The campaign's pacing as of ``today``: one query."""
    until = min(today, campaign.end)
    spent = campaign.days.filter(day__lte=until).aggregate(s=Sum("spend"))["s"]
    return evaluate(campaign, today, spent)


def evaluate(campaign: Campaign, today: dt.date, spent: Decimal | None) -> Pacing:
    """The pacing of ``campaign`` having spent ``spent`` (None: unknown) up to today."""
    total = (campaign.end - campaign.start).days + 1
    until = min(today, campaign.end)
    run = max(0, (until - campaign.start).days + 1)
    planned = (campaign.budget * run / total).quantize(Decimal("0.01"))
    threshold = campaign.pacing_threshold
    if run == 0:
        return Pacing("not_started", planned, None, None, threshold, 0, total)
    if spent is None:
        return Pacing("no_spend", planned, None, None, threshold, run, total)
    gap = None if not planned else float((spent - planned) / planned)
    limit = threshold / 100
    if gap is None:
        state = "over" if spent > 0 else "on_plan"
    elif gap > limit:
        state = "over"
    elif gap < -limit:
        state = "under"
    else:
        state = "on_plan"
    return Pacing(state, planned, Decimal(spent), gap, threshold, run, total)


def pacing_of(campaigns: list[Campaign], today: dt.date) -> dict[int, Pacing]:
    """Each campaign's pacing: one query whatever their number."""
    spent: dict[int, Decimal | None] = {c.pk: None for c in campaigns}
    ends = {c.pk: c.end for c in campaigns}
    rows = CampaignDay.objects.filter(
        campaign__in=campaigns, day__lte=today, spend__isnull=False
    ).values_list("campaign_id", "day", "spend")
    for campaign_id, day, amount in rows:
        if day <= ends[campaign_id]:
            spent[campaign_id] = (spent[campaign_id] or Decimal(0)) + (amount or Decimal(0))
    return {c.pk: evaluate(c, today, spent[c.pk]) for c in campaigns}
