"""What a KPI definition holds, and the groups the catalogue shows them in.

The definitions themselves are in :mod:`definitions_posts` (what an account's posts
give) and :mod:`definitions_other` (followers, actions, listening, paid); the
catalogue (:mod:`catalogue`) joins them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mostra.strategy.kpis.sources import Source

Unit = Literal["ratio", "count", "rate", "per_week", "currency", "hours"]
Direction = Literal["up", "down", "any"]

#: Groups in the order pages show them: code -> label.
GROUPS: dict[str, Promise] = {
    "output": pgettext_lazy("kpi group", "Output"),
    "reach": pgettext_lazy("kpi group", "Reach"),
    "engagement": pgettext_lazy("kpi group", "Engagement"),
    "conversation": pgettext_lazy("kpi group", "Conversation, amplification, applause"),
    "growth": pgettext_lazy("kpi group", "Growth"),
    "action": pgettext_lazy("kpi group", "Action"),
    "listening": pgettext_lazy("kpi group", "Listening"),
    "paid": pgettext_lazy("kpi group", "Paid"),
    "programme": pgettext_lazy("kpi group", "Ambassadors and influencers"),
}


@dataclass(frozen=True)
class KpiDefinition:
    code: str
    label: Promise
    formula: Promise
    numerator: Promise
    denominator: Promise
    source: Source
    unit: Unit
    direction: Direction
    group_code: str

    @property
    def group(self) -> Promise:
        """The group's label (``group_code`` is its code)."""
        return GROUPS[self.group_code]

    @property
    def is_percent(self) -> bool:
        """Shown as a percentage (a ratio between 0 and 1 stored, ×100 shown)."""
        return self.unit == "ratio"


def kpi(
    code: str,
    label: Promise,
    formula: Promise,
    numerator: Promise,
    denominator: Promise,
    source: Source,
    unit: Unit,
    group: str,
    direction: Direction = "up",
) -> KpiDefinition:
    return KpiDefinition(
        code, label, formula, numerator, denominator, source, unit, direction, group
    )


#: The denominators and totals several KPIs share.
OWN_POSTS = _("Own posts (originals + replies) in the period")
TOTAL = pgettext_lazy("kpi denominator", "none (a total)")
