"""What the integrations read and save of the accounts the publishing app keeps.

The connected accounts, their saved credentials, the Mastodon instances' limits and the
administrators' OAuth applications are the publishing app's models, a layer above: it
gives the integrations one :class:`AccountStore` when it is ready
(:class:`mostra.publishing.services.account_store.PublishingStore`, put in
:data:`STORES`). An integration never imports the publishing app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import httpx

if TYPE_CHECKING:
    from mostra.publishing.models import SocialAccount


class AccountStore(Protocol):
    def fresh_access_token(self, account: SocialAccount, client: httpx.Client) -> str:
        """The account's OAuth access token, refreshed first when it expires soon."""
        ...

    def store_credentials(self, account: SocialAccount, credentials: dict[str, Any]) -> None:
        """Save the account's renewed credentials (a Bluesky session's new tokens)."""
        ...

    def instance_limits(self, service_url: str) -> dict[str, Any]:
        """The limits a Mastodon instance said it has ({} when unknown)."""
        ...

    def application_extra(self, provider: str) -> dict[str, Any]:
        """The settings an administrator gave the provider's application ({} if none)."""
        ...


#: Filled by the publishing app when it is ready (one store).
STORES: list[AccountStore] = []


def store() -> AccountStore:
    """The accounts' store; an empty slot is an error, never a call that quietly fails."""
    if not STORES:
        raise RuntimeError(
            "mostra.integrations.store.STORES is empty: the publishing app fills it when "
            "it is ready (is mostra.publishing in INSTALLED_APPS?)"
        )
    return STORES[0]
