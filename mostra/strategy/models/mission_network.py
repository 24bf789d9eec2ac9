from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MissionNetwork(models.Model):
    """Why the workspace is (or considers being) on a network, and who is there."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="mission_networks"
    )
    network = models.CharField(_("network"), max_length=20)
    why = models.TextField(_("why we are there"), blank=True)
    audience_present = models.BooleanField(_("ideal customer present"), null=True, blank=True)
    competitors_present = models.BooleanField(_("competitors present"), null=True, blank=True)
    partners_present = models.BooleanField(_("partners present"), null=True, blank=True)
    behaviour = models.JSONField(_("what they do there"), default=list, blank=True)
    active = models.BooleanField(_("active"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "network"], name="one_mission_per_network")
        ]

    def __str__(self) -> str:
        return self.network
