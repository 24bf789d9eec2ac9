"""An item as queries read it: folded once, tokenised once, each part when first needed.

The title's words come first, at positions 0…n-1, then the text's, far enough after
(:data:`GAP`) that no phrase or NEAR reaches from one into the other. Each token's
positions are indexed under the token and, for a hashtag or a mention, under its bare
word too (the plain word ``velo`` matches ``#velo``). The fields are folded as the
query's values are. Nothing is computed before it is asked for: most items stop at the
presearch, which needs the folded text and the fields the stored queries anchor on.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cached_property
from urllib.parse import urlsplit

from mostra.listening.query.folding import SEP, fold, presearch_text, tokens

#: The distance between the title's last position and the text's first.
GAP = 1000

Index = dict[str, list[int]]


def _index(words: list[str], start: int, into: Index) -> None:
    for position, token in enumerate(words, start):
        into.setdefault(token, []).append(position)
        if token[0] in "#@":
            into.setdefault(token[1:], []).append(position)


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
        self.raw_text = text
        self.raw_title = title or ""
        self.text = fold(text)
        self.title = fold(title) if title else ""
        self._author, self._url, self._lang, self._country = author, url, lang, country

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

    # Folded parts -----------------------------------------------------------------
    @cached_property
    def author(self) -> str | None:
        return fold(self._author).strip().removeprefix("@") if self._author else None

    @cached_property
    def url(self) -> str | None:
        return fold(self._url) if self._url else None

    @cached_property
    def site(self) -> str | None:
        """The URL's host, without ``www.``."""
        if not self._url:
            return None
        host = (urlsplit(self._url).hostname or "").lower()
        return fold(host.removeprefix("www.")) or None

    @cached_property
    def lang(self) -> str | None:
        return fold(self._lang).replace("_", "-") if self._lang else None

    @property
    def lang_primary(self) -> str | None:
        return self.lang.split("-")[0] if self.lang else None

    @cached_property
    def country(self) -> str | None:
        return fold(self._country) if self._country else None

    # Words ----------------------------------------------------------------------------
    @cached_property
    def index(self) -> Index:
        """Folded token → its positions (in order)."""
        index: Index = {}
        title_words = tokens(self.title)
        self.title_size = len(title_words)
        _index(title_words, 0, index)
        _index(tokens(self.text), self.title_size + GAP, index)
        return index

    @cached_property
    def raw_index(self) -> Index:
        """Token as written (case and accents kept) → its positions."""
        index: Index = {}
        title_words = tokens(self.raw_title)
        _index(title_words, 0, index)
        _index(tokens(self.raw_text), len(title_words) + GAP, index)
        return index

    @cached_property
    def title_size(self) -> int:
        """How many words the title has: positions below it are the title's."""
        return len(tokens(self.title))

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
        self, fields: Collection[str] = ("lang", "country", "author", "site", "url")
    ) -> str:
        """What the presearcher's automaton scans: the tokens between separators, then
        the ``fields`` asked for as ``name:value`` (the site with each of its parent
        domains, the language with its primary subtag)."""
        text = presearch_text(self.title + "\n" + self.text if self.raw_title else self.text)
        if not fields:
            return text
        parts = [text]
        if "lang" in fields and self.lang:
            parts.append(f"lang:{self.lang}{SEP}lang:{self.lang_primary}{SEP}")
        if "country" in fields and self.country:
            parts.append(f"country:{self.country}{SEP}")
        if "author" in fields and self.author:
            parts.append(f"author:{self.author}{SEP}")
        if "site" in fields and self.site:
            labels = self.site.split(".")
            parts.append("".join(f"site:{'.'.join(labels[i:])}{SEP}" for i in range(len(labels))))
        if "url" in fields and self.url:
            parts.append(f"url:{self.url}{SEP}")
        return "".join(parts)
