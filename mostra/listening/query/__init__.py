"""The listening query language (Brandwatch's boolean syntax) and its matcher.

A pure package: no model, no database, Django only for gettext.

- :func:`parse` reads a query into a syntax tree (:mod:`.syntax`), or raises
  :class:`QuerySyntaxError` with the line, the column and what to do;
- :func:`lint` lists its :class:`QueryWarning`\\ s (costly, read otherwise elsewhere,
  never or always true);
- :func:`compile_query` makes a :class:`CompiledQuery`, and :class:`Matcher` matches
  items against many of them in two stages (presearch, then exact evaluation);
- :func:`reference_match` is the straightforward evaluator the matcher is checked with.

The user guide is docs/listening.md, "Queries".
"""

from __future__ import annotations

from mostra.listening.query.document import Document
from mostra.listening.query.errors import QuerySyntaxError
from mostra.listening.query.lint import QueryWarning, lint
from mostra.listening.query.matcher import CompiledQuery, Matcher, compile_query
from mostra.listening.query.parser import parse
from mostra.listening.query.reference import reference_match

__all__ = [
    "CompiledQuery",
    "Document",
    "Matcher",
    "QuerySyntaxError",
    "QueryWarning",
    "compile_query",
    "lint",
    "parse",
    "reference_match",
]
