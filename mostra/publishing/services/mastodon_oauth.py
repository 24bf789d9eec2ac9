"""Connecting a Mastodon account from the web page: app registration and OAuth.

Any instance may be chosen, so there is no client id an administrator could enter
beforehand: mostra registers itself on the instance the first time a member connects
an account there, and keeps that registration.

Steps of the flow (the web page calls them in this order):

1. :func:`begin` (for the page): probes the instance (an address that is not a
   Mastodon-API server is refused before any redirect), registers mostra on it once
   (:func:`register_app`), and returns the authorization address with a fresh ``state``
   and PKCE verifier, which the page keeps in the member's session;
2. the member approves mostra on the instance, which sends them back to the redirect
   address with ``code`` and ``state``;
3. the page checks ``state``, then :func:`complete` exchanges the code for a token
   (:func:`exchange_code`) and connects the account
   (:func:`~mostra.integrations.mastodon.connect.connect_mastodon`).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

from mostra.core.errors import DomainError
from mostra.core.http import outbound_client
from mostra.integrations.base import TransportError
from mostra.integrations.mastodon.api import MastodonApi
from mostra.integrations.mastodon.connect import connect_mastodon, remember_instance
from mostra.integrations.mastodon.errors import SCOPES, error_for, instance_words
from mostra.integrations.mastodon.instance import instance_origin, probe
from mostra.publishing.models import MastodonApp, MastodonInstance

if TYPE_CHECKING:
    from mostra.core.models import Membership
    from mostra.publishing.models import SocialAccount

#: The application's name as the instance shows it to the member.
CLIENT_NAME = "mostra"


@dataclass(frozen=True)
class Authorization:
    """Where to send the member, and what the page keeps until they come back."""

    url: str
    instance_url: str
    state: str
    code_verifier: str = field(repr=False)


def _client(client: httpx.Client | None) -> httpx.Client:
    return client or outbound_client()


def _pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def register_app(
    instance_url: str, redirect_uri: str, *, client: httpx.Client | None = None
) -> tuple[str, str]:
    """mostra's ``(client_id, client_secret)`` on the instance for ``redirect_uri``,
    registering it the first time (``POST /api/v1/apps``) or when the scopes changed.
    Each workspace has its own callback address, hence its own registration."""
    origin = instance_origin(instance_url)
    scopes = " ".join(SCOPES)
    app = MastodonApp.objects.filter(instance__url=origin, redirect_uri=redirect_uri).first()
    if app is not None and app.scopes == scopes and app.client_id and app.client_secret:
        return app.client_id, str(app.client_secret)
    http = _client(client)
    try:
        instance = MastodonInstance.objects.filter(url=origin).first()
        if instance is None:
            instance = remember_instance(probe(http, origin))
        api = MastodonApi(origin, "", http)
        body = {
            "client_name": CLIENT_NAME,
            "redirect_uris": redirect_uri,
            "scopes": scopes,
            "website": getattr(settings, "MOSTRA_BASE_URL", "") or "",
        }
        answer = api.call("POST", "/api/v1/apps", data=body)
    finally:
        if client is None:
            http.close()
    if (
        not isinstance(answer, dict)
        or not answer.get("client_id")
        or not answer.get("client_secret")
    ):
        raise TransportError(
            _("%(host)s did not register mostra as an application; try again later.")
            % {"host": api.host}
        )
    MastodonApp.objects.update_or_create(
        instance=instance,
        redirect_uri=redirect_uri,
        defaults={
            "scopes": scopes,
            "client_id": str(answer["client_id"]),
            "client_secret": str(answer["client_secret"]),
        },
    )
    return str(answer["client_id"]), str(answer["client_secret"])


def authorize_url(
    instance_url: str,
    redirect_uri: str,
    state: str,
    *,
    code_challenge: str = "",
    client: httpx.Client | None = None,
) -> str:
    """The instance's page where the member approves mostra (``/oauth/authorize``)."""
    origin = instance_origin(instance_url)
    client_id, _secret = register_app(origin, redirect_uri, client=client)
    query: dict[str, str] = {
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "response_type": "code",
        "scope": " ".join(SCOPES),
        "state": state,
    }
    if code_challenge:
        query.update(code_challenge=code_challenge, code_challenge_method="S256")
    return f"{origin}/oauth/authorize?{urlencode(query)}"


def begin(
    instance_url: str, redirect_uri: str, *, client: httpx.Client | None = None
) -> Authorization:
    """Everything step 1 needs: the address to send the member to, and what to keep."""
    origin = instance_origin(instance_url)
    state = secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(48)
    url = authorize_url(
        origin, redirect_uri, state, code_challenge=_pkce_challenge(verifier), client=client
    )
    return Authorization(url=url, instance_url=origin, state=state, code_verifier=verifier)


def exchange_code(
    instance_url: str,
    redirect_uri: str,
    code: str,
    *,
    code_verifier: str = "",
    client: httpx.Client | None = None,
) -> str:
    """The access token for the authorization ``code`` (``POST /oauth/token``)."""
    origin = instance_origin(instance_url)
    client_id, client_secret = register_app(origin, redirect_uri, client=client)
    body: dict[str, Any] = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": client_id,
        "client_secret": client_secret,
        "redirect_uri": redirect_uri,
        "scope": " ".join(SCOPES),
    }
    if code_verifier:
        body["code_verifier"] = code_verifier
    http = _client(client)
    try:
        response = MastodonApi(origin, "", http).send("POST", "/oauth/token", data=body)
    finally:
        if client is None:
            http.close()
    if response.status_code in (400, 401):
        if instance_words(response).split(" ")[0] == "invalid_client":
            # The instance forgot mostra's app: the next attempt registers again.
            MastodonApp.objects.filter(instance__url=origin, redirect_uri=redirect_uri).delete()
        raise DomainError(
            _(
                "The instance refused the authorization (it expired, was already used, or "
                "was refused): connect the account again."
            )
        )
    if response.status_code >= 400:
        raise error_for(response)
    token = response.json().get("access_token") if response.content else None
    if not token:
        raise TransportError(
            _("The instance gave no access token; connect the account again."),
            permanent=True,
        )
    return str(token)


def complete(
    membership: Membership,
    instance_url: str,
    redirect_uri: str,
    code: str,
    *,
    code_verifier: str = "",
    client: httpx.Client | None = None,
) -> SocialAccount:
    """Step 3: the code exchanged for a token, and the account connected with it."""
    token = exchange_code(
        instance_url, redirect_uri, code, code_verifier=code_verifier, client=client
    )
    return connect_mastodon(membership, instance_url, token, client=client)
