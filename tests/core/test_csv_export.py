"""The one CSV writer of the exports: formulas neutralised, numbers kept as numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mostra.core.csv_export import from_spreadsheet, spreadsheet_safe, write_csv


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://evil.example","Voir")', '\'=HYPERLINK("http://evil.example","Voir")'),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-3", "'-3"),  # text stays text, even when it looks like a number
        ("fromagerie", "fromagerie"),
        ("", ""),
    ],
)
def test_a_text_a_spreadsheet_would_run_gets_a_quote(text, written):
    assert spreadsheet_safe(text) == written
    assert from_spreadsheet(written) == text


@pytest.mark.parametrize("number", [-3.5, -50, 0, 0.4, Decimal("-0.05")])
def test_numbers_stay_numbers(number):
    assert spreadsheet_safe(number) == number
    assert write_csv(["value"], [[number]]) == f"value\r\n{number}\r\n"


def test_the_file_as_a_spreadsheet_reads_it():
    text = write_csv(
        ["handle", "value", "note"],
        [["=cmd|' /C calc'!A0", -3.5, None], ["atelier", 0.4, 'dit "oui", puis -1']],
        delimiter=";",
        lineterminator="\n",
    )
    assert text == (
        'handle;value;note\n\'=cmd|\' /C calc\'!A0;-3.5;\natelier;0.4;"dit ""oui"", puis -1"\n'
    )
