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

from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mostra.analytics.kpis import sources
from mostra.analytics.kpis.sources import Source

Unit = Literal["ratio", "count", "rate", "per_week", "currency"]
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
}

ENGAGEMENTS = _("likes + replies + reposts + quotes (+ saves when the source gives them)")


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


def _k(
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


_OWN = _("Own posts (originals + replies) in the period")
_NONE = pgettext_lazy("kpi denominator", "none (a total)")
_FOLLOWERS_END = _("followers at the period's end (the latest count on or before it)")

_DEFINITIONS = [
    # Output: what the account posts.
    _k(
        "posts_per_week",
        _("Posts per week"),
        _("All posts (originals + replies + reposts) ÷ (days in the period ÷ 7)."),
        _("All posts in the period"),
        _("Weeks in the period (days ÷ 7)"),
        sources.MOSTRA,
        "per_week",
        "output",
        "any",
    ),
    _k(
        "repost_ratio",
        _("Repost ratio"),
        _(
            "Reposts ÷ all posts of the account in the period (originals + replies + "
            "reposts). Replies are included in the denominator."
        ),
        _("Reposts (retweets, boosts) in the period"),
        _("All posts (originals + replies + reposts)"),
        sources.REPOST_RATIO,
        "ratio",
        "output",
        "any",
    ),
    _k(
        "original_share",
        _("Original share"),
        _(
            "Originals ÷ all posts of the account in the period (originals + replies + "
            "reposts). Replies are included in the denominator."
        ),
        _("Originals (quote posts included)"),
        _("All posts (originals + replies + reposts)"),
        sources.REPOST_RATIO,
        "ratio",
        "output",
        "any",
    ),
    _k(
        "reply_share",
        _("Reply share"),
        _(
            "Replies written by the account ÷ all posts of the account in the period "
            "(originals + replies + reposts)."
        ),
        _("Replies written by the account"),
        _("All posts (originals + replies + reposts)"),
        sources.REPOST_RATIO,
        "ratio",
        "output",
        "any",
    ),
    # Reach: how many saw it.
    _k(
        "reach",
        _("Reach"),
        _("Sum of the reach (unique accounts that saw it) of the own posts that carry one."),
        _("Reach of own posts"),
        _NONE,
        sources.REACH_IMPRESSIONS,
        "count",
        "reach",
    ),
    _k(
        "impressions",
        _("Impressions"),
        _("Sum of the impressions (displays, repeats included) of the own posts that carry them."),
        _("Impressions of own posts"),
        _NONE,
        sources.REACH_IMPRESSIONS,
        "count",
        "reach",
    ),
    _k(
        "video_views",
        _("Video views"),
        _("Sum of the video views of the own posts that carry them."),
        _("Video views of own posts"),
        _NONE,
        sources.NETWORK,
        "count",
        "reach",
    ),
    # Engagement: three rates kept apart, by their denominator.
    _k(
        "engagement_rate_reach",
        _("Engagement rate by reach"),
        _(
            "Average over own posts with a reach of (engagements ÷ reach), engagements "
            "being likes + replies + reposts + quotes (+ saves when given)."
        ),
        _("Sum of each post's engagements ÷ its reach"),
        _("Own posts with a reach and their engagement counts"),
        sources.ENGAGEMENT_RATE_REACH,
        "ratio",
        "engagement",
    ),
    _k(
        "engagement_rate_followers",
        _("Engagement rate by followers"),
        _(
            "Engagements on own posts ÷ own posts ÷ followers at the period's end, "
            "engagements being likes + replies + reposts + quotes (+ saves when given)."
        ),
        _("Engagements on own posts"),
        _("Own posts × followers at the period's end"),
        sources.ENGAGEMENT_RATE_FOLLOWERS,
        "ratio",
        "engagement",
    ),
    _k(
        "engagement_rate_impressions",
        _("Engagement rate by impressions"),
        _(
            "Engagements ÷ impressions, summed over own posts that carry both; "
            "engagements being likes + replies + reposts + quotes (+ saves when given)."
        ),
        _("Engagements on own posts with impressions"),
        _("Impressions of those posts"),
        sources.ENGAGEMENT_RATE,
        "ratio",
        "engagement",
    ),
    _k(
        "likes",
        _("Likes"),
        _("Sum of the likes (favourites, reactions) of the own posts that carry them."),
        _("Likes on own posts"),
        _NONE,
        sources.NETWORK,
        "count",
        "engagement",
    ),
    # Kaushik's conversation, amplification, applause.
    _k(
        "conversation_rate",
        _("Conversation rate"),
        _(
            "Replies received ÷ own posts (originals + replies; reposts are excluded: "
            "they are others' content). Posts without a replies count are left out."
        ),
        _("Replies received on own posts"),
        _OWN,
        sources.KAUSHIK,
        "rate",
        "conversation",
    ),
    _k(
        "amplification_rate",
        _("Amplification rate"),
        _(
            "Reposts + quotes received ÷ own posts (originals + replies; reposts are "
            "excluded). Posts without a reposts count are left out."
        ),
        _("Reposts and quotes of own posts"),
        _OWN,
        sources.KAUSHIK,
        "rate",
        "conversation",
    ),
    _k(
        "applause_rate",
        _("Applause rate"),
        _(
            "Likes received ÷ own posts (originals + replies; reposts are excluded). "
            "Posts without a likes count are left out."
        ),
        _("Likes on own posts"),
        _OWN,
        sources.KAUSHIK,
        "rate",
        "conversation",
    ),
    _k(
        "conversation_rate_per_1000",
        _("Conversation rate per 1,000 followers"),
        _("Conversation rate ÷ (followers at the period's end ÷ 1,000)."),
        _("Replies received on own posts"),
        _("Own posts × followers at the period's end ÷ 1,000"),
        sources.TRUE_SOCIAL_METRICS,
        "rate",
        "conversation",
    ),
    _k(
        "amplification_rate_per_1000",
        _("Amplification rate per 1,000 followers"),
        _("Amplification rate ÷ (followers at the period's end ÷ 1,000)."),
        _("Reposts and quotes of own posts"),
        _("Own posts × followers at the period's end ÷ 1,000"),
        sources.TRUE_SOCIAL_METRICS,
        "rate",
        "conversation",
    ),
    _k(
        "applause_rate_per_1000",
        _("Applause rate per 1,000 followers"),
        _("Applause rate ÷ (followers at the period's end ÷ 1,000)."),
        _("Likes on own posts"),
        _("Own posts × followers at the period's end ÷ 1,000"),
        sources.TRUE_SOCIAL_METRICS,
        "rate",
        "conversation",
    ),
    # Growth.
    _k(
        "followers",
        _("Followers"),
        _("The latest follower count on or before the period's end."),
        _("Followers"),
        _NONE,
        sources.NETWORK,
        "count",
        "growth",
    ),
    _k(
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
    _k(
        "link_clicks",
        _("Link clicks"),
        _("Sum of the clicks of the own posts that carry them."),
        _("Clicks on own posts"),
        _NONE,
        sources.NETWORK,
        "count",
        "action",
    ),
    _k(
        "ctr",
        _("Click-through rate (CTR)"),
        _("Clicks ÷ impressions, summed over own posts that carry both."),
        _("Clicks on own posts with impressions"),
        _("Impressions of those posts"),
        sources.CTR,
        "ratio",
        "action",
    ),
    _k(
        "registrations",
        _("Registrations"),
        _("Registrations attributed to social media (web analytics goals)."),
        _("Registrations"),
        _NONE,
        sources.CONVERSION,
        "count",
        "action",
    ),
    _k(
        "sales",
        _("Sales"),
        _("Sales attributed to social media (web analytics or shop)."),
        _("Sales"),
        _NONE,
        sources.CONVERSION,
        "count",
        "action",
    ),
    _k(
        "leads",
        _("Leads"),
        _("Leads attributed to social media (CRM)."),
        _("Leads"),
        _NONE,
        sources.CONVERSION,
        "count",
        "action",
    ),
    # Listening.
    _k(
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
    _k(
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
    _k(
        "net_sentiment_ns1",
        _("Net sentiment NS₁ (neutral excluded)"),
        _("(P − N) ÷ (P + N): positive and negative mentions only."),
        _("Positive − negative mentions"),
        _("Positive + negative mentions"),
        sources.NET_SENTIMENT_NS1,
        "ratio",
        "listening",
    ),
    _k(
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
    _k(
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
    _k(
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
    _k(
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

#: Every KPI: code -> definition, in the order pages show them (by group).
CATALOGUE: dict[str, KpiDefinition] = {
    d.code: d for group in GROUPS for d in _DEFINITIONS if d.group_code == group
}


def by_group() -> list[tuple[str, Promise, list[KpiDefinition]]]:
    """The catalogue grouped: (group code, group label, its KPIs), in page order."""
    return [
        (code, label, [d for d in CATALOGUE.values() if d.group_code == code])
        for code, label in GROUPS.items()
    ]
