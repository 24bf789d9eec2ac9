"""Reading a CSV or XLSX export as tables of text cells, each row with where it is.

The networks' exports vary in ways that are not the user's fault: a byte order mark,
``;`` or tab instead of ``,`` (French spreadsheets), UTF-16 (some Meta downloads), lines
of explanation above the header (LinkedIn), a second line describing each column
(Meta). This module only reads: cells stay text (or the spreadsheet's own numbers and
dates), each row keeps its place (``line 12`` or ``All posts!row 12``) so that every
refusal can point at it. A spreadsheet cell holding a formula is refused with its
reference: mostra imports what the network exported, not a computed sheet.

A table's rows are read from the file on each pass (:meth:`Table.rows`), one at a time:
a CSV through a text stream in its encoding, a workbook's sheet through openpyxl's
read-only mode. Memory holds one row, whatever the file's size.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
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


class Table:
    """One table of the file, whose rows are read again from the file on each pass."""

    def __init__(self, name: str, read: Callable[[Table], Iterator[Row]]) -> None:
        #: The sheet's name (XLSX) or the file's name (CSV).
        self.name = name
        self._read = read
        #: Formula cells met by the last whole pass: (reference, formula).
        self.formulas: list[tuple[str, str]] = []

    def rows(self) -> Iterator[Row]:
        """The rows that hold something, in order (a new pass over the file)."""
        self.formulas = []
        return self._read(self)

    def head(self, count: int) -> list[Row]:
        """The first ``count`` rows."""
        rows = self.rows()
        try:
            return list(itertools.islice(rows, count))
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()


def read_tables(
    path: Path, *, filename: str | None = None, resources: ExitStack | None = None
) -> list[Table]:
    """The tables of a CSV file (one) or an XLSX workbook (one per sheet).

    ``resources`` keeps a workbook open while its rows are read (closed with it).
    """
    size = check_size(path)
    with path.open("rb") as file:
        head = file.read(4)
    name = filename or path.name
    if head.startswith(b"PK\x03\x04"):
        # A workbook is a zip: the zip checks (bomb, paths) run before openpyxl reads it.
        read_members(path, lambda member: False)
        return _read_xlsx(path, resources if resources is not None else ExitStack())
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(
            _(
                "This is an old Excel file (.xls): open it and save it as .xlsx or CSV, "
                "then import that."
            )
        )
    if size > files.MAX_MEMBER_BYTES:
        raise too_large(size)
    return [_read_csv(path, name)]


def _encoding(path: Path) -> str:
    """UTF-16 (by its byte order mark), else UTF-8 when the whole file is, else cp1252."""
    with path.open("rb") as file:
        if file.read(2) in (b"\xff\xfe", b"\xfe\xff"):
            return "utf-16"
        file.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        try:
            while chunk := file.read(files.CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def _text(path: Path, encoding: str) -> io.TextIOWrapper:
    errors = "replace" if encoding == "cp1252" else "strict"
    return io.TextIOWrapper(path.open("rb"), encoding=encoding, errors=errors, newline="")


def sniff_delimiter(sample: str) -> str:
    """``,``, ``;`` or tab: csv.Sniffer first, then the most frequent in the first line."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _read_csv(path: Path, name: str) -> Table:
    encoding = _encoding(path)
    with _text(path, encoding) as text:
        sample = text.read(64 * 1024)
    if "\x00" in sample[:4096]:
        raise ImportRefused(
            _(
                "This file is not a CSV or XLSX export (it holds binary data): export the "
                "table again."
            )
        )
    delimiter = sniff_delimiter(sample)

    def rows(table: Table) -> Iterator[Row]:
        with _text(path, encoding) as text:
            reader = csv.reader(text, delimiter=delimiter)
            try:
                for cells in reader:
                    if any(c.strip() for c in cells):
                        yield Row(_("line %(n)s") % {"n": reader.line_num}, cells)
            except csv.Error as exc:
                raise ImportRefused(
                    _("The CSV file cannot be read at line %(n)s (%(reason)s): export it again.")
                    % {"n": reader.line_num, "reason": exc}
                ) from exc

    return Table(name, rows)


def _read_xlsx(path: Path, resources: ExitStack) -> list[Table]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise damaged() from exc
    resources.callback(workbook.close)

    def reader(sheet: Any) -> Callable[[Table], Iterator[Row]]:
        def rows(table: Table) -> Iterator[Row]:
            try:
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
                        yield Row(where, values)
            except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as exc:
                raise damaged() from exc

        return rows

    try:
        return [Table(sheet.title, reader(sheet)) for sheet in workbook.worksheets]
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as exc:
        raise damaged() from exc


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
