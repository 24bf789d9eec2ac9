from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StrategyProfile(models.Model):
    """The workspace's mission (long-term vision), team capacity and check settings."""

    workspace = models.OneToOneField(
        "core.Workspace", on_delete=models.CASCADE, related_name="strategy_profile"
    )
    vision = models.TextField(_("vision"), blank=True)
    posts_per_week = models.FloatField(_("team capacity (posts per week)"), null=True, blank=True)
    new_account_months = models.PositiveSmallIntegerField(
        _("an account is new for (months)"), default=6
    )
    default_monthly_growth_max = models.FloatField(
        _("achievable monthly growth without history"), default=0.10
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mission")

    def __str__(self) -> str:
        return f"{self.workspace}: mission"
