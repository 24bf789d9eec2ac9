"""A feed's bytes as :class:`~mostra.listening.items.FetchedItem`, safely.

1. **Entities refused.** A feed that declares XML entities is refused before any parser
   expands them (:func:`check_safe`): defusedxml reads the document and stops at the
   first entity declaration or external reference ("billion laughs", a file read through
   ``SYSTEM``). A document defusedxml cannot read (broken XML, which feedparser tolerates)
   is refused when ``<!ENTITY`` appears in its bytes or in its UTF-16 reading.
2. **feedparser** reads the rest, with the charset the HTTP header declared: a wrong or
   missing encoding is guessed by feedparser (UTF-8, then Windows-1252), the entries are
   kept.
3. **Each entry** becomes an item: its id (else its link, else a hash of its title and
   text) is the ``guid``; its title and content or summary, HTML, become plain text
   (:func:`mostra.core.html_text.html_to_text`); a date feedparser cannot read leaves
   ``published_at`` None (the item is kept; pages show when it was fetched instead).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import re
import time
from typing import Any
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from mostra.core.html_text import html_to_text
from mostra.listening.errors import SourceError
from mostra.listening.items import FetchedItem

_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
#: Dates before this are a feed's mistake (an epoch 0), not a publication.
_EARLIEST = dt.datetime(1995, 1, 1, tzinfo=dt.UTC)
#: A date this far ahead of the fetch is a feed's mistake too.
_AHEAD = dt.timedelta(days=2)


def check_safe(body: bytes) -> None:
    """Raise ``SourceError("unsafe_xml")`` when the document declares entities."""
    try:
        fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise SourceError("unsafe_xml") from exc
    except (ParseError, ValueError, UnicodeError):
        # Broken XML, which feedparser tolerates: refused if it declares an entity
        # anywhere (a well-formed feed quoting "<!ENTITY" in a CDATA section is read).
        if _ENTITY.search(body) or _ENTITY.search(_utf16(body)):
            raise SourceError("unsafe_xml") from None


def _utf16(body: bytes) -> bytes:
    if body[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return body.decode("utf-16", "replace").encode("utf-8", "replace")
    return b""


def parse(
    body: bytes,
    *,
    content_type: str = "",
    network: str = "feed",
    kind: str = "article",
    now: dt.datetime | None = None,
) -> list[FetchedItem]:
    """The entries of the feed ``body``; ``SourceError`` when it is unsafe or no feed."""
    check_safe(body)
    # No content-location: feedparser would rewrite a guid as an address under it.
    headers = {}
    if content_type:
        headers["content-type"] = content_type
    # A stream, never bytes or a string: feedparser would open a string naming a URL or a file.
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=False)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise SourceError("not_a_feed", detail=_short(str(problem) if problem else "no entries"))
    feed_lang = _lang(parsed.feed.get("language"))
    now = now or dt.datetime.now(dt.UTC)
    items = []
    for entry in parsed.entries:
        item = _item(entry, feed_lang, network, kind, now)
        if item is not None:
            items.append(item)
    return items


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "…"


def _lang(value: Any) -> str | None:
    if not value or not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _date(entry: Any, now: dt.datetime) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict's own get: feedparser's maps a missing key to another (with a warning).
        parsed = dict.get(entry, key)
        if isinstance(parsed, time.struct_time):
            try:
                when = dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)
            except (OverflowError, ValueError, OSError):
                continue
            if _EARLIEST <= when <= now + _AHEAD:
                return when
    return None


def _text(entry: Any) -> str:
    for content in entry.get("content") or []:
        value = content.get("value") if isinstance(content, dict) else None
        if value:
            return html_to_text(value)
    return html_to_text(entry.get("summary") or entry.get("description") or "")


def _counts(entry: Any) -> dict[str, int]:
    """YouTube's ``media:statistics`` views and ``media:starRating`` count."""
    counts: dict[str, int] = {}
    views = (entry.get("media_statistics") or {}).get("views")
    if isinstance(views, str) and views.isdigit():
        counts["views"] = int(views)
    rating = (entry.get("media_starrating") or {}).get("count")
    if isinstance(rating, str) and rating.isdigit():
        counts["likes"] = int(rating)
    return counts


def _item(
    entry: Any, feed_lang: str | None, network: str, kind: str, now: dt.datetime
) -> FetchedItem | None:
    title = html_to_text(entry.get("title") or "") or None
    text = _text(entry)
    link = entry.get("link") or None
    if link is not None and not re.match(r"https?://", link, re.IGNORECASE):
        link = None
    guid = entry.get("id") or link
    if not guid:
        if not title and not text:
            return None
        guid = "sha256:" + hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()
    author_detail = entry.get("author_detail") or {}
    author_url = author_detail.get("href") if isinstance(author_detail, dict) else None
    return FetchedItem(
        guid=str(guid),
        text=text,
        url=link,
        title=title,
        author=html_to_text(entry.get("author") or "") or None,
        author_url=author_url if author_url and author_url.startswith("http") else None,
        published_at=_date(entry, now),
        lang=_lang(entry.get("language")) or feed_lang,
        network=network,
        kind=kind,
        counts=_counts(entry),
    )
