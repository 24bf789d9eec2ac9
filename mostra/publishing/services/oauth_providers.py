"""The OAuth applications an administrator entered (one per provider: LinkedIn, X, Meta,
Threads) and the callback address to register with each.

The providers themselves (their endpoints, scopes and token answers) are network code:
:mod:`mostra.integrations.oauth_providers`.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from mostra.core.errors import DomainError
from mostra.integrations.oauth_providers import PROVIDER_LABELS
from mostra.publishing.models import OAuthClient


def application(provider_key: str) -> OAuthClient:
    app = OAuthClient.objects.filter(network=provider_key).first()
    if app is None or not app.client_id or not app.has_secret:
        raise DomainError(
            _(
                "mostra is not registered with %(network)s yet: an administrator must enter "
                "the application's client id and secret on the Networks administration page."
            )
            % {"network": PROVIDER_LABELS.get(provider_key, provider_key)}
        )
    return app


def redirect_uri(provider_key: str) -> str:
    """The callback address to enter on the network's developer portal."""
    return settings.CONFIG.base_url + reverse("oauth:callback", args=[provider_key])
