"""Reading a query: the grammar (``grammar.lark``), the checks of :mod:`.scan`, then the
syntax tree of :mod:`.syntax`, checked for what the grammar cannot say (a leading
wildcard, what NEAR can join, a query that only excludes).

    >>> str(parse('("atelier vélo" OR #réparation) NOT vente'))
    '(("atelier velo" OR #reparation) AND NOT vente)'
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import LarkError, UnexpectedInput, VisitError

from mostra.listening.query.errors import Located, QuerySyntaxError
from mostra.listening.query.folding import composed, fold
from mostra.listening.query.scan import check_balance, check_tokens
from mostra.listening.query.syntax import (
    And,
    FieldIs,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Word,
    only_excludes,
)

#: The longest query read (Brandwatch's and X's enterprise limit).
MAX_LENGTH = 4096
#: The largest NEAR or ``~`` distance.
MAX_DISTANCE = 100
#: A word of a query: its ``#`` or ``@``, letters, digits, ``_`` and wildcards.
QUERY_WORD = re.compile(r"[#@]?[\w*?]+")
_KINDS = {"#": "hashtag", "@": "mention"}


@cache
def _lark() -> Lark:
    grammar = (Path(__file__).parent / "grammar.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer="basic", propagate_positions=False)


class Group:
    """A parenthesised part, until the tree is built (the linter reads groups)."""

    def __init__(self, node: Node) -> None:
        self.node = node


def parse(text: str) -> Node:
    """The syntax tree of ``text``, or :class:`QuerySyntaxError`."""
    where = Located(text)
    if len(text) > MAX_LENGTH:
        raise where.error(
            MAX_LENGTH,
            _("The query is longer than %(max)d characters: split it into several queries."),
            {"max": MAX_LENGTH},
            code="too-long",
        )
    check_balance(text)
    try:
        tokens = list(_lark().lex(text))
    except UnexpectedInput as exc:
        offset = exc.pos_in_stream or 0
        raise where.error(
            offset,
            _("The character '%(char)s' cannot be read here: remove it or put it in quotes."),
            {"char": text[offset : offset + 1]},
            code="unexpected-character",
        ) from None
    check_tokens(text, tokens)
    try:
        tree = _lark().parse(text)
        node = _Build(where).transform(tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, QuerySyntaxError):
            raise exc.orig_exc from None
        raise
    except UnexpectedInput as exc:
        offset = exc.pos_in_stream or 0
        raise where.error(
            offset,
            _("The query cannot be read from here: check the operators and parentheses around it."),
            code="unreadable",
        ) from None
    except LarkError:  # pragma: no cover - every input reaches one of the above
        raise where.error(0, _("The query cannot be read."), code="unreadable") from None
    node = node.node if isinstance(node, Group) else node
    if only_excludes(node):
        raise where.error(
            0,
            _(
                "The query only excludes: say what to look for too, e.g. "
                "atelier NOT vente rather than NOT vente."
            ),
            code="only-excludes",
        )
    return node


def _unwrap(node: Node | Group) -> Node:
    return node.node if isinstance(node, Group) else node


@v_args(inline=True)
class _Build(Transformer):
    """Tokens to nodes, with the checks that need a node's content."""

    def __init__(self, where: Located) -> None:
        super().__init__()
        self.where = where

    # Leaves -------------------------------------------------------------------------
    def _words(self, token: Token, raw: str, *, case_sensitive: bool = False) -> tuple[Word, ...]:
        """The words of ``raw``, the part of ``token`` inside its quotes or braces (if any)."""
        text = composed(raw) if case_sensitive else fold(raw)
        inside = (token.start_pos or 0) + (1 if token.type in ("PHRASE", "BRACE") else 0)
        words = []
        for match in QUERY_WORD.finditer(text):
            piece = match.group()
            kind = _KINDS.get(piece[0], "word")
            pattern = piece[1:] if kind != "word" else piece
            offset = inside + match.start()
            if pattern[0] in "*?":
                raise self.where.error(
                    offset,
                    _(
                        "A wildcard cannot start a word ('%(word)s'): write at least its "
                        "first letters, e.g. velo* rather than *velo."
                    ),
                    {"word": piece},
                    code="leading-wildcard",
                )
            wildcard = "*" in pattern or "?" in pattern
            words.append(Word(pattern, kind, wildcard, case_sensitive))
        if not words:
            raise self.where.error(
                token.start_pos or 0,
                _("'%(text)s' has no letter or digit to look for: remove it or quote words."),
                {"text": token.value},
                code="nothing-to-search",
            )
        return tuple(words)

    def _slop(self, slop: Token | None) -> int | None:
        if slop is None:
            return None
        return self._distance(slop, int(slop.value[1:]))

    def _distance(self, token: Token, value: int) -> int:
        if not 0 <= value <= MAX_DISTANCE:
            raise self.where.error(
                token.start_pos or 0,
                _("The distance %(n)d is too large: use a number from 0 to %(max)d."),
                {"n": value, "max": MAX_DISTANCE},
                code="distance-too-large",
            )
        return value

    def phrase(self, token: Token, slop: Token | None = None) -> Phrase:
        words = self._words(token, token.value[1:-1])
        return Phrase(words, self._slop(slop), offset=token.start_pos or 0)

    def term(self, token: Token, slop: Token | None = None) -> Phrase:
        # ``word~n`` on one word is a plain word (the linter says so).
        words = self._words(token, token.value)
        slop_value = self._slop(slop)
        if len(words) == 1:
            slop_value = None
        return Phrase(words, slop_value, offset=token.start_pos or 0)

    def brace(self, token: Token) -> Phrase:
        words = self._words(token, token.value[1:-1], case_sensitive=True)
        return Phrase(words, offset=token.start_pos or 0)

    def hashtag(self, token: Token) -> Phrase:
        return Phrase(self._words(token, token.value), offset=token.start_pos or 0)

    mention = hashtag

    def field(self, name: Token, value: Token, slop: Token | None = None) -> Node:
        field_name = name.value[:-1].lower()
        if field_name == "title":
            case_sensitive = value.type == "BRACE"
            raw = value.value[1:-1] if value.type in ("PHRASE", "BRACE") else value.value
            words = self._words(value, raw, case_sensitive=case_sensitive)
            slop_value = self._slop(slop) if len(words) > 1 else None
            return Phrase(words, slop_value, in_title=True, offset=name.start_pos or 0)
        text = value.value[1:-1] if value.type in ("PHRASE", "BRACE") else value.value
        folded = fold(text).strip()
        if field_name in ("author", "site"):
            folded = folded.removeprefix("@") if field_name == "author" else folded
            folded = folded.removeprefix("www.") if field_name == "site" else folded
        if not folded:
            raise self.where.error(
                value.start_pos or 0,
                _("'%(field)s' has no value: write it right after the colon."),
                {"field": name.value},
                code="field-without-value",
            )
        return FieldIs(field_name, folded, offset=name.start_pos or 0)

    # Operators ----------------------------------------------------------------------
    def group(self, _lpar: Token, node: Node | Group, _rpar: Token) -> Group:
        return Group(_unwrap(node))

    def not_(self, op: Token, node: Node | Group) -> Not:
        return Not(_unwrap(node), offset=op.start_pos or 0)

    def or_(self, left: Node | Group, _op: Token, right: Node | Group) -> Or:
        return Or(_flat(Or, left) + _flat(Or, right), offset=_offset(left))

    def and_written(self, left: Node | Group, _op: Token, right: Node | Group) -> And:
        return And(_flat(And, left) + _flat(And, right), offset=_offset(left))

    def and_implicit(self, left: Node | Group, right: Node | Group) -> And:
        return And(_flat(And, left) + _flat(And, right), offset=_offset(left))

    def near(self, left: Node | Group, op: Token, right: Node | Group) -> Near:
        sides = (_unwrap(left), _unwrap(right))
        for side in sides:
            self._check_near_side(side, op)
        spec = op.value.split("/", 1)[1]
        ordered = op.value.startswith("O") or spec[-1:] in ("f", "F")
        distance = self._distance(op, int(spec.rstrip("fF")))
        return Near(sides[0], sides[1], distance, ordered, offset=_offset(left))

    def _check_near_side(self, side: Node, op: Token) -> None:
        if isinstance(side, Or):
            for child in side.children:
                self._check_near_side(child, op)
            return
        if isinstance(side, Near) or (isinstance(side, Phrase) and side.slop is None):
            return
        template = (
            _("A phrase with '~' cannot be a side of NEAR: join its words with NEAR/n instead.")
            if isinstance(side, Phrase)
            else _(
                "NEAR joins words, phrases or groups of them with OR; AND, NOT and fields "
                "cannot be a side of it: move them out of the NEAR."
            )
        )
        raise self.where.error(op.start_pos or 0, template, code="near-side")


def _flat(kind: type[And] | type[Or], node: Node | Group) -> tuple[Node, ...]:
    """The children to join: an unparenthesised node of the same kind is flattened."""
    if isinstance(node, kind):
        return node.children
    return (_unwrap(node),)


def _offset(node: Node | Group) -> int:
    return getattr(_unwrap(node), "offset", 0)


def syntax_error_or_none(text: str) -> QuerySyntaxError | None:
    """The problem of ``text``, or None when it reads."""
    try:
        parse(text)
    except QuerySyntaxError as exc:
        return exc
    return None


def grammar_tokens(text: str) -> list[Token]:
    """The tokens of a query that :func:`parse` accepted (the linter reads them)."""
    return list(_lark().lex(text))


def grammar_tree(text: str) -> Tree:
    """The grammar's tree of a query that :func:`parse` accepted (before the syntax tree:
    it still tells written parentheses and operators apart)."""
    return _lark().parse(text)
