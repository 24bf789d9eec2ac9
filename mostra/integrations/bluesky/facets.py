"""Rich text for Bluesky: links, mentions and hashtags as facets over UTF-8 bytes.

A Bluesky post is plain text plus *facets*: ranges of the text, counted in **bytes of
its UTF-8 encoding** (not characters, not UTF-16 units), each with a feature — a link
(``app.bsky.richtext.facet#link``), a mention resolved to the account's DID
(``#mention``) or a hashtag (``#tag``). Without facets, links are not clickable.

The detection follows the Bluesky app's own (``@atproto/api`` ``detectFacets``):

- links: ``http://`` or ``https://`` up to the next space, without a trailing
  ``.,;:!?"'`` or an unbalanced ``)``;
- mentions: ``@handle.domain`` after the start, a space or ``(``; a handle that does not
  resolve to a DID gets no facet (it stays plain text, as in the app);
- hashtags: ``#`` after the start or a space, not only digits, at most 64 characters,
  without trailing punctuation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import regex

LINK = regex.compile(r"(?:^|(?<=[\s(]))(https?://\S+)", regex.IGNORECASE)
MENTION = regex.compile(
    r"(?:^|(?<=[\s(]))@((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+"
    r"[a-zA-Z](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(?![\w.-]*[\w-])"
)
_INVISIBLE = "\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2"
TAG = regex.compile(
    rf"(?:^|(?<=\s))[#＃]((?!\ufe0f)[^\s{_INVISIBLE}]*[^\d\s\p{{P}}{_INVISIBLE}]+[^\s{_INVISIBLE}]*)"
)
TRAILING = ".,;:!?\"'"
TAG_MAX = 64


@dataclass(frozen=True)
class Facet:
    """One range of the text (byte offsets, end excluded) and what it is."""

    byte_start: int
    byte_end: int
    kind: str  # "link", "mention" or "tag"
    value: str  # the URL, the DID, or the tag without its "#"

    def as_record(self) -> dict[str, Any]:
        feature: dict[str, Any] = {"$type": f"app.bsky.richtext.facet#{self.kind}"}
        feature[{"link": "uri", "mention": "did", "tag": "tag"}[self.kind]] = self.value
        return {
            "index": {"byteStart": self.byte_start, "byteEnd": self.byte_end},
            "features": [feature],
        }


def byte_offset(text: str, index: int) -> int:
    """The UTF-8 byte offset of the character at ``index``."""
    return len(text[:index].encode("utf-8"))


def _span(text: str, start: int, end: int, kind: str, value: str) -> Facet:
    return Facet(byte_offset(text, start), byte_offset(text, end), kind, value)


def _trim_link(url: str) -> str:
    while url:
        if url[-1] in TRAILING:
            url = url[:-1]
        elif url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        else:
            break
    return url


def links(text: str) -> list[Facet]:
    found = []
    for match in LINK.finditer(text):
        url = _trim_link(match.group(1))
        if "://" in url and len(url) > url.index("://") + 3:
            found.append(_span(text, match.start(1), match.start(1) + len(url), "link", url))
    return found


def hashtags(text: str) -> list[Facet]:
    found = []
    for match in TAG.finditer(text):
        tag = match.group(1).rstrip(TRAILING + ")")
        if not tag or len(tag) > TAG_MAX or tag.isdigit():
            continue
        start = match.start(1) - 1  # the "#" is part of the range
        found.append(_span(text, start, match.start(1) + len(tag), "tag", tag))
    return found


def mentions(text: str, resolve: Callable[[str], str | None]) -> list[Facet]:
    """Mentions whose handle ``resolve`` turns into a DID (None: left as plain text)."""
    found = []
    for match in MENTION.finditer(text):
        handle = match.group(1).lower()
        did = resolve(handle)
        if did:
            found.append(_span(text, match.start(1) - 1, match.end(1), "mention", did))
    return found


def detect(text: str, resolve: Callable[[str], str | None]) -> list[Facet]:
    """Every facet of ``text``, in the order of the text, without overlaps."""
    chosen: list[Facet] = []
    for facet in sorted(
        [*links(text), *mentions(text, resolve), *hashtags(text)],
        key=lambda f: (f.byte_start, -f.byte_end),
    ):
        if chosen and facet.byte_start < chosen[-1].byte_end:
            continue  # inside a link: "https://x.org/#anchor" is not a hashtag
        chosen.append(facet)
    return chosen
