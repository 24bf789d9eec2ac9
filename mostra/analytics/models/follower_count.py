"""An account's followers on one day: from analytics exports, collection, public reads."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowerCount(models.Model):
    account = models.ForeignKey(
        "analytics.TrackedAccount", on_delete=models.CASCADE, related_name="follower_counts"
    )
    date = models.DateField(_("date"))
    followers = models.PositiveBigIntegerField(_("followers"))
    source = models.CharField(_("source"), max_length=20)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "date"], name="unique_follower_count")
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.date}: {self.followers}"
