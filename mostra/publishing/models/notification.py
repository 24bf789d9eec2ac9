"""What mostra tells a member in the app: a publication failed, or its outcome is unknown."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    PUBLICATION_FAILED = "publication_failed", _("Publication failed")
    PUBLICATION_UNKNOWN = "publication_unknown", _("Publication outcome unknown")


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def for_member(self, user: object, workspace: object) -> NotificationQuerySet:
        return self.filter(recipient=user, workspace=workspace)


class Notification(models.Model):
    """One message for one member. ``message`` is the network's words, kept as said."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="notifications"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind)
    post = models.ForeignKey(
        "editorial.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    publication = models.ForeignKey(
        "publishing.Publication",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"
