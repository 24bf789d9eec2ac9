"""A call's total deadline holds against a tarpit: a server on 127.0.0.1 that answers one
byte at a time, each within the read timeout, would otherwise hold the call until it is
done (httpx's timeouts bound each read, not the call)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from mostra.core.http import calls_within, outbound_client
from tests.tarpit import Tarpit

BODY = b"0123456789ab"
HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\n"


@pytest.fixture
def allow_local(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def body_tarpit(allow_local) -> Iterator[Tarpit]:
    """Headers at once, then the 12 bytes of the body one a second: 12 s for the call."""
    server = Tarpit(HEADERS, BODY)
    yield server
    server.close()


@pytest.fixture
def header_tarpit(allow_local) -> Iterator[Tarpit]:
    """The status line and headers themselves one byte a second."""
    server = Tarpit(b"", HEADERS + BODY)
    yield server
    server.close()


def test_a_body_dribbled_byte_by_byte_stops_at_the_clients_deadline(body_tarpit):
    """Without the deadline the call succeeds after 12 s: each byte within the 10 s read
    timeout."""
    with outbound_client(timeout=httpx.Timeout(10.0, connect=5.0), deadline=2.0) as client:
        with pytest.raises(httpx.TimeoutException):
            client.get(body_tarpit.url)  # 12 s without the deadline, each read within 10 s


def test_headers_dribbled_byte_by_byte_stop_at_the_requests_deadline(header_tarpit):
    with outbound_client(timeout=httpx.Timeout(10.0, connect=5.0)) as client:
        with pytest.raises(httpx.TimeoutException):
            client.get(header_tarpit.url, extensions={"deadline": 2.0})


def test_a_streamed_answer_is_read_under_the_calls_clock(body_tarpit):
    """The body read after the transport returned (``client.stream``, as the link card
    reads a page) stops at the deadline too."""
    received = b""
    with outbound_client(timeout=httpx.Timeout(10.0, connect=5.0)) as client:
        with pytest.raises(httpx.TimeoutException):
            with client.stream("GET", body_tarpit.url, extensions={"deadline": 2.0}) as answer:
                assert answer.status_code == 200  # the headers came at once
                for chunk in answer.iter_bytes():
                    received += chunk
    assert 0 < len(received) < len(BODY)


def test_calls_within_gives_every_call_inside_a_deadline(body_tarpit):
    with calls_within(2.0), outbound_client(timeout=httpx.Timeout(10.0)) as client:
        with pytest.raises(httpx.TimeoutException):
            client.get(body_tarpit.url)


def test_a_tls_handshake_that_never_comes_stops_at_the_deadline(allow_local):
    """A server that accepts the connection and says nothing (then hangs up after 12 s):
    the handshake gives up at the deadline, not when the server hangs up."""
    silent = Tarpit(b"", b"\0" * 12)
    try:
        url = silent.url.replace("http://", "https://")
        with outbound_client(timeout=httpx.Timeout(None), deadline=2.0) as client:
            with pytest.raises(httpx.ConnectTimeout):
                client.get(url)
    finally:
        silent.close()


class _Quick:
    """An HTTP server answering at once, keeping connections alive."""

    def __init__(self) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_calls_in_time_are_answered_on_the_same_connection(allow_local):
    quick = _Quick()
    try:
        with outbound_client(deadline=5.0) as client:
            first = client.get(quick.url)
            second = client.get(quick.url)
        assert first.text == second.text == "ok"
    finally:
        quick.close()
