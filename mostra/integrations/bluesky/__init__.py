"""Bluesky (AT Protocol): any PDS, a handle and an app password; see docs/bluesky.md.

Importing the package registers :class:`BlueskyIntegration` for the network
``bluesky``. The connect functions (:mod:`.connect`, which needs Django's models) are
imported when first used, so that ``mostra accounts connect --help`` works before
Django is set up.
"""

from __future__ import annotations

from typing import Any

from mostra.integrations.bluesky.integration import BlueskyIntegration

__all__ = ["BlueskyIntegration", "connect_bluesky", "connection", "login"]


def __getattr__(name: str) -> Any:
    if name in {"connect_bluesky", "connection", "login"}:
        from mostra.integrations.bluesky import connect

        return getattr(connect, name)
    raise AttributeError(name)
