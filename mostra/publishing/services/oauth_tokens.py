"""Keeping the OAuth networks' tokens fresh.

Before a call, :func:`fresh_access_token` refreshes a token that expires within its
provider's margin, where the network allows it (X's refresh tokens, Threads'
``th_refresh_token``, LinkedIn's refresh tokens for approved applications), and saves
it with one UPDATE; a token that expired and cannot be refreshed raises
:class:`CredentialsRejected`: the account needs reconnecting. :func:`refresh_expiring`
does the same for the accounts nobody used lately (for the worker's loop).

The access token's own expiry is ``credentials["expires_at"]``;
:attr:`SocialAccount.token_expires_at` is when the member must reconnect.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core.http import outbound_client
from mostra.core.models.workspace import in_active_workspace
from mostra.integrations.base import CredentialsRejected, TransportError
from mostra.integrations.calls import parse_time
from mostra.integrations.oauth_providers import PROVIDER_OF, Provider, provider_for
from mostra.publishing.models import OAuthClient, SocialAccount
from mostra.publishing.services.accounts import store_credentials


def fresh_access_token(
    account: SocialAccount, client: httpx.Client, *, now: dt.datetime | None = None
) -> str:
    """The account's access token, refreshed first when it expires soon.

    The access token's own expiry is ``credentials["expires_at"]``;
    :attr:`SocialAccount.token_expires_at` is when the member must reconnect.
    """
    now = now or timezone.now()
    creds = account.credentials or {}
    if not creds.get("access_token"):
        raise CredentialsRejected(_("The account has no token: reconnect it."))
    provider = provider_for(account.network)
    if _expires_soon(creds, provider, now):
        refresh_account(account, client, now=now)
        creds = account.credentials or {}
    return str(creds["access_token"])


def _expires_soon(creds: dict[str, Any], provider: Provider, now: dt.datetime) -> bool:
    expires = parse_time(creds.get("expires_at"))
    return expires is not None and expires - provider.refresh_margin <= now


def refresh_account(
    account: SocialAccount, client: httpx.Client, *, now: dt.datetime | None = None
) -> bool:
    """Refresh the account's tokens; False when the network offers no refresh.

    Raises :class:`CredentialsRejected` when the token expired and cannot be renewed,
    or when the network refuses the refresh.
    A token another worker refreshed meanwhile is kept as it is.
    """
    now = now or timezone.now()
    provider = provider_for(account.network)
    # Another worker may have refreshed it already (X's refresh tokens are single-use).
    row = SocialAccount.objects.filter(pk=account.pk).values_list("credentials", flat=True).first()
    if row:
        account.credentials = row
        if not _expires_soon(row, provider, now):
            return True
    creds = dict(account.credentials or {})
    app = OAuthClient.objects.filter(network=provider.key).first()
    tokens = provider.refresh(client, app, creds) if app is not None else None
    if tokens is None:
        expires = parse_time(creds.get("expires_at"))
        if expires is not None and expires <= now:
            raise CredentialsRejected(
                _(
                    "The token expired on %(date)s and the network cannot renew it: "
                    "reconnect the account."
                )
                % {"date": expires.date().isoformat()}
            )
        return False
    # A refresh token the network did not rotate is kept (by Authlib, and by the merge),
    # and so is the day the member must reconnect, unless the network says a new one.
    kept = tokens.refresh_token == creds.get("refresh_token") and not tokens.refresh_expires_in
    store_credentials(
        account,
        {**creds, **tokens.credentials(now)},
        token_expires_at=account.token_expires_at
        if kept and creds.get("refresh_token")
        else tokens.reconnect_by(now),
    )
    return True


def refresh_expiring(now: dt.datetime | None = None) -> int:
    """Refresh the connected accounts whose token expires within their provider's margin
    (for the worker's loop: an account nobody publishes to keeps its Threads or LinkedIn
    token alive). A refused refresh marks the account as needing reconnection; a network
    that is down is tried again on the next run. Returns how many were refreshed."""
    from mostra.publishing.models import AccountStatus
    from mostra.publishing.services import health

    now = now or timezone.now()
    widest = max(p.refresh_margin for p in map(provider_for, PROVIDER_OF))
    due = SocialAccount.objects.filter(
        in_active_workspace(),
        network__in=list(PROVIDER_OF),
        status=AccountStatus.CONNECTED,
        token_expires_at__gt=now,
        token_expires_at__lte=now + widest,
    )
    refreshed = 0
    with outbound_client() as client:
        for account in due:
            if not _expires_soon(account.credentials or {}, provider_for(account.network), now):
                continue  # the member must reconnect by then; a refresh would not help
            try:
                refreshed += refresh_account(account, client, now=now)
            except CredentialsRejected as exc:
                health.mark_rejected(account, exc.message, now)
            except TransportError as exc:
                health.mark_error(account, exc.message, now)
    return refreshed
