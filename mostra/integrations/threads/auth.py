"""Threads' OAuth: a code for a short-lived token, exchanged at once for a 60-day one
(``th_exchange_token``), refreshed with ``th_refresh_token`` before it expires (a
token at least a day old and not expired can be refreshed, for another 60 days)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
from django.utils import timezone

from mostra.integrations.api_versions import THREADS, THREADS_AUTHORIZE
from mostra.integrations.base import Connection
from mostra.integrations.calls import api_call
from mostra.integrations.meta.graph import checked, threads_url
from mostra.integrations.oauth_providers import OAuthApp, Provider, TokenSet

LABEL = "Threads"


class ThreadsProvider(Provider):
    key = "threads"
    label = LABEL
    networks = ("threads",)
    authorize_url = THREADS_AUTHORIZE
    token_url = f"{THREADS.base_url}/oauth/access_token"
    scope_separator = ","
    scopes = {"threads": ("threads_basic", "threads_content_publish", "threads_manage_insights")}
    refresh_margin = dt.timedelta(days=10)

    def check_token_answer(self, response: httpx.Response) -> None:
        checked(response, LABEL)

    def exchange_code(
        self, client: httpx.Client, app: OAuthApp, code: str, redirect_uri: str, verifier: str
    ) -> TokenSet:
        """The code for a short-lived token (Authlib's exchange), then that token for a
        long-lived one (Threads' own ``th_exchange_token``, a GET)."""
        short = self.oauth(client, app).fetch_token(
            self.token_url, code=code, redirect_uri=redirect_uri
        )
        long = checked(
            api_call(
                client,
                "GET",
                f"{THREADS.base_url}/access_token",
                label=LABEL,
                params={
                    "grant_type": "th_exchange_token",
                    "client_secret": str(app.client_secret),
                    "access_token": str(short.get("access_token") or ""),
                },
            ),
            LABEL,
        )
        return TokenSet.from_json({**long, "user_id": short.get("user_id")})

    def refresh(
        self, client: httpx.Client, app: OAuthApp, credentials: dict[str, Any]
    ) -> TokenSet | None:
        data = checked(
            api_call(
                client,
                "GET",
                f"{THREADS.base_url}/refresh_access_token",
                label=LABEL,
                params={
                    "grant_type": "th_refresh_token",
                    "access_token": str(credentials.get("access_token") or ""),
                },
            ),
            LABEL,
        )
        return TokenSet.from_json(data)

    def connections(
        self, client: httpx.Client, app: OAuthApp, tokens: TokenSet, network: str
    ) -> list[Connection]:
        me = checked(
            api_call(
                client,
                "GET",
                threads_url("me"),
                label=LABEL,
                params={"fields": "id,username,name"},
                headers={"Authorization": f"Bearer {tokens.access_token}"},
            ),
            LABEL,
        )
        now = timezone.now()
        return [
            Connection(
                handle=str(me.get("username") or me["id"]),
                external_id=str(me["id"]),
                display_name=str(me.get("name") or me.get("username") or ""),
                credentials=tokens.credentials(now),
                token_expires_at=tokens.reconnect_by(now),
            )
        ]


PROVIDER = ThreadsProvider()
