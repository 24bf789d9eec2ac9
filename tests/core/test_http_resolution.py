"""A name whose DNS servers do not answer holds a call no longer than its deadline.

The system's resolver cannot be interrupted: the guard resolves on a thread of its own
and waits for it the call's time left. Here the resolver is a stand-in that takes 10 s
to answer ``slow.test`` (the time a name server that drops queries costs), and a test
releases it when it ends. No test leaves the machine: no connection is ever opened.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from mostra.core.http import calls_within, deadline_passed, outbound_client

PUBLIC = "93.184.215.14"
#: How long the stand-in resolver keeps a slow lookup waiting (a test ends it sooner).
SLOW = 10.0


class Resolver:
    """``socket.getaddrinfo`` for the test's names: ``fast.test`` answers the public
    address at once; ``slow.test`` answers it after :data:`SLOW` seconds, or at once for
    its first ``fast_lookups`` lookups; every other name does not exist."""

    def __init__(self) -> None:
        self.released = threading.Event()
        self.fast_lookups = 0
        self.lookups: list[str] = []

    def __call__(self, host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        self.lookups.append(name)
        if name == "slow.test" and self.lookups.count(name) > self.fast_lookups:
            self.released.wait(SLOW)
        if name not in ("fast.test", "slow.test"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (PUBLIC, port))]


@pytest.fixture
def resolver(monkeypatch, settings) -> Iterator[Resolver]:
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False  # the guard resolves each name
    stand_in = Resolver()
    monkeypatch.setattr(socket, "getaddrinfo", stand_in)

    def no_connection(address, *args, **kwargs):
        raise ConnectionRefusedError(f"{address} is outside the test's world")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    yield stand_in
    stand_in.released.set()


def test_the_guards_lookup_stops_at_the_calls_deadline(resolver):
    """Without the bound, the lookup answers after 10 s and the call fails to connect."""
    with outbound_client(deadline=1.0) as client, pytest.raises(httpx.ConnectTimeout) as cut:
        client.get("http://slow.test/")
    assert "did not resolve within the call's time" in str(cut.value)
    assert cut.value.request.url.host == "slow.test"
    assert deadline_passed(cut.value) == 1.0


def test_the_connections_lookup_stops_at_the_calls_deadline(resolver):
    """The guard's check resolves at once; the connection's own lookup hangs."""
    resolver.fast_lookups = 1
    with calls_within(1.0), outbound_client() as client:
        with pytest.raises(httpx.ConnectTimeout, match="did not resolve within"):
            client.get("http://slow.test/")
    assert resolver.lookups == ["slow.test", "slow.test"]


def test_within_a_deadline_a_name_that_does_not_exist_says_so(resolver):
    with outbound_client(deadline=5.0) as client:
        with pytest.raises(httpx.ConnectError, match="does not resolve"):
            client.get("http://missing.test/")


def test_within_a_deadline_a_name_that_resolves_is_called_at_its_address(resolver):
    with outbound_client(deadline=5.0) as client:
        with pytest.raises(httpx.ConnectError, match=f"{PUBLIC}.*outside the test's world"):
            client.get("http://fast.test/")
    assert resolver.lookups == ["fast.test", "fast.test"]
