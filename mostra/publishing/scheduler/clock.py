"""The database's notion of now, used for every due date, claim and lease.

Workers on several machines share one database; their clocks may drift apart. Every
time the engine compares or writes (due, claimed, published) comes from
:func:`now`: the database's clock on PostgreSQL (read once per loop tick, then
followed with the local monotonic clock), the local clock on SQLite (the database is
a file on this very machine: the same clock).
"""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection
from django.utils import timezone

#: How long an offset read from the database is trusted before it is read again.
REFRESH_SECONDS = 30.0

_offset = dt.timedelta(0)
_read_at: float | None = None


def database_now() -> dt.datetime:
    """Ask the database for its current time (SQLite: the local clock)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT clock_timestamp()")
            value = cursor.fetchone()[0]
        return value.astimezone(dt.UTC)
    return timezone.now()


def sync() -> dt.timedelta:
    """Read the database's clock again; return the offset (database − local)."""
    global _offset, _read_at
    before = timezone.now()
    remote = database_now()
    after = timezone.now()
    _offset = remote - (before + (after - before) / 2)
    _read_at = time.monotonic()
    return _offset


def now() -> dt.datetime:
    """Now, by the database's clock (the offset is refreshed every 30 seconds)."""
    if connection.vendor != "postgresql":
        return timezone.now()
    if _read_at is None or time.monotonic() - _read_at > REFRESH_SECONDS:
        sync()
    return timezone.now() + _offset


def offset() -> dt.timedelta:
    return _offset
