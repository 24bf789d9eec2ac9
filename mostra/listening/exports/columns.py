"""What each listening tool's export holds, and how its header row is recognised.

A :class:`Vendor` names each column mostra reads by a field (``published``, ``url``…)
with the headers the tool writes for it, in English and in French (the tools write their
exports in their user's language). Headers are compared folded (:func:`values.fold`). A
header row is the tool's when every field of one of its ``signatures`` is there: a column
only that tool writes (Mention's ``Alert``, Brandwatch's ``Query Id``, Talkwalker's
``domain_url`` or ``Media type``) and the publication date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mostra.listening.exports.values import fold

#: Fields an item cannot do without: when, where (an id or a link), what (a text or a title).
REQUIRED = (("published",), ("id", "url"), ("text", "title", "snippet"))
#: Counts read into ``FetchedItem.counts`` under these names.
COUNTS = ("reach", "impressions", "engagement", "likes", "reposts", "replies", "comments")


@dataclass(frozen=True)
class Vendor:
    """One tool's export: its code and name, its columns, how it is recognised."""

    code: str
    label: str
    #: field → (English headers, French headers)
    columns: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    #: The header row is this tool's when all fields of one of these sets are present.
    signatures: tuple[frozenset[str], ...]
    #: The item's kind from the row's own column (``REPLY``, ``RETWEET``…), when it says.
    kind_of: Callable[[str], str | None] = field(default=lambda value: None)

    def english(self) -> dict[str, str]:
        return {fold(h): name for name, (en, _fr) in self.columns.items() for h in en}

    def french(self) -> dict[str, str]:
        return {fold(h): name for name, (_en, fr) in self.columns.items() for h in fr}


@dataclass(frozen=True)
class Header:
    """A recognised header row: the tool, which column holds each field, the language."""

    vendor: Vendor
    columns: dict[str, int]
    french: bool
    #: Columns mostra does not read, named as the file names them.
    ignored: tuple[str, ...]

    def cell(self, cells: list[Any], name: str) -> Any:
        index = self.columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def missing(self) -> list[tuple[str, ...]]:
        """The required fields none of whose columns is there."""
        return [group for group in REQUIRED if not any(f in self.columns for f in group)]


def read_header(cells: list[Any], vendor: Vendor) -> Header | None:
    """``cells`` as ``vendor``'s header row, or None when it is not one."""
    english, french = vendor.english(), vendor.french()
    columns: dict[str, int] = {}
    votes = {"en": 0, "fr": 0}
    ignored = []
    for index, cell in enumerate(cells):
        key = fold(cell)
        name = english.get(key) or french.get(key)
        if name is None:
            if key:
                ignored.append(str(cell).strip())
            continue
        columns.setdefault(name, index)
        votes["en"] += key in english and key not in french
        votes["fr"] += key in french and key not in english
    if not any(signature <= columns.keys() for signature in vendor.signatures):
        return None
    return Header(vendor, columns, votes["fr"] > votes["en"], tuple(ignored))


def engagement_kind(value: str) -> str | None:
    """Brandwatch's ``Engagement Type`` and Talkwalker's ``post_type`` as a kind."""
    folded = fold(value)
    if folded in {"reply", "replies", "reponse", "comment", "commentaire"}:
        return "reply"
    if folded in {"retweet", "repost", "share", "partage", "reblog"}:
        return "repost"
    if folded in {"quote", "quote tweet", "citation"}:
        return "quote"
    return None
