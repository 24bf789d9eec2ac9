"""The one CSV writer of every export: cells a spreadsheet would run are neutralised.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula for Excel, LibreOffice and Google Sheets (``=HYPERLINK(…)``, ``-2+3+cmd|…``).
Following OWASP's advice on CSV injection, such a text cell is written with a single
quote before it (``'=HYPERLINK(…)``): the spreadsheet shows the text instead of running
it, and a file meant to come back (the calendar) takes the quote off with
:func:`from_spreadsheet`.

Numbers stay numbers: a value given as a number (``int``, ``float``, ``Decimal``) is
written as it is, ``-3.5`` included, since a number cannot hold a formula. Text stays
text: a string is neutralised by what it starts with, even when it looks like a number
(the text ``"-3"`` is written ``'-3``), so that a spreadsheet keeps it as written.

Each language's spreadsheets read CSV their own way (:class:`CsvStyle`): French Excel
expects ``;`` between cells and decimal commas (``-3,5``), English ones ``,`` and points;
both read accents right only after a byte order mark (:func:`write_csv_in`).
:func:`style_for` gives a language's style: the pages use the reader's language, the
commands theirs (``MOSTRA_LANGUAGE`` or ``LANG``), and ``--delimiter`` chooses another.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

#: What a spreadsheet takes for the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: A cell as the exports give it: text, a number, or nothing (an empty cell).
Cell = str | int | float | Decimal | None
#: What tells a spreadsheet that the file is UTF-8 (Excel guesses otherwise).
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class CsvStyle:
    """How a language's spreadsheets read a CSV file."""

    delimiter: str
    decimal_comma: bool


#: French spreadsheets: "-3,5;atelier".
SEMICOLON = CsvStyle(delimiter=";", decimal_comma=True)
#: English ones, and scripts: "-3.5,atelier".
COMMA = CsvStyle(delimiter=",", decimal_comma=False)
#: The styles by their delimiter, as ``--delimiter`` names them.
STYLES = {";": SEMICOLON, ",": COMMA}


def style_for(language: str | None) -> CsvStyle:
    """``;`` and decimal commas for French readers; ``,`` and points otherwise."""
    return SEMICOLON if (language or "").startswith("fr") else COMMA


def spreadsheet_safe(value: Cell, decimal_comma: bool = False) -> str | int | float | Decimal:
    """The cell as written: a number as it is (with a decimal comma when asked), ``None``
    empty, a formula-looking text with a leading ``'``."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if decimal_comma and not isinstance(value, int):
            return str(value).replace(".", ",")
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def from_spreadsheet(value: str) -> str:
    """Undo :func:`spreadsheet_safe` on a cell read back: ``'=SUM`` → ``=SUM``; anything
    else unchanged."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def write_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    delimiter: str = ",",
    decimal_comma: bool = False,
    lineterminator: str = "\r\n",
) -> str:
    """The CSV text of ``header`` and ``rows``, every cell through :func:`spreadsheet_safe`
    (quoted only when needed: a delimiter, a quote or a line break inside)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator=lineterminator)
    writer.writerow([spreadsheet_safe(name) for name in header])
    writer.writerows([spreadsheet_safe(cell, decimal_comma) for cell in row] for row in rows)
    return out.getvalue()


def write_csv_in(
    style: CsvStyle,
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    bom: bool = True,
    lineterminator: str = "\r\n",
) -> bytes:
    """The file's bytes in ``style`` (its delimiter and decimal mark), UTF-8 after a byte
    order mark unless ``bom`` is false (a script's pipe rather than a spreadsheet's file)."""
    text = write_csv(
        header,
        rows,
        delimiter=style.delimiter,
        decimal_comma=style.decimal_comma,
        lineterminator=lineterminator,
    )
    return (UTF8_BOM if bom else b"") + text.encode("utf-8")
