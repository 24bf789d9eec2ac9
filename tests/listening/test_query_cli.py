"""``mostra query check``: how a query reads and its warnings (exit 0), or where and
why it does not read (exit 1), in the command line's language; no database needed."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from django.utils import translation

from mostra import cli
from tests.core.pending_french import pending


def check(*args: str, language: str = "en"):
    runner = CliRunner(env={"MOSTRA_LANGUAGE": language})
    try:
        with pending("QUERY"):
            return runner.invoke(cli.mostra, ["query", "check", *args])
    finally:
        translation.activate("en")


def test_a_valid_query_exits_0_with_how_it_reads() -> None:
    result = check('("atelier vélo" OR #réparation) NOT vente')
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        'The query reads as: (("atelier velo" OR #reparation) AND NOT vente)',
        "No warning.",
    ]


def test_warnings_are_printed_with_their_column_and_the_query_still_exits_0() -> None:
    result = check("acme and ve*")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == (
        "Warning at line 1, column 6: 'and' is looked for as a word: operators are written "
        "in capitals (AND). [lower-case-operator]"
    )
    assert lines[2].startswith("Warning at line 1, column 10: 've*' has fewer than 3 letters")
    assert lines[-1] == "2 warnings."


def test_a_syntax_error_exits_1_with_the_column_and_what_to_do() -> None:
    result = check("acme AND (panne OR bug")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error at line 1, column 10: Missing closing parenthesis for the one opened at "
        "column 10: add ')'.",
        "  acme AND (panne OR bug",
        "           ^",
    ]


@pytest.mark.parametrize(
    ("query", "column"), [("*velo", 1), ("acme NEAR panne", 6), ("foo:bar", 1), ("NOT x", 1)]
)
def test_every_kind_of_error_exits_1(query: str, column: int) -> None:
    result = check(query)
    assert result.exit_code == 1
    assert f"column {column}:" in result.output


def test_json_for_scripts() -> None:
    valid = check("acme OR acme", "--format", "json")
    assert valid.exit_code == 0
    payload = json.loads(valid.output)
    assert payload["valid"] is True
    assert payload["read_as"] == "(acme OR acme)"
    assert [w["code"] for w in payload["warnings"]] == ["duplicate"]
    invalid = check("acme AND", "--format", "json")
    assert invalid.exit_code == 1
    assert json.loads(invalid.output)["error"]["code"] == "operator-without-right"


def test_it_speaks_french_when_the_command_line_does() -> None:
    result = check("acme AND (panne OR bug", language="fr")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "Erreur ligne 1, colonne 10 : Il manque la parenthèse fermante de celle ouverte "
        "colonne 10 : ajoutez « ) »."
    )
    warned = check("acme and panne", language="fr")
    assert warned.exit_code == 0
    assert warned.output.splitlines()[1] == (
        "Avertissement ligne 1, colonne 6 : « and » est cherché comme un mot : les "
        "opérateurs s’écrivent en capitales (AND). [lower-case-operator]"
    )
    assert warned.output.splitlines()[-1] == "1 avertissement."
