"""The text limit of the workspace's own server where a network has one per server.

Mastodon's limit is per instance (500 by default); once an account is connected, its
instance's own limit is the one that counts. Other networks have one limit for all.
"""

from __future__ import annotations

from typing import Any

from mostra.strategy import networks

#: Networks whose text limit depends on the server the account lives on.
PER_INSTANCE = frozenset(networks.having("text_limit_per_instance"))


def text_max_for(workspace: Any, network: str) -> int | None:
    """The connected accounts' smallest limit for ``network``; None: the network's default.

    One query, and only for the networks in :data:`PER_INSTANCE`.
    """
    if workspace is None or network not in PER_INSTANCE:
        return None
    from mostra.publishing.services.accounts import text_limit_for

    return text_limit_for(workspace, network)
