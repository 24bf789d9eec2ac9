"""Facebook Login for Facebook Pages and Instagram professional accounts.

1. the member authorises the Meta application (Facebook's login dialog);
2. the code becomes a short-lived user token, exchanged at once for a long-lived one
   (``fb_exchange_token``);
3. ``/me/accounts`` lists the Pages the member manages, each with a Page token that
   does not expire when obtained from a long-lived user token; for Instagram, each
   Page's linked ``instagram_business_account``.

Each Page (or Instagram account) becomes one mostra account holding its Page token.
"""

from __future__ import annotations

from typing import Any

import httpx
from django.utils import timezone

from mostra.integrations.api_versions import FACEBOOK_DIALOG, version_for
from mostra.integrations.base import Connection
from mostra.integrations.calls import api_call
from mostra.integrations.meta.graph import checked, graph_url
from mostra.integrations.oauth_providers import OAuthApp, Provider, TokenSet
from mostra.strategy.networks import where


class MetaProvider(Provider):
    key = "meta"
    label = "Facebook"
    networks = where(oauth_provider="meta")
    authorize_url = FACEBOOK_DIALOG
    scope_separator = ","
    scopes = {
        "facebook": (
            "pages_show_list",
            "pages_read_engagement",
            "pages_manage_posts",
            "pages_manage_engagement",
            "read_insights",
        ),
        "instagram": (
            "pages_show_list",
            "pages_read_engagement",
            "business_management",
            "instagram_basic",
            "instagram_content_publish",
            "instagram_manage_comments",
            "instagram_manage_insights",
        ),
    }

    def authorize_endpoint(self) -> str:
        return f"{FACEBOOK_DIALOG}/{version_for('meta')}/dialog/oauth"

    def exchange_code(  # Facebook's token endpoint is read with GET, then made long-lived
        self, client: httpx.Client, app: OAuthApp, code: str, redirect_uri: str, verifier: str
    ) -> TokenSet:
        short = checked(
            api_call(
                client,
                "GET",
                graph_url("oauth/access_token"),
                label="Facebook",
                params={
                    "client_id": app.client_id,
                    "redirect_uri": redirect_uri,
                    "client_secret": app.client_secret,
                    "code": code,
                },
            ),
            "Facebook",
        )
        long = checked(
            api_call(
                client,
                "GET",
                graph_url("oauth/access_token"),
                label="Facebook",
                params={
                    "grant_type": "fb_exchange_token",
                    "client_id": app.client_id,
                    "client_secret": app.client_secret,
                    "fb_exchange_token": short.get("access_token", ""),
                },
            ),
            "Facebook",
        )
        return TokenSet.from_json(long)

    def connections(
        self, client: httpx.Client, app: OAuthApp, tokens: TokenSet, network: str
    ) -> list[Connection]:
        pages: list[dict[str, Any]] = checked(
            api_call(
                client,
                "GET",
                graph_url("me/accounts"),
                label="Facebook",
                params={
                    "fields": "id,name,username,access_token,"
                    "instagram_business_account{id,username,name}",
                    "limit": "100",
                },
                headers={"Authorization": f"Bearer {tokens.access_token}"},
            ),
            "Facebook",
        ).get("data", [])
        now = timezone.now()
        found: list[Connection] = []
        for page in pages:
            page_token = str(page.get("access_token") or "")
            if not page_token:
                continue
            credentials = {
                "access_token": page_token,
                "page_id": str(page["id"]),
                "granted_at": now.isoformat(),
            }
            if network == "facebook":
                found.append(
                    Connection(
                        handle=str(page.get("username") or page.get("name") or page["id"]),
                        external_id=str(page["id"]),
                        display_name=str(page.get("name") or ""),
                        credentials=credentials,
                    )
                )
                continue
            ig = page.get("instagram_business_account") or {}
            if ig.get("id"):
                found.append(
                    Connection(
                        handle=str(ig.get("username") or ig["id"]),
                        external_id=str(ig["id"]),
                        display_name=str(ig.get("name") or ig.get("username") or ""),
                        credentials=credentials,
                    )
                )
        return found


PROVIDER = MetaProvider()
