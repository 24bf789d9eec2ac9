"""The code → link lookup of the redirect, kept in each process for a few seconds.

An edit made in this process forgets its code at once; other processes see it within
:data:`TTL` seconds (each keeps its own copy: no shared cache to run).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass

#: Seconds a looked-up code is trusted before it is read again.
TTL = 10.0
#: Codes kept at most (unknown codes included): beyond, the table starts afresh.
MAX_ENTRIES = 50_000


@dataclass(frozen=True)
class Entry:
    """What the redirect needs of one code; ``link_id`` None: no such code."""

    link_id: int | None
    url: str = ""
    expires_at: dt.datetime | None = None
    disabled: bool = False

    def is_live(self, now: dt.datetime) -> bool:
        return not self.disabled and (self.expires_at is None or self.expires_at > now)


_entries: dict[str, tuple[float, Entry]] = {}
_lock = threading.Lock()


def get(code: str) -> Entry | None:
    found = _entries.get(code)
    if found is None or found[0] < time.monotonic():
        return None
    return found[1]


def put(code: str, entry: Entry) -> None:
    with _lock:
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
        _entries[code] = (time.monotonic() + TTL, entry)


def forget(code: str) -> None:
    with _lock:
        _entries.pop(code, None)


def clear() -> None:
    with _lock:
        _entries.clear()
