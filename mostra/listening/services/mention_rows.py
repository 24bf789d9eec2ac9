"""New mentions written straight to their table: the ingest's insert.

Ingest stores thousands of rows a second; ``bulk_create`` builds a model instance per
row and prepares every value of every row through its field, which cost more than the
database's own work. :func:`insert` takes the rows as plain values by attribute name
(``workspace_id``, ``text``…; one missing takes its field's default, as a model
instance would) and executes one ``INSERT … ON CONFLICT DO NOTHING`` for all of them
(SQLite: ``executemany``, the statement prepared once; PostgreSQL: ``COPY`` straight
into the table in a savepoint, and on a conflict into a temporary table, then one
``INSERT … SELECT … ON CONFLICT DO NOTHING``). A row that would break a unique constraint of
:class:`~mostra.listening.models.Mention` is skipped, as the ``ignore_conflicts`` of
``bulk_create`` does. Values are adapted as Django adapts them (times through the
backend's ``adapt_datetimefield_value``, JSON through its field), so the rows read back
the same as rows the ORM wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from mostra.listening.models import Mention

#: Fields whose Python value is the database's value (no adaptation).
_AS_IS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.FloatField,
    models.ForeignKey,
)

Row = Mapping[str, Any]
#: PostgreSQL: the table the rows are copied into (dropped at commit).
_TEMPORARY = "mostra_new_mentions"


def _adapter(field: models.Field, connection: Any) -> Callable[[Any], Any] | None:
    if isinstance(field, models.DateTimeField):
        if connection.vendor == "postgresql":
            return None  # psycopg takes aware datetimes (the backend returns them as is)
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, _AS_IS):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


#: A field's default: its value, the same for every row, or the callable that makes one
#: per row (``default=dict``).
Default = tuple[bool, Any]


def _default(field: models.Field) -> Default:
    if field.has_default() and callable(field.default):
        return True, field.get_default
    return False, field.get_default()


def _line(row: Row, plan: list[tuple[str, Default, Callable[[Any], Any] | None]]) -> list[Any]:
    """A row's values in the columns' order, defaults for the missing, adapted."""
    line = []
    for name, (made, default), adapt in plan:
        if name in row:
            value = row[name]
        else:
            value = default() if made else default
        line.append(value if adapt is None or value is None else adapt(value))
    return line


def insert(
    rows: Sequence[Row], *, using: str | None = None, connection: BaseDatabaseWrapper | None = None
) -> None:
    """Insert ``rows`` (values by attribute name) as mentions, in their order; rows
    that would break a unique constraint are skipped. ``connection``: the wrapper to
    write with (:class:`Writer`'s thread writes with its caller's), else ``using``'s."""
    if not rows:
        return
    if connection is None:
        connection = connections[using or router.db_for_write(Mention) or DEFAULT_DB_ALIAS]
    alias = connection.alias
    fields = [f for f in Mention._meta.concrete_fields if not f.primary_key]
    columns = [str(f.column) for f in fields]
    plan = [(f.attname, _default(f), _adapter(f, connection)) for f in fields]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(Mention._meta.db_table)} "
        f"({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT DO NOTHING"
    )
    values = [_line(row, plan) for row in rows]
    # One transaction (SQLite would otherwise commit each row; PostgreSQL drops its
    # temporary table at commit), without a savepoint when the caller opened one.
    with (
        nullcontext() if connection.in_atomic_block else transaction.atomic(using=alias),
        connection.cursor() as cursor,
    ):
        if connection.vendor == "postgresql":
            _copy(cursor, columns, values, quote)
        else:
            cursor.executemany(sql, values)


def _copy(cursor: Any, columns: list[str], values: list[list[Any]], quote: Any) -> None:
    """PostgreSQL: the rows copied (``COPY``, a fifth of the client's time of an insert
    with parameters) straight into the table, in a savepoint. The store has dropped the
    items already stored, so a conflict is rare (two pollers storing the same item at
    once): then the savepoint is rolled back and the rows go through :func:`_staged`,
    which skips the conflicting ones."""
    names = ", ".join(quote(c) for c in columns)
    table = quote(Mention._meta.db_table)
    # The wrapper's own savepoint (not ``atomic``, which takes the current thread's
    # connection: :class:`Writer` runs this on another thread, on its caller's).
    connection = cursor.db
    savepoint = connection.savepoint()
    try:
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for line in values:
                copy.write_row(line)
    except connection.Database.IntegrityError:
        connection.savepoint_rollback(savepoint)
        _staged(cursor, names, table, values)
    else:
        connection.savepoint_commit(savepoint)


def _staged(cursor: Any, names: str, table: str, values: list[list[Any]]) -> None:
    """The rows copied into a temporary table of the same columns, then inserted from
    it in their order, conflicts skipped. Two statements and the copy."""
    cursor.execute(
        f"DROP TABLE IF EXISTS {_TEMPORARY}; "
        f"CREATE TEMPORARY TABLE {_TEMPORARY} ON COMMIT DROP AS "
        f"SELECT 0 AS n, {names} FROM {table} LIMIT 0"
    )
    with cursor.cursor.copy(f"COPY {_TEMPORARY} (n, {names}) FROM STDIN") as copy:
        for n, line in enumerate(values):
            copy.write_row((n, *line))
    cursor.execute(
        f"INSERT INTO {table} ({names}) SELECT {names} FROM {_TEMPORARY} "
        "ORDER BY n ON CONFLICT DO NOTHING"
    )


class Writer:
    """Chunks of rows inserted in their order while the caller prepares the next ones.

    With ``background`` (a large ingest on PostgreSQL), each :meth:`write` hands its
    rows to a thread of its own that inserts them on the caller's connection, in the
    caller's transaction (the connection shared for the while,
    ``inc_thread_sharing``): the server's work on a chunk (the ``COPY``, the indexes)
    overlaps the caller's on the next (its rows' values, their match). The caller must
    not use the connection until the block ends; leaving it waits for every insert and
    raises the first error. Without ``background``, each write is inserted at once."""

    def __init__(self, *, background: bool, using: str | None = None) -> None:
        self.connection = connections[using or router.db_for_write(Mention) or DEFAULT_DB_ALIAS]
        self.background = background
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []

    def __enter__(self) -> Writer:
        if self.background:
            assert self.connection.in_atomic_block, "a background writer needs a transaction"
            self.connection.inc_thread_sharing()
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="mostra-mentions")
        return self

    def write(self, rows: Sequence[Row]) -> None:
        if self._pool is None:
            insert(rows, connection=self.connection)
            return
        self._pending.append(self._pool.submit(insert, rows, connection=self.connection))

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is None:
            return
        try:
            for future in self._pending:
                future.exception()  # every insert finished before the caller goes on
            self._pool.shutdown(wait=True)
        finally:
            self.connection.dec_thread_sharing()
        if exc_info[0] is None:
            for future in self._pending:
                future.result()
