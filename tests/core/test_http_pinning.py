"""The guard connects to the very address it checked: DNS rebinding reaches nothing.

A small fake world: a resolver that answers names from a table (in order, the last
answer repeated: the first lookup can say "public" and the next one "127.0.0.1"), and
an "internet" where the public address 93.184.215.14 is a real HTTP server on
127.0.0.1. No test leaves the machine: an address outside the table is unreachable.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpcore
import httpx
import pytest

from mostra.core.http import OutboundRefused, outbound_client

PUBLIC = "93.184.215.14"


class _Recorder(BaseHTTPRequestHandler):
    """Keeps (path, Host) of every request; answers from the server's routes."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.server.seen.append((self.path, self.headers.get("Host", "")))  # type: ignore[attr-defined]
        status, headers = self.server.routes.get(self.path, (200, {}))  # type: ignore[attr-defined]
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


class Server(HTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.seen: list[tuple[str, str]] = []
        self.routes: dict[str, tuple[int, dict[str, str]]] = {}

    @property
    def port(self) -> int:
        return int(self.server_port)


@pytest.fixture
def servers() -> Iterator[tuple[Server, Server]]:
    """(the stand-in for a public server, a loopback service that must stay unreached)."""
    started = [Server(), Server()]
    for server in started:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield started[0], started[1]
    for server in started:
        server.shutdown()
        server.server_close()


@pytest.fixture
def world(monkeypatch, settings) -> dict[str, list[str | None]]:
    """Fake DNS (name -> answers in order, None: no answer) and a closed internet.

    Returns the DNS table, which a test fills.
    """
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    table: dict[str, list[str | None]] = {}
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.create_connection

    def getaddrinfo(host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in table:
            try:
                ipaddress.ip_address(name)  # only literals go to the real resolver
            except ValueError:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
            return real_getaddrinfo(host, port, *args, **kwargs)
        answers = table[name]
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if answer is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (answer, port))]

    def create_connection(address, *args, **kwargs):
        host, port = address
        resolved = getaddrinfo(host, port)[0][4][0]
        if resolved == PUBLIC:
            resolved = "127.0.0.1"  # the stand-in public server is local
        elif not ipaddress.ip_address(resolved).is_loopback:
            raise ConnectionRefusedError(f"{resolved} is outside the test's world")
        return real_connect((resolved, port), *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return table


def test_a_name_that_rebinds_to_loopback_reaches_nothing(world, servers) -> None:
    """Public when checked, 127.0.0.1 when httpx would have resolved it again."""
    _, inside = servers
    world["rebind.test"] = [PUBLIC, "127.0.0.1"]
    with (
        outbound_client() as client,
        pytest.raises(OutboundRefused, match="MOSTRA_ALLOW_PRIVATE_ADDRESSES"),
    ):
        client.get(f"http://rebind.test:{inside.port}/secret")
    assert inside.seen == []


def test_a_name_that_stops_resolving_is_a_connection_error(world, servers) -> None:
    """Callers catch httpx.ConnectError, which carries the request, as for any failure."""
    _, inside = servers
    world["flaky.test"] = [PUBLIC, None]
    with outbound_client() as client, pytest.raises(httpx.ConnectError, match="does not resolve"):
        try:
            client.get(f"http://flaky.test:{inside.port}/secret")
        except httpx.ConnectError as exc:
            assert exc.request.url.host == "flaky.test"
            raise
    assert inside.seen == []


def test_a_public_name_is_reached_at_its_checked_address_with_its_host(world, servers) -> None:
    public, _ = servers
    world["social.test"] = [PUBLIC]
    with outbound_client() as client:
        response = client.get(f"http://social.test:{public.port}/hello")
    assert response.text == "ok"
    assert public.seen == [("/hello", f"social.test:{public.port}")]


def test_a_redirect_hop_that_rebinds_is_refused(world, servers) -> None:
    """Every hop is checked and pinned, not only the first."""
    public, inside = servers
    world["public.test"] = [PUBLIC]
    world["inside.test"] = [PUBLIC, "127.0.0.1"]
    public.routes["/start"] = (302, {"Location": f"http://inside.test:{inside.port}/secret"})
    with outbound_client() as client, pytest.raises(OutboundRefused, match="127.0.0.1"):
        client.get(f"http://public.test:{public.port}/start")
    assert [path for path, _ in public.seen] == ["/start"]
    assert inside.seen == []


@pytest.mark.parametrize("target", ["http://inside.test:{port}/secret", "http://10.1.2.3/"])
def test_a_redirect_to_a_private_address_is_refused(world, servers, target) -> None:
    public, inside = servers
    world["public.test"] = [PUBLIC]
    world["inside.test"] = ["127.0.0.1"]
    location = target.format(port=inside.port)
    public.routes["/start"] = (302, {"Location": location})
    with outbound_client() as client, pytest.raises(OutboundRefused, match="private or local"):
        client.get(f"http://public.test:{public.port}/start")
    assert inside.seen == []
    with outbound_client(follow_redirects=False) as client:
        assert client.get(f"http://public.test:{public.port}/start").status_code == 302
    assert isinstance(OutboundRefused("x"), httpx.TransportError)


class _TLSStream(httpcore.NetworkStream):
    """A connection that records the TLS handshake's parameters and what is sent."""

    def __init__(self, calls: dict[str, object]) -> None:
        self.calls = calls
        self.sent = b""
        self.answer = b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> _TLSStream:
        self.calls["server_hostname"] = server_hostname
        self.calls["ssl_context"] = ssl_context
        return self

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.sent += buffer
        self.calls["sent"] = self.sent

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        answer, self.answer = self.answer, b""
        return answer

    def close(self) -> None:
        pass

    def get_extra_info(self, info: str) -> object:
        return None


def test_https_connects_to_the_checked_address_with_the_name_for_sni_and_host(
    world, monkeypatch
) -> None:
    """The TLS server name and the certificate check stay the host's name, not its address."""
    world["social.test"] = [PUBLIC]
    calls: dict[str, object] = {}

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        calls["connected"] = (host, port)
        return _TLSStream(calls)

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", connect_tcp)
    with outbound_client() as client:
        assert client.get("https://social.test/path").status_code == 204
    assert calls["connected"] == (PUBLIC, 443)
    assert calls["server_hostname"] == "social.test"
    context = calls["ssl_context"]
    assert isinstance(context, ssl.SSLContext)
    assert context.check_hostname and context.verify_mode == ssl.CERT_REQUIRED
    assert b"\r\nHost: social.test\r\n" in calls["sent"]  # type: ignore[operator]
