"""Reading a query: what each construct means (shown by the tree's text, where the
parentheses say what goes with what), and every syntax error with its place and what
to do."""

from __future__ import annotations

import pytest
from django.utils import translation

from mostra.listening.query import QuerySyntaxError, parse
from tests.core.pending_french import pending


@pytest.mark.parametrize(
    ("query", "read_as"),
    [
        (
            '("atelier vélo" OR #réparation) NOT vente',
            '(("atelier velo" OR #reparation) AND NOT vente)',
        ),
        # Implicit AND between adjacent parts, AND before OR, NOT before AND.
        ("a b OR c d", "((a AND b) OR (c AND d))"),
        ("a AND b OR c", "((a AND b) OR c)"),
        ("NOT a OR b", "(NOT a OR b)"),
        ("a -b -c", "(a AND NOT b AND NOT c)"),
        ("a AND NOT b", "(a AND NOT b)"),
        # NEAR binds tightest, left to right; NEAR/nf and ONEAR/n are ordered.
        ("acme NEAR/5 (panne OR bug*) lang:fr", "((acme NEAR/5 (panne OR bug*)) AND lang:fr)"),
        ("logitech NEAR/2f keyboard", "(logitech NEAR/2f keyboard)"),
        ("a ONEAR/3 b", "(a NEAR/3f b)"),
        ("NOT a NEAR/2 b c", "(NOT (a NEAR/2 b) AND c)"),
        ("a NEAR/3 b NEAR/2f c", "((a NEAR/3 b) NEAR/2f c)"),
        # Phrases, proximity, words with punctuation read as phrases.
        ('"service client"~3', '"service client"~3'),
        ("e-mail", '"e mail"'),
        ("l'atelier", '"l atelier"'),
        # Case-sensitive braces keep the case and accents; the rest is folded.
        ("{ACME} Élan", "({ACME} AND elan)"),
        ("#Réparation OR @Vélo_Lyon", "(#reparation OR @velo_lyon)"),
        # Fields; the values folded, www. and a leading @ dropped.
        (
            'author:"@Jean Dupont" site:www.Example.com',
            '(author:"jean dupont" AND site:example.com)',
        ),
        (
            'title:"Atelier Vélo" url:example.org/news',
            '(title:"atelier velo" AND url:example.org/news)',
        ),
        ("country:FR lang:fr x", "(country:fr AND lang:fr AND x)"),
        # Words that look like operators are words unless in capitals.
        ("ANDROID ORANGE and", "(android AND orange AND and)"),
        # Comments are ignored, even across lines.
        ("acme <<<our brand\n(not the cartoon)>>> OR acmé", "(acme OR acme)"),
        ("colo?r vél*", "(colo?r AND vel*)"),
        ("apple~5", "apple"),
    ],
)
def test_a_query_reads_as(query: str, read_as: str) -> None:
    assert str(parse(query)) == read_as


@pytest.mark.parametrize(
    ("query", "code", "line", "column", "says"),
    [
        ("acme AND (panne OR bug", "unclosed-parenthesis", 1, 10, "opened at column 10: add ')'"),
        ("(a OR (b", "unclosed-parenthesis", 1, 7, "add ')'"),
        ("acme)", "stray-parenthesis", 1, 5, "remove it or add '('"),
        ('acme "service client', "unclosed-quote", 1, 6, "add '\"'"),
        ("{ACME", "unclosed-brace", 1, 1, "add '}'"),
        ("ACME}", "stray-brace", 1, 5, "remove it"),
        ("acme <<<no end", "unclosed-comment", 1, 6, "add '>>>'"),
        ("acme OR", "operator-without-right", 1, 6, "nothing on its right"),
        ("OR acme", "operator-without-left", 1, 1, "nothing on its left"),
        ("acme AND OR b", "operator-without-right", 1, 6, "'AND' has nothing on its right"),
        ("(AND a)", "operator-without-left", 1, 2, "nothing on its left"),
        ("a NOT", "operator-without-right", 1, 3, "nothing on its right"),
        ("a NEAR b", "near-without-distance", 1, 3, "NEAR/5"),
        ("acme *velo", "leading-wildcard", 1, 6, "velo* rather than *velo"),
        ("acme ?elo", "leading-wildcard", 1, 6, "first letters"),
        ('"atelier *velo"', "leading-wildcard", 1, 10, "cannot start a word"),
        ("raw:Google+", "unknown-field", 1, 1, "author:, site:, url:, lang:, country:, title:"),
        ("site: x", "field-without-value", 1, 1, "right after the colon"),
        ("", "empty", 1, 1, "write at least one word"),
        ("   <<<just a comment>>>", "empty", 1, 1, "empty"),
        ("NOT vente", "only-excludes", 1, 1, "atelier NOT vente"),
        ("-vente -emploi", "only-excludes", 1, 1, "only excludes"),
        ("()", "empty-parentheses", 1, 1, "empty"),
        ("a NEAR/3 (b AND c)", "near-side", 1, 3, "cannot be a side of it"),
        ('a NEAR/3 "b c"~2', "near-side", 1, 3, "NEAR/n instead"),
        ("a NEAR/300 b", "distance-too-large", 1, 3, "from 0 to 100"),
        ('"a b"~', "slop-without-distance", 1, 6, "needs a number"),
        ("acme\nOR OR b", "operator-without-right", 2, 1, "'OR' has nothing on its right"),
        ("+++", "nothing-to-search", 1, 1, "no letter or digit"),
        ("a ^ b", "nothing-to-search", 1, 3, "'^'"),
        ("a > b", "unexpected-character", 1, 3, "'>'"),
    ],
)
def test_a_syntax_error_says_where_and_what_to_do(
    query: str, code: str, line: int, column: int, says: str
) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse(query)
    error = caught.value
    assert (error.code, error.line, error.column) == (code, line, column), error.message
    assert says in error.message
    assert error.as_dict()["column"] == column


def test_a_too_long_query_is_refused() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse(" OR ".join(["acme"] * 1000))
    assert caught.value.code == "too-long"


def test_the_message_is_written_in_the_language_active_when_shown() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse("acme AND (panne OR bug")
    with pending("QUERY"), translation.override("fr"):
        french = caught.value.message
    with translation.override("en"):
        english = caught.value.message
    assert english == "Missing closing parenthesis for the one opened at column 10: add ')'."
    assert french == "Il manque la parenthèse fermante de celle ouverte colonne 10 : ajoutez « ) »."
