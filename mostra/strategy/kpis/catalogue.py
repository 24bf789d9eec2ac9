"""The KPI catalogue: every figure mostra computes, with its formula and its source.

Each KPI states its numerator and its denominator, because vendors give the same name
to different ratios (one tool's "engagement rate" divides by reach, another's by
impressions). So the three engagement rates are three KPIs, never mixed.

Definitions chosen (docs/kpis.md repeats them):

- **Own posts** are originals and replies: a repost is someone else's content, so the
  counts it carries are not the account's. Every per-post rate divides by own posts.
- **Engagements** are a declared set: likes + replies + reposts + quotes (+ saves when
  the source gives them). A post counts towards an engagement rate only when its
  likes, replies and reposts are all known.
- A count a source does not give is missing, never 0: the KPI then says which data
  is missing and where to get it (:mod:`mostra.analytics.kpis.missing`).
- Posts that lack a count are left out of both sides of a rate that needs it.

Codes include every KPI a strategy's objective can name
(:data:`mostra.strategy.catalogue.KPIS`), so that objectives can be computed.
"""

from __future__ import annotations

from django.utils.functional import Promise

from mostra.strategy.kpis import definitions_other, definitions_posts
from mostra.strategy.kpis.definition import (
    GROUPS,
    Direction,
    KpiDefinition,
    Unit,
)

__all__ = [
    "CATALOGUE",
    "GROUPS",
    "RECORDED",
    "Direction",
    "KpiDefinition",
    "Unit",
    "by_group",
]

_DEFINITIONS = [*definitions_posts.DEFINITIONS, *definitions_other.DEFINITIONS]

#: Every KPI: code -> definition, in the order pages show them (by group).
CATALOGUE: dict[str, KpiDefinition] = {
    d.code: d for group in GROUPS for d in _DEFINITIONS if d.group_code == group
}

#: The catalogue's KPIs mostra does not compute from posts (conversions, listening, paid
#: campaigns, the ambassadors and influencers programme): an objective reads their
#: values as the team records them (mostra.analytics.measurements), or, for the
#: listening ones, as listening measures them for the whole workspace
#: (mostra.analytics.listening_kpis), and so on for the paid and programme ones; the
#: engine, which works per account, answers them "not measured".
RECORDED = frozenset(
    {
        "registrations",
        "sales",
        "leads",
        "mentions",
        "mention_reach",
        "response_time_median",
        "share_of_voice",
        "net_sentiment",
        "net_sentiment_ns1",
        "net_sentiment_ns2",
        "cost_per_result",
        "cpm",
        "cpc",
        "programme_reach",
        "programme_engagements",
        "programme_engagement_rate",
        "programme_clicks",
        "programme_conversions",
        "programme_compliance_rate",
        "programme_cost_per_engagement",
        "programme_cost_per_click",
    }
)


def by_group() -> list[tuple[str, Promise, list[KpiDefinition]]]:
    """The catalogue grouped: (group code, group label, its KPIs), in page order."""
    return [
        (code, label, [d for d in CATALOGUE.values() if d.group_code == code])
        for code, label in GROUPS.items()
    ]
