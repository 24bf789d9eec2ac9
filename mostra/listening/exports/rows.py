"""An export's rows as items, all or nothing.

1. read the file's tables (:mod:`.table`) and recognise the tool and its header row
   (:mod:`.sniff`); a required column missing (the date, an id or a link, a text or a
   title) refuses the file, naming the column as the tool writes it;
2. tell the order of slashed dates from the whole file (:func:`values.slashed_order`);
3. turn each row under the header into an item, noting every cell that cannot be read
   (its line, its column, what to do);
4. any problem refuses the whole file with the list (the first :data:`LISTED`, then how
   many more); otherwise the items, one per mention (a mention listed twice, as
   Brandwatch does once per query, is kept once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from typing import Any

from django.utils.translation import gettext as _

from mostra.listening.exports import values
from mostra.listening.exports.columns import COUNTS, Header
from mostra.listening.exports.sniff import recognise
from mostra.listening.exports.table import ExportRefused, Row, read_sheets
from mostra.listening.items import FetchedItem

#: How many problems a refusal lists before saying how many more there are.
LISTED = 20


@dataclass(frozen=True)
class Export:
    """What a file gave: the tool that made it, its items, and what was left aside."""

    vendor: str
    label: str
    items: list[FetchedItem]
    #: Rows that repeated a mention already read (Brandwatch: once per query).
    repeated: int = 0
    #: Columns of the file that mostra does not read.
    ignored: tuple[str, ...] = field(default=())


def read_export(data: bytes, filename: str, *, zone: tzinfo = UTC) -> Export:
    """The items of a Mention, Brandwatch or Talkwalker export; ExportRefused otherwise.

    ``zone``: the time zone of dates written without one (the workspace's).
    """
    found = recognise(read_sheets(data, filename), filename)
    header, header_row = found.header, found.sheet.rows[found.at]
    missing = header.missing()
    if missing:
        raise ExportRefused(
            [
                _(
                    "This %(tool)s export has no column for %(what)s: export it again with "
                    "that column."
                )
                % {"tool": header.vendor.label, "what": _column_names(header, group)}
                for group in missing
            ]
        )
    rows = found.sheet.rows[found.at + 1 :]
    try:
        day_first = values.slashed_order(
            [header.cell(r.cells, "published") for r in rows], header.french
        )
    except ValueError:
        raise ExportRefused(
            [
                _(
                    "The dates of this file are written both day first and month first: "
                    "export it again without editing the dates."
                )
            ]
        ) from None
    reader = _RowReader(header, header_row.cells, day_first, zone)
    items: dict[str, FetchedItem] = {}
    repeated = 0
    for row in rows:
        item = reader.item(row)
        if item is None:
            continue
        if item.guid in items:
            repeated += 1
        else:
            items[item.guid] = item
    if reader.problems:
        shown = reader.problems[:LISTED]
        more = len(reader.problems) - len(shown)
        if more:
            shown.append(_("…and %(n)s more problems.") % {"n": more})
        raise ExportRefused(shown)
    if not items:
        raise ExportRefused(
            [_("This %(tool)s export holds no mention.") % {"tool": header.vendor.label}]
        )
    return Export(
        header.vendor.code, header.vendor.label, list(items.values()), repeated, header.ignored
    )


def _column_names(header: Header, group: tuple[str, ...]) -> str:
    """The headers the tool writes for these fields, in the file's language."""
    names: list[str] = []
    for name in group:
        english, french = header.vendor.columns.get(name, ((), ()))
        names.extend(french if header.french and french else english)
    return " / ".join(f"“{n}”" for n in names)


class _RowReader:
    """Turns rows into items, noting each problem with the row's place."""

    def __init__(self, header: Header, titles: list[Any], day_first: bool, zone: tzinfo):
        self.header, self.titles = header, titles
        self.day_first, self.zone = day_first, zone
        self.problems: list[str] = []

    def title(self, name: str) -> str:
        return values.text_of(self.titles[self.header.columns[name]])

    def problem(self, row: Row, message: str) -> None:
        where = row.where[:1].upper() + row.where[1:]
        self.problems.append(_("%(where)s: %(problem)s") % {"where": where, "problem": message})

    def item(self, row: Row) -> FetchedItem | None:
        cells, width = row.cells, len(row.cells)
        given = {name: cells[i] if i < width else None for name, i in self.header.columns.items()}
        cell = given.get
        before = len(self.problems)
        published = None
        raw_date = cell("published")
        if values.text_of(raw_date) == "":
            self.problem(row, _("no publication date: complete the row or remove it."))
        else:
            try:
                published = values.parse_date(raw_date, day_first=self.day_first, zone=self.zone)
            except (ValueError, OverflowError):
                self.problem(
                    row,
                    _(
                        "the date “%(value)s” cannot be read: write it as 2024-03-05 14:30, "
                        "or export the file again."
                    )
                    % {"value": values.text_of(raw_date)},
                )
        url = values.text_of(cell("url"))
        url = url if url.lower().startswith(("http://", "https://")) else ""
        ident = values.text_of(cell("id"))
        if not url and not ident:
            self.problem(row, _("neither an id nor a link: complete the row or remove it."))
        text = values.text_of(cell("text")) or values.text_of(cell("snippet"))
        title = values.text_of(cell("title"))
        if not text and not title:
            self.problem(row, _("no text and no title: complete the row or remove it."))
        numbers: dict[str, int] = {}
        for name in (*COUNTS, "followers"):
            if name not in self.header.columns:
                continue
            try:
                number = values.parse_count(cell(name))
            except ValueError:
                self.problem(
                    row,
                    _("“%(value)s” in the column “%(column)s” is not a count: correct it.")
                    % {"value": values.text_of(cell(name)), "column": self.title(name)},
                )
                continue
            if number is not None:
                numbers[name] = number
        if len(self.problems) > before or published is None:
            return None
        vendor = self.header.vendor
        marker = cell("marker")
        network = values.network_of(
            cell("domain") or marker, url or None, cell("source_type") or marker
        )
        kind = (
            vendor.kind_of(values.text_of(cell("kind"))) if "kind" in self.header.columns else None
        )
        followers = numbers.pop("followers", None)
        return FetchedItem(
            guid=f"{vendor.code}:{ident}" if ident else url,
            text=text or title,
            url=url or None,
            title=title or None,
            author=values.text_of(cell("author")) or None,
            author_followers=followers,
            published_at=published,
            lang=values.language(cell("lang")),
            country=values.country(cell("country")),
            network=network,
            kind=kind or values.KIND_OF.get(network, "post"),
            counts=numbers,
            declared_sentiment=values.parse_sentiment(cell("sentiment")),
        )
