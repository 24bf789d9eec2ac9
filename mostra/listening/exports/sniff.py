"""Which tool made an export: the header row that one tool's columns fill.

The first :data:`HEADER_SEARCH` rows of each table are tried (Brandwatch writes a few
lines about the report above its header); the row recognised as a tool's header
(:func:`~mostra.listening.exports.columns.read_header`) with the most columns read wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from mostra.listening.exports import brandwatch, mention, talkwalker
from mostra.listening.exports.columns import Header, Vendor, read_header
from mostra.listening.exports.table import ExportRefused, Sheet

VENDORS: tuple[Vendor, ...] = (mention.VENDOR, brandwatch.VENDOR, talkwalker.VENDOR)
#: How many rows may come above the header.
HEADER_SEARCH = 15


@dataclass(frozen=True)
class Recognised:
    sheet: Sheet
    header: Header
    #: The index in ``sheet.rows`` of the header row.
    at: int


def recognise(sheets: list[Sheet], filename: str) -> Recognised:
    """The tool and header row of the file; ExportRefused naming what was expected."""
    best: Recognised | None = None
    for sheet in sheets:
        for at, row in enumerate(sheet.rows[:HEADER_SEARCH]):
            for vendor in VENDORS:
                header = read_header(row.cells, vendor)
                if header and (best is None or len(header.columns) > len(best.header.columns)):
                    best = Recognised(sheet, header, at)
    if best is None:
        raise ExportRefused(
            [
                _(
                    "%(file)s is not an export mostra recognises: export the mentions from "
                    "Mention, Brandwatch or Talkwalker as CSV or XLSX, with their column "
                    "headers (Mention's “Alert”, Brandwatch's “Query Id”, Talkwalker's "
                    "“domain_url” or “Media type”, and the publication date)."
                )
                % {"file": filename}
            ]
        )
    return best
