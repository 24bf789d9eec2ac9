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
   (:func:`~mostra.publishing.connect.mastodon.connect_mastodon`).

The authorisation address, PKCE and the code exchange are Authlib's
(:mod:`mostra.integrations.oauth2`), sent through the instance's client.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

from mostra.core.errors import DomainError
from mostra.core.http import outbound_client
from mostra.integrations.base import TransportError
from mostra.integrations.mastodon.api import MastodonApi
from mostra.integrations.mastodon.errors import SCOPES, error_for, instance_words
from mostra.integrations.mastodon.instance import instance_origin, probe
from mostra.integrations.oauth2 import authorization_url, code_verifier, oauth2_client
from mostra.publishing.connect.mastodon import connect_mastodon, remember_instance
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


def begin(
    instance_url: str, redirect_uri: str, *, client: httpx.Client | None = None
) -> Authorization:
    """Everything step 1 needs: the instance's page where the member approves mostra
    (``/oauth/authorize``, with ``state`` and PKCE's challenge), and what to keep."""
    origin = instance_origin(instance_url)
    client_id, _secret = register_app(origin, redirect_uri, client=client)
    state, verifier = secrets.token_urlsafe(24), code_verifier()
    url = authorization_url(
        f"{origin}/oauth/authorize",
        client_id=client_id,
        redirect_uri=redirect_uri,
        scope=" ".join(SCOPES),
        state=state,
        code_verifier=verifier,
    )
    return Authorization(url=url, instance_url=origin, state=state, code_verifier=verifier)


def _check_token_answer(origin: str, redirect_uri: str, response: httpx.Response) -> None:
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
    http = _client(client)
    api = MastodonApi(origin, "", http)

    def send(method: str, url: str, **options: Any) -> httpx.Response:
        return api.send(method, url.removeprefix(api.base_url), **options)

    oauth = oauth2_client(
        send,
        client_id=client_id,
        client_secret=client_secret,
        auth_method="client_secret_post",
        check=partial(_check_token_answer, origin, redirect_uri),
        no_token=_("The instance gave no access token; connect the account again."),
    )
    try:
        token = oauth.fetch_token(
            f"{api.base_url}/oauth/token",
            code=code,
            redirect_uri=redirect_uri,
            scope=" ".join(SCOPES),
            code_verifier=code_verifier or None,
        )
    finally:
        if client is None:
            http.close()
    return str(token["access_token"])


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
