"""Tracked links: a short code that redirects to a target with its UTM tags, and the
clicks counted per day (no IP, no cookie: only daily counts and daily unique visitors).

A link's code never changes (printed codes stay valid when its target is edited); a
link is disabled or expires rather than being deleted, so old codes answer "gone".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The length of a short code (URL-safe letters and digits).
CODE_LENGTH = 7


class Medium(models.TextChoices):
    ORGANIC = "organic", _("Organic")
    PAID = "paid", _("Paid")
    AMBASSADOR = "ambassador", _("Ambassador")
    OFFLINE = "offline", _("Offline")
    EMAIL = "email", _("E-mail")


class UtmCampaign(models.Model):
    """A campaign name a workspace tags its links with (chosen from a list, so that
    "spring-2026" is not also "Spring2026")."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="utm_campaigns"
    )
    name = models.CharField(_("campaign"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workspace", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="one_utm_campaign_name")
        ]
        verbose_name = _("UTM campaign")
        verbose_name_plural = _("UTM campaigns")

    def __str__(self) -> str:
        return self.name


class TrackedLinkQuerySet(models.QuerySet["TrackedLink"]):
    def for_workspace(self, workspace: Any) -> TrackedLinkQuerySet:
        return self.filter(workspace=workspace)


class TrackedLink(models.Model):
    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="tracked_links"
    )
    code = models.CharField(_("code"), max_length=CODE_LENGTH, unique=True)
    target = models.URLField(_("destination"), max_length=2000)
    utm_source = models.CharField(_("source"), max_length=100, blank=True)
    utm_medium = models.CharField(
        _("medium"), max_length=20, choices=Medium.choices, default=Medium.ORGANIC
    )
    utm_campaign = models.CharField(_("campaign"), max_length=100, blank=True)
    utm_content = models.CharField(_("content"), max_length=100, blank=True)
    post = models.ForeignKey(
        "editorial.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tracked_links",
    )
    network = models.CharField(_("network"), max_length=32, blank=True)
    support = models.CharField(_("printed support"), max_length=60, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="variants"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    label = models.CharField(_("label"), max_length=200, blank=True)

    objects = TrackedLinkQuerySet.as_manager()

    class Meta:
        ordering = ["workspace", "-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "created_at"])]
        verbose_name = _("tracked link")
        verbose_name_plural = _("tracked links")

    def __str__(self) -> str:
        return self.label or self.code

    def is_live(self, now: dt.datetime | None = None) -> bool:
        """Whether the short link still redirects (neither disabled nor expired)."""
        now = now or timezone.now()
        return self.disabled_at is None and (self.expires_at is None or self.expires_at > now)


class ClickDay(models.Model):
    """One link's clicks on one day (in the server's time zone): every counted click,
    and the distinct visitors by a hash salted for that day only."""

    link = models.ForeignKey(TrackedLink, on_delete=models.CASCADE, related_name="click_days")
    day = models.DateField()
    clicks = models.PositiveIntegerField(default=0)
    uniques = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["link", "day"]
        constraints = [
            models.UniqueConstraint(fields=["link", "day"], name="one_click_day_per_link")
        ]

    def __str__(self) -> str:
        return f"{self.link_id} {self.day}: {self.clicks}"
