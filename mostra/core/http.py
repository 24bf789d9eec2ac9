"""The one seam through which mostra calls other servers.

Every outbound request goes through :func:`outbound_client`: timeouts, a user agent
naming mostra, and a guard that refuses private, loopback, link-local, multicast and
reserved addresses — after DNS resolution, on the first request and on every redirect
— unless the setting ``MOSTRA_ALLOW_PRIVATE_ADDRESSES=1`` allows them (tests against
local peers, self-hosted instances on a private network).

The check is binding: the client's transport resolves each host itself when it opens a
connection, checks every address and connects to one of those very addresses. httpx
does not look the name up a second time, so a resolver that answers a public address
to the check and ``127.0.0.1`` to the connection (DNS rebinding) reaches nothing. The
URL keeps the name: the ``Host`` header, the TLS server name (SNI) and the certificate
check are the host's, as without the guard. Environment proxies (``HTTPS_PROXY``) are
not used: a proxy would resolve the name itself, out of the guard's sight.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx
from django.conf import settings

from mostra import __version__

USER_AGENT = f"mostra/{__version__} (+self-hosted social media tool)"
TIMEOUT = httpx.Timeout(20.0, connect=5.0)


class OutboundRefused(httpx.TransportError):
    """The address is private or otherwise not reachable from mostra by policy."""


#: A label of a host name, IDNA-encoded: letters, digits, hyphens (and underscores, which
#: some private names use), neither first nor last a hyphen.
_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)", re.IGNORECASE)


def web_address(text: str) -> httpx.URL:
    """``text`` as an http(s) address mostra can call; ValueError when it is not one.

    Every place a person types an address that mostra calls (an instance, a server, a
    profile's link) reads it here first, so that a mistyped or crafted one is refused
    with that place's message saying what to type, before anything is called:

    1. httpx parses it (an IPv4 address with a leading zero, a bad port: refused);
    2. the scheme is http or https, the port (if any) between 1 and 65535;
    3. the host is an IP address, or a name of labels of letters, digits and hyphens
       (IDNA-encoded), the last one not all digits: the system would read
       ``2130706433`` or ``127.1`` as 127.0.0.1.
    """
    try:
        url = httpx.URL(text.strip())
    except (httpx.InvalidURL, ValueError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a web address: {text!r}") from exc
    if url.scheme not in {"http", "https"} or not url.raw_host:
        raise ValueError(f"not an http(s) address with a host: {text!r}")
    if url.port is not None and not 0 < url.port < 65536:
        raise ValueError(f"the port is out of range: {text!r}")
    host = url.raw_host.decode("ascii", "replace")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.removesuffix(".").split(".")
        if len(host) > 253 or labels[-1].isdigit() or not all(map(_LABEL.fullmatch, labels)):
            raise ValueError(f"not a host name: {text!r}") from None
    return url


def origin(url: httpx.URL) -> str:
    """``scheme://host[:port]`` of an address read by :func:`web_address`, in lower case."""
    return f"{url.scheme}://{url.netloc.decode('ascii').lower()}"


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise httpx.ConnectError(f"{host}: the name does not resolve ({exc.strerror})") from exc
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]


def public_addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The addresses of ``host``; :class:`OutboundRefused` when one of them is not public."""
    addresses = _addresses(host, port)
    for address in addresses:
        if not is_public(address):
            raise OutboundRefused(
                f"{host} is a private or local address ({address}); an administrator "
                "can allow such addresses with MOSTRA_ALLOW_PRIVATE_ADDRESSES=1"
            )
    return addresses


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not (address.is_multicast or address.is_reserved)


def private_allowed() -> bool:
    return bool(getattr(settings, "MOSTRA_ALLOW_PRIVATE_ADDRESSES", False))


def check_url(url: httpx.URL | str) -> None:
    """Raise :class:`OutboundRefused` when ``url`` may not be called."""
    url = httpx.URL(str(url))
    if url.scheme not in {"http", "https"}:
        raise OutboundRefused(f"{url.scheme}: only http and https addresses can be called")
    if not url.host or (url.port is not None and not 0 < url.port < 65536):
        raise OutboundRefused(f"{url}: no host, or a port out of range, cannot be called")
    if private_allowed():
        return
    public_addresses(url.host, url.port or (443 if url.scheme == "https" else 80))


def _guard(request: httpx.Request) -> None:
    check_url(request.url)


class PinnedBackend(httpcore.SyncBackend):
    """Opens connections only to addresses it has just resolved and checked.

    1. Resolve the host and check every address (:func:`public_addresses`).
    2. Connect to the first of those addresses that answers, by address: no second
       lookup can change the answer between the check and the connection.
    """

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        if private_allowed():
            return super().connect_tcp(host, port, timeout, local_address, socket_options)
        try:
            addresses = public_addresses(host, port)  # OutboundRefused as it is
        except httpx.ConnectError as exc:  # the name does not resolve: httpx maps it back
            raise httpcore.ConnectError(str(exc)) from exc
        failure: Exception = httpcore.ConnectError(f"{host}: no address")
        for address in addresses:
            try:
                return super().connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport, its connections opened by :class:`PinnedBackend`; no proxy."""

    def __init__(self, verify: ssl.SSLContext | bool = True) -> None:
        context = httpx.create_ssl_context(verify=verify)  # SSL_CERT_FILE honoured
        super().__init__(verify=context)
        self._pool = httpcore.ConnectionPool(  # httpx's own pool, httpx's default limits
            ssl_context=context,
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=PinnedBackend(),
        )


def outbound_client(**options: Any) -> httpx.Client:
    """An httpx client with mostra's timeouts, user agent and address guard.

    The request hook refuses early, whatever the transport (tests give a mock one);
    :class:`GuardedTransport` makes the refusal binding where connections are opened.
    """
    options.setdefault("transport", GuardedTransport(verify=options.pop("verify", True)))
    hooks = options.pop("event_hooks", {})
    hooks = {**hooks, "request": [_guard, *hooks.get("request", [])]}
    headers = {"User-Agent": USER_AGENT, **options.pop("headers", {})}
    options.setdefault("timeout", TIMEOUT)
    options.setdefault("follow_redirects", True)
    options.setdefault("max_redirects", 5)
    return httpx.Client(event_hooks=hooks, headers=headers, **options)
