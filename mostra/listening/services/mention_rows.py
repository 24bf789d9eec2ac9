"""New mentions written straight to their table: the ingest's insert.

Ingest stores thousands of rows a second; ``bulk_create`` builds a model instance per
row and prepares every value of every row through its field, which cost more than the
database's own work. :func:`insert` takes the rows as plain values by attribute name
(``workspace_id``, ``text``…; one missing takes its field's default, as a model
instance would) and executes one ``INSERT … ON CONFLICT DO NOTHING`` for all of them
(SQLite: ``executemany``, the statement prepared once; PostgreSQL: ``COPY`` into a
temporary table, then one ``INSERT … SELECT``). A row that would break a unique constraint of
:class:`~mostra.listening.models.Mention` is skipped, as the ``ignore_conflicts`` of
``bulk_create`` does. Values are adapted as Django adapts them (times through the
backend's ``adapt_datetimefield_value``, JSON through its field), so the rows read back
the same as rows the ORM wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction

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


def insert(rows: Sequence[Row], *, using: str | None = None) -> None:
    """Insert ``rows`` (values by attribute name) as mentions, in their order; rows
    that would break a unique constraint are skipped."""
    if not rows:
        return
    alias = using or router.db_for_write(Mention) or DEFAULT_DB_ALIAS
    connection = connections[alias]
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
    with parameters) into a temporary table of the same columns, then inserted from it
    in their order, conflicts skipped. Two statements and the copy."""
    names = ", ".join(quote(c) for c in columns)
    table = quote(Mention._meta.db_table)
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
