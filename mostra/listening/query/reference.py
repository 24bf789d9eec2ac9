"""The reference evaluator: the straightforward reading of a query on one item, the
oracle the matcher is checked against.

It walks the syntax tree on every call and scans the item's token list for every word,
with no index, no compilation and no presearch: slow, and simple enough to be read as
the definition of what a query means.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from mostra.listening.query.document import GAP, Document
from mostra.listening.query.syntax import And, FieldIs, Near, Node, Not, Or, Phrase, Word

Token = tuple[int, str, str]


@cache
def _glob_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(
        "".join(r"\w*" if c == "*" else r"\w" if c == "?" else re.escape(c) for c in pattern)
    )


def _glob(pattern: str, text: str) -> bool:
    return _glob_regex(pattern).fullmatch(text) is not None


def word_matches(word: Word, folded: str, raw: str) -> bool:
    token = raw if word.case_sensitive else folded
    if word.kind == "hashtag":
        if not token.startswith("#"):
            return False
        token = token[1:]
    elif word.kind == "mention":
        if not token.startswith("@"):
            return False
        token = token[1:]
    elif token[0] in "#@":
        token = token[1:]
    return _glob(word.pattern, token) if word.wildcard else token == word.pattern


class Reference:
    """Evaluate queries on one document by scanning its tokens."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.tokens: list[Token] = doc.token_list()

    def positions(self, word: Word, in_title: bool) -> list[int]:
        return [
            p
            for p, folded, raw in self.tokens
            if word_matches(word, folded, raw) and (not in_title or p < GAP)
        ]

    def spans(self, node: Node) -> set[tuple[int, int]]:
        if isinstance(node, Phrase):
            lists = [self.positions(w, node.in_title) for w in node.words]
            size = len(lists)
            if node.slop is None or size == 1:
                return {
                    (p, p + size - 1)
                    for p in lists[0]
                    if all(p + i in lists[i] for i in range(size))
                }
            found = set()
            for choice in itertools.product(*lists):
                if len(set(choice)) == size and max(choice) - min(choice) <= size - 1 + node.slop:
                    found.add((min(choice), max(choice)))
            return found
        if isinstance(node, Or):
            return {s for child in node.children for s in self.spans(child)}
        if isinstance(node, Near):
            found = set()
            for a in self.spans(node.left):
                for b in self.spans(node.right):
                    if a[1] < b[0] and b[0] - a[1] - 1 <= node.distance:
                        found.add((a[0], b[1]))
                    if not node.ordered and b[1] < a[0] and a[0] - b[1] - 1 <= node.distance:
                        found.add((b[0], a[1]))
            return found
        raise TypeError(node)

    def field(self, node: FieldIs) -> bool:
        doc, value = self.doc, node.value
        if node.name == "lang":
            return doc.lang is not None and (doc.lang == value or doc.lang.split("-")[0] == value)
        if node.name == "country":
            return doc.country is not None and doc.country == value
        if node.name == "author":
            return doc.author is not None and doc.author == value
        if node.name == "site":
            if doc.site is None:
                return False
            labels = doc.site.split(".")
            return value in {".".join(labels[i:]) for i in range(len(labels))}
        if node.name == "url":
            return doc.url is not None and doc.url.find(value) >= 0
        raise ValueError(node.name)

    def matches(self, node: Node) -> bool:
        if isinstance(node, (Phrase, Near)):
            return bool(self.spans(node))
        if isinstance(node, FieldIs):
            return self.field(node)
        if isinstance(node, Not):
            return not self.matches(node.child)
        if isinstance(node, And):
            return all(self.matches(c) for c in node.children)
        if isinstance(node, Or):
            return any(self.matches(c) for c in node.children)
        raise TypeError(node)


def reference_match(node: Node, doc: Document) -> bool:
    """Whether the query ``node`` matches ``doc``, read the straightforward way."""
    return Reference(doc).matches(node)
