"""An item as queries read it: folded once, tokenised once, each part when first needed.

The title's words come first, at positions 0…n-1, then the text's, far enough after
(:data:`GAP`) that no phrase or NEAR reaches from one into the other. A word's
positions include those of its hashtag and mention (the plain word ``velo`` matches
``#velo``); they are found when a phrase or NEAR asks, the distinct words (all a lone
word needs) when a query asks. The fields are folded as the query's values are. Most
items stop at the presearch, which needs only the folded text and fields.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cached_property, lru_cache
from urllib.parse import urlsplit

from mostra.listening.query.folding import (
    SEP,
    composed,
    fold,
    fold_words,
    presearch_text,
    tokens,
)

#: The distance between the title's last position and the text's first.
GAP = 1000


def host(url: str) -> str | None:
    """The host of ``url``, folded, without ``www.`` (``urlsplit``'s, read faster for
    the usual ``scheme://host/…``)."""
    rest = url.partition("//")[2]
    if not rest or "[" in rest:
        name = urlsplit(url).hostname or ""
    else:
        name = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        name = name.rpartition("@")[2].partition(":")[0]
    return fold(name).removeprefix("www.") or None


@lru_cache(maxsize=4096)
def site_entries(netloc: str) -> str:
    """The presearch entries of the site of a URL whose part before the path is
    ``netloc``, and of its parent domains: kept per ``netloc`` (a stream's items come
    from a few sites)."""
    return _site_entries(host("//" + netloc))


def _site_entries(site: str | None) -> str:
    if not site:
        return ""
    labels = site.split(".")
    return "".join(f"site:{'.'.join(labels[i:])}{SEP}" for i in range(len(labels)))


def _tokens(title: str, text: str) -> tuple[int, list[str], list[str]]:
    """The title's token count, the tokens of title and text, and their bare words."""
    title_words = tokens(title) if title else []
    words = title_words + tokens(text)
    if "#" in text or "@" in text or "#" in title or "@" in title:
        bare_words = [t[1:] if t[0] in "#@" else t for t in words]
    else:
        bare_words = words
    return len(title_words), words, bare_words


class Document:
    """One item, folded and tokenised for the evaluators and the presearcher.

    Built from the item's parts (:meth:`of` takes a
    :class:`~mostra.listening.items.FetchedItem`, or anything with its attributes).
    """

    def __init__(
        self,
        text: str,
        title: str | None = None,
        *,
        author: str | None = None,
        url: str | None = None,
        lang: str | None = None,
        country: str | None = None,
    ) -> None:
        self.raw_text = composed(text)
        self.raw_title = composed(title) if title else ""
        self.text = fold_words(text)
        self.title = fold_words(title) if title else ""
        self._author = author.strip().removeprefix("@") if author else None
        self._url, self._country = url, country
        self._lang = lang.replace("_", "-") if lang else None

    @classmethod
    def of(cls, item) -> Document:  # noqa: ANN001 - a FetchedItem or alike
        return cls(
            item.text,
            item.title,
            author=item.author,
            url=item.url,
            lang=item.lang,
            country=item.country,
        )

    # Fields, folded (when a query reads them) ----------------------------------------
    @cached_property
    def author(self) -> str | None:
        return fold(self._author) if self._author else None

    @cached_property
    def url(self) -> str | None:
        return fold(self._url) if self._url else None

    @cached_property
    def site(self) -> str | None:
        return host(self._url) if self._url else None

    @cached_property
    def lang(self) -> str | None:
        return fold(self._lang) if self._lang else None

    @property
    def lang_primary(self) -> str | None:
        return self.lang.split("-")[0] if self.lang else None

    @cached_property
    def country(self) -> str | None:
        return fold(self._country) if self._country else None

    # Words ----------------------------------------------------------------------------
    @cached_property
    def words(self) -> frozenset[str]:
        """The distinct folded tokens, hashtags' and mentions' bare words too: what a
        query's lone words are looked up in."""
        both = self.title + "\n" + self.text if self.raw_title else self.text
        found = set(tokens(both))
        if "#" in both or "@" in both:
            found.update([t[1:] for t in found if t[0] in "#@"])
        return frozenset(found)

    @cached_property
    def raw_words(self) -> frozenset[str]:
        """The distinct tokens as written, bare words of hashtags and mentions too."""
        found = set(self._raw[1])
        found.update([t[1:] for t in found if t[0] in "#@"])
        return frozenset(found)

    @cached_property
    def _folded(self) -> tuple[int, list[str], list[str]]:
        """The title's size, the folded tokens (title, then text) and their bare words."""
        return _tokens(self.title, self.text)

    @cached_property
    def _raw(self) -> tuple[int, list[str], list[str]]:
        return _tokens(self.raw_title, self.raw_text)

    @property
    def title_size(self) -> int:
        """How many words the title has: positions below it are the title's."""
        return self._folded[0]

    def positions(self, token: str, *, raw: bool = False) -> list[int]:
        """Where ``token`` is, in order: a word also where it is a hashtag or mention's
        (``velo`` in ``#velo``), a hashtag or mention only as such. ``raw``: among the
        tokens as written."""
        cache = self._raw_positions if raw else self._positions
        found = cache.get(token)
        if found is None:
            size, written, bare_words = self._raw if raw else self._folded
            among = written if token[0] in "#@" else bare_words
            found = [i if i < size else i + GAP for i, t in enumerate(among) if t == token]
            cache[token] = found
        return found

    @cached_property
    def _positions(self) -> dict[str, list[int]]:
        return {}

    @cached_property
    def _raw_positions(self) -> dict[str, list[int]]:
        return {}

    def token_list(self) -> list[tuple[int, str, str]]:
        """Every token as ``(position, folded, as written)``, in order: what the
        reference evaluator scans."""
        title_words, raw_title = tokens(self.title), tokens(self.raw_title)
        words = list(zip(range(len(title_words)), title_words, raw_title, strict=True))
        start = len(title_words) + GAP
        text_words, raw_words = tokens(self.text), tokens(self.raw_text)
        words += zip(range(start, start + len(text_words)), text_words, raw_words, strict=True)
        return words

    # Presearch ------------------------------------------------------------------------
    def presearch_text(
        self, fields: Collection[str] = ("lang", "country", "author", "site", "url", "title")
    ) -> str:
        """What the presearcher's automaton scans: the tokens between separators, then
        the ``fields`` asked for as ``name:value`` (the site with each of its parent
        domains, the language with its primary subtag)."""
        text = presearch_text(self.title + "\n" + self.text if self.raw_title else self.text)
        if not fields:
            return text
        if "title" in fields and self.raw_title:  # the title's tokens again, marked
            text += presearch_text(self.title).replace(SEP, SEP + "t:")[1 : -len("t:")]
        # The fields written together, then folded once (folding goes letter by letter:
        # the same as the properties above, each folded apart).
        written = []
        if "lang" in fields and self._lang:
            written.append(f"lang:{self._lang}{SEP}lang:{self._lang.split('-')[0]}{SEP}")
        if "country" in fields and self._country:
            written.append(f"country:{self._country}{SEP}")
        if "author" in fields and self._author:
            written.append(f"author:{self._author}{SEP}")
        if "url" in fields and self._url:
            written.append(f"url:{self._url}{SEP}")
        text += fold("".join(written))
        if "site" in fields and self._url:
            netloc = self._url.partition("://")[2].partition("/")[0]
            text += site_entries(netloc) if netloc else _site_entries(self.site)
        return text
