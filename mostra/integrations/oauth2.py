"""mostra's OAuth 2 client: Authlib's (``authlib.oauth2``), sending through mostra.

Authlib writes the protocol: the authorisation address with its ``state`` and PKCE
challenge (S256, RFC 7636), the token requests (authorization code and refresh token
grants, RFC 6749) with the application's authentication (HTTP Basic or in the body),
and the refresh token kept when the network does not rotate it. mostra keeps what is
its own:

- every request goes through the caller's ``send`` (an httpx client from
  :func:`mostra.core.http.outbound_client`, wrapped so that a network that cannot be
  reached is a :class:`~mostra.integrations.base.TransportError` in the person's
  words): Authlib never opens a connection of its own, so the address guard and the
  deadlines hold for it too;
- each answer is checked by the caller's ``check`` before Authlib reads it: a network's
  refusal becomes mostra's error, in both languages (a grant no longer accepted: the
  account must be reconnected); an answer without an access token is refused;
- the providers (what each network needs), the signed ``state`` kept in the member's
  session, the encrypted tokens and the audit stay in ``mostra.publishing.services``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
from authlib.common.security import generate_token
from authlib.common.urls import url_encode
from authlib.oauth2.client import OAuth2Client
from django.utils.translation import gettext as _

from mostra.integrations.base import TransportError

__all__ = [
    "OAuth2Client",
    "authorization_url",
    "code_verifier",
    "oauth2_client",
]

#: ``send(method, url, *, content, headers)``: the answer, or a TransportError.
Send = Callable[..., httpx.Response]
#: Raises mostra's error for a refusal; returns quietly for an answer to read.
Check = Callable[[httpx.Response], None]

#: A PKCE verifier's length (RFC 7636: 43 to 128 unreserved characters).
VERIFIER_LENGTH = 64


def code_verifier() -> str:
    """A fresh PKCE verifier; :func:`authorization_url` sends its S256 challenge."""
    return str(generate_token(VERIFIER_LENGTH))


def authorization_url(
    endpoint: str,
    *,
    client_id: str,
    redirect_uri: str,
    scope: str,
    state: str,
    code_verifier: str = "",
) -> str:
    """The network's authorisation address: ``response_type=code``, the client, the
    callback, the scopes and ``state``; with a verifier, its S256 challenge."""
    oauth = OAuth2Client(None, client_id=client_id, code_challenge_method="S256")
    url, _state = oauth.create_authorization_url(
        endpoint,
        state=state,
        code_verifier=code_verifier or None,
        redirect_uri=redirect_uri,
        scope=scope,
    )
    # Authlib writes a space as "+" (a "+" of a value is "%2B"); X reads only "%20".
    return str(url).replace("+", "%20")


class _Session:
    """What Authlib calls its session: every request goes to ``send``."""

    def __init__(self, send: Send) -> None:
        self._send = send

    def post(self, url: str, **options: Any) -> httpx.Response:
        return self.request("POST", url, **options)

    def request(
        self,
        method: str,
        url: str,
        *,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        auth: Any = None,
        **options: Any,
    ) -> httpx.Response:
        body = url_encode(list((data or {}).items()))
        headers = dict(headers or {})
        if auth is not None:  # Authlib's client authentication (Basic, or in the body)
            url, headers, body = auth.prepare(method, url, headers, body)
        return self._send(method, url, content=body.encode(), headers=headers, **options)


def _read(check: Check, no_token: str, response: httpx.Response) -> httpx.Response:
    check(response)
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if not isinstance(answer, dict) or not answer.get("access_token"):
        raise TransportError(no_token, permanent=True, http_status=response.status_code)
    return response


def oauth2_client(
    send: Send,
    *,
    client_id: str,
    client_secret: str,
    auth_method: str,
    check: Check,
    no_token: str = "",
) -> OAuth2Client:
    """Authlib's client for one application, its requests sent by ``send``.

    ``auth_method``: ``client_secret_post`` (id and secret in the body) or
    ``client_secret_basic`` (HTTP Basic). Its ``fetch_token(url, code=...,
    redirect_uri=..., code_verifier=...)`` and ``refresh_token(url, refresh_token=...)``
    return the token endpoint's answer (a dict); ``check`` has seen every answer first.
    """
    oauth = OAuth2Client(
        _Session(send),
        client_id=client_id,
        client_secret=client_secret,
        token_endpoint_auth_method=auth_method,
    )
    read = partial(_read, check, no_token or _("The network answered without an access token."))
    oauth.register_compliance_hook("access_token_response", read)
    oauth.register_compliance_hook("refresh_token_response", read)
    return oauth
