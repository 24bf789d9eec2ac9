"""The authors' handles, where they are cheap to know.

A commit names its author by DID only. The stream's ``#identity`` events give handles
(every account announces its own when created or renamed): they are kept in a bounded
memory (:data:`KEPT`, the least recently used forgotten first). For a post that matched
a query and whose author's handle is not known, the service is asked once
(``com.atproto.repo.describeRepo``, answered by a PDS, not by a relay; else the PLC
directory's document of a ``did:plc``), in
:data:`LOOKUP_DEADLINE` seconds at most, through the outbound client; a failure is
remembered too, and the post keeps its DID as author.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

import httpx
from django.conf import settings

from mostra.core.http import outbound_client
from mostra.listening.firehose.stream import http_form

logger = logging.getLogger("mostra.listening")

#: Handles kept in memory at most.
KEPT = 100_000
#: Seconds a lookup of a handle has in all.
LOOKUP_DEADLINE = 3.0
#: Where a ``did:plc`` document is read when the service does not describe the account.
PLC_DIRECTORY = "https://plc.directory"
#: Lookups made at most per batch (the others keep their DID this time).
LOOKUPS_PER_BATCH = 20


class Handles:
    """DID → handle (None: asked, unknown), least recently used forgotten first."""

    def __init__(self, service_url: str, kept: int = KEPT) -> None:
        self.service_url = service_url
        self.kept = kept
        self._known: OrderedDict[str, str | None] = OrderedDict()

    def __len__(self) -> int:
        return len(self._known)

    def learn(self, did: str, handle: str | None) -> None:
        if not did or not handle or handle == "handle.invalid":
            return
        self._known[did] = handle
        self._known.move_to_end(did)
        while len(self._known) > self.kept:
            self._known.popitem(last=False)

    def get(self, did: str) -> str | None:
        handle = self._known.get(did)
        if handle is not None:
            self._known.move_to_end(did)
        return handle

    def knows(self, did: str) -> bool:
        return did in self._known

    def look_up(self, dids: set[str]) -> None:
        """Ask the service the handles of ``dids`` not known yet (a few per batch)."""
        wanted = [did for did in dids if did not in self._known][:LOOKUPS_PER_BATCH]
        if not wanted:
            return
        url = http_form(self.service_url) + "/xrpc/com.atproto.repo.describeRepo"
        with outbound_client(deadline=LOOKUP_DEADLINE) as client:
            for did in wanted:
                handle = _described(client, url, did) or _from_directory(client, did)
                self._known[did] = handle if handle != "handle.invalid" else None
        while len(self._known) > self.kept:
            self._known.popitem(last=False)


def _described(client: httpx.Client, url: str, did: str) -> str | None:
    """The handle the service gives (a PDS does, a relay does not)."""
    try:
        answer = client.get(url, params={"repo": did})
        found = answer.json().get("handle") if answer.is_success else None
    except (httpx.HTTPError, ValueError, AttributeError) as exc:
        logger.info("firehose: %s does not describe %s (%s)", url, did, exc)
        return None
    return found if isinstance(found, str) else None


def _from_directory(client: httpx.Client, did: str) -> str | None:
    """The handle a ``did:plc`` document names (``alsoKnownAs``: ``at://handle``), from
    the PLC directory (``MOSTRA_BLUESKY_PLC_URL``, default https://plc.directory)."""
    if not did.startswith("did:plc:"):
        return None
    directory = getattr(settings, "MOSTRA_BLUESKY_PLC_URL", "") or PLC_DIRECTORY
    try:
        answer = client.get(f"{directory.rstrip('/')}/{did}")
        names = answer.json().get("alsoKnownAs") if answer.is_success else None
    except (httpx.HTTPError, ValueError, AttributeError) as exc:
        logger.info("firehose: the directory does not name %s (%s)", did, exc)
        return None
    for name in names if isinstance(names, list) else []:
        if isinstance(name, str) and name.startswith("at://"):
            return name.removeprefix("at://")
    return None
