"""Bluesky (AT Protocol): any PDS, a handle and an app password; see docs/bluesky.md.

Importing the package registers :class:`BlueskyIntegration` for the network
``bluesky``.
"""

from mostra.integrations.bluesky.connect import connect_bluesky, connection, login
from mostra.integrations.bluesky.integration import BlueskyIntegration

__all__ = ["BlueskyIntegration", "connect_bluesky", "connection", "login"]
