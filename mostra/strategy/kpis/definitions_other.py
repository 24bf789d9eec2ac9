"""The KPIs of followers, actions, listening and paid campaigns.

Listening KPIs are measured for the whole workspace from the mentions listening found
(:mod:`mostra.analytics.listening_kpis`), not per account; paid and conversion KPIs are
recorded by the team. A sentiment is positive at a score of +0.05 or more, negative at
−0.05 or less (VADER's compound, as the enrichment labels it), neutral between.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mostra.strategy.kpis import sources
from mostra.strategy.kpis.definition import TOTAL, KpiDefinition, kpi

DEFINITIONS: list[KpiDefinition] = [
    # Growth.
    kpi(
        "followers",
        _("Followers"),
        _("The latest follower count on or before the period's end."),
        _("Followers"),
        TOTAL,
        sources.NETWORK,
        "count",
        "growth",
    ),
    kpi(
        "follower_growth",
        _("Follower growth"),
        _(
            "(Followers at the end − followers at the start) ÷ followers at the start, "
            "with the counts nearest the period's bounds within it."
        ),
        _("Followers gained (the last count − the first count in the period)"),
        _("Followers at the start (the first count in the period)"),
        sources.FOLLOWER_GROWTH,
        "ratio",
        "growth",
    ),
    # Action.
    kpi(
        "link_clicks",
        _("Link clicks"),
        _("Sum of the clicks of the own posts that carry them."),
        _("Clicks on own posts"),
        TOTAL,
        sources.NETWORK,
        "count",
        "action",
    ),
    kpi(
        "ctr",
        _("Click-through rate (CTR)"),
        _("Clicks ÷ impressions, summed over own posts that carry both."),
        _("Clicks on own posts with impressions"),
        _("Impressions of those posts"),
        sources.CTR,
        "ratio",
        "action",
    ),
    kpi(
        "registrations",
        _("Registrations"),
        _("Registrations attributed to social media (web analytics goals)."),
        _("Registrations"),
        TOTAL,
        sources.CONVERSION,
        "count",
        "action",
    ),
    kpi(
        "sales",
        _("Sales"),
        _("Sales attributed to social media (web analytics or shop)."),
        _("Sales"),
        TOTAL,
        sources.CONVERSION,
        "count",
        "action",
    ),
    kpi(
        "leads",
        _("Leads"),
        _("Leads attributed to social media (CRM)."),
        _("Leads"),
        TOTAL,
        sources.CONVERSION,
        "count",
        "action",
    ),
    # Listening.
    kpi(
        "share_of_voice",
        _("Share of voice"),
        _(
            "Mentions of the brand ÷ (mentions of the brand + of each competitor), in the "
            "period: the own-brand queries against the competitor queries, one competitor "
            "per query."
        ),
        _("Mentions of the brand"),
        _("Mentions of the brand and its competitors"),
        sources.SHARE_OF_VOICE,
        "ratio",
        "listening",
    ),
    kpi(
        "mentions",
        _("Mentions"),
        _(
            "Mentions of the brand in the period: items listening found that match an "
            "own-brand query, each counted once (near-duplicates folded)."
        ),
        _("Mentions of the brand"),
        TOTAL,
        sources.MOSTRA,
        "count",
        "listening",
    ),
    kpi(
        "mention_reach",
        _("Mention reach"),
        _(
            "Sum of the audiences (followers) of the authors of the brand's mentions, "
            "over the mentions whose author's audience is known; the others are left out "
            "and the value says how many mentions it covers."
        ),
        _("Followers of the mentions' authors"),
        TOTAL,
        sources.MENTION_REACH,
        "count",
        "listening",
    ),
    kpi(
        "response_time_median",
        _("Median response time"),
        _(
            "The median hours from a mention's publication (else its fetching) to its first "
            "handling or ignoring in the inbox, over the mentions answered in the period."
        ),
        _("Hours to the first handling, per answered mention"),
        _("Mentions answered in the period (the median's middle)"),
        sources.RESPONSE_TIME,
        "hours",
        "listening",
        "down",
    ),
    kpi(
        "net_sentiment",
        _("Net sentiment"),
        _(
            "Positive share − negative share of the mentions, neutral included "
            "(the NS₂ definition: (P − N) ÷ (P + N + U))."
        ),
        _("Positive − negative mentions"),
        _("All mentions (positive + negative + neutral)"),
        sources.NET_SENTIMENT_NS2,
        "ratio",
        "listening",
    ),
    kpi(
        "net_sentiment_ns1",
        _("Net sentiment NS₁ (neutral excluded)"),
        _("(P − N) ÷ (P + N): positive and negative mentions only."),
        _("Positive − negative mentions"),
        _("Positive + negative mentions"),
        sources.NET_SENTIMENT_NS1,
        "ratio",
        "listening",
    ),
    kpi(
        "net_sentiment_ns2",
        _("Net sentiment NS₂ (neutral included)"),
        _("(P − N) ÷ (P + N + U): % positive − % negative of all mentions."),
        _("Positive − negative mentions"),
        _("All mentions (positive + negative + neutral)"),
        sources.NET_SENTIMENT_NS2,
        "ratio",
        "listening",
    ),
    # Paid.
    kpi(
        "cost_per_result",
        _("Cost per result"),
        _("Amount spent ÷ results of the campaign's objective."),
        _("Amount spent"),
        _("Results"),
        sources.PAID,
        "currency",
        "paid",
        "down",
    ),
    kpi(
        "cpm",
        _("Cost per 1,000 impressions (CPM)"),
        _("Amount spent ÷ impressions × 1,000."),
        _("Amount spent"),
        _("Paid impressions ÷ 1,000"),
        sources.PAID,
        "currency",
        "paid",
        "down",
    ),
    kpi(
        "cpc",
        _("Cost per click (CPC)"),
        _("Amount spent ÷ clicks."),
        _("Amount spent"),
        _("Paid clicks"),
        sources.PAID,
        "currency",
        "paid",
        "down",
    ),
]


#: What listening needs to measure each of its KPIs: the query groups the workspace must
#: have (mostra.listening's QueryGroup codes); () means any query.
LISTENING_NEEDS: dict[str, tuple[str, ...]] = {
    "mentions": ("brand",),
    "mention_reach": ("brand",),
    "share_of_voice": ("brand", "competitor"),
    "net_sentiment": ("brand",),
    "net_sentiment_ns1": ("brand",),
    "net_sentiment_ns2": ("brand",),
    "response_time_median": (),
}
