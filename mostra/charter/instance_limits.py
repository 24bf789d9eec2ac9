"""The text limit of the workspace's own server where a network has one per server.

Mastodon's limit is per instance (500 by default); once an account is connected, its
instance's own limit is the one that counts. Other networks have one limit for all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mostra.strategy import networks

#: Networks whose text limit depends on the server the account lives on.
PER_INSTANCE = frozenset(networks.having("text_limit_per_instance"))

#: Where the connected accounts' limits come from: (workspace or its id, network) ->
#: the smallest limit, or None. The accounts are the publishing app's, a layer above:
#: it fills this when it is ready (:func:`mostra.publishing.services.accounts.text_limit_for`).
ACCOUNT_LIMITS: list[Callable[[Any, str], int | None]] = []


def text_max_for(workspace: Any, network: str) -> int | None:
    """The connected accounts' smallest limit for ``network``; None: the network's default.

    One query, and only for the networks in :data:`PER_INSTANCE`.
    """
    if workspace is None or network not in PER_INSTANCE:
        return None
    limits = [limit for source in ACCOUNT_LIMITS if (limit := source(workspace, network))]
    return min(limits, default=None)
