from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentPillar(models.Model):
    """A recurring theme of the editorial line (behind the scenes, expertise, events…)."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="content_pillars"
    )
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    color = models.CharField(_("colour"), max_length=7, default="#4c6ef5")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("content pillar")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="unique_pillar_name")
        ]

    def __str__(self) -> str:
        return self.name
