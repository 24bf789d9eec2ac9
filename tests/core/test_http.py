"""Outbound requests refuse private addresses unless an administrator allows them."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx
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


def test_a_public_address_passes(settings):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    check_url("https://93.184.215.14/")  # a literal public address: no DNS needed


class _Redirect(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/start":
            self.send_response(302)
            self.send_header("Location", "http://10.1.2.3/inside")
        else:
            self.send_response(200)
            self.send_header("X-Seen-Agent", self.headers.get("User-Agent", ""))
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server():
    server = HTTPServer(("127.0.0.1", 0), _Redirect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_guard_runs_on_every_request_and_redirect(settings, local_server):
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    with outbound_client() as client, pytest.raises(OutboundRefused):
        client.get(f"{local_server}/ok")
    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = True
    with outbound_client() as client:
        response = client.get(f"{local_server}/ok")
        assert response.headers["X-Seen-Agent"] == USER_AGENT


def test_a_redirect_to_a_private_address_is_refused(settings, local_server, monkeypatch):
    """Allowed for the first hop only (a stand-in for a public server), then refused."""
    from mostra.core import http

    settings.MOSTRA_ALLOW_PRIVATE_ADDRESSES = False
    real = http._addresses
    port = int(local_server.rsplit(":", 1)[1])
    monkeypatch.setattr(
        http,
        "_addresses",
        lambda host, p: (
            [http.ipaddress.ip_address("93.184.215.14")]
            if (host, p) == ("127.0.0.1", port)
            else real(host, p)
        ),
    )
    with outbound_client() as client, pytest.raises(OutboundRefused, match="10.1.2.3"):
        client.get(f"{local_server}/start")
    with outbound_client(follow_redirects=False) as client:
        assert client.get(f"{local_server}/start").status_code == 302
    assert isinstance(OutboundRefused("x"), httpx.TransportError)
