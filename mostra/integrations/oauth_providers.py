"""The OAuth providers (one application each: LinkedIn, X, Meta, Threads) and the tokens
their token endpoints answer.

Each provider lives in ``mostra.integrations.<provider>.auth`` and implements
:class:`Provider`; :data:`PROVIDER_OF` says which one serves each network. The
application an administrator entered is given as an :class:`OAuthApp` (the publishing
app's :class:`~mostra.publishing.models.OAuthClient` is one); the accounts a login
gives are :class:`~mostra.integrations.base.Connection` values, stored by the publishing
app (:mod:`mostra.publishing.services.oauth`).
"""

from __future__ import annotations

import datetime as dt
import importlib
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from functools import partial
from typing import Any, ClassVar, Protocol

import httpx
from django.utils.translation import gettext as _

from mostra.core.errors import DomainError
from mostra.integrations.base import Connection, CredentialsRejected, TransportError
from mostra.integrations.calls import api_call, json_of, plain_error
from mostra.integrations.oauth2 import OAuth2Client, authorization_url, oauth2_client
from mostra.strategy import networks

#: The OAuth provider of each network connected with OAuth (:mod:`mostra.strategy.networks`).
PROVIDER_OF: dict[str, str] = {
    n.code: n.oauth_provider for n in networks.all_networks() if n.oauth_provider
}
PROVIDER_LABELS: dict[str, str] = {
    "linkedin": "LinkedIn",
    "x": "X",
    "meta": "Meta (Facebook, Instagram)",
    "threads": "Threads",
}


