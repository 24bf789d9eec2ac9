"""Mastodon (any instance of the Mastodon API): an instance address and an access token,
or the OAuth flow of the web page; see docs/mastodon.md.

Importing the package registers :class:`MastodonIntegration` for the network
``mastodon``; connecting an account is the publishing app's
(:mod:`mostra.publishing.connect.mastodon`).
"""

from mostra.integrations.mastodon.instance import InstanceInfo, NotMastodon, probe
from mostra.integrations.mastodon.integration import MastodonIntegration

__all__ = [
    "InstanceInfo",
    "MastodonIntegration",
    "NotMastodon",
    "probe",
]
