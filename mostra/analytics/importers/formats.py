"""A post's format (text, image, video, link, poll) from what its network says of it.

Each network describes a post's attachment its own way; these functions read it once
for the importers and the public readers. What they cannot tell stays None (an
unknown format, left out of the format figures), never "text".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from mostra.analytics.models import PostFormat

_BLUESKY_EMBEDS = {
    "app.bsky.embed.images": PostFormat.IMAGE,
    "app.bsky.embed.video": PostFormat.VIDEO,
    "app.bsky.embed.external": PostFormat.LINK,
}
_LINK_FACET = "app.bsky.richtext.facet#link"
_MASTODON_MEDIA = {
    "image": PostFormat.IMAGE,
    "gifv": PostFormat.VIDEO,
    "video": PostFormat.VIDEO,
}


def bluesky_format(record: Mapping[str, Any]) -> str:
    """A Bluesky post record's format: its embed (images, video, a link card; the media
    of a quote with media), else a link in its text (a link facet), else text."""
    embed = _mapping(record.get("embed"))
    kind = str(embed.get("$type", "")).removesuffix("#view")
    if kind == "app.bsky.embed.recordWithMedia":
        kind = str(_mapping(embed.get("media")).get("$type", "")).removesuffix("#view")
    if kind in _BLUESKY_EMBEDS:
        return _BLUESKY_EMBEDS[kind].value
    for facet in _mappings(record.get("facets")):
        if any(f.get("$type") == _LINK_FACET for f in _mappings(facet.get("features"))):
            return PostFormat.LINK.value
    return PostFormat.TEXT.value


def mastodon_format(status: Mapping[str, Any]) -> str | None:
    """A Mastodon status's format: a poll, its first attachment (image; video or GIF),
    else its link card, else text. None for an audio attachment (no format of ours)."""
    if status.get("poll"):
        return PostFormat.POLL.value
    for media in _mappings(status.get("media_attachments")):
        found = _MASTODON_MEDIA.get(str(media.get("type", "")))
        return found.value if found else None
    if status.get("card"):
        return PostFormat.LINK.value
    return PostFormat.TEXT.value


_X_MEDIA = {"photo": PostFormat.IMAGE, "video": PostFormat.VIDEO, "animated_gif": PostFormat.VIDEO}
#: An HTML link that is neither a mention nor a hashtag (ActivityPub content).
_OTHER_LINK = re.compile(r"<a\s(?![^>]*\b(?:mention|hashtag)\b)[^>]*>", re.IGNORECASE)


def x_format(tweet: Mapping[str, Any]) -> str:
    """A tweet's format from an X archive: its first media (photo; video or GIF), else a
    link in its entities, else text."""
    extended = tweet.get("extended_entities")
    media = extended.get("media") if isinstance(extended, Mapping) else None
    for item in _mappings(media):
        found = _X_MEDIA.get(str(item.get("type", "")))
        if found:
            return found.value
    entities = tweet.get("entities")
    if isinstance(entities, Mapping) and _mappings(entities.get("urls")):
        return PostFormat.LINK.value
    return PostFormat.TEXT.value


def activitypub_format(note: Mapping[str, Any]) -> str | None:
    """A Mastodon archive's note: a poll (a Question), its first attachment (image or
    video; None for another kind), else a link in its HTML that is neither a mention
    nor a hashtag, else text."""
    if note.get("type") == "Question":
        return PostFormat.POLL.value
    for item in _mappings(note.get("attachment")):
        kind = str(item.get("mediaType", "")).split("/", 1)[0]
        return {"image": PostFormat.IMAGE.value, "video": PostFormat.VIDEO.value}.get(kind)
    if _OTHER_LINK.search(str(note.get("content") or "")):
        return PostFormat.LINK.value
    return PostFormat.TEXT.value


_WEB_ADDRESS = re.compile(r"https?://", re.IGNORECASE)


def published_format(media_kind: str | None, text: str) -> str:
    """A post mostra published: its first media (image; GIF or video), else a web
    address in its text (the networks make a link card of it), else text."""
    if media_kind == "image":
        return PostFormat.IMAGE.value
    if media_kind in ("gif", "video"):
        return PostFormat.VIDEO.value
    if _WEB_ADDRESS.search(text):
        return PostFormat.LINK.value
    return PostFormat.TEXT.value


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _mappings(value: Any) -> Iterable[Mapping[str, Any]]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]
