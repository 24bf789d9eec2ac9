"""Bluesky (AT Protocol): any PDS, a handle and an app password; see docs/bluesky.md.

Importing the package registers :class:`BlueskyIntegration` for the network
``bluesky``; connecting an account is the publishing app's
(:mod:`mostra.publishing.connect.bluesky`).
"""

from __future__ import annotations

from mostra.integrations.bluesky.integration import BlueskyIntegration

__all__ = ["BlueskyIntegration"]
