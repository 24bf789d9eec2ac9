"""Outbound requests refuse private addresses unless an administrator allows them.

Redirects and DNS rebinding: test_http_pinning.py.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from mostra.core.http import USER_AGENT, OutboundRefused, check_url, outbound_client


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8000/",
        "http://10.0.0.8/",
        "http://192.168.1.10/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
def test_private_and_local_addresses_are_refused(settings, url):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(OutboundRefused, match="MOSTRA_ALLOW_PRIVATE_ADDRESSES"):
        check_url(url)


def test_other_schemes_are_refused(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    with pytest.raises(OutboundRefused, match="only http and https"):
        check_url("file:///etc/passwd")


@pytest.mark.parametrize("allowed", [False, True])
def test_a_port_out_of_range_is_refused_before_any_connection(settings, allowed):
    """The system would wrap 99999 round to 34463, or the connection fail with a traceback."""
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = allowed
    with pytest.raises(OutboundRefused, match="port out of range"):
        check_url("https://93.184.215.14:99999/hook")


def test_a_public_address_passes(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    check_url("https://93.184.215.14/")  # a literal public address: no DNS needed


class _Agent(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send_response(200)
        self.send_header("X-Seen-Agent", self.headers.get("User-Agent", ""))
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server():
    server = HTTPServer(("127.0.0.1", 0), _Agent)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_loopback_is_refused_unless_an_administrator_allows_it(settings, local_server):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    with outbound_client() as client, pytest.raises(OutboundRefused):
        client.get(f"{local_server}/ok")
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    with outbound_client() as client:
        response = client.get(f"{local_server}/ok")
        assert response.headers["X-Seen-Agent"] == USER_AGENT
