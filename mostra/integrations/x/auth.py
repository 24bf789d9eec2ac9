"""OAuth 2 with PKCE for X (user context), refresh tokens with ``offline.access``.

The token endpoint is called with the client's id and secret as HTTP Basic
authentication (X's confidential clients); access tokens live two hours and are
refreshed before they expire; X's refresh tokens are single-use (each refresh returns
the next one).
"""

from __future__ import annotations

import httpx
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.integrations.api_versions import X_AUTHORIZE, X_TOKEN, X
from mostra.integrations.base import Connection, TransportError
from mostra.integrations.calls import api_call, json_of, plain_error
from mostra.integrations.oauth_providers import OAuthApp, Provider, TokenSet

SCOPES = ("tweet.read", "tweet.write", "users.read", "offline.access", "media.write")


class XProvider(Provider):
    key = "x"
    label = "X"
    networks = ("x",)
    authorize_url = X_AUTHORIZE
    token_url = X_TOKEN
    token_auth = "client_secret_basic"
    client_id_in_body = True
    scopes = {"x": SCOPES}
    pkce = True

    def connections(
        self, client: httpx.Client, app: OAuthApp, tokens: TokenSet, network: str
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
