"""From the uploaded bytes to rows of cells keyed by column, each with its line number.

The file must be UTF-8, with or without a byte order mark. A file in another encoding
is refused with how to save it as UTF-8, rather than guessed: Windows-1252 decodes
almost any bytes, so a guess could turn "é" into "Ã©" silently, in text meant to be
published. The delimiter is read from the header line: ``;`` (French Excel) or ``,``
(or a tab).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostra.editorial.services.csv_posts.columns import (
    HEADERS,
    MAX_BYTES,
    MAX_LINES,
    REQUIRED,
    normalise_header,
)

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Problem:
    """What is wrong, and on which line of the file (None: the whole file)."""

    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("line %(line)d: %(problem)s") % {"line": self.line, "problem": self.message}


class FileRefused(Exception):
    """The file cannot be imported; nothing was. ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Row:
    line: int  # where the record starts in the file (the header is line 1)
    cells: dict[str, str]  # column name → the cell, stripped


def check_size(size: int | None) -> None:
    """Refuse a file over :data:`MAX_BYTES` before reading it (None: too big to receive)."""
    if size is not None and size <= MAX_BYTES:
        return
    limit = MAX_BYTES // 1024 // 1024
    values = {"size": (size or 0) / 1024 / 1024, "limit": limit}
    why = (
        _("The file is %(size).1f MB; the limit is %(limit)d MB.")
        if size is not None
        else _("The file is too large: the limit is %(limit)d MB.")
    )
    advice = _("Split it into several files (by month, for instance) and import them one by one.")
    raise FileRefused([Problem(None, f"{why % values} {advice}")])


def decode(data: bytes) -> str:
    """The file's text, or :class:`FileRefused` saying how to save it as UTF-8."""
    check_size(len(data))
    if data.startswith(UTF16_BOMS):
        raise FileRefused([Problem(None, _not_utf8(_('it is UTF-16 ("Unicode text")')))])
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileRefused(
            [Problem(line, _not_utf8(_("this line has a byte UTF-8 does not allow")))]
        ) from exc


def _not_utf8(why: str) -> str:
    return _(
        'the file is not UTF-8 (%(why)s): in Excel choose File › Save as › "CSV UTF-8 '
        '(comma delimited)"; in LibreOffice tick "Edit filter settings" and choose '
        '"Unicode (UTF-8)"; then import the new file. Nothing was imported.'
    ) % {"why": why}


def sniff_delimiter(text: str) -> str:
    """``;``, ``,`` or a tab: whichever the header line has most of."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_rows(data: bytes) -> tuple[list[str], list[Row]]:
    """The columns of the file and its non-empty rows, or :class:`FileRefused`.

    Checks the size, the encoding, the headers (known, not twice, the required ones
    present) and the number of lines.
    """
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise FileRefused([Problem(1, _("the header cannot be read (%s).") % exc)]) from exc
    if not header or not any(h.strip() for h in header):
        raise FileRefused(
            [Problem(1, _("the file is empty: the first line must name the columns."))]
        )
    columns, problems = _columns(header)
    if problems:
        raise FileRefused(problems)
    rows: list[Row] = []
    last_line = reader.line_num
    try:
        for record in reader:
            start, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # blank lines, and Excel's trailing ";;;;"
            if len(rows) >= MAX_LINES:
                raise FileRefused([Problem(None, _too_many())])
            if len(record) > len(columns) and any(c.strip() for c in record[len(columns) :]):
                problems.append(
                    Problem(
                        start,
                        _("this line has %(cells)d cells but the header names %(columns)d columns.")
                        % {"cells": len(record), "columns": len(columns)},
                    )
                )
                continue
            cells = {
                name: (record[i].strip() if i < len(record) else "")
                for i, name in enumerate(columns)
                if name
            }
            rows.append(Row(start, cells))
    except csv.Error as exc:
        problems.append(Problem(reader.line_num, _("this line cannot be read (%s).") % exc))
    if problems:
        raise FileRefused(problems)
    if not rows:
        raise FileRefused(
            [Problem(None, _("the file has a header but no post: nothing to import."))]
        )
    return columns, rows


def _too_many() -> str:
    return ngettext(
        "the file has more than %(limit)d line: split it into several files.",
        "the file has more than %(limit)d lines: split it into several files (by month, for "
        "instance) and import them one by one.",
        MAX_LINES,
    ) % {"limit": MAX_LINES}


def _columns(header: list[str]) -> tuple[list[str], list[Problem]]:
    """Each header cell's column name ("" for an empty header cell)."""
    columns: list[str] = []
    problems: list[Problem] = []
    for raw in header:
        key = normalise_header(raw)
        if not key:
            columns.append("")
            continue
        name = HEADERS.get(key)
        if name is None:
            problems.append(
                Problem(
                    1,
                    _("unknown column %(column)r. The columns are: %(known)s.")
                    % {"column": raw.strip(), "known": ", ".join(dict.fromkeys(HEADERS.values()))},
                )
            )
        elif name in columns:
            problems.append(
                Problem(1, _("the column %(column)r appears twice.") % {"column": name})
            )
        columns.append(name or "")
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        problems.append(
            Problem(
                1,
                ngettext(
                    "the required column %(columns)s is missing (in French: date, heure, "
                    "réseau, texte).",
                    "the required columns %(columns)s are missing (in French: date, heure, "
                    "réseau, texte).",
                    len(missing),
                )
                % {"columns": ", ".join(missing)},
            )
        )
    return columns, problems
