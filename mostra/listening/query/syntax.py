"""The syntax tree of a query: what the parser builds, the linter reads, and both
evaluators and the presearcher walk.

Every node keeps the offset where it starts in the query, for the linter's
warnings. Texts are stored folded (accents and case removed) except in a case-sensitive
word, which is kept as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The fields a query can name, and what their value is compared with.
TEXT_FIELDS = ("title",)
ITEM_FIELDS = ("author", "site", "url", "lang", "country")
FIELDS = (*ITEM_FIELDS, *TEXT_FIELDS)


@dataclass(frozen=True)
class Word:
    """One word of a phrase (a single keyword is a phrase of one word).

    ``kind``: ``word`` (also matches a hashtag or a mention written the same),
    ``hashtag`` or ``mention`` (only those). ``pattern`` is the word without its ``#``
    or ``@``; with ``*`` (any run of characters, possibly none) or ``?`` (exactly one)
    when ``wildcard``.
    """

    pattern: str
    kind: str = "word"
    wildcard: bool = False
    case_sensitive: bool = False

    @property
    def stem(self) -> str:
        """The literal start of a wildcard (``velo`` for ``velo*``); the whole word else."""
        if not self.wildcard:
            return self.pattern
        cut = min(i for i in (self.pattern.find("*"), self.pattern.find("?")) if i >= 0)
        return self.pattern[:cut]

    @property
    def token(self) -> str:
        """The token as the index holds it: with its ``#`` or ``@``."""
        return {"hashtag": "#", "mention": "@"}.get(self.kind, "") + self.pattern

    def __str__(self) -> str:
        text = self.token
        return "{" + text + "}" if self.case_sensitive else text


@dataclass(frozen=True)
class Phrase:
    """Words side by side, in this order; with ``slop``, in any order with at most
    ``slop`` other words among them. ``in_title``: in the item's title only."""

    words: tuple[Word, ...]
    slop: int | None = None
    in_title: bool = False
    #: Where the node starts in the query (0-based offset; errors.Located gives its column).
    offset: int = field(default=0, compare=False)

    def __str__(self) -> str:
        inner = " ".join(str(w) for w in self.words)
        text = f'"{inner}"' if len(self.words) > 1 or self.slop is not None else inner
        if self.slop is not None:
            text += f"~{self.slop}"
        return f"title:{text}" if self.in_title else text


@dataclass(frozen=True)
class Near:
    """``left NEAR/distance right``: at most ``distance`` words between them, ``left``
    first when ``ordered`` (``NEAR/nf``)."""

    left: Node
    right: Node
    distance: int
    ordered: bool = False
    #: Where the node starts in the query (0-based offset; errors.Located gives its column).
    offset: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return f"({self.left} NEAR/{self.distance}{'f' if self.ordered else ''} {self.right})"


@dataclass(frozen=True)
class FieldIs:
    """``field:value`` on the item's author, site, URL, language or country."""

    name: str
    value: str
    #: Where the node starts in the query (0-based offset; errors.Located gives its column).
    offset: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return f'{self.name}:"{self.value}"' if " " in self.value else f"{self.name}:{self.value}"


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]
    #: Where the node starts in the query (0-based offset; errors.Located gives its column).
    offset: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return "(" + " AND ".join(str(c) for c in self.children) + ")"


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]
    #: Where the node starts in the query (0-based offset; errors.Located gives its column).
    offset: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return "(" + " OR ".join(str(c) for c in self.children) + ")"


@dataclass(frozen=True)
class Not:
    child: Node
    #: Where the node starts in the query (0-based offset; errors.Located gives its column).
    offset: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return f"NOT {self.child}"


Node = Phrase | Near | FieldIs | And | Or | Not

#: The nodes that have positions in the text (what NEAR joins).
POSITIONAL = (Phrase, Near, Or)


def walk(node: Node):
    """``node`` and every node under it, parents first."""
    yield node
    if isinstance(node, (And, Or)):
        for child in node.children:
            yield from walk(child)
    elif isinstance(node, Near):
        yield from walk(node.left)
        yield from walk(node.right)
    elif isinstance(node, Not):
        yield from walk(node.child)


def only_excludes(node: Node) -> bool:
    """Whether ``node`` can only say what must be absent (``NOT a``, ``-a -b``)."""
    if isinstance(node, Not):
        return True
    if isinstance(node, (And, Or)):
        return all(only_excludes(c) for c in node.children)
    return False
