from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Strategy(models.Model):
    """The plan that reaches one objective (owned channels, paid visibility…)."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="strategies"
    )
    key = models.SlugField(_("id"), max_length=63)
    objective = models.ForeignKey(
        "strategy.Objective",
        on_delete=models.CASCADE,
        related_name="strategies",
        verbose_name=_("objective"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    plan = models.TextField(_("plan"), blank=True)
    owned_channels = models.JSONField(_("owned channels"), default=list, blank=True)
    paid = models.BooleanField(_("paid visibility"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = _("strategies")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="unique_strategy_key")
        ]

    def __str__(self) -> str:
        return self.title or self.key


class Tactic(models.Model):
    """The concrete means: networks, content, formats, slots, rhythm, targets."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="tactics"
    )
    key = models.SlugField(_("id"), max_length=63)
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="tactics", verbose_name=_("strategy")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    networks = models.JSONField(_("networks"), default=list, blank=True)
    content_types = models.JSONField(_("content types"), default=list, blank=True)
    formats = models.JSONField(_("formats"), default=list, blank=True)
    slots = models.JSONField(_("slots"), default=list, blank=True)
    per_week = models.FloatField(_("posts per week"), null=True, blank=True)
    targets = models.ManyToManyField(
        "strategy.Target", blank=True, related_name="tactics", verbose_name=_("targets")
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="unique_tactic_key")
        ]

    def __str__(self) -> str:
        return self.title or self.key
