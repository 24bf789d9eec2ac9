"""Writing a batch of imported posts: new rows added, changed rows updated, equal rows
left alone, and how many of each.

One semantics, whatever the database: a post is keyed by (account, network id); a
count the file does not give (None) keeps the stored one; a row equal to the file's is
not written (its ``imported_at`` stays); the mostra post and publication a row is
linked to, and its source, are never touched. :class:`Written` counts the new, updated
and unchanged rows. Two ways to get there, each the faster on its database
(bench/import_x_archive.py, docs/performance.md):

* **SQLite** (:class:`SQLiteWriter`): the batch's stored rows are read by their ids
  (one query on the unique index) and compared in Python; the new and changed rows
  are written by ``executemany`` of one ``INSERT … ON CONFLICT DO UPDATE``, which
  SQLite loops over in C.
* **PostgreSQL** (:class:`PostgresWriter`): the batch is copied into a temporary table
  (``COPY … FROM STDIN``: psycopg formats the rows in C, where binding them as
  parameters spent most of the import quoting arrays in Python), then one statement
  compares it with the stored rows and writes what differs
  (``INSERT … SELECT … ON CONFLICT DO UPDATE``), returning the three counts. The
  temporary table holds one batch at a time (emptied after each) and is dropped at
  the end: memory, on either side, holds a batch whatever the file's size.

A text holding NUL characters (``\\u0000`` in a JSON file) loses them: PostgreSQL's
text cannot store them, and both databases keep the same rows.
"""

from __future__ import annotations

import contextlib
import operator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from mostra.analytics.importers.base import ParsedPost
from mostra.analytics.models import COUNT_FIELDS, AccountPost

#: The fields an import compares (never post, publication nor source of a stored row);
#: from the first count on, a value the file lacks (None) keeps the stored one.
COMPARED = ("kind", "published_at", "text", "url", "language", "target_id", *COUNT_FIELDS, "format")
#: The fields a file's None leaves as stored: the counts and the format.
KEPT = (*COUNT_FIELDS, "format")
UPDATED = (*COMPARED, "metrics_at", "imported_at")
#: The columns of each row written, in order.
INSERTED = ("account", "network_id", "source", *UPDATED)
#: A post's counts in COUNT_FIELDS' order, read in one C call (once per archived post).
_counts_of = operator.attrgetter(*COUNT_FIELDS)
_FIRST_COUNT = COMPARED.index(COUNT_FIELDS[0])
#: The temporary table a PostgreSQL import copies each batch into.
STAGED = "mostra_staged_post"


