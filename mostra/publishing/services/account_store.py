"""The accounts' store the integrations read and save through
(:class:`mostra.integrations.store.AccountStore`), given to them when the publishing
app is ready."""

from __future__ import annotations

from typing import Any

import httpx

from mostra.publishing.models import MastodonInstance, OAuthClient, SocialAccount


class PublishingStore:
    def fresh_access_token(self, account: SocialAccount, client: httpx.Client) -> str:
        from mostra.publishing.services.oauth_tokens import fresh_access_token

        return fresh_access_token(account, client)

    def store_credentials(self, account: SocialAccount, credentials: dict[str, Any]) -> None:
        from mostra.publishing.services.accounts import store_credentials

        store_credentials(account, credentials)

    def instance_limits(self, service_url: str) -> dict[str, Any]:
        stored = (
            MastodonInstance.objects.filter(url=service_url)
            .values_list("limits", flat=True)
            .first()
        )
        return dict(stored or {})

    def application_extra(self, provider: str) -> dict[str, Any]:
        return OAuthClient.extra_for(provider)


STORE = PublishingStore()
