"""The checks made before the grammar: what a user most often gets wrong, said with
the column of the cause (the parenthesis left open, not the end of the query where a
parser notices it) and what to do.

:func:`check_balance` reads the raw text (comments, quotes, braces, parentheses);
:func:`check_tokens` reads the tokens (operators with nothing on one side, NEAR without
its distance, unknown fields, empty parentheses, an empty query).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _
from lark import Token

from mostra.listening.query.errors import Located
from mostra.listening.query.syntax import FIELDS

#: What may end an operand, and what may start one.
OPERAND_END = {"TERM", "PHRASE", "SLOP", "BRACE", "HASHTAG", "MENTION", "RPAR"}
OPERAND_START = {"TERM", "PHRASE", "BRACE", "HASHTAG", "MENTION", "LPAR", "FIELD", "NOT", "MINUS"}
BINARY = {"AND", "OR", "NEAR"}
VALUES = {"TERM", "PHRASE", "BRACE", "HASHTAG", "MENTION"}
FIELD_LIST = ", ".join(f"{name}:" for name in FIELDS)


def check_balance(text: str) -> None:
    """Refuse an unclosed comment, quote or brace, and unbalanced parentheses."""
    where = Located(text)
    opened: list[int] = []
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if text.startswith("<<<", i):
            end = text.find(">>>", i + 3)
            if end < 0:
                raise where.error(
                    i,
                    _("The comment opened here is never closed: add '>>>' where it ends."),
                    code="unclosed-comment",
                )
            i = end + 3
            continue
        if char in '"{':
            closing = '"' if char == '"' else "}"
            end = text.find(closing, i + 1)
            if end < 0:
                raise where.error(
                    i,
                    _("The quote opened here is never closed: add '\"' at the end of the phrase.")
                    if char == '"'
                    else _("The brace opened here is never closed: add '}' after the word."),
                    code="unclosed-quote" if char == '"' else "unclosed-brace",
                )
            if char == "{" and "{" in text[i + 1 : end]:
                raise where.error(
                    i, _("Braces cannot be nested: remove the inner '{'."), code="nested-brace"
                )
            i = end + 1
            continue
        if char == "}":
            raise where.error(
                i,
                _("This '}' closes no brace: remove it or add '{' before the word."),
                code="stray-brace",
            )
        if char == "(":
            opened.append(i)
        elif char == ")":
            if not opened:
                raise where.error(
                    i,
                    _("This closing parenthesis has no opening one: remove it or add '('."),
                    code="stray-parenthesis",
                )
            opened.pop()
        i += 1
    if opened:
        _line, column = where.at(opened[-1])
        raise where.error(
            opened[-1],
            _("Missing closing parenthesis for the one opened at column %(column)d: add ')'."),
            {"column": column},
            code="unclosed-parenthesis",
        )


def check_tokens(text: str, tokens: Sequence[Token]) -> None:
    """Refuse the operator with nothing on one side, NEAR without its distance, an
    unknown field, a field without its value, empty parentheses, an empty query."""
    where = Located(text)
    if not tokens:
        raise where.error(
            0,
            _("The query is empty: write at least one word to look for."),
            code="empty",
        )
    for index, token in enumerate(tokens):
        before = tokens[index - 1].type if index else None
        after = tokens[index + 1].type if index + 1 < len(tokens) else None
        offset = token.start_pos or 0
        if token.type in BINARY and before not in OPERAND_END:
            raise where.error(
                offset,
                _("'%(op)s' has nothing on its left: write a word before it, or remove it."),
                {"op": token.value},
                code="operator-without-left",
            )
        if token.type in BINARY | {"NOT", "MINUS"} and after not in OPERAND_START:
            raise where.error(
                offset,
                _("'%(op)s' has nothing on its right: write a word after it, or remove it."),
                {"op": token.value},
                code="operator-without-right",
            )
        if token.type == "NEAR" and not any(c.isdigit() for c in token.value):
            raise where.error(
                offset,
                _(
                    "NEAR needs a distance: write NEAR/5 for at most 5 words between the two "
                    "sides (NEAR/5f when the left one must come first)."
                ),
                code="near-without-distance",
            )
        if token.type == "SLOP" and len(token.value) == 1:
            raise where.error(
                offset,
                _("'~' needs a number: write \"word1 word2\"~5 for at most 5 words apart."),
                code="slop-without-distance",
            )
        if token.type == "FIELD":
            name = token.value[:-1]
            if name.lower() not in FIELDS:
                raise where.error(
                    offset,
                    _(
                        "Unknown field '%(field)s': use one of %(fields)s, or put the text "
                        "in quotes to search for it."
                    ),
                    {"field": token.value, "fields": FIELD_LIST},
                    code="unknown-field",
                )
            if after not in VALUES or tokens[index + 1].start_pos != token.end_pos:
                raise where.error(
                    offset,
                    _(
                        "'%(field)s' has no value: write it right after the colon, "
                        "e.g. %(example)s."
                    ),
                    {"field": token.value, "example": _field_example(name.lower())},
                    code="field-without-value",
                )
        if token.type == "LPAR" and after == "RPAR":
            raise where.error(
                offset,
                _("These parentheses are empty: put words in them, or remove them."),
                code="empty-parentheses",
            )


def _field_example(name: str) -> str:
    return {
        "author": 'author:"Jean Dupont"',
        "site": "site:example.org",
        "url": "url:example.org/news",
        "title": 'title:"atelier vélo"',
        "lang": "lang:fr",
        "country": "country:FR",
    }[name]
