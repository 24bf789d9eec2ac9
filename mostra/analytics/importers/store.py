"""Storing what a file brought: all of it, or nothing.

Importing the same file twice must change nothing. Posts are keyed by (account,
network id): a post already stored is compared with the file's, and only new or changed
rows are written, in batches of ``INSERT … ON CONFLICT DO UPDATE`` (the SQL of
``bulk_create(update_conflicts=True)``, on SQLite and PostgreSQL alike). A count the
file does not give (None) never erases a count another source gave. The mostra post
and publication a row is linked to are never touched by an import.

The posts come as a stream (a reader yields them while it reads the file): they are
compared and written :data:`BATCH` at a time, inside the one transaction, so that memory
holds one batch whatever the file's size, and a refusal halfway (a damaged item) still
leaves the database as it was. Each post id met is remembered in 8 bytes
(:class:`SeenIds`): a post listed twice is stored once, as first listed.
"""

from __future__ import annotations

import hashlib
import operator
from array import array
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.analytics import account_days
from mostra.analytics.by_hand import link_imported
from mostra.analytics.importers.base import ImportRefused, ParsedImport, ParsedPost
from mostra.analytics.models import (
    COUNT_FIELDS,
    AccountPost,
    FollowerCount,
    ImportRun,
    TrackedAccount,
    normalise_handle,
)
from mostra.strategy.catalogue import network_label

BATCH = 2000
#: A post's counts in COUNT_FIELDS' order, read in one C call (once per archived post).
_counts_of = operator.attrgetter(*COUNT_FIELDS)
#: The files of a folder that make its fingerprint (what the importers read).
DATA_SUFFIXES = {".js", ".json", ".car", ".csv", ".xlsx"}
#: The fields an import writes (never post, publication nor source of an existing row).
COMPARED = ("kind", "published_at", "text", "url", "language", "target_id", *COUNT_FIELDS)
UPDATED = (*COMPARED, "metrics_at", "imported_at")
#: The columns of each row written, in order.
INSERTED = ("account", "network_id", "source", *UPDATED)


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


def _sql(quote: Any) -> tuple[str, str, str]:
    """The SELECT of an account's rows, and the upsert's head and tail (model's names).

    The SELECT is completed with the ids of a batch (``IN (…)``); the upsert is
    ``head`` + the rows (``VALUES …`` or ``SELECT …``) + ``tail``.
    """
    table = quote(AccountPost._meta.db_table)
    column = {f.name: quote(f.column) for f in AccountPost._meta.concrete_fields}
    select = (
        f"SELECT {column['network_id']}, {', '.join(column[n] for n in COMPARED)} "
        f"FROM {table} WHERE {column['account']} = %s AND {column['network_id']} IN "
    )
    update = ", ".join(f"{column[n]} = excluded.{column[n]}" for n in UPDATED)
    head = f"INSERT INTO {table} ({', '.join(column[n] for n in INSERTED)})"
    tail = f" ON CONFLICT ({column['account']}, {column['network_id']}) DO UPDATE SET {update}"
    return select, head, tail


def _write(rows: list[tuple[Any, ...]], head: str, tail: str) -> None:
    """Run the upsert for ``rows`` in batches of ``BATCH``.

    SQLite loops in C over one prepared statement (``executemany``). PostgreSQL gets
    one statement per batch whose parameters are one array per column
    (``SELECT * FROM unnest(%s::bigint[], …)``): Django's client-side binding would
    otherwise split and quote a statement of 40,000 parameters in Python, and a row at
    a time costs the server a round of planning per row.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            group = "(" + ", ".join(["%s"] * len(rows[0])) + ")"
            sql = f"{head} VALUES {group}{tail}"
            for start in range(0, len(rows), BATCH):
                cursor.executemany(sql, rows[start : start + BATCH])
            return
        types = [_db_type(name) for name in INSERTED]
        arrays = ", ".join(f"%s::{kind}[]" for kind in types)
        sql = f"{head} SELECT * FROM unnest({arrays}){tail}"
        for start in range(0, len(rows), BATCH):
            columns = [list(column) for column in zip(*rows[start : start + BATCH], strict=True)]
            cursor.execute(sql, columns)


def _db_type(name: str) -> str:
    return AccountPost._meta.get_field(name).cast_db_type(connection)


def _aware(value: Any) -> datetime:
    """A datetime read back by a raw cursor (naive UTC on SQLite, aware on PostgreSQL)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


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

    @property
    def posts(self) -> int:
        return sum(self.kinds.values())


