"""Reading a file of dates and values: a ticketing, shop or CRM export, or a sheet by hand.

    days = read_values(path, kpi, time_zone="Europe/Paris", language="fr")

The file is a CSV (``,``, ``;`` or tab, any of the usual encodings) or an XLSX sheet,
read by :func:`mostra.analytics.importers.tables.read_tables`. Nothing is guessed:

* **Columns** are found by their header, in French or English (``date``/``jour``,
  ``value``/``valeur``, ``montant``, ``inscriptions``…, or the KPI's own code or name).
  A file of two columns without a header (``2026-10-05,12``) is read as date, value.
  A file with a date column and no value column (a ticketing export, one line per
  registration) counts each line as one, for a KPI counted in numbers or people.
* **Dates** are ISO (``2026-10-05``, with or without a time) or slashed: day first or
  month first is decided for the whole file (a first number above 12 says day first…,
  else the headers' language, else the workspace's), a file mixing both is refused.
  A date with a time is the day it falls on in the workspace's time zone.
* **Numbers** may have a decimal comma (``12,50``) or point, thousands separated by a
  space or by the other mark, and a unit sign (``€``, ``%``, ``‰``). A file writing
  decimals both ways is refused. ``1,234`` alone could be either: it is read with the
  decimal mark the file's other numbers use, else the headers' language's, else the
  workspace's, and the import says so.
* **Days**: a KPI whose values add up (registrations, sales…) adds the lines of one day
  (one line per order); a reading (members, a rate) takes one value a day, a second one
  is refused. A day after today is refused.

Every line that cannot be read is reported with its number, all of them at once
(the first :data:`MAX_PROBLEMS`), and nothing is imported.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mostra.analytics.importers.base import ImportRefused
from mostra.analytics.importers.columns import normalise
from mostra.analytics.importers.tables import Row, read_tables, refuse_formulas
from mostra.analytics.importers.values import EMPTY, day_first, parse_date
from mostra.core.numbers import AmbiguousNumber, NumberRefused, parse_number
from mostra.strategy.kpis.objective import ObjectiveKpi

#: A file of dates and values is small; a larger one is not what it should be.
MAX_BYTES = 20 * 1024**2
#: The bad lines reported, at most (the count of the others follows).
MAX_PROBLEMS = 20

#: Date headers, normalised (see columns.normalise): English, then French.
DATE_HEADERS_EN = {
    "date",
    "day",
    "created",
    "created at",
    "created on",
    "timestamp",
    "datetime",
}
DATE_HEADERS_FR = {"jour", "horodatage", "date et heure", "créé le"}
#: Value headers by what the KPI counts, normalised: (English, French).
GENERIC = ({"value", "values", "kpi"}, {"valeur", "valeurs"})
COUNTS = (
    {
        "count",
        "number",
        "quantity",
        "qty",
        "registrations",
        "sales",
        "leads",
        "participants",
        "attendees",
        "tickets",
        "members",
        "orders",
        "contacts",
    },
    {
        "nombre",
        "nb",
        "quantité",
        "qté",
        "inscriptions",
        "inscrits",
        "ventes",
        "participants",
        "billets",
        "membres",
        "adhérents",
        "adhésions",
        "commandes",
        "contacts",
    },
)
AMOUNTS = (
    {"amount", "total", "price", "donation", "donations", "revenue", "sum"},
    {
        "montant",
        "total",
        "total ttc",
        "montant ttc",
        "prix",
        "don",
        "dons",
        "chiffre d'affaires",
        "somme",
    },
)
RATES = ({"rate", "percentage", "percent", "share"}, {"taux", "pourcentage", "part"})
SOURCE_HEADERS = {"source", "origine", "origin"}
NOTE_HEADERS = {"note", "notes", "comment", "comments", "commentaire", "commentaires", "remarque"}

_UNIT_SIGNS = re.compile(r"(€|eur|euros?|%|‰|\$|£)", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f'’]")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*$")


@dataclass
class ValuesFile:
    """What a file holds: one value per day, and what the reader wants the user to know."""

    #: {day: value} in date order (the lines of one day added up for a summed KPI).
    days: dict[dt.date, float] = field(default_factory=dict)
    #: Lines read (with a value).
    lines: int = 0
    #: Sentences to show (translated): which columns, how ambiguous numbers were read.
    notices: list[str] = field(default_factory=list)


def _headers(kpi: ObjectiveKpi) -> tuple[set[str], set[str]]:
    """The value headers for this KPI: (English ones, French ones), its own names too."""
    groups = [GENERIC]
    if kpi.unit in ("count", "people"):
        groups.append(COUNTS)
    elif kpi.unit == "euro":
        groups.append(AMOUNTS)
    else:
        groups.append(RATES)
    english = set().union(*(g[0] for g in groups)) | {normalise(kpi.code)}
    french = set().union(*(g[1] for g in groups))
    names = {normalise(kpi.label), normalise(kpi.code.replace("_", " "))}
    return english | names, french | names


def _is_date_header(name: str) -> str | None:
    """ "en", "fr" or None: whether a normalised header names a date column."""
    if name in DATE_HEADERS_EN or name.endswith(" date") or name.startswith("date of "):
        return "en" if name not in DATE_HEADERS_FR else "fr"
    if name in DATE_HEADERS_FR or name.startswith(("date d", "date de ", "date du ")):
        return "fr"
    return None


@dataclass
class _Columns:
    date: int
    value: int | None
    source: int | None = None
    note: int | None = None
    header: bool = True
    language: str | None = None


def _columns(first: Row, kpi: ObjectiveKpi) -> _Columns:
    """The columns, from the first line (a header, or the first date and value)."""
    names = [normalise(cell) for cell in first.cells]
    english, french = _headers(kpi)
    date = value = source = note = None
    languages: list[str] = []
    for index, name in enumerate(names):
        if date is None and (language := _is_date_header(name)):
            date = index
            if name != "date":
                languages.append(language)
        elif value is None and (name in english or name in french):
            value = index
            if name in english and name not in french:
                languages.append("en")
            elif name in french and name not in english:
                languages.append("fr")
        elif source is None and name in SOURCE_HEADERS:
            source = index
        elif note is None and name in NOTE_HEADERS:
            note = index
    if date is not None:
        language = max(set(languages), key=languages.count) if languages else None
        return _Columns(date, value, source, note, True, language)
    cells = [str(c).strip() if c is not None else "" for c in first.cells]
    if len(cells) >= 2 and _looks_like_data(first.cells[0], cells[1]):
        return _Columns(0, 1, header=False)
    raise ImportRefused(
        _(
            "The first line should name the columns, such as “date,value” or "
            "“date;valeur” (found: %(found)s). Name the date column “date” and the value "
            "column “value” (or “valeur”, “montant”, “inscriptions”…), then import the file "
            "again."
        )
        % {"found": ", ".join(c for c in cells if c)[:200] or _("an empty line")}
    )


def _looks_like_data(date: Any, value: str) -> bool:
    if isinstance(date, dt.date):
        return True
    text = str(date or "").strip()
    return bool(re.match(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}", text)) and bool(
        _NUMBER.match(_SPACES.sub("", _UNIT_SIGNS.sub("", value)))
    )


def _decimal_votes(text: str) -> str | None:
    """ "comma", "point" or None (ambiguous or whole) for one number as written."""
    digits = _SPACES.sub("", _UNIT_SIGNS.sub("", text))
    if "," in digits and "." in digits:
        return "comma" if digits.rfind(",") > digits.rfind(".") else "point"
    for mark, name in ((",", "comma"), (".", "point")):
        if mark in digits:
            if re.fullmatch(r"[+-]?\d{1,3}(" + re.escape(mark) + r"\d{3})+", digits):
                return None  # 1,234 / 1.234: a thousands group or a decimal
            return name
    return None


def parse_value(text: str, decimal: str, language: str) -> float:
    """A number as a person writes it (:func:`mostra.core.numbers.parse_number`), with a
    unit sign allowed; one that could be read two ways (``1,234``) is read with
    ``decimal`` ("comma" or "point"), the file's decimal mark. ValueError otherwise."""
    cleaned = _UNIT_SIGNS.sub("", text).strip()
    try:
        return float(parse_number(cleaned, language))
    except AmbiguousNumber:
        mark = "," if decimal == "comma" else "."
        sign = "-" if cleaned[:1] in "-\u2212" else ""
        digits = cleaned.lstrip("+-\u2212").strip()
        if mark in digits:
            whole, fraction = digits.split(mark)
            return float(f"{sign}{whole}.{fraction}")
        return float(sign + digits.replace(",", "").replace(".", ""))
    except NumberRefused as exc:
        raise ValueError(text) from exc


