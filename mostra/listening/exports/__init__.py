"""Imports of the exports of the listening tools teams already pay for: Mention,
Brandwatch and Talkwalker, as CSV or XLSX, in English or French.

:func:`read_export` recognises the tool from the file's header row (:mod:`.sniff`), then
turns each row into one :class:`~mostra.listening.items.FetchedItem` (:mod:`.rows`). It
is all or nothing: every row that cannot be read is listed (its line and what to do) in
one :class:`ExportRefused`, and no item is given.
"""

from __future__ import annotations

from mostra.listening.exports.rows import Export, read_export
from mostra.listening.exports.sniff import VENDORS
from mostra.listening.exports.table import ExportRefused

__all__ = ["VENDORS", "Export", "ExportRefused", "read_export"]
