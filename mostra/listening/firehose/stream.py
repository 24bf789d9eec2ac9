"""Opening a subscription to a firehose through the outbound guard.

The service's address (``wss://bsky.network``, ``ws://localhost:2583``) is vetted as
every address mostra calls (:mod:`mostra.core.http`): ``ws``/``wss`` read as
``http``/``https``, the host resolved and refused when one of its addresses is private,
loopback or reserved, unless ``MOSTRA_ALLOW_PRIVATE_ADDRESSES=1``. The check is binding:
the socket is connected here to one of the very addresses checked, and handed to the
WebSocket client (the TLS server name stays the host's).

The client reads the socket on a thread of its own into a bounded buffer of
:data:`BUFFER` frames of :data:`MAX_FRAME` bytes at most: a consumer slower than the
network stops reading the socket (TCP pushes back on the service, which ends the
stream with ``ConsumerTooSlow`` after a while), its memory never grows without bound.
"""

from __future__ import annotations

import socket
import ssl
from urllib.parse import urlencode, urlsplit

from websockets.sync.client import ClientConnection, connect

from mostra.core.http import (
    USER_AGENT,
    OutboundRefused,
    check_url,
    private_allowed,
    public_addresses,
)

PATH = "/xrpc/com.atproto.sync.subscribeRepos"
#: Frames buffered at most between the network and the consumer.
BUFFER = 256
#: The largest frame read (a commit's blocks are limited to 2 MB by the relays).
MAX_FRAME = 2 * 1024 * 1024 + 64 * 1024
#: Seconds to connect and open the subscription.
OPEN_TIMEOUT = 10.0


def service_address(text: str) -> str:
    """``text`` as a firehose service's address, ``ws(s)://host[:port]`` in lower case;
    ValueError when it is not one. ``http(s)`` reads as ``ws(s)``; a path is dropped."""
    value = text.strip()
    parts = urlsplit(value if "://" in value else f"wss://{value}")
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme.lower(), parts.scheme.lower())
    if scheme not in {"ws", "wss"} or not parts.hostname:
        raise ValueError(f"not a firehose address: {text!r}")
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"the port is out of range: {text!r}") from exc
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}" + (f":{port}" if port else "")


def http_form(service_url: str) -> str:
    """The address as the guard reads it (``ws`` → ``http``, ``wss`` → ``https``)."""
    return "http" + service_url.removeprefix("ws")


def subscription_url(service_url: str, cursor: int | None) -> str:
    query = f"?{urlencode({'cursor': cursor})}" if cursor is not None else ""
    return f"{service_url}{PATH}{query}"


def _socket(service_url: str) -> socket.socket:
    """A TCP connection to the service, to an address the guard allowed."""
    parts = urlsplit(http_form(service_url))
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    check_url(http_form(service_url))  # the scheme, the host, the port
    if private_allowed():
        return socket.create_connection((host, port), timeout=OPEN_TIMEOUT)
    failure: OSError | None = None
    for address in public_addresses(host, port):
        try:
            return socket.create_connection((str(address), port), timeout=OPEN_TIMEOUT)
        except OSError as exc:
            failure = exc
    raise failure or OSError(f"{host}: no address to connect to")


def open_subscription(service_url: str, cursor: int | None) -> ClientConnection:
    """The subscription from the event after ``cursor`` (the live end when None).

    Raises :class:`~mostra.core.http.OutboundRefused` for an address the guard refuses,
    OSError or a websockets error when the service cannot be reached.
    """
    sock = _socket(service_url)
    try:
        secure = service_url.startswith("wss://")
        return connect(
            subscription_url(service_url, cursor),
            sock=sock,
            ssl=ssl.create_default_context() if secure else None,
            server_hostname=urlsplit(service_url).hostname if secure else None,
            user_agent_header=USER_AGENT,
            proxy=None,
            compression=None,
            open_timeout=OPEN_TIMEOUT,
            max_size=MAX_FRAME,
            max_queue=BUFFER,
        )
    except BaseException:
        sock.close()
        raise


__all__ = ["OutboundRefused", "open_subscription", "service_address", "subscription_url"]
