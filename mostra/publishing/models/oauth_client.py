"""The OAuth applications an administrator registered on the networks' developer portals.

One row per provider (``linkedin``, ``x``, ``meta`` for Facebook and Instagram,
``threads``): the client id, the client secret (encrypted, never shown back), and
``extra`` settings (scopes, an API version override).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from mostra.core.crypto import EncryptedJSONField


class OAuthClient(models.Model):
    network = models.CharField(_("network"), max_length=20, unique=True)
    client_id = models.CharField(_("client id"), max_length=255)
    #: The client secret (a string), encrypted at rest.
    client_secret = EncryptedJSONField(null=True, blank=True)
    #: Optional settings: ``scopes`` (a list), ``api_version`` (an override).
    extra = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["network"]
        verbose_name = _("network application")

    def __str__(self) -> str:
        return self.network

    @property
    def has_secret(self) -> bool:
        return bool(self.client_secret)

    @classmethod
    def extra_for(cls, network: str) -> dict[str, Any]:
        row = cls.objects.filter(network=network).values_list("extra", flat=True).first()
        return dict(row or {})
