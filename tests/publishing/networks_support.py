"""What the recorded-response tests of LinkedIn, X, Meta and Threads share: accounts with
tokens, outgoing posts, JPEG files, and the network applications an admin entered."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.utils import timezone

from mostra.core.http import outbound_client
from mostra.core.models import Workspace
from mostra.integrations.base import Integration, Outgoing, OutgoingMedia, integration_for
from mostra.publishing.models import OAuthClient, SocialAccount

TOKEN = "tok-live-7f3a9c"
REFRESH = "ref-live-19b2e4"
SECRET = "app-secret-5d8e"


@pytest.fixture(autouse=True)
def _no_dns(settings):
    """respx answers every call: the address guard must not resolve the networks' names."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True


def app(network: str, **extra: Any) -> OAuthClient:
    return OAuthClient.objects.create(
        network=network, client_id=f"{network}-client-id", client_secret=SECRET, extra=extra
    )


def account(
    workspace: Workspace,
    network: str,
    external_id: str,
    *,
    handle: str = "fromagerie",
    expires_in: dt.timedelta | None = dt.timedelta(days=30),
    refresh: bool = True,
    **credentials: Any,
) -> SocialAccount:
    now = timezone.now()
    creds: dict[str, Any] = {"access_token": TOKEN, **credentials}
    if refresh:
        creds["refresh_token"] = REFRESH
    if expires_in is not None:
        creds["expires_at"] = (now + expires_in).isoformat()
    return SocialAccount.objects.create(
        workspace=workspace,
        network=network,
        external_id=external_id,
        handle=handle,
        credentials=creds,
    )


def integration(acc: SocialAccount) -> Integration:
    return integration_for(acc, outbound_client())


def jpeg(
    tmp_path: Path, name: str = "tomme.jpg", alt: str = "Une tomme sur une planche"
) -> OutgoingMedia:
    path = tmp_path / name
    path.write_bytes(b"\xff\xd8\xff\xe0fake-jpeg-" + name.encode())
    return OutgoingMedia(path=path, mime_type="image/jpeg", alt_text=alt, size=path.stat().st_size)


def outgoing(
    text: str = "Nouvelle tomme en cave (affinée 6 mois) #fromage", **fields: Any
) -> Outgoing:
    fields.setdefault("created_at", timezone.now())
    return Outgoing(key="variant-1", text=text, **fields)


def body(request: httpx.Request) -> Any:
    return json.loads(request.content)


def form(request: httpx.Request) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(request.content.decode()))


@pytest.fixture
def public_base(settings, tmp_path):
    """mostra reachable from the internet (Meta fetches images from it), media in tmp."""
    import dataclasses

    settings.CONFIG = dataclasses.replace(
        settings.CONFIG, base_url="https://mostra.example.org", base_url_explicit=True
    )
    settings.MEDIA_ROOT = tmp_path
    return settings.CONFIG.base_url
