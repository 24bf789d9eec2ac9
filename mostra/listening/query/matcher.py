"""Matching items against many stored queries, in two stages.

1. The presearcher: one Aho-Corasick automaton (pyahocorasick) over every query's
   anchors (:mod:`.presearch`) scans the item's presearch text once and gives the
   candidate queries: those with an anchor in it, plus the few that have none.
2. Only the candidates are evaluated exactly (:mod:`.evaluate`), on the item folded and
   tokenised once (:class:`~mostra.listening.query.document.Document`), its word index
   built only when a candidate needs it.

The result is the reference evaluator's (:mod:`.reference`) on every item: the anchors
are necessary conditions, and a property test holds the two equal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import ahocorasick  # type: ignore[import-not-found]  # no stubs

from mostra.listening.items import FetchedItem
from mostra.listening.query.document import Document
from mostra.listening.query.evaluate import Test, compile_test
from mostra.listening.query.folding import SEP
from mostra.listening.query.parser import parse
from mostra.listening.query.presearch import TITLE_MARK, Costs, candidates, plan
from mostra.listening.query.syntax import ITEM_FIELDS as FIELD_NAMES
from mostra.listening.query.syntax import Node

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class CompiledQuery:
    """A query read, compiled and anchored: what a :class:`Matcher` stores."""

    text: str
    tree: Node
    test: Test = field(repr=False, compare=False)

    def matches(self, item: FetchedItem | Document) -> bool:
        """Whether this one query matches ``item`` (exactly, without presearch)."""
        return self.test(item if isinstance(item, Document) else Document.of(item))


def compile_query(text: str) -> CompiledQuery:
    """Read ``text`` (:class:`~.errors.QuerySyntaxError` when it cannot be) and compile it."""
    tree = parse(text)
    return CompiledQuery(text, tree, compile_test(tree))


class Matcher(Generic[K]):
    """Which of many queries match an item: ``Matcher(queries).match(item)``."""

    def __init__(self, queries: Mapping[K, CompiledQuery]) -> None:
        self.keys: list[K] = list(queries)
        self.tests: list[Test] = [queries[k].test for k in self.keys]
        shared: Counter[str] = Counter()
        for key in self.keys:
            shared.update({a for found in candidates(queries[key].tree) for a in found})
        costs = Costs(shared)
        by_anchor: dict[str, list[int]] = {}
        #: The queries without anchors: evaluated on every item.
        self.always: list[int] = []
        #: Per query, the other required anchor sets checked before evaluating it.
        self.checks: list[tuple[frozenset[str], ...]] = []
        #: Per query, whether the presearch decides it (no evaluation needed).
        self.decided: list[bool] = []
        for number, key in enumerate(self.keys):
            found, checks, decided = plan(queries[key].tree, costs)
            self.checks.append(tuple(checks))
            self.decided.append(decided)
            if not found:
                self.always.append(number)
                continue
            for anchor in found:
                by_anchor.setdefault(anchor, []).append(number)
        #: The fields some anchor names: the only ones the presearch text needs.
        looked_for = set(by_anchor) | {a for checks in self.checks for s in checks for a in s}
        self.fields = frozenset(
            name
            for anchor in looked_for
            for name in FIELD_NAMES
            if anchor.startswith(f"{SEP}{name}:") or (name == "url" and not anchor.startswith(SEP))
        ) | ({"title"} if any(a.startswith(SEP + TITLE_MARK) for a in looked_for) else set())
        self.automaton = ahocorasick.Automaton()
        for anchor, numbers in by_anchor.items():
            self.automaton.add_word(anchor, tuple(numbers))
        self.anchored = bool(by_anchor)
        if by_anchor:
            self.automaton.make_automaton()

    def __len__(self) -> int:
        return len(self.keys)

    def candidates(self, doc: Document) -> set[int]:
        """The queries (by number) that may match ``doc``: the presearch stage (the
        automaton's hits whose other required parts are in the text too)."""
        found: set[int] = set(self.always) if self.always else set()
        if not self.anchored:
            return found
        text = doc.presearch_text(self.fields)
        for _end, numbers in self.automaton.iter(text):
            found.update(numbers)
        if not found:
            return found
        checks = self.checks
        kept = set()
        for number in found:
            for required in checks[number]:
                for anchor in required:
                    if anchor in text:
                        break
                else:
                    break  # none of this required part's anchors: it cannot match
            else:
                kept.add(number)
        return kept

    def match(self, item: FetchedItem | Document) -> set[K]:
        """The keys of the queries that match ``item``."""
        doc = item if isinstance(item, Document) else Document.of(item)
        found = self.candidates(doc)
        if not found:
            return set()
        tests, keys, decided = self.tests, self.keys, self.decided
        return {keys[n] for n in found if decided[n] or tests[n](doc)}
