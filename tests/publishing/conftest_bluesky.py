"""Fixtures of the Bluesky tests: a real PDS (or dev-env network) and a connected account.

Imported by the test modules that need them (``from tests.publishing.conftest_bluesky
import *``), so that other tests never start a Bluesky server.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from mostra.integrations.base import OutgoingMedia
from mostra.integrations.bluesky import BlueskyIntegration
from mostra.publishing.connect.bluesky import connect_bluesky
from mostra.publishing.models import SocialAccount
from tests.peers.bluesky import BlueskyPeer, PeerAccount, bluesky_network, bluesky_pds

__all__ = [
    "allow_private",
    "bluesky_network",
    "bluesky_pds",
    "bsky_account",
    "bsky_user",
    "connected",
    "image_file",
    "integration",
]


@pytest.fixture(autouse=True)
def allow_private(settings) -> None:
    """The peers run on 127.0.0.1: let outbound HTTP reach loopback addresses."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def bsky_user(bluesky_pds: BlueskyPeer) -> PeerAccount:
    return bluesky_pds.new_account("fromagerie")


def connected(peer: BlueskyPeer, user: PeerAccount, membership) -> SocialAccount:
    return connect_bluesky(membership, user.handle, user.app_password, peer.url)


@pytest.fixture
def bsky_account(bluesky_pds, bsky_user, owner_membership) -> SocialAccount:
    """The Fromagerie's Bluesky account, connected by Alice with an app password."""
    return connected(bluesky_pds, bsky_user, owner_membership)


@pytest.fixture
def integration(bsky_account) -> BlueskyIntegration:
    return BlueskyIntegration(SocialAccount.objects.get(pk=bsky_account.pk))


def image_file(
    directory: Path, name: str = "meule.png", size: tuple[int, int] = (64, 48), noise: int = 0
) -> OutgoingMedia:
    """A real PNG (``noise`` > 0: incompressible bytes, to make it large)."""
    if noise:
        import os

        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (200, 150, 40))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path = directory / name
    path.write_bytes(buffer.getvalue())
    return OutgoingMedia(
        path=path,
        mime_type="image/png",
        alt_text="Une meule de comté sur une planche en bois",
        size=path.stat().st_size,
        width=size[0],
        height=size[1],
    )
