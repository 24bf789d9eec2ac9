"""OAuth 2 with PKCE for X (user context), refresh tokens with ``offline.access``.

The token endpoint is called with the client's id and secret as HTTP Basic
authentication (X's confidential clients); access tokens live two hours and are
refreshed before they expire; X's refresh tokens are single-use (each refresh returns
the next one).
"""

from __future__ import annotations

from typing import Any

import httpx
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.integrations.api_versions import X_AUTHORIZE, X_TOKEN, X
from mostra.integrations.base import CredentialsRejected, TransportError
from mostra.publishing.models import OAuthClient
from mostra.publishing.services.accounts import Connection
from mostra.publishing.services.network_calls import api_call, json_of, plain_error
from mostra.publishing.services.oauth_providers import Provider, TokenSet

SCOPES = ("tweet.read", "tweet.write", "users.read", "offline.access", "media.write")


def _token(client: httpx.Client, app: OAuthClient, data: dict[str, str]) -> TokenSet:
    response = api_call(
        client,
        "POST",
        X_TOKEN,
        label="X",
        data={**data, "client_id": app.client_id},
        auth=(app.client_id, str(app.client_secret or "")),
    )
    if response.status_code == 400 and json_of(response).get("error") == "invalid_grant":
        raise CredentialsRejected(
            _("X no longer accepts this authorisation (%(detail)s): reconnect the account.")
            % {"detail": json_of(response).get("error_description") or "invalid_grant"},
            http_status=400,
        )
    if response.status_code >= 400:
        body = json_of(response)
        raise plain_error(
            response, "X", str(body.get("error_description") or body.get("error") or "")
        )
    return TokenSet.from_json(json_of(response))


class XProvider(Provider):
    key = "x"
    networks = ("x",)
    authorize_url = X_AUTHORIZE
    scopes = {"x": SCOPES}
    pkce = True

    def exchange_code(
        self, client: httpx.Client, app: OAuthClient, code: str, redirect_uri: str, verifier: str
    ) -> TokenSet:
        return _token(
            client,
            app,
            {
                "code": code,
                "grant_type": "authorization_code",
                "redirect_uri": redirect_uri,
                "code_verifier": verifier,
            },
        )

    def refresh(
        self, client: httpx.Client, app: OAuthClient, credentials: dict[str, Any]
    ) -> TokenSet | None:
        if not credentials.get("refresh_token"):
            return None
        return _token(
            client,
            app,
            {"refresh_token": str(credentials["refresh_token"]), "grant_type": "refresh_token"},
        )

    def connections(
        self, client: httpx.Client, app: OAuthClient, tokens: TokenSet, network: str
    ) -> list[Connection]:
        response = api_call(
            client,
            "GET",
            f"{X.base_url}/users/me",
            label="X",
            params={"user.fields": "public_metrics"},
            headers={"Authorization": f"Bearer {tokens.access_token}"},
        )
        if response.status_code >= 400:
            raise plain_error(response, "X", str(json_of(response).get("detail") or ""))
        user = json_of(response).get("data") or {}
        if not user.get("id"):
            raise TransportError(_("X did not say who the account is."), permanent=True)
        now = timezone.now()
        return [
            Connection(
                handle=str(user.get("username") or user["id"]),
                external_id=str(user["id"]),
                display_name=str(user.get("name") or ""),
                credentials=tokens.credentials(now),
                token_expires_at=tokens.reconnect_by(now),
            )
        ]


PROVIDER = XProvider()
