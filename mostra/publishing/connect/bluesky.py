"""Connecting a Bluesky account: log in on its server, then store the account.

The user gives a handle (or the DID, or the account's e-mail), an **app password**
(created in Bluesky's settings; never the account's main password) and the server (a
PDS, ``https://bsky.social`` by default). :func:`connection` opens a session there and
returns the :class:`~mostra.integrations.base.Connection` to store;
:func:`connect_bluesky` does both.
"""

from __future__ import annotations

import httpx
from django.utils.translation import gettext as _

from mostra.core.errors import DomainError
from mostra.core.http import outbound_client, web_address
from mostra.core.models import Membership, Workspace
from mostra.integrations.base import Connection, TransportError
from mostra.integrations.bluesky.session import create_session, normalize_service
from mostra.publishing.models import SocialAccount
from mostra.publishing.services.accounts import connect_account, require_manager


def _display_name(client: httpx.Client, credentials: dict[str, str]) -> str:
    """The profile's name from the AppView, when the server has one (else empty)."""
    try:
        response = client.get(
            f"{credentials['pds_url']}/xrpc/app.bsky.actor.getProfile",
            params={"actor": credentials["did"]},
            headers={"Authorization": f"Bearer {credentials['access_jwt']}"},
        )
    except httpx.HTTPError:
        return ""
    if not response.is_success:
        return ""
    try:
        return str(response.json().get("displayName") or "")
    except ValueError:
        return ""


def connection(
    handle: str, app_password: str, service_url: str = "", client: httpx.Client | None = None
) -> Connection:
    """Open a session on the server; what to store. CredentialsRejected when refused.

    A server address that is not one (``https://[::1``, ``http://0177.0.0.1``) is a
    :class:`DomainError` saying what to type, before the password is sent anywhere.
    """
    typed, service_url = service_url, normalize_service(service_url)
    try:
        web_address(service_url)
    except ValueError:
        raise DomainError(
            _("“%(address)s” is not a server's address: give it as https://bsky.social.")
            % {"address": typed.strip()},
            field="service_url",
        ) from None
    client = client or outbound_client()
    credentials = create_session(client, service_url, handle, app_password)
    return Connection(
        handle=credentials["handle"] or handle.strip().lstrip("@"),
        external_id=credentials["did"],
        credentials=credentials,
        display_name=_display_name(client, credentials),
        service_url=service_url,
    )


def connect_bluesky(
    membership: Membership | None,
    handle: str,
    app_password: str,
    service_url: str = "",
    *,
    workspace: Workspace | None = None,
    client: httpx.Client | None = None,
) -> SocialAccount:
    """Log in and store the account (see :func:`connect_account`).

    Raises :class:`~mostra.integrations.base.CredentialsRejected` (a refused app
    password), :class:`~mostra.integrations.base.TransportError` (a server that does
    not answer, or that is not a Bluesky server) or :class:`DomainError` (a server
    address that is not one); nothing is stored then.
    """
    require_manager(membership)  # before the password is sent anywhere
    found = connection(handle, app_password, service_url, client)
    return connect_account(membership, "bluesky", found, workspace=workspace)


#: The same as :func:`connection`.
login = connection

__all__ = ["TransportError", "connect_bluesky", "connection", "login"]
