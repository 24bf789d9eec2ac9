"""One account's posts on one day, summed: what the year-long pages read instead of posts.

A row holds, for one tracked account and one day **in its workspace's time zone**, the
figures the KPI engine adds up (:class:`~mostra.analytics.kpis.aggregate.Figures`):
posts per kind; for own posts (originals and replies) each count's sum and how many
posts carry it; the engagement sums over the posts whose engagement is known (the one
definition, :mod:`mostra.core.engagement`). A KPI over any span of days is
the sum of its days' rows, then the engine's formulas: the same values as reading the
posts (a test holds them equal), at a cost that depends on the days and the accounts,
not on the posts.

The rows are derived data, kept by :mod:`mostra.analytics.account_days` in the
transaction of every write that changes posts (imports, the metrics collection, a post
saved or deleted, the workspace's time zone changed); ``mostra analytics rebuild``
computes them all again.
"""

from __future__ import annotations

from django.db import models


class AccountDay(models.Model):
    account = models.ForeignKey(
        "analytics.TrackedAccount", on_delete=models.CASCADE, related_name="days"
    )
    #: The day, in the workspace's time zone.
    day = models.DateField()
    originals = models.PositiveBigIntegerField(default=0)
    replies_written = models.PositiveBigIntegerField(default=0)
    reposts_made = models.PositiveBigIntegerField(default=0)
    engaged_posts = models.PositiveBigIntegerField(default=0)
    engagements = models.PositiveBigIntegerField(default=0)
    reach_posts = models.PositiveBigIntegerField(default=0)
    engagements_with_impressions = models.PositiveBigIntegerField(default=0)
    impressions_with_engagements = models.PositiveBigIntegerField(default=0)
    ctr_clicks = models.PositiveBigIntegerField(default=0)
    ctr_impressions = models.PositiveBigIntegerField(default=0)
    reach_rate_sum = models.FloatField(default=0.0)
    #: Originals whose engagement is known (the dashboard's top and flop rank them).
    engaged_originals = models.PositiveBigIntegerField(default=0)
    #: The most and least engagements of one of those originals (None without any):
    #: the dashboard looks for its top and flop posts on the days that can hold them.
    best_engagement = models.PositiveBigIntegerField(null=True)
    worst_engagement = models.PositiveBigIntegerField(null=True)
    sum_likes = models.PositiveBigIntegerField(default=0)
    sum_reposts = models.PositiveBigIntegerField(default=0)
    sum_replies = models.PositiveBigIntegerField(default=0)
    sum_quotes = models.PositiveBigIntegerField(default=0)
    sum_impressions = models.PositiveBigIntegerField(default=0)
    sum_reach = models.PositiveBigIntegerField(default=0)
    sum_clicks = models.PositiveBigIntegerField(default=0)
    sum_saves = models.PositiveBigIntegerField(default=0)
    sum_video_views = models.PositiveBigIntegerField(default=0)
    carried_likes = models.PositiveIntegerField(default=0)
    carried_reposts = models.PositiveIntegerField(default=0)
    carried_replies = models.PositiveIntegerField(default=0)
    carried_quotes = models.PositiveIntegerField(default=0)
    carried_impressions = models.PositiveIntegerField(default=0)
    carried_reach = models.PositiveIntegerField(default=0)
    carried_clicks = models.PositiveIntegerField(default=0)
    carried_saves = models.PositiveIntegerField(default=0)
    carried_video_views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["account", "day"]
        constraints = [
            models.UniqueConstraint(fields=["account", "day"], name="unique_account_day")
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.day}"
