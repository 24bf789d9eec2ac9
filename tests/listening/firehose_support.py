"""Reading a local PDS's firehose directly, to check what the consumer did."""

from __future__ import annotations

from websockets.sync.client import connect

from mostra.listening.firehose.frames import Event, decode
from mostra.listening.firehose.stream import subscription_url


def read_events(url: str, cursor: int, quiet: float = 1.0) -> list[Event]:
    """Every event after ``cursor`` the service keeps, read until it is quiet."""
    events: list[Event] = []
    with connect(subscription_url(url, cursor), max_size=None, open_timeout=10) as ws:
        while True:
            try:
                frame = ws.recv(timeout=quiet)
            except TimeoutError:
                return events
            if isinstance(frame, bytes):
                events.append(decode(frame))


def head_seq(url: str) -> int:
    """The number of the service's last event (0 when it has none)."""
    return max((e.seq for e in read_events(url, 0) if e.seq is not None), default=0)
