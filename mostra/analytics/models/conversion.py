"""Visits and conversions imported from a web-analytics export (Matomo, Plausible, GA4).

One :class:`TrafficRow` is what the export says of one UTM combination (source, medium,
campaign, content) over one day, or over the export's whole period when it has no day
column; its conversions, by goal name, are :class:`GoalCount` rows. A
:class:`GoalMapping` says which KPI (registrations, sales, leads…) a goal feeds.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnalyticsTool(models.TextChoices):
    MATOMO = "matomo", "Matomo"
    PLAUSIBLE = "plausible", "Plausible"
    GA4 = "ga4", "Google Analytics 4"


class TrafficRow(models.Model):
    """Visits of one UTM combination over a day (``start == end``) or a period."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="traffic_rows"
    )
    tool = models.CharField(_("analytics tool"), max_length=12, choices=AnalyticsTool.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    utm_source = models.CharField(_("UTM source"), max_length=200, blank=True)
    utm_medium = models.CharField(_("UTM medium"), max_length=200, blank=True)
    utm_campaign = models.CharField(_("UTM campaign"), max_length=200, blank=True)
    utm_content = models.CharField(_("UTM content"), max_length=200, blank=True)
    #: Visits (sessions); None when the export does not give them (unknown is not 0).
    visits = models.PositiveIntegerField(_("visits"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["start", "utm_campaign", "utm_source", "utm_medium", "utm_content"]
        indexes = [
            models.Index(fields=["workspace", "start"], name="traffic_workspace_start"),
            models.Index(fields=["workspace", "utm_campaign"], name="traffic_workspace_campaign"),
        ]

    def __str__(self) -> str:
        return f"{self.start}..{self.end} {self.utm_campaign}/{self.utm_source}: {self.visits}"


class GoalCount(models.Model):
    """The conversions of one goal ("Inscription", "Purchase") on a traffic row."""

    row = models.ForeignKey(TrafficRow, on_delete=models.CASCADE, related_name="goals")
    goal = models.CharField(_("goal"), max_length=200)
    conversions = models.PositiveIntegerField(_("conversions"))

    class Meta:
        ordering = ["goal"]
        constraints = [
            models.UniqueConstraint(fields=["row", "goal"], name="unique_goal_per_traffic_row")
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.conversions}"


class GoalMapping(models.Model):
    """A web-analytics goal counted as a KPI's values (the goal "Inscription" as
    registrations)."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="goal_mappings"
    )
    goal = models.CharField(_("goal"), max_length=200)
    kpi = models.CharField(_("KPI"), max_length=40)

    class Meta:
        ordering = ["goal"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "goal"], name="unique_goal_mapping")
        ]

    def __str__(self) -> str:
        return f"{self.goal} → {self.kpi}"
