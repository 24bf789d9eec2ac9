"""Every network's API address and version, in one place.

Networks retire their API versions: LinkedIn answers ``426 NONEXISTENT_VERSION`` once a
``LinkedIn-Version`` is about a year old, Meta retires Graph API versions after about
two years. When one must change, it changes here (and in ``docs/oauth-networks.md``);
an administrator can also override the LinkedIn and Graph versions without an upgrade,
on the networks settings page (:func:`version_for` reads the override).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ApiVersion:
    network: str
    #: The version mostra sends ("202610", "v24.0", "2"…).
    version: str
    #: The base of every API call (without the version when it travels in a header).
    base_url: str
    #: When this version was chosen, from the network's documentation.
    as_of: dt.date
    #: Where the version is documented.
    source: str


LINKEDIN = ApiVersion(
    network="linkedin",
    version="202610",
    base_url="https://api.linkedin.com/rest",
    as_of=dt.date(2026, 11, 30),
    source="https://learn.microsoft.com/en-us/linkedin/marketing/versioning",
)
LINKEDIN_OAUTH = "https://www.linkedin.com/oauth/v2"
#: OpenID Connect userinfo (who the member is): unversioned, as documented.
LINKEDIN_USERINFO = "https://api.linkedin.com/v2/userinfo"

X = ApiVersion(
    network="x",
    version="2",
    base_url="https://api.x.com/2",
    as_of=dt.date(2026, 11, 30),
    source="https://docs.x.com/x-api/posts/creation-of-a-post",
)
X_AUTHORIZE = "https://x.com/i/oauth2/authorize"
X_TOKEN = "https://api.x.com/2/oauth2/token"

GRAPH = ApiVersion(
    network="meta",
    version="v24.0",
    base_url="https://graph.facebook.com",
    as_of=dt.date(2026, 11, 30),
    source="https://developers.facebook.com/docs/graph-api/changelog",
)
FACEBOOK_DIALOG = "https://www.facebook.com"

THREADS = ApiVersion(
    network="threads",
    version="v1.0",
    base_url="https://graph.threads.net",
    as_of=dt.date(2026, 11, 30),
    source="https://developers.facebook.com/docs/threads/reference",
)
THREADS_AUTHORIZE = "https://threads.net/oauth/authorize"

ALL: dict[str, ApiVersion] = {v.network: v for v in (LINKEDIN, X, GRAPH, THREADS)}


def version_for(provider: str) -> str:
    """The version to send: the administrator's override if any, else the default."""
    from mostra.integrations.store import store

    default = ALL[provider].version
    override = store().application_extra(provider).get("api_version")
    return str(override).strip() if override else default
