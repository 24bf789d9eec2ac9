"""An objective's funnel: reach → clicks → visits → conversions, and cost per conversion.

What belongs to an objective: its paid campaigns (:class:`mostra.paid.models.Campaign`
tied to it or to one of its strategies), the tracked links of its posts (a post of one
of its tactics) or carrying one of those campaigns' tags, and the imported traffic
whose ``utm_campaign`` is one of those tags or those links' campaign.

* **reach**: the campaigns' reach over the span (the ad manager's days);
* **clicks**: the tracked links' clicks plus the ads' clicks;
* **visits**: the web-analytics visits of the objective's campaign tags;
* **conversions**: those visits' conversions of the goals mapped to the objective's KPI
  (every goal when none is mapped to it);
* **cost per conversion**: the campaigns' spend divided by the conversions.

A step nothing measures is unknown (None), never 0; so is a rate whose steps are not
both known, or whose first step is 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from mostra.analytics.models import GoalCount, GoalMapping, TrafficRow
from mostra.links.models import ClickDay, TrackedLink
from mostra.paid.models import Campaign, CampaignDay
from mostra.strategy.models import Objective


@dataclass(frozen=True)
class Step:
    #: reach, clicks, visits or conversions.
    code: str
    value: int | None
    #: This step over the previous one (0.25 for 25 %), None when unknown.
    rate: float | None


@dataclass(frozen=True)
class Funnel:
    steps: list[Step]
    spend: Decimal | None
    cost_per_conversion: Decimal | None
    #: The campaign tags read (for the page to say what was counted).
    tags: list[str]
    #: The paid campaigns' currency (spend and cost per conversion).
    currency: str = ""

    @property
    def known(self) -> bool:
        return any(step.value is not None for step in self.steps)


def build(
    reach: int | None,
    clicks: int | None,
    visits: int | None,
    conversions: int | None,
    spend: Decimal | None,
    tags: list[str] | None = None,
    currency: str = "",
) -> Funnel:
    """The funnel of known and unknown figures, with each step's rate."""
    steps: list[Step] = []
    previous: int | None = None
    for code, value in (
        ("reach", reach),
        ("clicks", clicks),
        ("visits", visits),
        ("conversions", conversions),
    ):
        rate = None
        if steps and value is not None and previous:
            rate = value / previous
        steps.append(Step(code, value, rate))
        previous = value
    cost = None
    if spend is not None and conversions:
        cost = (spend / conversions).quantize(Decimal("0.01"))
    return Funnel(steps, spend, cost, sorted(tags or []), currency)


def _known_sum(rows: list[int | None]) -> int | None:
    known = [v for v in rows if v is not None]
    return sum(known) if known else None


def objective_funnel(objective: Objective, start: dt.date, end: dt.date) -> Funnel:
    """The objective's funnel over ``start``..``end`` (a fixed number of queries)."""
    workspace_id = objective.workspace_id
    campaigns = list(
        Campaign.objects.filter(workspace_id=workspace_id)
        .filter(Q(objective=objective) | Q(strategy__objective=objective))
        .values_list("id", "utm_campaign", "currency")
    )
    campaign_tags = {tag.strip() for _i, tag, _c in campaigns if tag.strip()}
    links = TrackedLink.objects.filter(workspace_id=workspace_id).filter(
        Q(post__tactic__strategy__objective=objective) | Q(utm_campaign__in=campaign_tags)
    )
    link_rows = list(links.values_list("id", "utm_campaign"))
    tags = campaign_tags | {tag.strip() for _i, tag in link_rows if tag.strip()}
    reach = clicks = spend = None
    if campaigns:
        days = CampaignDay.objects.filter(
            campaign_id__in=[c for c, _t, _c in campaigns], day__gte=start, day__lte=end
        ).values_list("reach", "clicks", "spend")
        day_rows = list(days)
        reach = _known_sum([r for r, _c, _s in day_rows])
        clicks = _known_sum([c for _r, c, _s in day_rows])
        spends = [s for _r, _c, s in day_rows if s is not None]
        spend = sum(spends, Decimal(0)) if spends else None
    if link_rows:
        link_clicks = ClickDay.objects.filter(
            link_id__in=[i for i, _t in link_rows], day__gte=start, day__lte=end
        ).aggregate(total=Sum("clicks"))["total"]
        clicks = (clicks or 0) + (link_clicks or 0)
    visits = conversions = None
    if tags:
        rows = TrafficRow.objects.filter(
            workspace_id=workspace_id,
            utm_campaign__in=tags,
            start__gte=start,
            end__lte=end,
        )
        visits = _known_sum(list(rows.values_list("visits", flat=True)))
        goals = list(
            GoalMapping.objects.filter(workspace_id=workspace_id, kpi=objective.kpi).values_list(
                "goal", flat=True
            )
        )
        counted = GoalCount.objects.filter(row__in=rows)
        if goals:
            counted = counted.filter(goal__in=goals)
        total = counted.aggregate(total=Sum("conversions"))["total"]
        if visits is not None or total is not None:
            conversions = total or 0
    currency = campaigns[0][2] if campaigns else ""
    return build(reach, clicks, visits, conversions, spend, sorted(tags), currency)
