"""Paid campaigns: what the team pays to show, and what each day of it cost and brought.

A campaign is either always-on (sponsored posts promoted all along) or tied to one
event. Its days come from the ad managers' exports (Meta, LinkedIn) or are typed by
hand. A figure the network did not give stays ``None``: unknown is not zero.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ALWAYS_ON = "always_on", _("Always-on (sponsored posts)")
    EVENT = "event", _("One-off event campaign")


class Origin(models.TextChoices):
    HAND = "hand", _("entered by hand")
    META = "meta", _("Meta Ads Manager")
    LINKEDIN = "linkedin", _("LinkedIn Campaign Manager")


class Campaign(models.Model):
    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="paid_campaigns"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ALWAYS_ON)
    name = models.CharField(_("name"), max_length=200)
    objective = models.ForeignKey(
        "strategy.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="paid_campaigns",
        verbose_name=_("objective"),
    )
    strategy = models.ForeignKey(
        "strategy.Strategy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="paid_campaigns",
        verbose_name=_("strategy"),
    )
    budget = models.DecimalField(
        _("budget"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    networks = models.JSONField(_("networks"), default=list, blank=True)
    promoted_posts = models.ManyToManyField(
        "editorial.Post",
        blank=True,
        related_name="paid_campaigns",
        verbose_name=_("promoted posts"),
    )
    audience = models.TextField(_("audience"), blank=True)
    utm_campaign = models.CharField(_("campaign tag (utm_campaign)"), max_length=100, blank=True)
    #: Pacing warns when spend is this many percent over or under the linear plan.
    pacing_threshold = models.PositiveSmallIntegerField(
        _("pacing threshold (%)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="unique_paid_campaign_name"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="paid_campaign_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CampaignDay(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("day"))
    spend = models.DecimalField(_("spend"), max_digits=12, decimal_places=2, null=True, blank=True)
    impressions = models.PositiveBigIntegerField(_("impressions"), null=True, blank=True)
    reach = models.PositiveBigIntegerField(_("reach"), null=True, blank=True)
    clicks = models.PositiveBigIntegerField(_("clicks"), null=True, blank=True)
    results = models.PositiveBigIntegerField(_("results"), null=True, blank=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.HAND
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "day"], name="unique_campaign_day"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.day}"
