"""Page analytics exports of Facebook, Instagram and LinkedIn (CSV or XLSX, EN or FR).

These exports are the only source of reach, impressions and clicks besides a connected
account. Each table is recognised by its headers (:mod:`columns`): a *posts* table needs
a post id or a post link, and a publication date; a *followers* table (LinkedIn) a date
and the total of followers. Anything else is refused with the missing columns named,
and everything the file holds that mostra does not store is listed, never dropped
silently. A post listed twice is refused (with both lines) unless the two rows are
identical.

A posts table is read twice, a row at a time (:meth:`Table.rows`): a first pass checks
it (dates' order, a post listed twice, the links' network, the accounts, formulas)
before anything is stored; the second turns each row into a post as the store asks for
it. Memory holds each post's id and where it is, never the rows.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.utils.translation import gettext as _

from mostra.analytics.importers.base import ImportRefused, ParsedImport, ParsedPost
from mostra.analytics.importers.columns import Aliases, Mapping, aliases, map_headers, score
from mostra.analytics.importers.tables import Row, Table, read_tables, refuse_formulas
from mostra.analytics.importers.values import (
    DateOrder,
    cell_text,
    day_first,
    parse_count,
    parse_date,
)
from mostra.strategy import networks
from mostra.strategy.catalogue import network_label

#: The networks whose page analytics export is read (:mod:`mostra.strategy.networks`).
NETWORKS = networks.having("export_hosts")
COUNTS = ("reach", "impressions", "likes", "replies", "reposts", "saves", "clicks")
#: The hosts of each network's post links, to refuse an export given as another network's.
HOSTS = {n.code: n.export_hosts for n in networks.all_networks() if n.export_hosts}
LINKEDIN_URN = re.compile(r"urn:li:[A-Za-z]+:\d+")
#: How many rows above the header an export may have (LinkedIn's notes).
HEADER_SEARCH = 6


def _header_row(head: list[Row], kind: dict[str, tuple[str, int, str]]) -> int | None:
    best, best_score = None, 1
    for index, row in enumerate(head):
        points = score(row.cells, kind)
        if points > best_score:
            best, best_score = index, points
    return best


def _required_missing(mapping: Mapping) -> list[str]:
    missing = []
    if "post_id" not in mapping.columns and "permalink" not in mapping.columns:
        missing.append(_("a post id or a post link (Post ID, Permalink, Post link…)"))
    if "published_at" not in mapping.columns:
        missing.append(_("the publication date (Publish time, Created date…)"))
    return missing


def _cell(row: Row, mapping: Mapping, name: str) -> Any:
    index = mapping.columns.get(name)
    if index is None or index >= len(row.cells):
        return None
    return row.cells[index]


def _is_description_row(row: Row, mapping: Mapping) -> bool:
    """Meta's second line describing each column: no digit in the date nor in the post id,
    no number where counts are."""
    for name in ("published_at", "post_id"):
        value = _cell(row, mapping, name)
        if not isinstance(value, str | None) or any(c.isdigit() for c in value or ""):
            return False
    for name in COUNTS:
        try:
            if parse_count(_cell(row, mapping, name)) is not None:
                return False
        except ValueError:
            continue
    return True


def _network_id(network: str, row: Row, mapping: Mapping) -> tuple[str, str]:
    """(network id, link) of a row: the post id, else the id inside the link."""
    post_id = cell_text(_cell(row, mapping, "post_id"))
    link = cell_text(_cell(row, mapping, "permalink"))
    if not post_id and network == "linkedin":
        urn = LINKEDIN_URN.search(link)
        post_id = urn.group(0) if urn else ""
    if not link.startswith(("https://", "http://")) or len(link) > 500:
        link = ""
    return (post_id or link)[:255], link


@dataclass
class PostsTable:
    """A posts table checked by its first pass: how to read its rows into posts."""

    table: Table
    start: int
    #: The header's cells (for messages) and what each column is.
    header: list[Any]
    mapping: Mapping
    dayfirst: bool
    #: Meta's second line describing each column, to skip.
    described: bool


def _after_header(table: Table, start: int) -> Iterator[Row]:
    return itertools.islice(table.rows(), start + 1, None)


def _check_posts(
    network: str,
    table: Table,
    start: int,
    header: list[Any],
    mapping: Mapping,
    notices: list[str],
    accounts: set[str],
) -> PostsTable:
    """The first pass over a posts table (rows after the header at ``start``).

    Steps: note Meta's description row; every row has an id or a link; a post listed
    twice has identical rows; the links are the chosen network's; the accounts named;
    day/month order decided for the whole file.
    """
    order = DateOrder()
    slashed = described = False
    seen: dict[str, tuple[str, int]] = {}
    for index, row in enumerate(_after_header(table, start)):
        if index == 0 and _is_description_row(row, mapping):
            described = True
            continue
        network_id, link = _network_id(network, row, mapping)
        if not network_id:
            raise ImportRefused(
                _("%(where)s has no post id nor post link: export the file again.")
                % {"where": row.where}
            )
        cells = hash(tuple(map(str, row.cells)))
        if network_id in seen:
            first_where, first_cells = seen[network_id]
            if first_cells == cells:
                continue
            raise ImportRefused(
                _(
                    "The post %(id)s is listed twice with different figures (%(first)s and "
                    "%(second)s): keep one of the two lines, then import again."
                )
                % {"id": network_id, "first": first_where, "second": row.where}
            )
        seen[network_id] = (row.where, cells)
        _check_network(network, link)
        raw_date = _cell(row, mapping, "published_at")
        order.see(raw_date)
        slashed = slashed or (isinstance(raw_date, str) and "/" in raw_date)
        account = cell_text(_cell(row, mapping, "account"))
        if account:
            accounts.add(account)
    dayfirst, by_language = order.day_first(mapping.language)
    if by_language and slashed:
        notices.append(
            _("Dates such as 03/04 were read as day/month (the export is in French).")
            if dayfirst
            else _("Dates such as 03/04 were read as month/day (the export is in English).")
        )
    return PostsTable(table, start, header, mapping, dayfirst, described)


def _posts(network: str, checked: list[PostsTable], zone: tzinfo) -> Iterator[ParsedPost]:
    """The second pass: each row of each posts table as a post (a bad date or count
    refused with its line; a row listed twice comes twice, the store keeps the first)."""
    for item in checked:
        for index, row in enumerate(_after_header(item.table, item.start)):
            if index == 0 and item.described:
                continue
            yield _post(network, row, item, zone)


def _post(network: str, row: Row, item: PostsTable, zone: tzinfo) -> ParsedPost:
    mapping = item.mapping
    network_id, link = _network_id(network, row, mapping)
    raw_date = _cell(row, mapping, "published_at")
    try:
        published = parse_date(raw_date, dayfirst=item.dayfirst, zone=zone)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ImportRefused(
            _(
                "%(where)s: the date “%(value)s” cannot be read. mostra reads dates such "
                "as 2024-03-05 14:30, 03/05/2024 14:30 or 05/03/2024 14:30: export the "
                "file again without changing its dates."
            )
            % {"where": row.where, "value": str(raw_date)[:40]}
        ) from exc
    post = ParsedPost(
        network_id=network_id,
        kind="original",
        published_at=published,
        text=cell_text(_cell(row, mapping, "text")),
        url=link,
    )
    for name in COUNTS:
        value = _cell(row, mapping, name)
        try:
            count = parse_count(value)
        except ValueError as exc:
            raise ImportRefused(
                _("%(where)s: “%(value)s” is not a whole number (column %(column)s).")
                % {
                    "where": row.where,
                    "value": str(value)[:40],
                    "column": str(item.header[mapping.columns[name]]),
                }
            ) from exc
        setattr(post, name, count)
    return post


def _followers(table: Table, start: int, mapping: Mapping, zone: tzinfo) -> list[tuple[Any, int]]:
    """A followers table's (day, followers), each day once (two passes: the dates'
    order and the formulas, then the rows)."""
    dates = (_cell(row, mapping, "date") for row in _after_header(table, start))
    dayfirst, _by_language = day_first(dates, mapping.language)
    refuse_formulas(table)
    found: dict[Any, int] = {}
    for row in _after_header(table, start):
        try:
            day = parse_date(_cell(row, mapping, "date"), dayfirst=dayfirst, zone=zone)
            count = parse_count(_cell(row, mapping, "followers"))
        except (ValueError, TypeError) as exc:
            raise ImportRefused(
                _("%(where)s: the date or the number of followers cannot be read.")
                % {"where": row.where}
            ) from exc
        if count is not None:
            found[day.astimezone(zone).date()] = count
    return sorted(found.items())


def _host_network(url: str) -> str | None:
    host = (urlparse(url).hostname or "").lower()
    for name, hosts in HOSTS.items():
        if any(host == h or host.endswith("." + h) for h in hosts):
            return name
    return None


def _check_network(network: str, link: str) -> None:
    """Refuse an export whose post links are another network's (the wrong choice)."""
    other = _host_network(link) if link else None
    if other and other != network:
        names = {"network": network_label(other), "chosen": network_label(network)}
        raise ImportRefused(
            _(
                "This export's post links are %(network)s's, not %(chosen)s's: choose "
                "the network %(network)s and import it again."
            )
            % names
        )


