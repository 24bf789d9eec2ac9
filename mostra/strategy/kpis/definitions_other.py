"""The KPIs of followers, actions, listening and paid campaigns.

Listening, paid and conversion KPIs are defined now so that objectives can name them;
they are always missing until that data arrives (:mod:`formulas`).
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
            "Mentions of the brand ÷ (mentions of the brand + of its competitors), within "
            "one competitive set and period."
        ),
        _("Mentions of the brand"),
        _("Mentions of the brand and its competitors"),
        sources.SHARE_OF_VOICE,
        "ratio",
        "listening",
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
