"""Reading an ad manager's export (CSV or XLSX) into each campaign's days, or refusing it.

Reuses the analytics importers' reading (:mod:`mostra.analytics.importers.tables`: any
encoding and delimiter, size and zip limits, formulas refused) and values (dates read
day-first or month-first per file, counts where empty is "not given"). All or nothing:
every problem is collected with its line (the first :data:`MAX_PROBLEMS`), and nothing
is returned unless the whole file reads.

Rows of one campaign and day (an export broken down by ad set or ad) are summed; their
reach, which does not add up, is then unknown. A Meta row covering a period (reporting
start ≠ end, no ``Day`` column) is spread evenly over its days, its reach unknown.
"""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from mostra.analytics.importers.base import ImportRefused
from mostra.analytics.importers.columns import normalise
from mostra.analytics.importers.tables import Row, Table, read_tables, refuse_formulas
from mostra.analytics.importers.values import DateOrder, cell_text, parse_count, parse_date
from mostra.analytics.paid_imports.amounts import parse_amount
from mostra.analytics.paid_imports.columns import ALIASES, expected, lookup, split_currency
from mostra.paid.services.days import COUNTS, DayFigures, spread

NETWORKS = {"meta": "Meta Ads Manager", "linkedin": "LinkedIn Campaign Manager"}
#: Rows above the header (LinkedIn writes a few lines of explanation first).
HEADER_SEARCH = 10
#: Rows a file may hold: a campaign's day per row, a year of 100 campaigns is 36,500.
MAX_ROWS = 100_000
MAX_PROBLEMS = 10
MAX_PERIOD_DAYS = 366


class AdsRefused(ImportRefused):
    """The file was refused: ``problems`` lists each with its line."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class Header:
    columns: dict[str, int]
    currency: str | None
    language: str
    unread: list[str]


@dataclass
class AdsExport:
    network: str
    rows: int = 0
    #: campaign name (as written) → day → figures.
    campaigns: dict[str, dict[dt.date, DayFigures]] = field(default_factory=dict)
    currencies: set[str] = field(default_factory=set)
    unread: list[str] = field(default_factory=list)


def _header(row: Row, network: str) -> Header:
    table = lookup(network)
    columns: dict[str, int] = {}
    currency = None
    unread = []
    french = english = 0
    french_names = {normalise(n) for names in ALIASES[network].values() for n in names[1::2]}
    for index, cell in enumerate(row.cells):
        name, in_header = split_currency(cell)
        found = table.get(name)
        if found is None or found in columns:
            if name:
                unread.append(cell_text(cell))
            continue
        columns[found] = index
        if found == "spend" and in_header:
            currency = in_header
        french += name in french_names
        english += name not in french_names
    return Header(columns, currency, "fr" if french > english else "en", unread)


def _find_header(tables: list[Table], network: str) -> tuple[Table, int, Header]:
    table_aliases = lookup(network)
    best: tuple[Table, int, Header] | None = None
    best_score = 1
    for table in tables:
        for index, row in enumerate(table.head(HEADER_SEARCH)):
            points = sum(split_currency(c)[0] in table_aliases for c in row.cells)
            if points > best_score:
                best, best_score = (table, index, _header(row, network)), points
    if best is None:
        raise AdsRefused(
            _(
                "This file is not a %(tool)s export mostra can read: it expects the columns "
                "%(columns)s. Export the campaigns' report again, broken down by day."
            )
            % {"tool": NETWORKS[network], "columns": expected(network)}
        )
    header = best[2]
    has_days = "day" in header.columns or {"starts", "ends"} <= header.columns.keys()
    if not has_days or any(name not in header.columns for name in ("campaign", "spend")):
        raise AdsRefused(
            _(
                "Columns are missing for a %(tool)s export: mostra expects %(columns)s. "
                "Export the campaigns' report again, broken down by day."
            )
            % {"tool": NETWORKS[network], "columns": expected(network)}
        )
    return best


def _cell(row: Row, header: Header, name: str) -> Any:
    index = header.columns.get(name)
    if index is None or index >= len(row.cells):
        return None
    return row.cells[index]


def _body(table: Table, skip: int) -> Any:
    for number, row in enumerate(table.rows()):
        if number > skip:
            yield row


def read_export(
    path: Path, network: str, *, currency: str, filename: str | None = None
) -> AdsExport:
    """The campaigns' days of an export of ``network``; AdsRefused with every problem."""
    if network not in NETWORKS:
        raise AdsRefused(_("Choose the network: meta or linkedin."))
    with ExitStack() as resources:
        tables = read_tables(path, filename=filename, resources=resources)
        table, skip, header = _find_header(tables, network)
        order = DateOrder()
        count = 0
        for row in _body(table, skip):
            count += 1
            if count > MAX_ROWS:
                raise AdsRefused(
                    _(
                        "This export has more than %(max)s rows, more than mostra imports at "
                        "once: nothing was imported. Export a shorter period, or campaigns "
                        "rather than ads, and import each file."
                    )
                    % {"max": f"{MAX_ROWS:,}"}
                )
            for name in ("day", "starts", "ends"):
                order.see(_cell(row, header, name))
        refuse_formulas(table)
        dayfirst, _by_language = order.day_first(header.language)
        export = AdsExport(network, unread=header.unread)
        problems: list[str] = []
        for row in _body(table, skip):
            try:
                _read_row(row, header, dayfirst, export)
            except _Problem as problem:
                problems.append(f"{row.where}: {problem}")
                if len(problems) >= MAX_PROBLEMS:
                    break
        refuse_formulas(table)
    if problems:
        raise AdsRefused(_("Nothing was imported: fix these rows and import again."), problems)
    if not export.campaigns:
        raise AdsRefused(_("The export holds no campaign's row: nothing to import."))
    wrong = sorted(export.currencies - {currency})
    if wrong:
        raise AdsRefused(
            _(
                "The export's amounts are in %(found)s but this workspace keeps its amounts "
                "in %(currency)s: export the report in %(currency)s (the ad account's "
                "currency) and import again. Nothing was imported."
            )
            % {"found": ", ".join(wrong), "currency": currency}
        )
    return export


