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
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

#: What a spreadsheet takes for the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: A cell as the exports give it: text, a number, or nothing (an empty cell).
Cell = str | int | float | Decimal | None


def spreadsheet_safe(value: Cell) -> str | int | float | Decimal:
    """The cell as written: a number as it is, ``None`` empty, a formula-looking text
    with a leading ``'``."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
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
    lineterminator: str = "\r\n",
) -> str:
    """The CSV text of ``header`` and ``rows``, every cell through :func:`spreadsheet_safe`
    (quoted only when needed: a delimiter, a quote or a line break inside)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator=lineterminator)
    writer.writerow([spreadsheet_safe(name) for name in header])
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return out.getvalue()
