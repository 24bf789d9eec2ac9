"""The linter's warnings: each with its code, line and column, none stopping a query."""

from __future__ import annotations

import pytest

from mostra.listening.query import QuerySyntaxError, lint


def codes(query: str) -> list[tuple[str, int, int]]:
    return [(w.code, w.line, w.column) for w in lint(query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('("atelier vélo" OR #réparation) NOT vente', []),
        # Costly.
        ("ve* acme", [("short-wildcard-stem", 1, 1)]),
        ("acme NEAR/30 panne", [("near-far", 1, 1)]),
        ('"service client"~25', [("near-far", 1, 1)]),
        (" OR ".join(f"w{i}" for i in range(101)), [("large-or", 1, 1)]),
        ("abcd* abce* abcf* abcg* abch* abci*", [("many-wildcards", 1, 31)]),
        ("acme NEAR/3 pann*", [("wildcard-in-near", 1, 1)]),
        # Read otherwise, or refused, by another tool.
        ("acme and panne", [("lower-case-operator", 1, 6)]),
        ("acme or panne", [("lower-case-operator", 1, 6)]),
        ("logitech NEAR/2f keyboard", [("near-forward", 1, 10)]),
        ("logitech ONEAR/2 keyboard", [("onear", 1, 10)]),
        ("apple~5", [("slop-on-word", 1, 6)]),
        ("acme rép*ration", [("inner-wildcard", 1, 6)]),
        ("acme panne OR bug", [("and-or-mixed", 1, 1), ("implicit-and", 1, 1)]),
        ("atelier velo", [("implicit-and", 1, 1)]),
        # Never or always true.
        ("acme NOT acme", [("always-false", 1, 6)]),
        ("acme lang:fr lang:en", [("always-false", 1, 6)]),
        ("acme OR NOT acme", [("always-true", 1, 9)]),
        ("acme OR NOT panne", [("or-not", 1, 9)]),
        ("(acme OR acme) panne", [("duplicate", 1, 10)]),
    ],
)
def test_each_warning_says_where(query: str, expected: list[tuple[str, int, int]]) -> None:
    assert codes(query) == expected


def test_warnings_on_a_later_line_give_that_line() -> None:
    assert codes("acme\nAND ve*") == [("short-wildcard-stem", 2, 5)]


def test_each_warning_says_what_to_do() -> None:
    (warning,) = lint("atelier velo")
    assert warning.message == (
        "'atelier velo' needs both words anywhere in the text (AND); for the words side by "
        'side, quote them: "atelier velo".'
    )
    assert warning.as_dict() == {
        "code": "implicit-and",
        "line": 1,
        "column": 1,
        "message": warning.message,
    }


def test_a_query_that_does_not_read_is_an_error_not_a_warning() -> None:
    with pytest.raises(QuerySyntaxError):
        lint("acme AND")