def store_posts(account: TrackedAccount, parsed: ParsedImport, source: str) -> dict[str, int]:
    """Upsert the parsed posts; {"new", "updated", "unchanged"} (:func:`upsert_posts`)."""
    tally = upsert_posts(account, parsed, source)
    account_days.refresh(account.pk)
    return {"new": tally.new, "updated": tally.updated, "unchanged": tally.unchanged}


def upsert_posts(account: TrackedAccount, parsed: ParsedImport, source: str) -> Tally:
    """Upsert the parsed posts as they come, :data:`BATCH` at a time.

    Steps, per post: skip an id met before in this file (the first is kept); count its
    kind; once a batch is full (and at the end), :func:`_upsert_batch`.

    The SQL is the upsert ``bulk_create(update_conflicts=True)`` would send; it is
    written here because building 100,000 model instances and compiling them costs
    five times the database's own work (bench/import_x_archive.py).
    """
    tally = Tally()
    seen = SeenIds()
    batch: list[ParsedPost] = []
    for post in parsed.posts:
        if not seen.add(post.network_id[:255]):
            continue
        tally.kinds[post.kind] += 1
        batch.append(post)
        if len(batch) >= BATCH:
            _upsert_batch(account, batch, parsed, source, tally)
            batch = []
    if batch:
        _upsert_batch(account, batch, parsed, source, tally)
    return tally


def _upsert_batch(
    account: TrackedAccount,
    batch: list[ParsedPost],
    parsed: ParsedImport,
    source: str,
    tally: Tally,
) -> None:
    """Compare a batch of posts with their stored rows; write the new and changed ones.

    Steps: read the batch's stored rows (their compared fields, one query on the
    account's unique index); for each post, a count the file lacks keeps the stored
    one; an equal row is left alone; write the others (:func:`_write`, ``INSERT …
    ON CONFLICT (account, network_id) DO UPDATE``, SQLite ≥ 3.24 and PostgreSQL).
    """
    select, head, tail = _sql(connection.ops.quote_name)
    stamp = connection.ops.adapt_datetimefield_value
    ids = [post.network_id[:255] for post in batch]
    with connection.cursor() as cursor:
        cursor.execute(select + "(" + ", ".join(["%s"] * len(ids)) + ")", [account.pk, *ids])
        stored = {row[0]: (row[1], _aware(row[2]), *row[3:]) for row in cursor.fetchall()}
    now = stamp(timezone.now())
    metrics_at = stamp(parsed.metrics_at) if parsed.metrics_at else None
    first_count = COMPARED.index(COUNT_FIELDS[0])
    rows: list[tuple[Any, ...]] = []
    for network_id, post in zip(ids, batch, strict=True):
        values = (
            post.kind,
            post.published_at,
            post.text,
            post.url[:500],
            post.language[:16],
            post.target_id[:500],
            *_counts_of(post),
        )
        before = stored.get(network_id)
        if before is not None:
            if None in values[first_count:]:
                values = values[:first_count] + tuple(
                    old if value is None else value
                    for value, old in zip(values[first_count:], before[first_count:], strict=True)
                )
            if values == before:
                tally.unchanged += 1
                continue
            tally.updated += 1
        else:
            tally.new += 1
        rows.append(
            (account.pk, network_id, source, values[0], stamp(values[1]), *values[2:],
             metrics_at, now)
        )  # fmt: skip
    if rows:
        _write(rows, head, tail)


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
        link_imported([account.pk])  # posts published by hand, met by their address
        account_days.refresh(account.pk)  # the daily sums the year-long pages read
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
