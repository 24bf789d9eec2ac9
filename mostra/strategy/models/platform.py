from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.Model):
    """A network the workspace uses or considers, with its stage."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="platforms"
    )
    network = models.CharField(_("network"), max_length=20)
    handle = models.CharField(_("handle"), max_length=200, blank=True)
    present_since = models.DateField(_("present since"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=12, default="candidate")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "network"], name="one_platform_per_network"
            )
        ]

    def __str__(self) -> str:
        return self.network
