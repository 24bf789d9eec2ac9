"""Counting a text the way each network does.

- **Graphemes** (Bluesky, Instagram, LinkedIn…): characters as people see them. An
  emoji with its skin tone, a ZWJ family, a flag or an ``e`` with a combining accent
  is one. Python's ``len()`` counts code points and lies on all of these.
- **X** (twitter-text v3 configuration): the text is NFC-normalised; every URL, with
  or without ``https://``, counts 23; every emoji sequence counts 2; any other code
  point counts 1 in the ranges U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and
  U+2032–U+2037 (Latin, Greek, Cyrillic, Hebrew, Arabic, Devanagari…, common
  punctuation) and 2 elsewhere (CJK, Japanese, Korean, most symbols).
- **Mastodon** (StatusLengthValidator): graphemes, with every ``http(s)://`` link
  counted as 23 and a remote mention ``@user@domain`` counted as ``@user``.

The PyPI package twitter-text-parser 3.0.0 was evaluated for X and not used: its
emoji list stops at Unicode 12 (2019), so newer emoji such as 🫠 count 2 per code
point, and it imports ``pkg_resources``, which recent setuptools no longer ship.
Grapheme clusters come from the ``regex`` module's ``\\X``, which follows the
current Unicode rules.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

from mostra.charter.limits import NetworkLimits

URL_LENGTH = 23

_GRAPHEME = regex.compile(r"\X")
_EMOJI_CLUSTER = regex.compile(r"\p{Emoji_Presentation}|\uFE0F|\u20E3")
#: twitter-text v3: code point ranges of weight 1 (everything else weighs 2).
X_LIGHT_RANGES: tuple[tuple[int, int], ...] = (
    (0x0000, 0x10FF),
    (0x2000, 0x200D),
    (0x2010, 0x201F),
    (0x2032, 0x2037),
)
#: Generic top-level domains linked without a scheme ("mostra.app", "example.com").
#: Two-letter country domains are linked without a scheme only when a path follows
#: ("lemonde.fr/article"), as twitter-text does.
GENERIC_TLDS = (
    "com|net|org|info|biz|edu|gov|mil|int|app|dev|shop|store|online|site|tech|xyz|"
    "blog|news|art|paris|bzh|alsace|corsica|eus|museum|travel|pro|name|mobi|asia|cat|"
    "coop|jobs|aero|top|club|live|email|cloud|agency|studio|design|media|social|video|"
    "photo|photos|bike|cafe|restaurant|bio|eco|green|page|link|ly|io|ai|co|me|tv|fm"
)
_TRAILING = ".,;:!?)]}'\"»…"
_SCHEME_URL = regex.compile(r"(?<![\w@])https?://[^\s<>\"«»]+", regex.IGNORECASE)
_BARE_URL = regex.compile(
    r"(?<![\w@./:-])(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    rf"(?:(?:{GENERIC_TLDS})(?![\w-])(?::\d{{1,5}})?(?:/[^\s<>\"«»]*)?"
    r"|[a-z]{2}(?::\d{1,5})?/[^\s<>\"«»]*)",
    regex.IGNORECASE,
)
_REMOTE_MENTION = regex.compile(r"(?<![\w/@])@(\w+)@[\w-]+(?:\.[\w-]+)+", regex.UNICODE)


def graphemes(text: str) -> list[str]:
    return _GRAPHEME.findall(text)


def grapheme_count(text: str) -> int:
    return len(graphemes(text))


def is_emoji(cluster: str) -> bool:
    """Whether one grapheme cluster shows as an emoji (skin tones, ZWJ, flags, keycaps)."""
    return bool(_EMOJI_CLUSTER.search(cluster))


def emoji_count(text: str) -> int:
    return sum(1 for cluster in graphemes(text) if is_emoji(cluster))


def _trim(url: str) -> str:
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def find_urls(text: str, *, bare: bool = True) -> list[tuple[int, int, str]]:
    """The URLs of ``text`` as (start, end, url); ``bare`` also finds ``example.com``."""
    found: list[tuple[int, int, str]] = []
    for match in _SCHEME_URL.finditer(text):
        url = _trim(match.group())
        found.append((match.start(), match.start() + len(url), url))
    if bare:
        for match in _BARE_URL.finditer(text):
            start = match.start()
            if any(s <= start < e for s, e, _u in found):
                continue
            url = _trim(match.group())
            if "." in url:
                found.append((start, start + len(url), url))
    return sorted(found)


def _replace_urls(text: str, urls: list[tuple[int, int, str]], placeholder: str) -> str:
    parts, last = [], 0
    for start, end, _url in urls:
        parts += [text[last:start], placeholder]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _x_weight(cluster: str) -> int:
    if is_emoji(cluster):
        return 2
    weight = 0
    for char in cluster:
        point = ord(char)
        weight += 1 if any(lo <= point <= hi for lo, hi in X_LIGHT_RANGES) else 2
    return weight


def x_weighted_length(text: str) -> int:
    """The weighted length X counts (twitter-text v3)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    total, last = 0, 0
    for start, end, _url in find_urls(text):
        total += sum(_x_weight(c) for c in graphemes(text[last:start])) + URL_LENGTH
        last = end
    return total + sum(_x_weight(c) for c in graphemes(text[last:]))


def mastodon_length(text: str) -> int:
    """The length Mastodon counts: links as 23, ``@user@domain`` as ``@user``."""
    urls = find_urls(text, bare=False)
    countable = _replace_urls(text, urls, "x" * URL_LENGTH)
    countable = _REMOTE_MENTION.sub(lambda m: "@" + m.group(1), countable)
    return grapheme_count(countable)


def length(text: str, counting: str) -> int:
    if counting == "x_weighted":
        return x_weighted_length(text)
    if counting == "mastodon":
        return mastodon_length(text)
    return grapheme_count(text)


@dataclass(frozen=True)
class TextCount:
    """A text counted for one network, with the limits it must fit."""

    count: int
    limit: int
    counting: str
    bytes: int
    bytes_max: int | None

    @property
    def over(self) -> int:
        return max(0, self.count - self.limit)

    @property
    def bytes_over(self) -> int:
        return max(0, self.bytes - self.bytes_max) if self.bytes_max else 0


def count_for(limits: NetworkLimits, text: str) -> TextCount:
    return TextCount(
        count=length(text, limits.counting),
        limit=limits.text_max,
        counting=limits.counting,
        bytes=len(text.encode("utf-8")),
        bytes_max=limits.bytes_max,
    )
