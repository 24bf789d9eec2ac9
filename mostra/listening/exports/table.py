"""An export file as rows of cells, each row with where it is (``line 12``, ``Mentions,
row 12``), so that every problem can point at it.

CSV: UTF-16 (by its byte order mark), UTF-8 (a byte order mark allowed), else cp1252
(older Excel on Windows); ``,``, ``;`` or tab as the delimiter, told from the file.
XLSX (a zip starting ``PK``): each sheet in turn, through openpyxl's read-only mode, cells
as the spreadsheet holds them (dates as dates, numbers as numbers; a formula's last
computed value). Rows holding nothing are skipped.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from mostra.core.errors import DomainError

DELIMITERS = ",;\t"


class ExportRefused(DomainError):
    """The file cannot be imported; ``problems`` lists each reason (a line and what to
    do), the message joins them. Nothing was imported."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    where: str
    cells: list[Any]


@dataclass(frozen=True)
class Sheet:
    """One table of the file: a CSV file, or one sheet of a workbook."""

    name: str
    rows: list[Row]


def read_sheets(data: bytes, filename: str) -> list[Sheet]:
    """The tables ``data`` holds; ExportRefused when it is neither CSV nor XLSX."""
    if data[:2] == b"PK":
        return _xlsx(data, filename)
    if b"\x00" in data[:4096] and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        raise ExportRefused(
            [
                _(
                    "%(file)s is neither a CSV nor an XLSX file: export the mentions again "
                    "as CSV or Excel (XLSX)."
                )
                % {"file": filename}
            ]
        )
    return [Sheet(filename, list(_csv_rows(_decode(data))))]


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    """``,``, ``;`` or tab: the one splitting the most of the first lines into the same
    number of cells (quotes respected), ``,`` when none does."""
    sample = text[: 64 * 1024].splitlines()[:20]
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(sample, delimiter=delimiter) if len(r) > 1]
        except csv.Error:
            continue
        # the header and the rows under it share the widest width
        score = widths.count(max(widths)) * max(widths) if widths else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(text: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    where = _("line %(n)s")
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                yield Row(where % {"n": reader.line_num}, cells)
    except csv.Error as exc:
        raise ExportRefused(
            [
                _("Line %(n)s cannot be read as CSV (%(reason)s): export the file again.")
                % {"n": reader.line_num, "reason": exc}
            ]
        ) from exc


def _xlsx(data: bytes, filename: str) -> list[Sheet]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ExportRefused(
            [
                _("%(file)s is a damaged or unknown workbook: export it again as XLSX.")
                % {"file": filename}
            ]
        ) from exc
    sheets = []
    where = _("%(sheet)s, row %(n)s")
    try:
        for sheet in book.worksheets:
            rows = [
                Row(where % {"sheet": sheet.title, "n": number}, list(values))
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
                if any(v not in (None, "") for v in values)
            ]
            sheets.append(Sheet(sheet.title, rows))
    finally:
        book.close()
    return sheets
