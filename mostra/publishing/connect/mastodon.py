"""Connecting a Mastodon account with an instance address and an access token.

Steps of :func:`connect_mastodon`:

1. the instance is probed (:func:`~mostra.integrations.mastodon.instance.probe`): an
   address that is not a Mastodon-API server is refused in words, and the instance's
   limits are kept (:class:`~mostra.publishing.models.MastodonInstance`);
2. ``GET /api/v1/accounts/verify_credentials`` with the token says whose it is; a
   revoked token (401) raises :class:`~mostra.integrations.base.CredentialsRejected`;
   a token whose application lacks a scope mostra needs (``read``, ``write:statuses``,
   ``write:media``) is refused, where the instance says its scopes;
3. the account is stored by :func:`~mostra.publishing.services.accounts.connect_account`
   (id ``external_id``, handle ``user@domain``, the instance's text limit, the token
   encrypted), the same way as every network's.

The OAuth flow of the web page (:mod:`mostra.publishing.services.mastodon_oauth`) ends
here too, with the token it obtained.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core.errors import DomainError
from mostra.core.http import outbound_client
from mostra.integrations.base import TransportError
from mostra.integrations.mastodon.api import MastodonApi
from mostra.integrations.mastodon.errors import SCOPES
from mostra.integrations.mastodon.instance import InstanceInfo, NotMastodon, probe

if TYPE_CHECKING:
    from mostra.core.models import Membership, Workspace
    from mostra.integrations.base import Connection
    from mostra.publishing.models import MastodonInstance, SocialAccount

NETWORK = "mastodon"


def remember_instance(info: InstanceInfo) -> MastodonInstance:
    """Store (or refresh) what the instance said of itself."""
    from mostra.publishing.models import MastodonInstance

    instance, _created = MastodonInstance.objects.update_or_create(
        url=info.url,
        defaults={
            "domain": info.domain,
            "version": info.version[:100],
            "text_limit": info.text_limit,
            "limits": info.limits(),
            "checked_at": timezone.now(),
        },
    )
    return instance


def application_scopes(api: MastodonApi) -> list[str] | None:
    """The scopes of the token's application (Mastodon 4.3 and later say them), or None
    when the instance does not say. A token never has more scopes than its application."""
    try:
        response = api.send("GET", "/api/v1/apps/verify_credentials")
    except TransportError:
        return None
    if response.status_code != 200:
        return None
    try:
        scopes = response.json().get("scopes")
    except (ValueError, AttributeError):
        return None
    if isinstance(scopes, str):
        scopes = scopes.split()
    return [str(s) for s in scopes] if isinstance(scopes, list) else None


def missing_scopes(scopes: list[str] | None) -> list[str]:
    """Which of the scopes mostra needs are not granted (``write`` grants every
    ``write:…``, ``read`` every ``read:…``); none when the scopes are unknown."""
    if scopes is None:
        return []
    granted = set(scopes)
    return [
        needed for needed in SCOPES if needed not in granted and needed.split(":")[0] not in granted
    ]


def mastodon_connection(
    instance_url: str, token: str, client: httpx.Client
) -> tuple[Connection, InstanceInfo]:
    """Who the token belongs to on the instance, and what the instance accepts."""
    from mostra.integrations.base import Connection

    token = (token or "").strip()
    if not token:
        raise NotMastodon(_("Give the account's access token."), field="token")
    info = probe(client, instance_url, token)
    me = MastodonApi(info.url, token, client).verify_credentials()
    if not isinstance(me, dict) or not me.get("id") or not (me.get("username") or me.get("acct")):
        raise NotMastodon(
            _("%(host)s did not say whose the token is: it does not answer as Mastodon does.")
            % {"host": info.domain},
            field="instance",
        )
    lacking = missing_scopes(application_scopes(MastodonApi(info.url, token, client)))
    if lacking:
        raise NotMastodon(
            _(
                "The token's application lacks the scopes %(scopes)s, which mostra needs: "
                "create a token with the scopes %(needed)s."
            )
            % {"scopes": ", ".join(lacking), "needed": ", ".join(SCOPES)},
            field="token",
        )
    username = str(me.get("username") or me["acct"]).split("@")[0]
    connection = Connection(
        handle=f"{username}@{info.domain}",
        external_id=str(me["id"]),
        credentials={"access_token": token},
        display_name=str(me.get("display_name") or "")[:255],
        service_url=info.url,
        text_limit=info.text_limit,
    )
    return connection, info


def connect_mastodon(
    membership: Membership | None,
    instance_url: str,
    token: str,
    *,
    workspace: Workspace | None = None,
    client: httpx.Client | None = None,
) -> SocialAccount:
    """Connect (or reconnect) the Mastodon account that ``token`` opens on the instance.

    Raises :class:`NotMastodon` (a :class:`~mostra.core.errors.DomainError`) for an
    address that is not a Mastodon-API server, :class:`TransportError` when the instance
    cannot be reached or refuses the token (:class:`CredentialsRejected`), and
    :class:`DomainError` when ``membership`` may not connect accounts.
    """
    from mostra.publishing.models import SocialAccount
    from mostra.publishing.services.accounts import connect_account, may_manage_accounts

    if membership is not None and not may_manage_accounts(membership):
        raise DomainError(
            _(
                "Only the workspace's owners and managers can connect or disconnect "
                "network accounts: ask one of them."
            )
        )
    own_client = client is None
    client = client or outbound_client()
    try:
        connection, info = mastodon_connection(instance_url, token, client)
    finally:
        if own_client:
            client.close()
    target = workspace if workspace is not None else getattr(membership, "workspace", None)
    elsewhere = (
        SocialAccount.objects.filter(
            workspace=target, network=NETWORK, external_id=connection.external_id
        )
        .exclude(service_url=connection.service_url)
        .first()
    )
    if elsewhere is not None:
        raise DomainError(
            _(
                "This workspace already has a Mastodon account with the same id on another "
                "instance (%(handle)s): disconnect it first."
            )
            % {"handle": elsewhere.handle}
        )
    remember_instance(info)
    return connect_account(membership, NETWORK, connection, workspace=workspace)
