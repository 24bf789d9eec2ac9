"""The one seam through which mostra calls other servers.

Every outbound request goes through :func:`outbound_client`: timeouts, a user agent
naming mostra, and a guard that refuses private, loopback, link-local, multicast and
reserved addresses — after DNS resolution, on the first request and on every redirect
— unless the setting ``MOSTRA_ALLOW_PRIVATE_ADDRESSES=1`` allows them (tests against
local peers, self-hosted instances on a private network).
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import httpx
from django.conf import settings

from mostra import __version__

USER_AGENT = f"mostra/{__version__} (+self-hosted social media tool)"
TIMEOUT = httpx.Timeout(20.0, connect=5.0)


class OutboundRefused(httpx.TransportError):
    """The address is private or otherwise not reachable from mostra by policy."""


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
    if private_allowed():
        return
    port = url.port or (443 if url.scheme == "https" else 80)
    for address in _addresses(url.host, port):
        if not is_public(address):
            raise OutboundRefused(
                f"{url.host} is a private or local address ({address}); an administrator "
                "can allow such addresses with MOSTRA_ALLOW_PRIVATE_ADDRESSES=1"
            )


def _guard(request: httpx.Request) -> None:
    check_url(request.url)


def outbound_client(**options: Any) -> httpx.Client:
    """An httpx client with mostra's timeouts, user agent and address guard."""
    hooks = options.pop("event_hooks", {})
    hooks = {**hooks, "request": [_guard, *hooks.get("request", [])]}
    headers = {"User-Agent": USER_AGENT, **options.pop("headers", {})}
    options.setdefault("timeout", TIMEOUT)
    options.setdefault("follow_redirects", True)
    options.setdefault("max_redirects", 5)
    return httpx.Client(event_hooks=hooks, headers=headers, **options)
