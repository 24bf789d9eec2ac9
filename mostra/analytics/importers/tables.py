"""Reading a CSV or XLSX export as tables of text cells, each row with where it is.

The networks' exports vary in ways that are not the user's fault: a byte order mark,
``;`` or tab instead of ``,`` (French spreadsheets), UTF-16 (some Meta downloads), lines
of explanation above the header (LinkedIn), a second line describing each column
(Meta). This module only reads: cells stay text (or the spreadsheet's own numbers and
dates), each row keeps its place (``line 12`` or ``All posts!row 12``) so that every
refusal can point at it. A spreadsheet cell holding a formula is refused with its
reference: mostra imports what the network exported, not a computed sheet.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from mostra.analytics.importers import files
from mostra.analytics.importers.base import ImportRefused
from mostra.analytics.importers.files import check_size, damaged, read_members, too_large

#: The delimiters mostra tells apart.
DELIMITERS = ",;\t"


@dataclass
class Row:
    #: Where the row is, for messages: "line 12" or "All posts, row 12".
    where: str
    cells: list[Any]


@dataclass
class Table:
    #: The sheet's name (XLSX) or the file's name (CSV).
    name: str
    rows: list[Row] = field(default_factory=list)
    #: Formula cells found: (reference, formula); refused when the sheet is imported.
    formulas: list[tuple[str, str]] = field(default_factory=list)


def read_tables(path: Path, *, filename: str | None = None) -> list[Table]:
    """The tables of a CSV file (one) or an XLSX workbook (one per sheet)."""
    check_size(path)
    with path.open("rb") as file:
        head = file.read(4)
    name = filename or path.name
    if head.startswith(b"PK\x03\x04"):
        # A workbook is a zip: the zip checks (bomb, paths) run before openpyxl reads it.
        read_members(path, lambda member: False)
        return _read_xlsx(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(
            _(
                "This is an old Excel file (.xls): open it and save it as .xlsx or CSV, "
                "then import that."
            )
        )
    with path.open("rb") as file:
        data = file.read(files.MAX_MEMBER_BYTES + 1)
    if len(data) > files.MAX_MEMBER_BYTES:
        raise too_large(len(data))
    return [_read_csv(_decode(data), name)]


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(sample: str) -> str:
    """``,``, ``;`` or tab: csv.Sniffer first, then the most frequent in the first line."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _read_csv(text: str, name: str) -> Table:
    if "\x00" in text[:4096]:
        raise ImportRefused(
            _(
                "This file is not a CSV or XLSX export (it holds binary data): export the "
                "table again."
            )
        )
    delimiter = sniff_delimiter(text[: 64 * 1024])
    table = Table(name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                table.rows.append(Row(_("line %(n)s") % {"n": reader.line_num}, cells))
    except csv.Error as exc:
        raise ImportRefused(
            _("The CSV file cannot be read at line %(n)s (%(reason)s): export it again.")
            % {"n": reader.line_num, "reason": exc}
        ) from exc
    return table


def _read_xlsx(path: Path) -> list[Table]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise damaged() from exc
    tables: list[Table] = []
    try:
        for sheet in workbook.worksheets:
            table = Table(sheet.title)
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                values: list[Any] = []
                for column, cell in enumerate(cells, start=1):
                    value = cell.value
                    if getattr(cell, "data_type", None) == "f" or (
                        isinstance(value, str) and value.startswith("=")
                    ):
                        table.formulas.append(
                            (f"{sheet.title}!{get_column_letter(column)}{number}", str(value))
                        )
                    values.append(value)
                if any(v not in (None, "") for v in values):
                    where = _("%(sheet)s, row %(n)s") % {"sheet": sheet.title, "n": number}
                    table.rows.append(Row(where, values))
            tables.append(table)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as exc:
        raise damaged() from exc
    finally:
        workbook.close()
    return tables


def refuse_formulas(table: Table) -> None:
    """Refuse a sheet holding formulas, naming the first cells."""
    if not table.formulas:
        return
    cells = ", ".join(f"{ref} ({formula[:40]})" for ref, formula in table.formulas[:3])
    raise ImportRefused(
        _(
            "The sheet holds formulas, which mostra does not compute: %(cells)s. Import the "
            "file as the network exported it, or paste the values only (Paste special → "
            "Values) and save again."
        )
        % {"cells": cells}
    )
