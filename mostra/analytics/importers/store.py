"""Storing what a file brought: all of it, or nothing.

Importing the same file twice must change nothing. Posts are keyed by (account,
network id): a post already stored is compared with the file's, and only new or changed
rows are written (:mod:`mostra.analytics.importers.upsert`: ``INSERT … ON CONFLICT DO
UPDATE``, fed by ``executemany`` on SQLite and by ``COPY`` into a temporary table on
PostgreSQL). A count the file does not give (None) never erases a count another source
gave. The mostra post and publication a row is linked to are never touched by an import.

The posts come as a stream (a reader yields them while it reads the file): they are
compared and written :data:`BATCH` at a time, inside the one transaction, so that memory
holds one batch whatever the file's size, and a refusal halfway (a damaged item) still
leaves the database as it was. Each post id met is remembered in 8 bytes
(:class:`SeenIds`): a post listed twice is stored once, as first listed.
"""

from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.analytics import account_days
from mostra.analytics.by_hand import link_imported
from mostra.analytics.importers import upsert
from mostra.analytics.importers.base import ImportRefused, ParsedImport
from mostra.analytics.models import (
    FollowerCount,
    ImportRun,
    TrackedAccount,
    normalise_handle,
)
from mostra.core import figures_cache
from mostra.strategy.catalogue import network_label

#: Posts compared and written at a time (the most memory holds of a file's posts).
BATCH = 2000
#: The files of a folder that make its fingerprint (what the importers read).
DATA_SUFFIXES = {".js", ".json", ".car", ".csv", ".xlsx"}


@dataclass
class ImportResult:
    """What an import did: the account(s), the counts, what the file held that was not used."""

    accounts: list[TrackedAccount]
    counts: dict[str, Any]
    unknown_columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    run: ImportRun | None = None

    @property
    def account(self) -> TrackedAccount:
        return self.accounts[0]


def file_sha256(path: Path) -> str:
    """The file's SHA-256 (a folder: of its data files' names and contents, in order;
    an X archive's media, gigabytes that no importer reads, are left out)."""
    digest = hashlib.sha256()
    if path.is_dir():
        files = sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DATA_SUFFIXES
        )
    else:
        files = [path]
    for file in files:
        if path.is_dir():
            digest.update(file.relative_to(path).as_posix().encode() + b"\x00")
        with file.open("rb") as stream:
            while chunk := stream.read(1024 * 1024):
                digest.update(chunk)
    return digest.hexdigest()


def tracked_account(
    workspace: Any, parsed: ParsedImport, *, competitor: bool, user: Any
) -> TrackedAccount:
    """The workspace's account for ``parsed`` (found by network id, then handle), or a new one.

    An account already tracked as the workspace's own is never turned into a competitor
    (nor the reverse) by an import: that is refused, with what to do.
    """
    handle = normalise_handle(parsed.network, parsed.handle)
    accounts = TrackedAccount.objects.filter(workspace=workspace, network=parsed.network)
    account = None
    if parsed.external_id:
        account = accounts.filter(external_id=parsed.external_id).first()
    account = account or accounts.filter(handle=handle).first()
    if account is None:
        return TrackedAccount.objects.create(
            workspace=workspace,
            network=parsed.network,
            handle=handle,
            display_name=parsed.display_name[:255],
            external_id=parsed.external_id[:255],
            profile_url=parsed.profile_url[:500],
            is_competitor=competitor,
            created_by=user if getattr(user, "pk", None) else None,
        )
    names = {"account": f"{network_label(account.network)} {account.handle}"}
    if account.is_competitor and not competitor:
        raise ImportRefused(
            _(
                "%(account)s is tracked as a competitor in this workspace: import it as a "
                "competitor (--competitor, or tick “competitor”)."
            )
            % names
        )
    if competitor and not account.is_competitor:
        raise ImportRefused(
            _(
                "%(account)s is one of this workspace's own accounts: it cannot become a "
                "competitor. Import it without “competitor”."
            )
            % names
        )
    changed = []
    for name, value in (
        ("display_name", parsed.display_name[:255]),
        ("external_id", parsed.external_id[:255]),
        ("profile_url", parsed.profile_url[:500]),
    ):
        if value and not getattr(account, name):
            setattr(account, name, value)
            changed.append(name)
    if changed:
        account.save(update_fields=changed)
    return account


class SeenIds:
    """The post ids met so far in one import, 8 to 16 bytes each (their hash, in an open
    addressing table kept between three eighths and three quarters full): a Python set
    of the strings costs ten times more. Two ids with the same 64-bit hash (about one
    chance in ten million for two million posts) would count as one."""

    def __init__(self) -> None:
        self._slots = array("q", bytes(8 * 1024))
        self._mask = 1023
        self._count = 0

    def add(self, key: str) -> bool:
        """Remember ``key``; False when it was met already."""
        wanted = hash(key) or 1
        slots, mask = self._slots, self._mask
        index = wanted & mask
        while (found := slots[index]) != 0:
            if found == wanted:
                return False
            index = (index + 1) & mask
        slots[index] = wanted
        self._count += 1
        if self._count * 4 > mask * 3:  # three quarters full: twice the room
            self._grow()
        return True

    def _grow(self) -> None:
        old = self._slots
        self._mask = mask = len(old) * 2 - 1
        self._slots = slots = array("q", bytes(8 * (mask + 1)))
        for value in old:
            if value:
                index = value & mask
                while slots[index]:
                    index = (index + 1) & mask
                slots[index] = value