def parse(
    path: Path,
    *,
    network: str | None,
    handle: str | None = None,
    zone: tzinfo = UTC,
    filename: str | None = None,
) -> ParsedImport:
    """Open a page analytics export as a :class:`ParsedImport` whose posts are read as
    they are stored.

    Steps: list the tables; find each one's header row (in its first rows); a table is a
    posts table (checked by a first pass: :func:`_check_posts`), a followers table, or
    not imported (said); refuse formulas in imported tables; name the account
    (``handle``, else the Page name / Account username column); the posts, a second
    pass (:func:`_posts`).
    """
    if network not in NETWORKS:
        raise ImportRefused(
            _("Say which network the export comes from: facebook, instagram or linkedin.")
        )
    known = aliases()
    parsed = ParsedImport(network=network, handle="")
    try:
        checked = _read(path, network, handle, known, parsed, zone, filename)
    except BaseException:
        parsed.close()
        raise
    parsed.posts = _posts(network, checked, zone)
    return parsed


def _read(
    path: Path,
    network: str,
    handle: str | None,
    known: Aliases,
    parsed: ParsedImport,
    zone: tzinfo,
    filename: str | None,
) -> list[PostsTable]:
    """Every check of :func:`parse` before anything is stored; the posts tables."""
    accounts: set[str] = set()
    missing: list[str] = []
    checked: list[PostsTable] = []
    imported = 0
    for table in read_tables(path, filename=filename, resources=parsed.resources):
        head = table.head(HEADER_SEARCH)
        post_header = _header_row(head, known.posts)
        follower_header = _header_row(head, known.followers)
        if post_header is not None:
            header = head[post_header].cells
            mapping = map_headers(header, known.posts)
            missing = _required_missing(mapping)
            if missing:
                continue
            checked.append(
                _check_posts(network, table, post_header, header, mapping, parsed.notices, accounts)
            )
            refuse_formulas(table)
        elif follower_header is not None:
            mapping = map_headers(head[follower_header].cells, known.followers)
            if {"date", "followers"} - set(mapping.columns):
                continue
            parsed.followers.extend(_followers(table, follower_header, mapping, zone))
        else:
            if head:
                parsed.notices.append(
                    _("The sheet “%(name)s” was not imported (neither posts nor followers).")
                    % {"name": table.name}
                )
            continue
        imported += 1
        parsed.unknown_columns += [c for c in mapping.unknown if c not in parsed.unknown_columns]
        parsed.ignored_columns += [c for c in mapping.ignored if c not in parsed.ignored_columns]
    if not imported:
        missing = missing or _required_missing(Mapping())
        raise ImportRefused(
            _(
                "This file is not a %(network)s posts export: it lacks %(missing)s. mostra "
                "reads columns separated by commas, semicolons or tabs; check that the file "
                "is the posts export, in English or French."
            )
            % {"network": network_label(network), "missing": _(" and ").join(missing)}
        )
    given = (handle or "").strip().lstrip("@")
    if not given and len(accounts) > 1:
        raise ImportRefused(
            _("This export holds several accounts (%(names)s): export one at a time.")
            % {"names": ", ".join(sorted(accounts)[:5])}
        )
    parsed.handle = given or next(iter(accounts), "")
    if not parsed.handle:
        raise ImportRefused(
            _(
                "This export does not name its account: give the account's handle (the "
                "--handle option, or the handle field)."
            )
        )
    return checked