@dataclass
class Written:
    """What writing one batch did."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    #: The earliest and latest publication time of the rows written, before and after
    #: (an update may move a post): the days whose sums changed lie between.
    first: datetime | None = None
    last: datetime | None = None

    def touch(self, earliest: datetime | None, latest: datetime | None) -> None:
        """Widen :attr:`first` and :attr:`last` to hold ``earliest`` and ``latest``."""
        if earliest is not None:
            self.first = earliest if self.first is None else min(self.first, earliest)
        if latest is not None:
            self.last = latest if self.last is None else max(self.last, latest)


def clean(value: str) -> str:
    """``value`` without NUL characters (which PostgreSQL's text cannot hold)."""
    return value.replace("\x00", "") if "\x00" in value else value


def compared_values(post: ParsedPost) -> tuple[Any, ...]:
    """The post's :data:`COMPARED` values as stored (lengths cut to the columns')."""
    return (
        post.kind,
        post.published_at,
        clean(post.text),
        clean(post.url[:500]),
        clean(post.language[:16]),
        clean(post.target_id[:500]),
        *_counts_of(post),
        post.format,
    )


def _columns() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {f.name: quote(str(f.column)) for f in AccountPost._meta.concrete_fields}


class PostWriter:
    """Writes an import's posts for one account, :attr:`batch` at a time.

    ``add`` each post (its id cleaned, each id once), then ``finish`` (the last batch;
    the counts); on a failure, ``abort`` instead: the import's transaction is then
    rolled back, which undoes every batch written.
    """

    def __init__(
        self, account_pk: int, source: str, metrics_at: datetime | None, batch: int
    ) -> None:
        self.account_pk = account_pk
        self.source = source
        self.metrics_at = metrics_at
        self.batch = batch
        self.now = timezone.now()
        self.table = connection.ops.quote_name(AccountPost._meta.db_table)
        self.column = _columns()
        self.written = Written()

    def add(self, network_id: str, post: ParsedPost) -> None:
        raise NotImplementedError

    def finish(self) -> Written:
        """Write what is left; what every batch did."""
        raise NotImplementedError

    def abort(self, error: BaseException) -> None:
        """Stop after ``error`` (the caller rolls the transaction back)."""


def writer(account_pk: int, source: str, metrics_at: datetime | None, batch: int) -> PostWriter:
    """The writer for the database in use."""
    kind = PostgresWriter if connection.vendor == "postgresql" else SQLiteWriter
    return kind(account_pk, source, metrics_at, batch)


def _aware(value: Any) -> datetime:
    """A datetime read back by a raw cursor (naive UTC on SQLite, aware on PostgreSQL)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class SQLiteWriter(PostWriter):
    """Compares in Python, writes by ``executemany`` (SQLite, and any other database
    with ``INSERT … ON CONFLICT``)."""

    def __init__(
        self, account_pk: int, source: str, metrics_at: datetime | None, batch: int
    ) -> None:
        super().__init__(account_pk, source, metrics_at, batch)
        self.ids: list[str] = []
        self.posts: list[ParsedPost] = []
        column, stamp = self.column, connection.ops.adapt_datetimefield_value
        self.select = (
            f"SELECT {column['network_id']}, {', '.join(column[n] for n in COMPARED)} "
            f"FROM {self.table} WHERE {column['account']} = %s AND {column['network_id']} IN "
        )
        update = ", ".join(f"{column[n]} = excluded.{column[n]}" for n in UPDATED)
        self.upsert = (
            f"INSERT INTO {self.table} ({', '.join(column[n] for n in INSERTED)}) "
            f"VALUES ({', '.join(['%s'] * len(INSERTED))}) "
            f"ON CONFLICT ({column['account']}, {column['network_id']}) DO UPDATE SET {update}"
        )
        self.stamp = stamp
        self.now_value = stamp(self.now)
        self.metrics_value = stamp(metrics_at) if metrics_at else None

    def add(self, network_id: str, post: ParsedPost) -> None:
        self.ids.append(network_id)
        self.posts.append(post)
        if len(self.posts) >= self.batch:
            self._write(self.ids, self.posts)
            self.ids, self.posts = [], []

    def finish(self) -> Written:
        if self.posts:
            self._write(self.ids, self.posts)
        return self.written

    def _write(self, ids: list[str], batch: list[ParsedPost]) -> None:
        """Steps: read the batch's stored rows (their compared fields, one query on the
        account's unique index); for each post, a count (or format) the file lacks keeps
        the stored one; an equal row is left alone; write the others in one ``executemany``."""
        written = self.written
        stamp, first = self.stamp, _FIRST_COUNT
        with connection.cursor() as cursor:
            cursor.execute(
                self.select + "(" + ", ".join(["%s"] * len(ids)) + ")", [self.account_pk, *ids]
            )
            stored = {row[0]: (row[1], _aware(row[2]), *row[3:]) for row in cursor.fetchall()}
            rows: list[tuple[Any, ...]] = []
            for network_id, post in zip(ids, batch, strict=True):
                values = compared_values(post)
                before = stored.get(network_id)
                if before is not None:
                    if None in values[first:]:
                        values = values[:first] + tuple(
                            old if value is None else value
                            for value, old in zip(values[first:], before[first:], strict=True)
                        )
                    if values == before:
                        written.unchanged += 1
                        continue
                    written.updated += 1
                    written.touch(before[1], before[1])  # the day it leaves
                else:
                    written.new += 1
                written.touch(values[1], values[1])
                rows.append(
                    (self.account_pk, network_id, self.source, values[0], stamp(values[1]),
                     *values[2:], self.metrics_value, self.now_value)
                )  # fmt: skip
            if rows:
                cursor.executemany(self.upsert, rows)


class PostgresWriter(PostWriter):
    """Copies the posts into a temporary table as they come; each :attr:`batch` rows,
    compares and writes them in one statement and empties the table."""

    def __init__(
        self, account_pk: int, source: str, metrics_at: datetime | None, batch: int
    ) -> None:
        super().__init__(account_pk, source, metrics_at, batch)
        self.staged_columns = ("network_id", *COMPARED)
        self.cursor: Any = None
        self.copy: Any = None
        #: Holds the COPY under way (psycopg's context), ended by :meth:`_write`.
        self.copying = contextlib.ExitStack()
        self.pending = 0
        self.sql = ""

    def _create(self) -> None:
        """The temporary table, typed as the model's columns, dropped at the end of the
        transaction at the latest (and undone with it on a failure)."""
        columns = ", ".join(
            f"{self.column[name]} {AccountPost._meta.get_field(name).db_type(connection)}"
            for name in self.staged_columns
        )
        self.cursor = connection.cursor()
        self.cursor.execute(f"CREATE TEMPORARY TABLE {STAGED} ({columns}) ON COMMIT DROP")
        self.sql = self._statement()

    def add(self, network_id: str, post: ParsedPost) -> None:
        if self.copy is None:
            if self.cursor is None:
                self._create()
            names = ", ".join(self.column[n] for n in self.staged_columns)
            self.copy = self.copying.enter_context(
                self.cursor.copy(f"COPY {STAGED} ({names}) FROM STDIN")
            )
        self.copy.write_row((network_id, *compared_values(post)))
        self.pending += 1
        if self.pending >= self.batch:
            self._write()

    def _write(self) -> None:
        """Steps: end the batch's COPY; compare and write (:meth:`_statement`); empty
        the table for the next batch."""
        self.copy, self.pending = None, 0
        self.copying.close()
        self.cursor.execute(
            self.sql,
            {
                "account": self.account_pk,
                "source": self.source,
                "metrics_at": self.metrics_at,
                "now": self.now,
            },
        )
        new, updated, unchanged, _rows, first, last = self.cursor.fetchone()
        self.written.new += new
        self.written.updated += updated
        self.written.unchanged += unchanged
        self.written.touch(first, last)
        self.cursor.execute(f"TRUNCATE {STAGED}")

    def finish(self) -> Written:
        if self.copy is not None:
            self._write()
        if self.cursor is not None:
            self.cursor.execute(f"DROP TABLE {STAGED}")
            self.cursor.close()
        return self.written

    def abort(self, error: BaseException) -> None:
        """End a COPY under way as failed (the server then refuses the transaction's
        statements but its rollback), and the cursor."""
        # The error raised is ``error``: one ending the COPY must not hide it.
        with contextlib.suppress(Exception):
            if self.copy is not None:
                self.copying.__exit__(type(error), error, error.__traceback__)
            if self.cursor is not None:
                self.cursor.close()

    def _statement(self) -> str:
        """Compare the staged rows with the stored ones and write the new and changed.

        Steps: each staged row looks its stored row up on the unique index (a lateral
        subquery, so that the plan stays an index lookup per row however many rows the
        account has); it is changed when any compared field differs, a count the file
        lacks (NULL) taking the stored value; the new and changed rows are inserted,
        a conflict (a stored row) updating it with the same rule for the counts. The
        result is one row: new, updated, unchanged, the rows written, and the earliest
        and latest publication time of the written rows, stored or staged (the days
        whose sums changed lie between).
        """
        column, table = self.column, self.table
        theirs = ", ".join(f"t.{column[n]}" for n in COMPARED)
        ours = ", ".join(
            f"COALESCE(s.{column[n]}, t.{column[n]})" if n in KEPT else f"s.{column[n]}"
            for n in COMPARED
        )
        staged = ", ".join(f"s.{column[n]}" for n in self.staged_columns)
        inserted = ", ".join(column[n] for n in INSERTED)
        values = ", ".join(column[n] for n in COMPARED)
        at = column["published_at"]
        update = ", ".join(
            f"{column[n]} = COALESCE(excluded.{column[n]}, {table}.{column[n]})"
            if n in KEPT
            else f"{column[n]} = excluded.{column[n]}"
            for n in UPDATED
        )
        return (
            f"WITH compared AS ("
            f" SELECT {staged}, t.{column['published_at']} AS stored_at,"
            f" t.{column['id']} IS NULL AS new,"
            f" t.{column['id']} IS NULL OR ({theirs}) IS DISTINCT FROM ({ours}) AS changed"
            f" FROM {STAGED} s LEFT JOIN LATERAL ("
            f"  SELECT * FROM {table} p WHERE p.{column['account']} = %(account)s"
            f"  AND p.{column['network_id']} = s.{column['network_id']} LIMIT 1"
            f" ) t ON true"
            f"), written AS ("
            f" INSERT INTO {table} ({inserted})"
            f" SELECT %(account)s, {column['network_id']}, %(source)s,"
            f" {values}, %(metrics_at)s, %(now)s"
            f" FROM compared WHERE changed"
            f" ON CONFLICT ({column['account']}, {column['network_id']}) DO UPDATE SET {update}"
            f" RETURNING 1"
            f") SELECT count(*) FILTER (WHERE new), count(*) FILTER (WHERE changed AND NOT new),"
            f" count(*) FILTER (WHERE NOT changed), (SELECT count(*) FROM written),"
            f" min(LEAST({at}, stored_at)) FILTER (WHERE changed),"
            f" max(GREATEST({at}, stored_at)) FILTER (WHERE changed)"
            f" FROM compared"
        )
