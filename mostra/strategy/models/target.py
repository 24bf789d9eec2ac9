from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Target(models.Model):
    """A ranked, typed audience the strategy aims at."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="targets"
    )
    key = models.SlugField(_("id"), max_length=63)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, default="direct")
    priority = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True)
    typology = models.CharField(_("typology"), max_length=12, default="collective")
    segments = models.JSONField(_("segments"), default=dict, blank=True)
    behaviour = models.JSONField(_("behaviour per network"), default=dict, blank=True)
    inactive = models.JSONField(_("present but inactive on"), default=list, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = [models.F("priority").asc(nulls_last=True), "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="unique_target_key")
        ]

    def __str__(self) -> str:
        return self.name
