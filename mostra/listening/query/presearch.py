"""The presearcher's anchors: for each query, a small set of strings at least one of
which is in an item's presearch text whenever the query matches it (a necessary
condition, never a sufficient one).

The presearch text (:meth:`Document.presearch_text`) is the item's folded tokens between
separators (``SEP``), then its fields as ``name:value``. So:

- a word ``velo`` anchors on ``SEP velo SEP`` and on ``SEP #velo SEP``/``SEP @velo SEP``
  (the plain word also matches the hashtag and the mention), a hashtag on ``SEP #velo
  SEP`` only; a wildcard on its stem after a separator (``SEP vel`` for ``vel*o``); a
  case-sensitive word on its folded form;
- a phrase anchors on one of its words; a title's words on the title's tokens, marked
  ``t:`` in the presearch text;
- ``lang:fr`` on ``SEP lang:fr SEP`` (the site's entries include its parent domains,
  so ``site:example.org`` also anchors on one), ``url:`` on its value anywhere;
- AND and NEAR on the best anchored side (each side must match), OR on the union of
  its alternatives' (one must match); NOT gives none.

Which side of an AND anchors is chosen by cost (:class:`Costs`): how many of the
stored queries share each anchor (a word in hundreds of queries, such as a context word
``panne``, is also likely a common word: anchoring on it makes every query that does a
candidate for every item that has it) times how common its kind is (a language or a
country is in a large share of the items, a site or URL part in many, a word in few);
the longest anchor breaks a tie. Luwak's presearcher weighs its terms the same way.

A query none of whose parts anchors (``a OR NOT b``) has no anchors (None): the matcher
evaluates it on every item.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from mostra.listening.query.folding import SEP, fold
from mostra.listening.query.syntax import And, FieldIs, Near, Node, Not, Or, Phrase, Word

Anchors = frozenset[str]


#: What marks the title's tokens in the presearch text (``SEP t:lancement SEP``).
TITLE_MARK = "t:"


def word_anchors(word: Word, in_title: bool = False) -> Anchors:
    """A word's anchors: its token between separators (a wildcard: its stem after one);
    in the title's marked tokens when ``in_title``."""
    found = _word_anchors(word)
    if in_title:
        return frozenset(a.replace(SEP, SEP + TITLE_MARK, 1) for a in found)
    return found


def _word_anchors(word: Word) -> Anchors:
    pattern = fold(word.pattern) if word.case_sensitive else word.pattern
    if word.wildcard:
        cut = min(i for i in (pattern.find("*"), pattern.find("?")) if i >= 0)
        body, end = pattern[:cut], ""
    else:
        body, end = pattern, SEP
    if word.kind == "hashtag":
        return frozenset({f"{SEP}#{body}{end}"})
    if word.kind == "mention":
        return frozenset({f"{SEP}@{body}{end}"})
    return frozenset({f"{SEP}{body}{end}", f"{SEP}#{body}{end}", f"{SEP}@{body}{end}"})


#: How common an anchor of each kind is thought to be, relative to a word's.
PRIOR = {"lang": 1000.0, "country": 1000.0, "site": 300.0, "url": 300.0, "author": 3.0}
WILDCARD_PRIOR = 3.0


class Costs:
    """The cost of anchoring on a set of strings, from how many queries share each."""

    def __init__(self, shared: Counter[str] | None = None) -> None:
        self.shared = shared if shared is not None else Counter()

    def of(self, found: Anchors) -> tuple[float, int]:
        total = 0.0
        for anchor in found:
            total += _prior(anchor) * max(self.shared[anchor], 1)
        return (total, -min(len(a.strip(SEP)) for a in found))


def _prior(anchor: str) -> float:
    if not anchor.startswith(SEP):
        return PRIOR["url"]
    body = anchor[1:]
    name, colon, _rest = body.partition(":")
    if colon and name in PRIOR:
        return PRIOR[name]
    return 1.0 if anchor.endswith(SEP) else WILDCARD_PRIOR


def candidates(node: Node) -> Iterator[Anchors]:
    """Every anchor set ``node``'s required parts could use (to count what queries share)."""
    if isinstance(node, Phrase):
        for word in node.words:
            yield word_anchors(word, node.in_title)
    elif isinstance(node, FieldIs):
        yield field_anchors(node)
    elif isinstance(node, (And, Or)):
        for child in node.children:
            yield from candidates(child)
    elif isinstance(node, Near):
        yield from candidates(node.left)
        yield from candidates(node.right)


def field_anchors(node: FieldIs) -> Anchors:
    if node.name == "url":
        return frozenset({node.value})
    return frozenset({f"{SEP}{node.name}:{node.value}{SEP}"})


def required(node: Node, costs: Costs) -> list[Anchors]:
    """Anchor sets that must each have one string in the presearch text of an item that
    ``node`` matches: every word of a phrase, every side of AND and NEAR, a field; an OR
    gives one set, the union of its alternatives' cheapest (none if one has none)."""
    if isinstance(node, Phrase):
        return [word_anchors(w, node.in_title) for w in node.words]
    if isinstance(node, FieldIs):
        return [field_anchors(node)]
    if isinstance(node, Not):
        return []
    if isinstance(node, Near):
        return required(node.left, costs) + required(node.right, costs)
    if isinstance(node, And):
        return [found for child in node.children for found in required(child, costs)]
    if isinstance(node, Or):
        union: set[str] = set()
        for child in node.children:
            found = anchors(child, costs)
            if not found:
                return []
            union |= found
        return [frozenset(union)]
    raise TypeError(node)  # pragma: no cover


def anchors(node: Node, costs: Costs | None = None) -> Anchors | None:
    """The cheapest of ``node``'s required anchor sets by ``costs``, or None."""
    found = required(node, costs or Costs())
    return min(found, key=(costs or Costs()).of) if found else None


def plan(node: Node, costs: Costs, checks: int = 2) -> tuple[Anchors | None, list[Anchors], bool]:
    """The anchors the automaton looks for; up to ``checks`` other required sets checked
    in the presearch text (a substring search each) before the exact evaluation (``dan*
    bug`` is a candidate for an item with "dans" only if "bug" is in it too); and whether
    finding them decides the match, with no evaluation (:func:`decided_by_anchors`)."""
    found = sorted(set(required(node, costs)), key=costs.of)
    if not found:
        return None, [], False
    return found[0], found[1 : 1 + checks], len(found) <= 1 + checks and decided_by_anchors(node)


def decided_by_anchors(node: Node) -> bool:
    """Whether ``node`` matches exactly when all its required anchor sets are found: a
    :func:`single` part, or AND of such parts (each one required set). Not a URL part
    (its anchor may be found outside the URL), a wildcard, a phrase, a case-sensitive or
    title word, NEAR or NOT, which the exact evaluation decides."""
    if isinstance(node, And):
        return all(single(c) for c in node.children)
    return single(node)


def single(node: Node) -> bool:
    """Whether finding one of ``node``'s anchors means it matches: a plain word, hashtag
    or mention (its anchors are the token between separators), a language, country,
    author or site (their ``name:value`` entries), or OR of these."""
    if isinstance(node, Phrase):
        (word, *rest) = node.words
        return not rest and not (word.wildcard or word.case_sensitive)
    if isinstance(node, FieldIs):
        return node.name != "url"
    if isinstance(node, Or):
        return all(single(c) for c in node.children)
    return False
