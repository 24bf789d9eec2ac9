"""Outbound webhooks: a workspace's URLs told of post lifecycle events, signed with HMAC."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from mostra.core.crypto import EncryptedJSONField


def new_secret() -> str:
    """A webhook's signing secret."""
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookEvent(models.TextChoices):
    SCHEDULED = "post.scheduled", _("Post scheduled")
    PUBLISHED = "post.published", _("Post published")
    FAILED = "post.failed", _("Post failed")
    METRICS = "post.metrics_updated", _("Metrics updated")
    INCIDENT_OPENED = "incident.opened", _("Incident opened or escalated")


class Webhook(models.Model):
    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(_("address"), max_length=500)
    #: The HMAC key (a string), encrypted; shown once when the webhook is created.
    secret = EncryptedJSONField()
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("webhook")

    def __str__(self) -> str:
        return self.url

    def forget_unreadable_secret(self, field: str) -> None:
        """The key of its secret is lost: a new secret, and paused until the receiver has it."""
        self.secret = new_secret()
        self.active = False
        self.save(update_fields=["secret", "active"])


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=WebhookEvent)
    #: A stable id sent with each try, so that the receiver can drop duplicates.
    delivery_id = models.CharField(max_length=40, unique=True)
    payload = models.JSONField()
    state = models.CharField(max_length=20, choices=DeliveryState, default=DeliveryState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id} ({self.state})"