class _Problem(Exception):
    pass


def _day(value: Any, dayfirst: bool, what: str) -> dt.date:
    if value is None or cell_text(value) == "":
        raise _Problem(_("the %(what)s is empty") % {"what": what})
    try:
        return parse_date(value, dayfirst=dayfirst, zone=UTC).date()
    except (ValueError, OverflowError) as exc:
        raise _Problem(
            _("“%(value)s” is not a date (%(what)s)") % {"value": cell_text(value), "what": what}
        ) from exc


def _read_row(row: Row, header: Header, dayfirst: bool, export: AdsExport) -> None:
    for cell in row.cells:
        if isinstance(cell, str) and cell.startswith("="):
            raise _Problem(
                _("a formula (%(cell)s): import the values the network exported")
                % {"cell": cell[:40]}
            )
    name = cell_text(_cell(row, header, "campaign"))
    if not name:  # a totals row
        return
    export.rows += 1
    currency = header.currency or cell_text(_cell(row, header, "currency")).upper()
    if currency:
        export.currencies.add(currency)
    try:
        spend = parse_amount(_cell(row, header, "spend"), header.language)
    except ValueError as exc:
        raise _Problem(
            _("the amount spent “%(value)s” is not an amount")
            % {"value": cell_text(_cell(row, header, "spend"))}
        ) from exc
    counts: dict[str, int | None] = {}
    for count in COUNTS:
        try:
            counts[count] = parse_count(_cell(row, header, count))
        except ValueError as exc:
            raise _Problem(
                _("%(column)s “%(value)s” is not a count")
                % {"column": count, "value": cell_text(_cell(row, header, count))}
            ) from exc
    if "day" in header.columns:
        first = last = _day(_cell(row, header, "day"), dayfirst, _("day"))
    else:
        first = _day(_cell(row, header, "starts"), dayfirst, _("reporting start"))
        last = _day(_cell(row, header, "ends"), dayfirst, _("reporting end"))
        if last < first or (last - first).days >= MAX_PERIOD_DAYS:
            raise _Problem(_("the reporting dates do not make a period of at most a year"))
    figures = DayFigures(first, spend, **counts)
    days = [figures] if first == last else spread(figures, last)
    if first != last:
        for day in days:
            day.reach = None
    _add(export.campaigns.setdefault(name, {}), days)


def _sum(a: Any, b: Any) -> Any:
    return None if a is None or b is None else a + b


def _add(into: dict[dt.date, DayFigures], days: list[DayFigures]) -> None:
    for day in days:
        before = into.get(day.day)
        if before is None:
            into[day.day] = day
            continue
        before.spend = _sum(before.spend, day.spend)
        for name in ("impressions", "clicks", "results"):
            setattr(before, name, _sum(getattr(before, name), getattr(day, name)))
        before.reach = None


def total_spend(export: AdsExport) -> Decimal:
    return sum(
        (d.spend for days in export.campaigns.values() for d in days.values() if d.spend),
        Decimal(0),
    )
