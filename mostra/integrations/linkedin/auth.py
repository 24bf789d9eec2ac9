"""LinkedIn's OAuth 2 (3-legged): the member, and the organisation pages they administer.

- scopes: ``openid profile w_member_social`` (the "Sign In with LinkedIn using OpenID
  Connect" and "Share on LinkedIn" products) and, for pages, ``w_organization_social
  r_organization_social rw_organization_admin`` (the Community Management API); an
  administrator can narrow them on the Networks page;
- the member is read from OpenID Connect's ``/v2/userinfo`` (``sub``);
- pages from ``/rest/organizationAcls?q=roleAssignee`` (approved administrators);
- access tokens live 60 days; refresh tokens exist for approved applications only.
"""

from __future__ import annotations

import datetime as dt

import httpx
from django.utils import timezone

from mostra.integrations.api_versions import LINKEDIN_OAUTH, LINKEDIN_USERINFO
from mostra.integrations.base import Connection
from mostra.integrations.calls import api_call
from mostra.integrations.linkedin.calls import check, rest_headers, rest_url
from mostra.integrations.oauth_providers import OAuthApp, Provider, TokenSet

MEMBER_SCOPES = ("openid", "profile", "w_member_social")
PAGE_SCOPES = ("w_organization_social", "r_organization_social", "rw_organization_admin")


class LinkedInProvider(Provider):
    key = "linkedin"
    label = "LinkedIn"
    networks = ("linkedin",)
    authorize_url = f"{LINKEDIN_OAUTH}/authorization"
    token_url = f"{LINKEDIN_OAUTH}/accessToken"
    scopes = {"linkedin": MEMBER_SCOPES + PAGE_SCOPES}
    refresh_margin = dt.timedelta(days=10)

    def connections(
        self, client: httpx.Client, app: OAuthApp, tokens: TokenSet, network: str
    ) -> list[Connection]:
        bearer = {"Authorization": f"Bearer {tokens.access_token}"}
        now = timezone.now()
        credentials = tokens.credentials(now)
        expires = tokens.reconnect_by(now)
        me = check(api_call(client, "GET", LINKEDIN_USERINFO, label="LinkedIn", headers=bearer))
        found: list[Connection] = []
        if me.get("sub"):
            found.append(
                Connection(
                    handle=str(me.get("name") or me["sub"]),
                    external_id=f"urn:li:person:{me['sub']}",
                    display_name=str(me.get("name") or ""),
                    credentials=credentials,
                    token_expires_at=expires,
                )
            )
        granted = set(tokens.scope.replace(",", " ").split()) if tokens.scope else set()
        if "rw_organization_admin" not in granted:
            return found
        headers = rest_headers(tokens.access_token)
        acls = check(
            api_call(
                client,
                "GET",
                rest_url("organizationAcls"),
                label="LinkedIn",
                params={"q": "roleAssignee", "role": "ADMINISTRATOR", "state": "APPROVED"},
                headers=headers,
            )
        )
        for acl in acls.get("elements", []):
            urn = str(acl.get("organization") or "")
            if not urn.startswith("urn:li:organization:"):
                continue
            org = check(
                api_call(
                    client,
                    "GET",
                    rest_url(f"organizations/{urn.rsplit(':', 1)[1]}"),
                    label="LinkedIn",
                    headers=headers,
                )
            )
            name = str(org.get("localizedName") or urn)
            found.append(
                Connection(
                    handle=str(org.get("vanityName") or name),
                    external_id=urn,
                    display_name=name,
                    credentials=credentials,
                    token_expires_at=expires,
                )
            )
        return found


PROVIDER = LinkedInProvider()