def read_values(
    path: Path,
    kpi: ObjectiveKpi,
    *,
    time_zone: str,
    language: str,
    today: dt.date,
    filename: str | None = None,
) -> ValuesFile:
    """The days and values of the file at ``path`` for ``kpi`` (see the module docstring).

    Steps:
    1. The file: at most MAX_BYTES; its first sheet (a CSV is one) with lines.
    2. The columns, from the first line (:func:`_columns`).
    3. Day first or month first, and the decimal mark, decided for the whole file.
    4. Each line: its day and value, or a problem naming its line; every problem is
       collected, then all are refused together.
    5. The lines of one day added up (summed KPI) or refused (a reading).
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportRefused(
            _("The file %(name)s cannot be read: %(reason)s.")
            % {"name": filename or path.name, "reason": exc.strerror or exc}
        ) from exc
    if size > MAX_BYTES:
        raise ImportRefused(
            _(
                "The file is %(size)s MB: a file of dates and values is much smaller "
                "(at most %(max)s MB). Is it the right file?"
            )
            % {"size": f"{size / 1024**2:.1f}", "max": MAX_BYTES // 1024**2}
        )
    all_rows = _first_table(path, filename)
    if not all_rows:
        raise ImportRefused(_("The file is empty: it should hold a date and a value a line."))
    columns = _columns(all_rows[0], kpi)
    rows = all_rows[1:] if columns.header else all_rows
    if not rows:
        raise ImportRefused(_("The file has its header but no line of values."))
    result = ValuesFile()
    counting = columns.value is None
    if counting:
        if kpi.unit not in ("count", "people") or kpi.collection != "sum":
            raise ImportRefused(
                _(
                    "The file has no value column (%(headers)s): name it “value” or "
                    "“valeur” (“montant” for an amount)."
                )
                % {"headers": ", ".join(str(c) for c in all_rows[0].cells if c)[:200]}
            )
        result.notices.append(
            _("No value column: each line counts as one (one line per %(kpi)s).")
            % {"kpi": str(kpi.label).lower()}
        )
    elif columns.header and len(all_rows[0].cells) > 2:
        header = all_rows[0].cells
        result.notices.append(
            _("Dates read from the column “%(date)s”, values from “%(value)s”.")
            % {"date": header[columns.date], "value": header[columns.value]}
        )
    file_language = columns.language or language
    zone = ZoneInfo(time_zone or "UTC")
    problems: list[str] = []
    dates = [_cell(row, columns.date) for row in rows]
    dayfirst, _by_language = day_first(dates, file_language)
    decimal, ambiguous = _decimal(rows, columns.value, file_language, problems)
    if ambiguous:
        result.notices.append(
            _("Numbers such as %(example)s were read with a decimal %(mark)s.")
            % {
                "example": ambiguous,
                "mark": _("comma") if decimal == "comma" else _("point"),
            }
        )
    seen: dict[dt.date, str] = {}
    for row, raw_date in zip(rows, dates, strict=True):
        day = _day(raw_date, dayfirst, zone, today, row, problems)
        value = (
            1.0 if counting else _value(row, columns.value, decimal, file_language, kpi, problems)
        )
        if day is None or value is None:
            continue
        if day in result.days and kpi.collection == "latest":
            problems.append(
                _(
                    "%(where)s: %(date)s already has a value (%(first)s): a reading is one "
                    "value a day; keep the latest and remove the others."
                )
                % {"where": row.where, "date": day.isoformat(), "first": seen[day]}
            )
            continue
        seen.setdefault(day, row.where)
        result.days[day] = result.days.get(day, 0.0) + value
        result.lines += 1
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(
                _("… and %(n)s more lines to correct.") % {"n": len(problems) - MAX_PROBLEMS}
            )
        raise ImportRefused(
            _("Nothing was imported: correct these lines, then import the file again.")
            + "\n"
            + "\n".join(shown)
        )
    result.days = dict(sorted(result.days.items()))
    return result


def _first_table(path: Path, filename: str | None) -> list[Row]:
    """The rows of the file's first table that has any (a CSV's, a workbook's first
    sheet with lines); a sheet holding formulas is refused."""
    with ExitStack() as resources:
        for table in read_tables(path, filename=filename, resources=resources):
            rows = list(table.rows())
            if rows:
                refuse_formulas(table)
                return rows
    return []


def read_upload(upload: Any, kpi: ObjectiveKpi, **kwargs: Any) -> ValuesFile:
    """:func:`read_values` for an uploaded file (written to a temporary file first)."""
    name = Path(getattr(upload, "name", "") or "values.csv").name
    suffix = Path(name).suffix[:10] or ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        written = 0
        for chunk in upload.chunks():
            written += len(chunk)
            if written > MAX_BYTES:
                raise ImportRefused(
                    _(
                        "The file is over %(max)s MB: a file of dates and values is much "
                        "smaller. Is it the right file?"
                    )
                    % {"max": MAX_BYTES // 1024**2}
                )
            handle.write(chunk)
        handle.flush()
        return read_values(Path(handle.name), kpi, filename=name, **kwargs)


def _cell(row: Row, index: int | None) -> Any:
    if index is None or index >= len(row.cells):
        return None
    return row.cells[index]


def _decimal(
    rows: list[Row], index: int | None, language: str, problems: list[str]
) -> tuple[str, str]:
    """The file's decimal mark, and an example of an ambiguous number read with it ("").

    Refuses (a problem) a file that writes decimals both ways."""
    votes: dict[str, str] = {}
    ambiguous = ""
    for row in rows:
        cell = _cell(row, index)
        if not isinstance(cell, str):
            continue
        vote = _decimal_votes(cell)
        if vote is None:
            if not ambiguous and re.search(r"\d[.,]\d{3}\b", cell):
                ambiguous = cell.strip()
            continue
        votes.setdefault(vote, f"{row.where} ({cell.strip()})")
    if len(votes) > 1:
        problems.append(
            _(
                "The file writes decimals with a comma (%(comma)s) and with a point "
                "(%(point)s): write them all the same way."
            )
            % {"comma": votes["comma"], "point": votes["point"]}
        )
    if votes:
        return next(iter(votes)), ambiguous
    return ("comma" if language == "fr" else "point"), ambiguous


def _day(
    raw: Any,
    dayfirst: bool,
    zone: ZoneInfo,
    today: dt.date,
    row: Row,
    problems: list[str],
) -> dt.date | None:
    if raw is None or (isinstance(raw, str) and raw.strip().lower() in EMPTY):
        problems.append(_("%(where)s: no date: write it as 2026-10-05.") % {"where": row.where})
        return None
    try:
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            day = raw
        else:
            day = parse_date(raw, dayfirst=dayfirst, zone=zone).astimezone(zone).date()
    except (ValueError, OverflowError):
        problems.append(
            _("%(where)s: %(value)s is not a date: write it as 2026-10-05 or 05/10/2026.")
            % {"where": row.where, "value": str(raw).strip()[:40]}
        )
        return None
    if day > today:
        problems.append(
            _("%(where)s: %(date)s is after today: record a day once it is over.")
            % {"where": row.where, "date": date_format(day, "j F Y")}
        )
        return None
    return day


def _value(
    row: Row,
    index: int | None,
    decimal: str,
    language: str,
    kpi: ObjectiveKpi,
    problems: list[str],
) -> float | None:
    raw = _cell(row, index)
    if raw is None or (isinstance(raw, str) and raw.strip().lower() in EMPTY):
        problems.append(
            _("%(where)s: no value: write the number, or remove the line.") % {"where": row.where}
        )
        return None
    try:
        if isinstance(raw, bool):
            raise ValueError(raw)
        value = (
            float(raw) if isinstance(raw, int | float) else parse_value(str(raw), decimal, language)
        )
    except ValueError:
        problems.append(
            _("%(where)s: %(value)s is not a number: write it as 12 or 12,5.")
            % {"where": row.where, "value": str(raw).strip()[:40]}
        )
        return None
    if value != value or value in (float("inf"), float("-inf")):
        problems.append(
            _("%(where)s: %(value)s is not a number: write it as 12 or 12,5.")
            % {"where": row.where, "value": str(raw).strip()[:40]}
        )
        return None
    if value < 0 and kpi.unit in ("count", "people"):
        problems.append(
            _("%(where)s: %(value)s is below 0: %(kpi)s cannot be negative.")
            % {"where": row.where, "value": str(raw).strip()[:40], "kpi": kpi.label}
        )
        return None
    return value
