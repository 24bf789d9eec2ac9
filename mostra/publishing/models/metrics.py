"""Time series of what the networks count: per published variant, and per account."""

from __future__ import annotations

from django.db import models


class MetricSnapshot(models.Model):
    """The counts a network gives for one publication at one moment (None: not given)."""

    publication = models.ForeignKey(
        "publishing.Publication", on_delete=models.CASCADE, related_name="snapshots"
    )
    taken_at = models.DateTimeField()
    likes = models.PositiveBigIntegerField(null=True, blank=True)
    reposts = models.PositiveBigIntegerField(null=True, blank=True)
    replies = models.PositiveBigIntegerField(null=True, blank=True)
    quotes = models.PositiveBigIntegerField(null=True, blank=True)
    impressions = models.PositiveBigIntegerField(null=True, blank=True)
    reach = models.PositiveBigIntegerField(null=True, blank=True)
    clicks = models.PositiveBigIntegerField(null=True, blank=True)
    saves = models.PositiveBigIntegerField(null=True, blank=True)
    video_views = models.PositiveBigIntegerField(null=True, blank=True)
    raw = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["taken_at", "id"]
        indexes = [models.Index(fields=["publication", "taken_at"])]

    def __str__(self) -> str:
        return f"{self.publication_id} @ {self.taken_at:%Y-%m-%d %H:%M}"


class FollowerSnapshot(models.Model):
    account = models.ForeignKey(
        "publishing.SocialAccount", on_delete=models.CASCADE, related_name="follower_snapshots"
    )
    taken_at = models.DateTimeField()
    followers = models.PositiveBigIntegerField(null=True, blank=True)
    following = models.PositiveBigIntegerField(null=True, blank=True)
    posts = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["taken_at", "id"]
        indexes = [models.Index(fields=["account", "taken_at"])]

    def __str__(self) -> str:
        return f"{self.account_id} @ {self.taken_at:%Y-%m-%d}"
