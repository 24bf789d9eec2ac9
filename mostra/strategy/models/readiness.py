"""What the readiness gate reads besides the strategy: answers "not known yet" and the
owners' overrides (see :mod:`mostra.strategy.services.readiness`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReadinessUnknown(models.Model):
    """A readiness question answered "not known yet" for a network, with a note saying
    what is awaited (only where the question allows it: ``UNKNOWN_ALLOWED``)."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="readiness_unknowns"
    )
    network = models.CharField(_("network"), max_length=20)
    code = models.CharField(_("question"), max_length=40)
    note = models.TextField(_("note"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_by_label = models.CharField(max_length=254, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["network", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "network", "code"], name="one_unknown_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network}: {self.code}"


class ReadinessOverride(models.Model):
    """An owner lets the first post on a network through without every answer: who, when,
    why; revoked (kept, with who and when) rather than deleted."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="readiness_overrides"
    )
    network = models.CharField(_("network"), max_length=20)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by_label = models.CharField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_by_label = models.CharField(max_length=254, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "network"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_override_per_network",
            )
        ]

    def __str__(self) -> str:
        return f"{self.network}: {self.reason[:40]}"
