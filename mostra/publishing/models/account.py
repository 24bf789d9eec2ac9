"""A network account a workspace publishes to, with its credentials encrypted at rest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mostra.core.crypto import EncryptedJSONField


class AccountStatus(models.TextChoices):
    CONNECTED = "connected", _("Connected")
    NEEDS_RECONNECT = "needs_reconnect", _("Needs reconnecting")
    ERROR = "error", _("Error")
    DISCONNECTED = "disconnected", _("Disconnected")


class SocialAccount(models.Model):
    """One account on one network (a Bluesky handle, a Mastodon account, a LinkedIn page…).

    ``credentials`` holds what the network needs (app password, access and refresh
    tokens…), encrypted; it is never logged, never shown back, never in an API answer.
    """

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="social_accounts"
    )
    network = models.CharField(_("network"), max_length=20)
    handle = models.CharField(_("handle"), max_length=255)
    display_name = models.CharField(_("name"), max_length=255, blank=True)
    #: The network's own id of the account: a DID, a Mastodon account id, a URN…
    external_id = models.CharField(_("account id"), max_length=255)
    #: The server: a PDS, a Mastodon instance; empty for centralised networks.
    service_url = models.URLField(_("server"), max_length=500, blank=True)
    credentials = EncryptedJSONField(null=True, blank=True)
    token_expires_at = models.DateTimeField(_("token expires"), null=True, blank=True)
    #: The instance's own text limit (Mastodon reads it from its API); None: the default.
    text_limit = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AccountStatus, default=AccountStatus.CONNECTED
    )
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_ok_at = models.DateTimeField(null=True, blank=True)
    #: Published by hand: no credentials, mostra never calls the network; at the post's
    #: time its ``responsible`` member is told to publish it, then says it is done.
    by_hand = models.BooleanField(_("published by hand"), default=False)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    #: When the followers count is next read (the worker's loop turns it into a task).
    next_followers_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["network", "handle"]
        verbose_name = _("network account")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "network", "external_id"], name="unique_social_account"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network}:{self.handle}"

    def forget_unreadable_secret(self, field: str) -> None:
        """The key of its credentials is lost: keep the account, ask for a reconnection."""
        self.credentials = None
        self.status = AccountStatus.NEEDS_RECONNECT
        self.last_error = str(
            _("Its credentials were encrypted with a lost key: reconnect the account.")
        )
        self.save(update_fields=["credentials", "status", "last_error"])