@dataclass
class Tally:
    """What the file held (each post once, by kind) and what storing it changed."""

    kinds: dict[str, int] = field(default_factory=lambda: {"original": 0, "reply": 0, "repost": 0})
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    #: The earliest and latest publication time of the rows written (before and after).
    first: datetime | None = None
    last: datetime | None = None

    @property
    def posts(self) -> int:
        return sum(self.kinds.values())


def refresh_days(account: TrackedAccount, tally: Tally, *, every_day: bool = False) -> None:
    """The account's daily sums after an import: only the days between the earliest and
    the latest post written (before and after), each day's sums computed in the database
    (:func:`mostra.analytics.account_days.refresh`); none when no row was written (an
    archive imported again); every day with ``every_day`` (by-hand copies replaced)."""
    if every_day:
        account_days.refresh(account.pk)
    elif tally.first is not None and tally.last is not None:
        account_days.refresh_around([(account.pk, tally.first), (account.pk, tally.last)])


def store_posts(account: TrackedAccount, parsed: ParsedImport, source: str) -> dict[str, int]:
    """Upsert the parsed posts; {"new", "updated", "unchanged"} (:func:`upsert_posts`)."""
    tally = upsert_posts(account, parsed, source)
    refresh_days(account, tally)
    return {"new": tally.new, "updated": tally.updated, "unchanged": tally.unchanged}


def upsert_posts(account: TrackedAccount, parsed: ParsedImport, source: str) -> Tally:
    """Upsert the parsed posts as they come, :data:`BATCH` at a time.

    Steps, per post: skip an id met before in this file (the first is kept); count its
    kind; hand it to the database's writer (:mod:`mostra.analytics.importers.upsert`),
    which writes the new and changed rows a batch at a time and counts them.

    The SQL is written there rather than through ``bulk_create(update_conflicts=True)``:
    building 100,000 model instances and compiling them costs five times the database's
    own work (bench/import_x_archive.py).
    """
    tally = Tally()
    seen = SeenIds()
    posts = upsert.writer(account.pk, source, parsed.metrics_at, BATCH)
    try:
        for post in parsed.posts:
            network_id = upsert.clean(post.network_id[:255])
            if not seen.add(network_id):
                continue
            tally.kinds[post.kind] += 1
            posts.add(network_id, post)
        written = posts.finish()
    except BaseException as error:
        posts.abort(error)
        raise
    tally.new, tally.updated, tally.unchanged = written.new, written.updated, written.unchanged
    tally.first, tally.last = written.first, written.last
    return tally


def store_followers(account: TrackedAccount, parsed: ParsedImport, source: str) -> int:
    rows = [
        FollowerCount(account=account, date=day, followers=count, source=source)
        for day, count in parsed.followers
    ]
    FollowerCount.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["account", "date"],
        update_fields=["followers", "source"],
        batch_size=BATCH,
    )
    figures_cache.changed([account.workspace_id])
    return len(rows)


def summary(parsed: ParsedImport, tally: Tally | None = None) -> dict[str, Any]:
    """The counts of what the file holds (whatever was already stored): from the
    ``tally`` of its posts once stored (a stream is read once), else from their list."""
    if tally is None:
        tally, seen = Tally(), SeenIds()
        for post in parsed.posts:
            if seen.add(post.network_id[:255]):
                tally.kinds[post.kind] += 1
    return {
        "posts": tally.posts,
        "originals": tally.kinds["original"],
        "replies": tally.kinds["reply"],
        "reposts": tally.kinds["repost"],
        "snapshots": len(parsed.followers),
        **parsed.extra_counts,  # a stream fills them while it is read
    }


def store(
    workspace: Any,
    parsed: ParsedImport,
    *,
    kind: str,
    path: Path,
    filename: str,
    competitor: bool,
    user: Any,
) -> ImportResult:
    """Store ``parsed`` in one transaction and record the :class:`ImportRun`."""
    sha = file_sha256(path)
    with transaction.atomic():
        account = tracked_account(workspace, parsed, competitor=competitor, user=user)
        tally = upsert_posts(account, parsed, kind)
        linked = link_imported([account.pk])  # posts published by hand, met by their address
        refresh_days(account, tally, every_day=bool(linked))  # what the year-long pages read
        counts = summary(parsed, tally)
        counts.update(new=tally.new, updated=tally.updated, unchanged=tally.unchanged)
        store_followers(account, parsed, kind)
        counts["unknown_columns"] = list(parsed.unknown_columns)
        counts["ignored_columns"] = list(parsed.ignored_columns)
        counts["notices"] = [str(n) for n in parsed.notices]
        run = ImportRun.objects.create(
            workspace=workspace,
            account=account,
            kind=kind,
            filename=filename[:255],
            sha256=sha,
            counts=counts,
            created_by=user if getattr(user, "pk", None) else None,
        )
    return ImportResult(
        accounts=[account],
        counts=counts,
        unknown_columns=list(parsed.unknown_columns),
        ignored_columns=list(parsed.ignored_columns),
        notices=[str(n) for n in parsed.notices],
        run=run,
    )
