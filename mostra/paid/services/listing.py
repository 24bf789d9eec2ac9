"""The campaigns as the list page, ``mostra campaign list`` and the API show them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from mostra.core.models import Workspace
from mostra.paid.models import Campaign
from mostra.paid.services.figures import Pacing, pacing_of


def pacing_label(p: Pacing) -> str:
    if p.state == "not_started":
        return _("not started")
    if p.state == "no_spend":
        return _("no spend known yet")
    if p.gap is None and p.state == "over":
        return _("spending without a budget: set one")
    gap = f"{abs(p.gap or 0) * 100:.0f} %"
    if p.state == "over":
        return _("over plan by %(gap)s") % {"gap": gap}
    if p.state == "under":
        return _("under plan by %(gap)s") % {"gap": gap}
    return _("on plan")


@dataclass
class CampaignRow:
    campaign: Campaign
    pacing: Pacing

    def __getattr__(self, name: str) -> Any:
        return getattr(self.campaign, name)

    @property
    def spent(self) -> Decimal | None:
        return self.pacing.spent

    @property
    def kind_label(self) -> str:
        return str(self.campaign.get_kind_display())

    @property
    def pacing_label(self) -> str:
        return pacing_label(self.pacing)

    def as_data(self) -> dict[str, Any]:
        c = self.campaign
        return {
            "id": c.pk,
            "name": c.name,
            "kind": c.kind,
            "start": c.start.isoformat(),
            "end": c.end.isoformat(),
            "budget": str(c.budget),
            "currency": c.currency,
            "networks": list(c.networks),
            "audience": c.audience,
            "utm_campaign": c.utm_campaign,
            "objective": c.objective_id,
            "strategy": c.strategy_id,
            "promoted_posts": [p.pk for p in c.promoted_posts.all()],
            "pacing_threshold": c.pacing_threshold,
            "pacing": {
                "state": self.pacing.state,
                "planned": str(self.pacing.planned),
                "spent": None if self.pacing.spent is None else str(self.pacing.spent),
                "gap": self.pacing.gap,
                "warning": self.pacing.warning,
            },
        }


def campaign_rows(workspace: Workspace, today: dt.date) -> list[CampaignRow]:
    """Every campaign with its pacing: three queries whatever their number."""
    campaigns = list(
        Campaign.objects.filter(workspace=workspace)
        .select_related("objective", "strategy")
        .prefetch_related("promoted_posts")
    )
    paces = pacing_of(campaigns, today)
    return [CampaignRow(c, paces[c.pk]) for c in campaigns]
