"""Bluesky post records: their deterministic record keys, and what goes into them.

Exactly once: every record mostra writes has a record key computed from the variant's
stable key (:attr:`Outgoing.key`) alone, never from a time, so that a retry writes to
the same place. ``app.bsky.feed.post`` keys must be TIDs (13 characters of base32
"sortable", a 53-bit microsecond time and a 10-bit clock id): :func:`record_key` fills
them from a SHA-256 of the key, the time part within 2023–2031 so that it reads as a
plausible date. The record is written with ``putRecord`` and ``swapRecord: null``
("only if there is none yet", checked inside the PDS's transaction), so the second
attempt meets the first one's record instead of writing another.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from mostra.integrations.base import RemoteRef

POST = "app.bsky.feed.post"
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
#: 2023-01-01T00:00:00Z in microseconds: the earliest time a derived TID reads as.
TID_EPOCH_US = 1_672_531_200_000_000
TID_SPREAD_BITS = 48  # about 8.9 years of microseconds


def encode_tid(value: int) -> str:
    """A 64-bit integer (top bit 0) as a 13-character TID."""
    if not 0 <= value < 1 << 63:
        raise ValueError("a TID is a 63-bit number")
    chars = []
    for _ in range(13):
        chars.append(TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def record_key(key: str, part: str = "") -> str:
    """The record key of the variant ``key`` (``part``: a thread's next post, a comment)."""
    digest = hashlib.sha256(f"mostra:{key}:{part}".encode()).digest()
    bits = int.from_bytes(digest[:8], "big")
    micros = TID_EPOCH_US + (bits & ((1 << TID_SPREAD_BITS) - 1))
    clock_id = (bits >> TID_SPREAD_BITS) & 0x3FF
    return encode_tid((micros << 10) | clock_id)


def at_uri(did: str, rkey: str, collection: str = POST) -> str:
    return f"at://{did}/{collection}/{rkey}"


def split_uri(uri: str) -> tuple[str, str, str]:
    """``at://DID/COLLECTION/RKEY`` as (did, collection, rkey)."""
    parts = uri.removeprefix("at://").split("/")
    if len(parts) != 3:
        raise ValueError(f"not a record's AT URI: {uri}")
    return parts[0], parts[1], parts[2]


def web_url(handle_or_did: str, rkey: str, app: str = "https://bsky.app") -> str:
    """The post's page in the Bluesky app."""
    return f"{app}/profile/{handle_or_did}/post/{rkey}"


def remote_ref(uri: str, url: str) -> RemoteRef:
    return RemoteRef(remote_id=split_uri(uri)[2], uri=uri, url=url)


def now_iso() -> str:
    """A record's ``createdAt``: UTC, milliseconds, ``Z``, as the lexicon's examples."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def post_record(
    text: str,
    *,
    facets: list[dict[str, Any]],
    language: str = "",
    embed: dict[str, Any] | None = None,
    reply: dict[str, Any] | None = None,
    created_at: str | None = None,
) -> dict[str, Any]:
    record: dict[str, Any] = {"$type": POST, "text": text, "createdAt": created_at or now_iso()}
    if facets:
        record["facets"] = facets
    if language:
        record["langs"] = [language]
    if embed:
        record["embed"] = embed
    if reply:
        record["reply"] = reply
    return record


def strong_ref(uri: str, cid: str) -> dict[str, str]:
    return {"uri": uri, "cid": cid}


def reply_to(root: dict[str, str], parent: dict[str, str]) -> dict[str, Any]:
    return {"root": root, "parent": parent}


def images_embed(images: list[tuple[dict[str, Any], str, int | None, int | None]]) -> dict:
    """``app.bsky.embed.images`` from (blob, alt text, width, height) tuples."""
    items = []
    for blob, alt, width, height in images:
        item: dict[str, Any] = {"image": blob, "alt": alt}
        if width and height:
            item["aspectRatio"] = {"width": width, "height": height}
        items.append(item)
    return {"$type": "app.bsky.embed.images", "images": items}


def video_embed(blob: dict[str, Any], alt: str, width: int | None, height: int | None) -> dict:
    embed: dict[str, Any] = {"$type": "app.bsky.embed.video", "video": blob}
    if alt:
        embed["alt"] = alt
    if width and height:
        embed["aspectRatio"] = {"width": width, "height": height}
    return embed


def external_embed(link: str, title: str, description: str = "") -> dict[str, Any]:
    """A link card (``app.bsky.embed.external``)."""
    return {
        "$type": "app.bsky.embed.external",
        "external": {"uri": link, "title": title, "description": description},
    }
