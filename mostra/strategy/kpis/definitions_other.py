"""The KPIs of followers, actions, listening, paid campaigns and the programme.

Listening KPIs are measured for the whole workspace from the mentions listening found
(:mod:`mostra.analytics.listening_kpis`), not per account; paid and conversion KPIs are
recorded by the team; the programme's (ambassadors and influencers) are measured for the
whole workspace from its tracked posts, tracked links and fees
(:mod:`mostra.analytics.programme_kpis`). A sentiment is positive at a score of +0.05
or more, negative at −0.05 or less (VADER's compound, as the enrichment labels it), neutral between.
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
    # The ambassadors and influencers programme.
    kpi(
        "programme_reach",
        _("Programme reach"),
        _(
            "Sum of the reach of the programme's tracked posts published in the period "
            "(each post's audience), over the posts whose reach is known."
        ),
        _("Reach of the members' tracked posts"),
        TOTAL,
        sources.PROGRAMME,
        "count",
        "programme",
    ),
    kpi(
        "programme_engagements",
        _("Programme engagements"),
        _(
            "Sum of the engagements (likes + replies + reposts + quotes) of the "
            "programme's tracked posts published in the period."
        ),
        _("Engagements of the members' tracked posts"),
        TOTAL,
        sources.PROGRAMME,
        "count",
        "programme",
    ),
    kpi(
        "programme_engagement_rate",
        _("Programme engagement rate"),
        _("Engagements ÷ reach, over the programme's tracked posts that give both."),
        _("Engagements of the tracked posts with a reach"),
        _("Reach of those posts"),
        sources.PROGRAMME,
        "ratio",
        "programme",
    ),
    kpi(
        "programme_clicks",
        _("Clicks on the members' links"),
        _("Clicks in the period on the members' personal tracked links."),
        _("Clicks on the members' tracked links"),
        TOTAL,
        sources.PROGRAMME,
        "count",
        "programme",
    ),
    kpi(
        "programme_conversions",
        _("Programme conversions"),
        _(
            "Conversions of the imported web analytics traffic matched to one member's "
            "tracked link (same campaign, source, medium and content tags)."
        ),
        _("Conversions of the traffic of the members' links"),
        TOTAL,
        sources.PROGRAMME,
        "count",
        "programme",
    ),
    kpi(
        "programme_compliance_rate",
        _("Disclosure compliance rate"),
        _(
            "Compliant ÷ checked posts: the paid or gifted tracked posts of the period "
            "that carry the disclosure the law asks."
        ),
        _("Compliant posts"),
        _("Paid or gifted posts checked"),
        sources.PROGRAMME,
        "ratio",
        "programme",
    ),
    kpi(
        "programme_cost_per_engagement",
        _("Cost per engagement (influencers)"),
        _(
            "Fees of the paid collaborations of the period ÷ the engagements of their "
            "tracked posts."
        ),
        _("Fees of the paid collaborations"),
        _("Engagements of their posts"),
        sources.PROGRAMME,
        "currency",
        "programme",
        "down",
    ),
    kpi(
        "programme_cost_per_click",
        _("Cost per click (influencers)"),
        _("Fees of the paid collaborations of the period ÷ the clicks on their tracked links."),
        _("Fees of the paid collaborations"),
        _("Clicks on their tracked links"),
        sources.PROGRAMME,
        "currency",
        "programme",
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