class OAuthApp(Protocol):
    """The application an administrator registered with a provider (what a provider
    reads of :class:`~mostra.publishing.models.OAuthClient`)."""

    @property
    def client_id(self) -> str: ...
    @property
    def client_secret(self) -> Any: ...
    @property
    def extra(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class TokenSet:
    """What a token endpoint answered (never logged: ``repr`` hides the tokens)."""

    access_token: str = field(repr=False)
    refresh_token: str = field(default="", repr=False)
    expires_in: int | None = None
    refresh_expires_in: int | None = None
    scope: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TokenSet:
        def seconds(name: str) -> int | None:
            value = data.get(name)
            return (
                int(value)
                if isinstance(value, int | float | str) and str(value).isdigit()
                else None
            )

        if not data.get("access_token"):
            raise TransportError(_("The network answered without an access token."), permanent=True)
        known = {"access_token", "refresh_token", "expires_in", "refresh_token_expires_in"}
        return cls(
            access_token=str(data["access_token"]),
            refresh_token=str(data.get("refresh_token") or ""),
            expires_in=seconds("expires_in"),
            refresh_expires_in=seconds("refresh_token_expires_in"),
            scope=str(data.get("scope") or ""),
            extra={k: v for k, v in data.items() if k not in known},
        )

    def expires_at(self, now: dt.datetime) -> dt.datetime | None:
        return now + dt.timedelta(seconds=self.expires_in) if self.expires_in else None

    def reconnect_by(self, now: dt.datetime) -> dt.datetime | None:
        """When the member must reconnect (:attr:`SocialAccount.token_expires_at`): the
        refresh token's expiry, never for a refresh token without one, else the access
        token's expiry (None: it does not expire)."""
        if self.refresh_token:
            if self.refresh_expires_in:
                return now + dt.timedelta(seconds=self.refresh_expires_in)
            return None
        return self.expires_at(now)

    def credentials(self, now: dt.datetime) -> dict[str, Any]:
        creds: dict[str, Any] = {"access_token": self.access_token}
        if self.expires_in:
            creds["expires_at"] = (now + dt.timedelta(seconds=self.expires_in)).isoformat()
        if self.refresh_token:
            creds["refresh_token"] = self.refresh_token
        if self.refresh_expires_in:
            creds["refresh_expires_at"] = (
                now + dt.timedelta(seconds=self.refresh_expires_in)
            ).isoformat()
        if self.scope:
            creds["scope"] = self.scope
        return creds


class Provider(ABC):
    """One network's OAuth application: its URLs, scopes and quirks.

    The protocol is Authlib's (:mod:`mostra.integrations.oauth2`): the authorisation
    address, and at :attr:`token_url` the code exchange and the refresh; a network whose
    token endpoint is not RFC 6749's (Meta's, Threads' long-lived tokens) overrides
    :meth:`exchange_code` or :meth:`refresh`.
    """

    key: ClassVar[str]
    #: The network's name in messages.
    label: ClassVar[str]
    networks: ClassVar[tuple[str, ...]]
    authorize_url: ClassVar[str]
    #: The token endpoint (authorization code and refresh token grants).
    token_url: ClassVar[str] = ""
    #: How the application authenticates there (``client_secret_basic``: HTTP Basic).
    token_auth: ClassVar[str] = "client_secret_post"
    #: Whether the body also names the client with HTTP Basic (X asks for both).
    client_id_in_body: ClassVar[bool] = False
    #: Scopes asked by default, per network.
    scopes: ClassVar[dict[str, tuple[str, ...]]]
    scope_separator: ClassVar[str] = " "
    pkce: ClassVar[bool] = False
    #: A token expiring within this margin is refreshed before a call.
    refresh_margin: ClassVar[dt.timedelta] = dt.timedelta(minutes=5)

    def scopes_for(self, app: OAuthApp, network: str) -> tuple[str, ...]:
        custom = str(app.extra.get("scopes") or "").replace(",", " ").split()
        return tuple(custom) or self.scopes[network]

    def authorize_endpoint(self) -> str:
        return self.authorize_url

    def authorization_url(
        self, app: OAuthApp, network: str, redirect_uri: str, state: str, verifier: str
    ) -> str:
        """Where the member approves mostra; ``verifier``: PKCE's, or empty."""
        return authorization_url(
            self.authorize_endpoint(),
            client_id=app.client_id,
            redirect_uri=redirect_uri,
            scope=self.scope_separator.join(self.scopes_for(app, network)),
            state=state,
            code_verifier=verifier,
        )

    def oauth(self, client: httpx.Client, app: OAuthApp) -> OAuth2Client:
        """Authlib's client for the application, sending through ``client``."""
        return oauth2_client(
            partial(api_call, client, label=self.label),
            client_id=app.client_id,
            client_secret=str(app.client_secret or ""),
            auth_method=self.token_auth,
            check=self.check_token_answer,
        )

    def _client_id(self, app: OAuthApp) -> dict[str, str]:
        return {"client_id": app.client_id} if self.client_id_in_body else {}

    def check_token_answer(self, response: httpx.Response) -> None:
        """The token endpoint's refusal as mostra's error: a grant it no longer accepts
        means reconnecting the account."""
        if response.status_code < 400:
            return
        body = json_of(response)
        detail = str(body.get("error_description") or body.get("error") or "")
        if body.get("error") == "invalid_grant":
            raise CredentialsRejected(
                _(
                    "%(network)s no longer accepts this authorisation (%(detail)s): "
                    "reconnect the account."
                )
                % {"network": self.label, "detail": detail},
                http_status=response.status_code,
            )
        raise plain_error(response, self.label, detail)

    def exchange_code(
        self, client: httpx.Client, app: OAuthApp, code: str, redirect_uri: str, verifier: str
    ) -> TokenSet:
        token = self.oauth(client, app).fetch_token(
            self.token_url,
            code=code,
            redirect_uri=redirect_uri,
            code_verifier=verifier or None,
            **self._client_id(app),
        )
        return TokenSet.from_json(token)

    def refresh(
        self, client: httpx.Client, app: OAuthApp, credentials: dict[str, Any]
    ) -> TokenSet | None:
        """New tokens, or None when the network offers no refresh for this token."""
        if not self.token_url or not credentials.get("refresh_token"):
            return None
        token = self.oauth(client, app).refresh_token(
            self.token_url,
            refresh_token=str(credentials["refresh_token"]),
            **self._client_id(app),
        )
        return TokenSet.from_json(token)

    @abstractmethod
    def connections(
        self, client: httpx.Client, app: OAuthApp, tokens: TokenSet, network: str
    ) -> list[Connection]: ...


def provider_for(network: str) -> Provider:
    key = PROVIDER_OF.get(network)
    if key is None:
        raise DomainError(
            _("mostra does not connect %(network)s accounts with OAuth.") % {"network": network}
        )
    module = importlib.import_module(f"mostra.integrations.{key}.auth")
    provider: Provider = module.PROVIDER
    return provider
