"""A Mastodon instance mostra has talked to: its own limits, and mostra's apps on it.

Mastodon has no central developer portal: each instance registers applications itself
(``POST /api/v1/apps``). mostra registers once per instance and redirect address (each
workspace has its own callback address) and keeps the client id and secret, the secret
encrypted. The limits the instance announced are kept with it, since every account of
the instance shares them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mostra.core.crypto import EncryptedJSONField


class MastodonInstance(models.Model):
    #: The instance's origin, ``https://host[:port]`` (the key).
    url = models.URLField(_("instance"), max_length=255, unique=True)
    domain = models.CharField(_("domain"), max_length=255)
    version = models.CharField(_("version"), max_length=100, blank=True)
    #: ``configuration.statuses.max_characters``; None: the instance does not say.
    text_limit = models.PositiveIntegerField(null=True, blank=True)
    #: Attachments per post, image and video sizes, media types (as the instance says).
    limits = models.JSONField(default=dict, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["url"]
        verbose_name = _("Mastodon instance")

    def __str__(self) -> str:
        return self.domain or self.url


class MastodonApp(models.Model):
    """mostra registered as an OAuth application on one instance, for one callback."""

    instance = models.ForeignKey(MastodonInstance, on_delete=models.CASCADE, related_name="apps")
    redirect_uri = models.CharField(max_length=500)
    scopes = models.CharField(max_length=255)
    client_id = models.CharField(max_length=255)
    #: The client secret (a string), encrypted at rest.
    client_secret = EncryptedJSONField()
    registered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["instance", "redirect_uri"]
        verbose_name = _("Mastodon application")
        constraints = [
            models.UniqueConstraint(
                fields=["instance", "redirect_uri"], name="unique_mastodon_app_redirect"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instance} → {self.redirect_uri}"

    def forget_unreadable_secret(self, field: str) -> None:
        """The key of its secret is lost: mostra registers itself again at the next sign-in."""
        self.delete()
