"""The exact evaluator: a query's tree compiled once into closures over a
:class:`~mostra.listening.query.document.Document`'s index.

A word is a dictionary lookup; a wildcard scans the item's distinct words; a phrase
checks the following positions; ``"…"~n`` looks for a window of the phrase's length
plus ``n`` holding one distinct position per word; NEAR pairs the two sides' spans.
Positional parts give spans, ``(first, last)`` positions; the others a boolean.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache

from mostra.listening.query.document import Document
from mostra.listening.query.syntax import And, FieldIs, Near, Node, Not, Or, Phrase, Word

Test = Callable[[Document], bool]
Span = tuple[int, int]
Spans = Callable[[Document], list[Span]]
Positions = Callable[[Document], list[int]]


@cache
def wildcard_regex(pattern: str) -> re.Pattern[str]:
    """``*`` is any run of word characters (possibly none), ``?`` exactly one."""
    parts = (r"\w*" if c == "*" else r"\w" if c == "?" else re.escape(c) for c in pattern)
    return re.compile("".join(parts))


def word_positions(word: Word, in_title: bool) -> Positions:
    """Where ``word`` is in a document (sorted)."""
    key, raw = word.token, word.case_sensitive
    matches = wildcard_regex(word.pattern).fullmatch if word.wildcard else None
    prefix = {"hashtag": "#", "mention": "@"}.get(word.kind, "")
    start = prefix + word.stem

    def positions(doc: Document) -> list[int]:
        if matches is None:
            found = doc.positions(key, raw=raw)
        else:
            found = []
            for token in doc.raw_words if raw else doc.words:
                if token.startswith(start) and matches(token, len(prefix)):
                    found.extend(doc.positions(token, raw=raw))
            found.sort()
        if in_title:
            size = doc.title_size
            return [p for p in found if p < size]
        return found

    return positions


def has_distinct(choices: list[list[int]]) -> bool:
    """Whether one position can be taken from each list, all different."""
    taken: set[int] = set()

    def pick(i: int) -> bool:
        if i == len(choices):
            return True
        for p in choices[i]:
            if p not in taken:
                taken.add(p)
                if pick(i + 1):
                    return True
                taken.discard(p)
        return False

    return pick(0)


def phrase_spans(phrase: Phrase) -> Spans:
    finders = [word_positions(w, phrase.in_title) for w in phrase.words]
    size = len(finders)
    if size == 1:
        only = finders[0]
        return lambda doc: [(p, p) for p in only(doc)]
    if phrase.slop is None:

        def spans(doc: Document) -> list[Span]:
            first = finders[0](doc)
            if not first:
                return []
            rest = [set(f(doc)) for f in finders[1:]]
            return [
                (p, p + size - 1)
                for p in first
                if all(p + i in rest[i - 1] for i in range(1, size))
            ]

        return spans
    width = size - 1 + phrase.slop

    def slop_spans(doc: Document) -> list[Span]:
        lists = [f(doc) for f in finders]
        if not all(lists):
            return []
        found = []
        for start in sorted({p for positions in lists for p in positions}):
            window = [[p for p in positions if start <= p <= start + width] for positions in lists]
            if all(window) and has_distinct(window):
                found.append((start, start + width))
        return found

    return slop_spans


def near_pairs(left: Iterable[Span], right: list[Span], distance: int, ordered: bool) -> list[Span]:
    """The spans joining a left and a right span at most ``distance`` words apart."""
    joined = set()
    for s1, e1 in left:
        for s2, e2 in right:
            if e1 < s2:
                if s2 - e1 - 1 <= distance:
                    joined.add((s1, e2))
            elif not ordered and e2 < s1 and s1 - e2 - 1 <= distance:
                joined.add((s2, e1))
    return sorted(joined)


def spans_of(node: Node) -> Spans:
    """The spans of a positional node (a phrase, NEAR, or OR of these)."""
    if isinstance(node, Phrase):
        return phrase_spans(node)
    if isinstance(node, Near):
        left, right = spans_of(node.left), spans_of(node.right)
        distance, ordered = node.distance, node.ordered

        def near(doc: Document) -> list[Span]:
            first = left(doc)
            return near_pairs(first, right(doc), distance, ordered) if first else []

        return near
    if isinstance(node, Or):
        children = [spans_of(c) for c in node.children]
        return lambda doc: sorted({s for child in children for s in child(doc)})
    raise TypeError(f"not positional: {node!r}")  # pragma: no cover - the parser refuses it


def field_test(node: FieldIs) -> Test:
    value = node.value
    if node.name == "lang":
        return lambda doc: doc.lang is not None and value in (doc.lang, doc.lang_primary)
    if node.name == "country":
        return lambda doc: doc.country == value
    if node.name == "author":
        return lambda doc: doc.author == value
    if node.name == "site":
        suffix = "." + value
        return lambda doc: doc.site is not None and (doc.site == value or doc.site.endswith(suffix))
    if node.name == "url":
        return lambda doc: doc.url is not None and value in doc.url
    raise ValueError(node.name)  # pragma: no cover - the parser knows the fields


def lone_word_test(word: Word) -> Test:
    """A word alone (not in a phrase, not case-sensitive): is it among the item's words?"""
    key = word.token
    if not word.wildcard:
        return lambda doc: key in doc.words
    matches = wildcard_regex(word.pattern).fullmatch
    stem = word.stem
    prefix = {"hashtag": "#", "mention": "@"}.get(word.kind, "")
    start = prefix + stem

    skip = len(prefix)

    def test(doc: Document) -> bool:
        return any(t.startswith(start) and matches(t, skip) for t in doc.words)

    return test


def compile_test(node: Node) -> Test:
    """``node`` as one call: does the document match?"""
    if isinstance(node, Phrase):
        if len(node.words) == 1 and not node.in_title and not node.words[0].case_sensitive:
            return lone_word_test(node.words[0])
        positions = phrase_spans(node)
        return lambda doc: bool(positions(doc))
    if isinstance(node, Near):
        spans = spans_of(node)
        return lambda doc: bool(spans(doc))
    if isinstance(node, FieldIs):
        return field_test(node)
    if isinstance(node, Not):
        inner = compile_test(node.child)
        return lambda doc: not inner(doc)
    tests = tuple(compile_test(c) for c in node.children)
    if isinstance(node, And):
        return lambda doc: all(t(doc) for t in tests)
    if isinstance(node, Or):
        return lambda doc: any(t(doc) for t in tests)
    raise TypeError(node)  # pragma: no cover
