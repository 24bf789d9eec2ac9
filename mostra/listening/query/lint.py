"""Warnings about a query that reads: what costs, what another tool would read
otherwise or refuse, and what can never (or always) match. Each has its line and
column, a stable code and a message saying what to do; none stops the query.

The limits come from the vendors' own guidance (docs/listening.md#warnings).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from lark import Token, Tree

from mostra.listening.query.errors import Located
from mostra.listening.query.parser import grammar_tokens, grammar_tree, parse
from mostra.listening.query.syntax import And, FieldIs, Near, Node, Not, Or, Phrase, walk

#: A wildcard needs at least this many letters before it.
MIN_STEM = 3
#: More alternatives than this in one OR group is costly.
MAX_OR = 100
#: NEAR or ``~`` farther than this is costly and rarely meaningful.
MAX_NEAR = 20
#: More wildcards than this in one query is costly (Pulsar accepts 5).
MAX_WILDCARDS = 5
OPERATORS = {"and": "AND", "or": "OR", "not": "NOT", "near": "NEAR/5"}


@dataclass(frozen=True)
class QueryWarning:
    """One warning: ``code``, where (1-based line and column), and the message."""

    code: str
    line: int
    column: int
    template: str | Promise = field(repr=False)
    params: dict[str, object] = field(default_factory=dict, repr=False)

    @property
    def message(self) -> str:
        return str(self.template) % self.params if self.params else str(self.template)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


def lint(text: str) -> list[QueryWarning]:
    """The warnings of ``text``, in the order of their place in the query
    (:class:`~.errors.QuerySyntaxError` when it does not read)."""
    tree = parse(text)
    where = Located(text)
    found: list[tuple[int, str, str | Promise, dict[str, object]]] = []
    found += _token_warnings(grammar_tokens(text))
    found += _grammar_warnings(grammar_tree(text))
    found += _tree_warnings(tree)
    unique = sorted({(o, c): (o, c, t, p) for o, c, t, p in found}.values(), key=lambda w: w[:2])
    return [QueryWarning(c, *where.at(o), t, p) for o, c, t, p in unique]


Found = Iterator[tuple[int, str, str | Promise, dict[str, object]]]


def _token_warnings(tokens: list[Token]) -> Found:
    for index, token in enumerate(tokens):
        offset = token.start_pos or 0
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.type == "TERM" and token.value.lower() in OPERATORS and token.value.isalpha():
            if not token.value.isupper():
                yield (
                    offset,
                    "lower-case-operator",
                    _(
                        "'%(word)s' is looked for as a word: operators are written in capitals "
                        "(%(operator)s)."
                    ),
                    {"word": token.value, "operator": OPERATORS[token.value.lower()]},
                )
        if token.type == "NEAR":
            distance = "".join(c for c in token.value if c.isdigit())
            if token.value.startswith("O"):
                yield (
                    offset,
                    "onear",
                    _("ONEAR/%(n)s is Meltwater's spelling: Brandwatch writes NEAR/%(n)sf."),
                    {"n": distance},
                )
            elif token.value[-1] in "fF":
                yield (
                    offset,
                    "near-forward",
                    _(
                        "NEAR/%(n)sf (in this order) is Brandwatch's spelling: Meltwater and "
                        "Talkwalker write ONEAR/%(n)s."
                    ),
                    {"n": distance},
                )
        if (
            token.type == "TERM"
            and following is not None
            and following.type == "SLOP"
            and len(following.value) > 1
        ):
            yield (
                following.start_pos or 0,
                "slop-on-word",
                _(
                    "'%(slop)s' after a single word does nothing here, and Lucene-based tools "
                    "read it as a spelling tolerance: put it after a phrase in quotes."
                ),
                {"slop": following.value},
            )
        if token.type in ("TERM", "HASHTAG", "MENTION") and "*" in token.value.rstrip("*"):
            yield (
                offset,
                "inner-wildcard",
                _(
                    "'*' inside '%(word)s': Talkwalker accepts '*' only at the end of a word "
                    "(use '?' for one letter)."
                ),
                {"word": token.value},
            )


def _grammar_warnings(tree: Tree) -> Found:
    for subtree in tree.iter_subtrees():
        if subtree.data == "or_":
            for child in subtree.children:
                if isinstance(child, Tree) and child.data in ("and_written", "and_implicit"):
                    yield (
                        _first_offset(child),
                        "and-or-mixed",
                        _(
                            "AND and OR are mixed without parentheses: this reads AND first, "
                            "as (a AND b) OR c; some tools read OR first. Add parentheses to "
                            "say which you mean."
                        ),
                        {},
                    )
        if subtree.data == "and_implicit":
            left, right = (_plain_word(c) for c in subtree.children)
            if left is not None and right is not None:
                words = f"{left.value} {right.value}"
                yield (
                    left.start_pos or 0,
                    "implicit-and",
                    _(
                        "'%(words)s' needs both words anywhere in the text (AND); for the "
                        'words side by side, quote them: "%(words)s".'
                    ),
                    {"words": words},
                )


def _plain_word(node: object) -> Token | None:
    """The word of a term made of letters only (not an operator in lower case)."""
    if not (isinstance(node, Tree) and node.data == "term" and len(node.children) == 1):
        return None
    word = node.children[0]
    if isinstance(word, Token) and word.value.isalpha() and word.value.lower() not in OPERATORS:
        return word
    return None


def _first_offset(tree: Tree) -> int:
    for token in tree.scan_values(lambda v: isinstance(v, Token)):
        return token.start_pos or 0
    return 0


def _tree_warnings(tree: Node) -> Found:
    wildcards: list[int] = []
    for node in walk(tree):
        if isinstance(node, Phrase):
            for word in node.words:
                if word.wildcard:
                    wildcards.append(node.offset)
                    if len(word.stem) < MIN_STEM:
                        yield (
                            node.offset,
                            "short-wildcard-stem",
                            _(
                                "'%(word)s' has fewer than %(min)d letters before its wildcard: "
                                "it matches very many words and slows every match."
                            ),
                            {"word": str(word), "min": MIN_STEM},
                        )
            if node.slop is not None and node.slop > MAX_NEAR:
                yield _far(node.offset, node.slop)
        elif isinstance(node, Near):
            if node.distance > MAX_NEAR:
                yield _far(node.offset, node.distance)
            if any(w.wildcard for n in walk(node) if isinstance(n, Phrase) for w in n.words):
                yield (
                    node.offset,
                    "wildcard-in-near",
                    _("A wildcard inside NEAR is costly (Meltwater advises against it)."),
                    {},
                )
        elif isinstance(node, Or):
            if len(node.children) > MAX_OR:
                yield (
                    node.offset,
                    "large-or",
                    _(
                        "This OR group has %(n)d alternatives: above %(max)d, queries get slow "
                        "and some tools block them; split it into several queries."
                    ),
                    {"n": len(node.children), "max": MAX_OR},
                )
            yield from _or_warnings(node)
        elif isinstance(node, And):
            yield from _and_warnings(node)
    if len(wildcards) > MAX_WILDCARDS:
        yield (
            wildcards[MAX_WILDCARDS],
            "many-wildcards",
            _("This query has %(n)d wildcards: each costs time, and Pulsar accepts %(max)d."),
            {"n": len(wildcards), "max": MAX_WILDCARDS},
        )


def _far(offset: int, distance: int) -> tuple[int, str, str | Promise, dict[str, object]]:
    return (
        offset,
        "near-far",
        _(
            "%(n)d words apart is far: beyond %(max)d, the words rarely belong together and "
            "matching costs more (Meltwater advises 10 at most)."
        ),
        {"n": distance, "max": MAX_NEAR},
    )


def _or_warnings(node: Or) -> Found:
    children = list(node.children)
    for child in children:
        if isinstance(child, Not):
            always = child.child in children
            yield (
                child.offset,
                "always-true" if always else "or-not",
                _("'%(part)s' OR its opposite: this group matches every item.")
                if always
                else _(
                    "'%(part)s' as an alternative of OR matches nearly every item: did you "
                    "mean AND NOT?"
                ),
                {"part": str(child.child)},
            )
    yield from _duplicates(children)


def _and_warnings(node: And) -> Found:
    children = list(node.children)
    for child in children:
        if isinstance(child, Not) and child.child in children:
            yield (
                child.offset,
                "always-false",
                _("'%(part)s' is both required and excluded: this part never matches."),
                {"part": str(child.child)},
            )
    single = ("lang", "country", "author")
    for name in single:
        values = {c.value for c in children if isinstance(c, FieldIs) and c.name == name}
        if len(values) > 1:
            first = next(c for c in children if isinstance(c, FieldIs) and c.name == name)
            yield (
                first.offset,
                "always-false",
                _(
                    "An item has one value of %(field)s, so it cannot be %(values)s at once: "
                    "this part never matches (use OR)."
                ),
                {"field": f"{name}:", "values": " + ".join(sorted(values))},
            )
    yield from _duplicates(children)


def _duplicates(children: list[Node]) -> Found:
    seen: list[Node] = []
    for child in children:
        if child in seen:
            yield (
                child.offset,
                "duplicate",
                _("'%(part)s' is written twice here: remove one."),
                {"part": str(child)},
            )
        seen.append(child)
