"""docs/oauth-networks.md follows the code: versions, redirect addresses and scopes."""

from __future__ import annotations

from pathlib import Path

from mostra.integrations.api_versions import ALL
from mostra.publishing.services.oauth import PROVIDER_LABELS, provider_for

DOC = (Path(__file__).parents[2] / "docs" / "oauth-networks.md").read_text(encoding="utf-8")


def test_every_api_version_is_documented():
    for version in ALL.values():
        assert f"`{version.version}`" in DOC, version.network


def test_every_redirect_address_is_documented():
    for key in PROVIDER_LABELS:
        assert f"MOSTRA_BASE_URL/oauth/{key}/callback/" in DOC


def test_every_scope_is_documented():
    words = " ".join(DOC.split())
    for network in ("linkedin", "x", "facebook", "instagram", "threads"):
        for scope in provider_for(network).scopes[network]:
            assert scope in words, (network, scope)
