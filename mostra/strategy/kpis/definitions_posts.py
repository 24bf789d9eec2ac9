"""The KPIs an account's posts give: output, reach, engagement, conversation.

Each states its formula, numerator and denominator; see :mod:`catalogue` for the
definitions chosen (own posts, the declared set of engagements).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mostra.strategy.kpis import sources
from mostra.strategy.kpis.definition import OWN_POSTS, TOTAL, KpiDefinition, kpi

DEFINITIONS: list[KpiDefinition] = [
    # Output: what the account posts.
    kpi(
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
    kpi(
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
    kpi(
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
    kpi(
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
    kpi(
        "reach",
        _("Reach"),
        _("Sum of the reach (unique accounts that saw it) of the own posts that carry one."),
        _("Reach of own posts"),
        TOTAL,
        sources.REACH_IMPRESSIONS,
        "count",
        "reach",
    ),
    kpi(
        "impressions",
        _("Impressions"),
        _("Sum of the impressions (displays, repeats included) of the own posts that carry them."),
        _("Impressions of own posts"),
        TOTAL,
        sources.REACH_IMPRESSIONS,
        "count",
        "reach",
    ),
    kpi(
        "video_views",
        _("Video views"),
        _("Sum of the video views of the own posts that carry them."),
        _("Video views of own posts"),
        TOTAL,
        sources.NETWORK,
        "count",
        "reach",
    ),
    # Engagement: three rates kept apart, by their denominator.
    kpi(
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
    kpi(
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
    kpi(
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
    kpi(
        "likes",
        _("Likes"),
        _("Sum of the likes (favourites, reactions) of the own posts that carry them."),
        _("Likes on own posts"),
        TOTAL,
        sources.NETWORK,
        "count",
        "engagement",
    ),
    # Kaushik's conversation, amplification, applause.
    kpi(
        "conversation_rate",
        _("Conversation rate"),
        _(
            "Replies received ÷ own posts (originals + replies; reposts are excluded: "
            "they are others' content). Posts without a replies count are left out."
        ),
        _("Replies received on own posts"),
        OWN_POSTS,
        sources.KAUSHIK,
        "rate",
        "conversation",
    ),
    kpi(
        "amplification_rate",
        _("Amplification rate"),
        _(
            "Reposts + quotes received ÷ own posts (originals + replies; reposts are "
            "excluded). Posts without a reposts count are left out."
        ),
        _("Reposts and quotes of own posts"),
        OWN_POSTS,
        sources.KAUSHIK,
        "rate",
        "conversation",
    ),
    kpi(
        "applause_rate",
        _("Applause rate"),
        _(
            "Likes received ÷ own posts (originals + replies; reposts are excluded). "
            "Posts without a likes count are left out."
        ),
        _("Likes on own posts"),
        OWN_POSTS,
        sources.KAUSHIK,
        "rate",
        "conversation",
    ),
    kpi(
        "conversation_rate_per_1000",
        _("Conversation rate per 1,000 followers"),
        _("Conversation rate ÷ (followers at the period's end ÷ 1,000)."),
        _("Replies received on own posts"),
        _("Own posts × followers at the period's end ÷ 1,000"),
        sources.TRUE_SOCIAL_METRICS,
        "rate",
        "conversation",
    ),
    kpi(
        "amplification_rate_per_1000",
        _("Amplification rate per 1,000 followers"),
        _("Amplification rate ÷ (followers at the period's end ÷ 1,000)."),
        _("Reposts and quotes of own posts"),
        _("Own posts × followers at the period's end ÷ 1,000"),
        sources.TRUE_SOCIAL_METRICS,
        "rate",
        "conversation",
    ),
    kpi(
        "applause_rate_per_1000",
        _("Applause rate per 1,000 followers"),
        _("Applause rate ÷ (followers at the period's end ÷ 1,000)."),
        _("Likes on own posts"),
        _("Own posts × followers at the period's end ÷ 1,000"),
        sources.TRUE_SOCIAL_METRICS,
        "rate",
        "conversation",
    ),
]
