"""The link card of a post: the page's title and description, read from the page.

Bluesky does not make cards itself: the client that writes the post puts the title and
description in ``app.bsky.embed.external``. mostra reads them from the page's Open
Graph tags (``og:title``, ``og:description``, else ``<title>`` and the ``description``
meta tag), through the guarded HTTP client, reading at most :data:`MAX_BYTES` in
:data:`DEADLINE` seconds at most, all told: the page is read while the post is being
published, so a site that answers slowly (or one byte at a time) must not hold the
publication. A page that cannot be read in time, or a link that is not an address
(``https://[::1``: not even asked for), gives a card whose title is the address: the
post goes out all the same.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import httpx

from mostra.core.http import OutboundRefused, web_address

MAX_BYTES = 512 * 1024
TIMEOUT = httpx.Timeout(5.0, connect=3.0)
#: The whole reading of the page (connection, redirects, every byte), in seconds: the
#: 3 + 5 s that :mod:`mostra.publishing.services.leases` counts for it.
DEADLINE = 8.0
TITLE_MAX = 300
DESCRIPTION_MAX = 1000


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = (values.get("property") or values.get("name") or "").lower()
            if name and name not in self.meta and values.get("content"):
                self.meta[name] = values["content"]
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _clean(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def address_title(link: str) -> str:
    try:
        parts = urlsplit(link)
    except ValueError:
        return link
    return (parts.netloc + parts.path).rstrip("/") or link


def read_page(client: httpx.Client, link: str) -> tuple[str, str]:
    """(title, description) of the page; the address and "" when it cannot be read."""
    try:
        web_address(link)
    except ValueError:
        return address_title(link), ""
    try:
        with client.stream(
            "GET",
            link,
            timeout=TIMEOUT,
            headers={"Accept": "text/html"},
            extensions={"deadline": DEADLINE},
        ) as page:
            if not page.is_success or "html" not in page.headers.get("content-type", ""):
                return address_title(link), ""
            body = b""
            for chunk in page.iter_bytes():
                body += chunk
                if len(body) >= MAX_BYTES:
                    break
            text = body.decode(page.encoding or "utf-8", errors="replace")
    except (httpx.HTTPError, OutboundRefused, UnicodeError, LookupError):
        return address_title(link), ""
    head = _Head()
    try:
        head.feed(text)
    except Exception:  # noqa: BLE001 - a broken page must not stop the post
        pass
    title = head.meta.get("og:title") or head.meta.get("twitter:title") or head.title
    description = head.meta.get("og:description") or head.meta.get("description") or ""
    return (
        _clean(title, TITLE_MAX) or address_title(link),
        _clean(description, DESCRIPTION_MAX),
    )
