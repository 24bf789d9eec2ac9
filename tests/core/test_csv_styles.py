"""CSV files in the style of their reader's spreadsheets: French Excel reads ";" between
cells and decimal commas (a file of "," and points showed one column of text)."""

from __future__ import annotations

from decimal import Decimal

from mostra.core.csv_export import (
    COMMA,
    SEMICOLON,
    UTF8_BOM,
    style_for,
    write_csv,
    write_csv_in,
)


def test_each_language_has_its_style():
    assert style_for("fr") == style_for("fr-ca") == SEMICOLON
    assert style_for("en") == style_for("") == style_for(None) == COMMA


def test_decimal_commas_for_french_spreadsheets_and_integers_unchanged():
    rows = [["atelier", 0.375, -3.5, Decimal("12.50"), 1200, "3.2 %"]]
    text = write_csv(["a", "b", "c", "d", "e", "f"], rows, delimiter=";", decimal_comma=True)
    assert text.splitlines()[1] == "atelier;0,375;-3,5;12,50;1200;3.2 %"
    assert write_csv(["a", "b"], [["x", 0.375]]).splitlines()[1] == "x,0.375"


def test_a_file_in_a_style_starts_with_a_byte_order_mark_unless_told():
    data = write_csv_in(SEMICOLON, ["étiquette", "valeur"], [["portée", 0.5]])
    assert data == UTF8_BOM + "étiquette;valeur\r\nportée;0,5\r\n".encode()
    assert not write_csv_in(COMMA, ["a"], [[1]], bom=False).startswith(UTF8_BOM)


def test_a_formula_is_still_neutralised_with_semicolons():
    text = write_csv(["h"], [["=1+1;2"]], delimiter=";", decimal_comma=True)
    assert text.splitlines()[1] == '"\'=1+1;2"'
