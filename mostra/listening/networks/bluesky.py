"""Bluesky post search through an AppView's ``app.bsky.feed.searchPosts``, without login.

The AppView is the one mostra already reads public Bluesky data from
(``MOSTRA_BLUESKY_APPVIEW_URL``, default ``https://public.api.bsky.app``), unless the
source names another. One fetch:

1. asks ``searchPosts`` with ``q``, ``sort=latest``, ``limit`` (at most 100), and the
   optional ``lang``, ``since`` and ``until``; ``since`` is the newer of the source's
   own and the cursor kept from the last fetch;
2. follows the answer's ``cursor`` (older results) while pages come full, the posts are
   not older than ``since`` and fewer than ``max_items`` were read (without ``since``,
   a source's first reading, the newest page only: it starts from now);
3. keeps the posts at or after ``since`` (an AppView may not apply it: the dev-env's
   does not), and returns as the new cursor the newest post's time (its ``sortAt``:
   the earlier of its creation and its indexing, what ``since`` filters on).

Bluesky's own AppView (``public.api.bsky.app``) has mostly refused this search to
anonymous readers since 2025 (HTTP 403), and always refuses its following pages: a
refused first page is worded so (give the source another AppView), a refused following
page ends the reading with what was read.

Posts at exactly the cursor's time come again on the next fetch: the pipeline
deduplicates by guid (the post's ``at://`` URI). Each post becomes one item: the
``bsky.app`` URL, the author's handle, the text, the first declared language, the counts
(``likes``, ``reposts``, ``replies``, ``quotes``) and the kind (``reply`` when the record
answers another post, ``quote`` when it embeds one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

from mostra.core.http import web_address
from mostra.listening.items import FetchedItem
from mostra.listening.networks.calls import (
    Fetched,
    SourceUnavailable,
    client_for,
    counts,
    get_json,
    moment,
)

DEFAULT_APPVIEW = "https://public.api.bsky.app"
#: The AppView's largest page.
PAGE = 100
#: How many posts one fetch reads at most.
MAX_ITEMS = 500
#: Embeds that quote another post.
QUOTES = {"app.bsky.embed.record", "app.bsky.embed.recordWithMedia"}


@dataclass(frozen=True)
class Search:
    """What to search: the words (``q``, the AppView's syntax), and optional filters."""

    q: str
    lang: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    #: Another AppView than mostra's (``MOSTRA_BLUESKY_APPVIEW_URL``).
    appview: str | None = None

    @property
    def base_url(self) -> str:
        given = self.appview or getattr(settings, "MOSTRA_BLUESKY_APPVIEW_URL", "")
        url = web_address(given or DEFAULT_APPVIEW)
        return f"{url.scheme}://{url.netloc.decode('ascii')}"

    def describe(self) -> str:
        return _("the Bluesky search “%(q)s”") % {"q": self.q}


def iso(when: datetime) -> str:
    """``2026-12-05T19:33:08.030Z``: the form the AppView reads."""
    return when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def search_posts(
    search: Search,
    cursor: str | None = None,
    *,
    max_items: int = MAX_ITEMS,
    page: int = PAGE,
    client: httpx.Client | None = None,
    query: Callable[[dict[str, Any]], Any] | None = None,
) -> Fetched:
    """The posts matching ``search`` at or after ``cursor`` (a time, from the previous
    fetch), newest first, and the new cursor.

    ``client``: an outbound client to use (a poller's), else one of its own. ``query``:
    how to ask instead of an anonymous GET to the AppView (an account's session: the
    parameters in, the answer's JSON out, SourceUnavailable on a failure).

    Raises :class:`~mostra.listening.networks.calls.SourceUnavailable`.
    """
    since = _later(search.since, moment(cursor) if cursor else None)
    url = search.base_url + "/xrpc/app.bsky.feed.searchPosts"
    params: dict[str, Any] = {"q": search.q, "sort": "latest", "limit": max(1, min(page, PAGE))}
    if search.lang:
        params["lang"] = search.lang
    if since:
        params["since"] = iso(since)
    if search.until:
        params["until"] = iso(search.until)
    items: list[FetchedItem] = []
    newest: datetime | None = None
    with client_for(client) as client:
        while len(items) < max_items:
            try:
                if query is not None:
                    answer = query(dict(params))
                else:
                    answer = get_json(client, url, params, search.describe())
            except SourceUnavailable as exc:
                if exc.code != "refused" or query is not None:
                    raise
                if "cursor" in params:
                    break  # the next pages refused to anonymous readers: keep what was read
                raise SourceUnavailable(
                    _(
                        "%(server)s does not let anyone search Bluesky posts without logging "
                        "in (Bluesky's own AppView has mostly closed its public search since "
                        "2025): connect the workspace's Bluesky account, or give the source an "
                        "AppView that allows it."
                    )
                    % {"server": urlsplit(url).netloc},
                    code="refused",
                    **exc.params,
                ) from exc
            posts = answer.get("posts") if isinstance(answer, dict) else None
            if not isinstance(posts, list):
                break
            older = False
            for post in posts:
                item = post_item(post) if isinstance(post, dict) else None
                when = sort_at(post) if item else None
                if item is None or when is None:
                    continue
                if since and when < since:
                    older = True
                    continue
                newest = when if newest is None or when > newest else newest
                items.append(item)
            following = answer.get("cursor")
            if not following or older or since is None or len(posts) < params["limit"]:
                break  # without a time to reach, the newest page only
            params["cursor"] = following
    return Fetched(items[:max_items], iso(newest) if newest else cursor)


def sort_at(post: dict[str, Any]) -> datetime | None:
    """The post's time as the AppView sorts it: the earlier of created and indexed."""
    created = moment(_mapping(post.get("record")).get("createdAt"))
    times = [t for t in (created, moment(post.get("indexedAt"))) if t]
    return min(times) if times else None


def post_item(post: dict[str, Any]) -> FetchedItem | None:
    """One ``postView`` as an item; None without a URI or a date."""
    uri = post.get("uri")
    record: dict[str, Any] = _mapping(post.get("record"))
    when = moment(record.get("createdAt"), post.get("indexedAt"))
    if not isinstance(uri, str) or not uri.startswith("at://") or when is None:
        return None
    author = _mapping(post.get("author"))
    handle = author.get("handle") or author.get("did") or uri.split("/")[2]
    embed = _mapping(record.get("embed"))
    langs = record.get("langs") if isinstance(record.get("langs"), list) else []
    if record.get("reply"):
        kind = "reply"
    elif embed.get("$type") in QUOTES:
        kind = "quote"
    else:
        kind = "post"
    return FetchedItem(
        guid=uri,
        text=str(record.get("text") or ""),
        url=f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[-1]}",
        author=handle,
        author_url=f"https://bsky.app/profile/{handle}",
        published_at=when,
        lang=str(langs[0]).split("-")[0].lower() if langs else None,
        network="bluesky",
        kind=kind,
        counts=counts(
            likes=post.get("likeCount"),
            reposts=post.get("repostCount"),
            replies=post.get("replyCount"),
            quotes=post.get("quoteCount"),
        ),
    )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _later(first: datetime | None, second: datetime | None) -> datetime | None:
    given = [d for d in (first, second) if d is not None]
    return max(given) if given else None
