"""A Mastodon instance's hashtag timeline or public timeline, read without logging in.

Mastodon answers ``GET /api/v1/timelines/tag/:hashtag`` and ``/api/v1/timelines/public``
(``local=true``: only the instance's own accounts) to anyone, newest first, at most 40
statuses a page. A source keeps the newest status id it has seen (the cursor) and asks
for what came after it:

1. the first page: ``since_id=<cursor>&limit=40`` (no cursor: the newest page only, the
   source starts from now rather than from the timeline's history);
2. while a page is full and fewer than ``max_items`` were read, the next older page:
   ``max_id=<the oldest id read>`` with the same ``since_id`` (nothing is skipped between
   the cursor and the newest);
3. the new cursor is the newest id read (the cursor given when nothing new came).

Each status becomes one item: its text through :func:`mostra.core.html_text.html_to_text`
(the one reading of Mastodon's HTML), the author as ``@user@instance`` with their
followers from the account object, the counts (``likes``, ``reposts``, ``replies``), the
declared language, the kind (``reply`` when ``in_reply_to_id``, ``repost`` for a boost,
whose text is the boosted status's). The guid is the status's URI (the same status read
from two instances is one item).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
from django.utils.translation import gettext as _

from mostra.core.html_text import html_to_text
from mostra.core.http import web_address
from mostra.listening.items import FetchedItem
from mostra.listening.networks.calls import Fetched, client_for, counts, get_json, moment

#: Mastodon's largest page.
PAGE = 40
#: How many statuses one fetch reads at most (a busy timeline after a long pause).
MAX_ITEMS = 400


@dataclass(frozen=True)
class Timeline:
    """Where to read: an instance's hashtag timeline (``hashtag``) or its public one."""

    instance: str
    hashtag: str | None = None
    #: The public timeline of the instance's own accounts only (``local=true``).
    local: bool = False

    @property
    def base_url(self) -> str:
        url = web_address(self.instance if "://" in self.instance else f"https://{self.instance}")
        return f"{url.scheme}://{url.netloc.decode('ascii')}"

    @property
    def path(self) -> str:
        if self.hashtag:
            return f"/api/v1/timelines/tag/{quote(normalise_hashtag(self.hashtag), safe='')}"
        return "/api/v1/timelines/public"

    def describe(self) -> str:
        host = urlsplit(self.base_url).netloc
        if self.hashtag:
            return _("#%(tag)s on %(host)s") % {"tag": self.hashtag.lstrip("#"), "host": host}
        if self.local:
            return _("the local timeline of %(host)s") % {"host": host}
        return _("the public timeline of %(host)s") % {"host": host}


def normalise_hashtag(text: str) -> str:
    """``#Vélo `` → ``Vélo``; ValueError when nothing is left or it holds a space."""
    tag = text.strip().lstrip("#").strip()
    if not tag or any(c.isspace() or c in "#/?&" for c in tag):
        raise ValueError(text)
    return tag


def fetch_timeline(
    timeline: Timeline,
    cursor: str | None = None,
    *,
    max_items: int = MAX_ITEMS,
    client: httpx.Client | None = None,
) -> Fetched:
    """The statuses of ``timeline`` newer than ``cursor``, newest first, and the new cursor.

    ``client``: an outbound client to use (a poller's), else one of its own.

    Raises :class:`~mostra.listening.networks.calls.SourceUnavailable` (a 429 with the
    seconds to wait).
    """
    url = timeline.base_url + timeline.path
    what = timeline.describe()
    items: list[FetchedItem] = []
    newest: str | None = None
    max_id: str | None = None
    with client_for(client) as client:
        while len(items) < max_items:
            params: dict[str, Any] = {"limit": PAGE}
            if timeline.local and not timeline.hashtag:
                params["local"] = "true"
            if cursor:
                params["since_id"] = cursor
            if max_id:
                params["max_id"] = max_id
            page = get_json(client, url, params, what)
            if not isinstance(page, list) or not page:
                break
            statuses = [s for s in page if isinstance(s, dict) and s.get("id")]
            if newest is None and statuses:
                newest = str(statuses[0]["id"])
            host = urlsplit(timeline.base_url).netloc
            items.extend(item for s in statuses if (item := status_item(s, host)) is not None)
            if len(page) < PAGE or not cursor or not statuses:
                break
            max_id = str(statuses[-1]["id"])
    return Fetched(items[:max_items], newest or cursor)


def status_item(status: dict[str, Any], instance_host: str) -> FetchedItem | None:
    """One status as an item; None without a URI or a date (nothing to keep)."""
    when = moment(status.get("created_at"))
    guid = status.get("uri") or status.get("url")
    if when is None or not guid:
        return None
    account: dict[str, Any] = _mapping(status.get("account"))
    shared = status.get("reblog") if isinstance(status.get("reblog"), dict) else None
    shown = shared or status
    followers = account.get("followers_count")
    return FetchedItem(
        guid=str(guid),
        text=html_to_text(str(shown.get("content") or "")),
        url=status.get("url") or shown.get("url") or None,
        title=status.get("spoiler_text") or None,
        author=_acct(account, instance_host),
        author_url=account.get("url") or None,
        author_followers=followers if isinstance(followers, int) and followers >= 0 else None,
        published_at=when,
        lang=shown.get("language") or None,
        network="mastodon",
        kind="repost" if shared else ("reply" if status.get("in_reply_to_id") else "post"),
        counts=counts(
            likes=shown.get("favourites_count"),
            reposts=shown.get("reblogs_count"),
            replies=shown.get("replies_count"),
        ),
    )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _acct(account: dict[str, Any], instance_host: str) -> str | None:
    """``@user@instance``: a local account's ``acct`` has no domain, the instance's is added."""
    acct = str(account.get("acct") or account.get("username") or "")
    if not acct:
        return None
    if "@" not in acct:
        acct = f"{acct}@{instance_host.split(':')[0]}"
    return f"@{acct}"
