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

A call can have a total deadline, not only httpx's timeouts (which bound each read: a
server sending one byte every few seconds would hold a call for ever): the request's
``deadline`` extension (``client.post(url, extensions={"deadline": 8.0})``), the client's
``outbound_client(deadline=15.0)``, or :func:`calls_within` for every call made inside
(with a ``sending_rate``, a call sending a body has its size's time at that rate more:
an upload). It covers resolving the name, connecting, TLS, sending, and every byte of
the answer, redirects included:

1. a request hook notes when the call must be over (:data:`ENDS_AT`) and how long it had
   (:data:`DEADLINE`), once per call (a redirect keeps the first request's clock);
2. the guard's name resolution (:func:`resolve`) waits at most the time left, on a
   thread of its own: the system's resolver cannot be interrupted, and a name whose
   servers do not answer would otherwise hold the call for as long as the system waits
   (with ``MOSTRA_ALLOW_PRIVATE_ADDRESSES=1`` the guard resolves nothing: the
   connection's own lookup, the system's, is not bounded);
3. every read, write and connection of the network stream (:class:`DeadlineStream`)
   waits at most the time left, and raises a timeout once it has run out;
4. the answer's body, read after the transport returned, is read under the same clock.

:func:`deadline_passed` tells a caller that a failure was its call running out of time,
and how long the call had: the words a person reads say so.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, cast

import httpcore
import httpx
from django.conf import settings

from mostra import __version__

USER_AGENT = f"mostra/{__version__} (+self-hosted social media tool)"
TIMEOUT = httpx.Timeout(20.0, connect=5.0)
#: The longest one request waits on a server that does not answer: its connection, then
#: its answer (5 + 20 s). Each request of a publication has it in all, and its claim's
#: lease counts it per request (:mod:`mostra.publishing.services.leases`).
REQUEST_TIME = (TIMEOUT.connect or 0.0) + (TIMEOUT.read or 0.0)


#: The request extension naming its total deadline, in seconds (the hook sets it to the
#: deadline the call got, when it came from its client or :func:`calls_within`).
DEADLINE = "deadline"
#: The request extension the hook sets: when the call must be over (``time.monotonic()``).
ENDS_AT = "mostra.ends_at"
#: A write is sent in pieces of this size, so that the time left is checked between them.
WRITE_PIECE = 16 * 1024

#: A failure this close to its call's end is the deadline's (a wait cut to the time left
#: ends at it; the system's clock may round it a little short).
_AT_THE_END = 0.05

#: The deadline of the calls made in this context (:func:`calls_within`) when a call
#: names none: (seconds, the sending rate in bytes per second or None).
_default_deadline: ContextVar[tuple[float, float | None] | None] = ContextVar(
    "outbound_deadline", default=None
)
#: When the call on this thread must be over, while its transport or its body reads.
_ends_at: ContextVar[float | None] = ContextVar("outbound_ends_at", default=None)


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


def resolve(host: str, port: int) -> list[Any]:
    """``socket.getaddrinfo`` of ``host``, within the current call's time left.

    Without a deadline, on this thread. With one, on a thread of its own that this one
    waits for at most the time left: past it, :class:`httpx.ConnectTimeout` (the lookup
    goes on alone until the system's resolver gives up, then its thread ends).
    """
    left = _time_left(None, httpx.ConnectTimeout)
    if left is None:
        return socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    outcome: list[Any] = []

    def look_up() -> None:
        try:
            outcome.append(socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP))
        except Exception as exc:  # noqa: BLE001 - handed over to the caller's thread
            outcome.append(exc)

    lookup = threading.Thread(target=look_up, name=f"resolve {host}", daemon=True)
    lookup.start()
    lookup.join(left)
    if not outcome:
        raise httpx.ConnectTimeout(f"{host}: the name did not resolve within the call's time")
    if isinstance(outcome[0], Exception):
        raise outcome[0]
    return cast(list[Any], outcome[0])


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = resolve(host, port)
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
    """The request hook's check, under the call's clock (its name resolution included)."""
    token = _ends_at.set(request.extensions.get(ENDS_AT))
    try:
        check_url(request.url)
    except httpx.ConnectTimeout as exc:
        exc.request = request  # as the transport's own failures carry it
        raise
    finally:
        _ends_at.reset(token)


# --- The total deadline of a call ------------------------------------------------------


@contextmanager
def calls_within(seconds: float, *, sending_rate: float | None = None) -> Iterator[None]:
    """Give every outbound call made inside (on this thread) ``seconds`` in all, unless the
    call or its client names its own deadline.

    ``sending_rate`` (bytes per second): a call sending a body of known size (its
    ``Content-Length``: an upload) has the time to send it at that rate more.
    """
    token = _default_deadline.set((seconds, sending_rate))
    try:
        yield
    finally:
        _default_deadline.reset(token)


def _body_size(request: httpx.Request) -> int:
    """The bytes of the request's body, when known beforehand (0 otherwise)."""
    length = request.headers.get("Content-Length", "")
    return int(length) if length.isdigit() else 0


def _deadline_of(request: httpx.Request, default: float | None) -> float | None:
    """The seconds a call has in all: its own, its client's, else its context's."""
    seconds = request.extensions.get(DEADLINE, default)
    if seconds is not None:
        return float(seconds)
    within = _default_deadline.get()
    if within is None:
        return None
    seconds, rate = within
    return seconds + (_body_size(request) / rate if rate else 0.0)


def _deadline_hook(default: float | None) -> Any:
    """The request hook that starts a call's clock (``default``: the client's deadline)."""

    def start(request: httpx.Request) -> None:
        if ENDS_AT in request.extensions:
            return  # a redirect: the call's clock goes on
        seconds = _deadline_of(request, default)
        if seconds is not None:
            ends_at = time.monotonic() + seconds
            request.extensions = {**request.extensions, DEADLINE: seconds, ENDS_AT: ends_at}

    return start


def deadline_passed(error: BaseException) -> float | None:
    """The seconds its call had in all, when ``error`` is that call running out of them;
    None for any other failure (a refused connection, a read timeout well before the
    deadline, a call without one)."""
    if not isinstance(error, httpx.TimeoutException):
        return None
    try:
        extensions = error.request.extensions
    except RuntimeError:  # raised before the call had a request
        return None
    ends_at, seconds = extensions.get(ENDS_AT), extensions.get(DEADLINE)
    if ends_at is None or seconds is None or time.monotonic() < ends_at - _AT_THE_END:
        return None
    return float(seconds)


def _time_left(timeout: float | None, late: type[Exception]) -> float | None:
    """``timeout`` cut to the current call's time left; ``late`` raised once it is over."""
    ends_at = _ends_at.get()
    if ends_at is None:
        return timeout
    left = ends_at - time.monotonic()
    if left <= 0:
        raise late("the call ran out of time (its deadline passed)")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every operation waits at most the current call's time left."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if _ends_at.get() is None:
            self._stream.write(buffer, timeout)
            return
        for start in range(0, len(buffer), WRITE_PIECE):
            piece = buffer[start : start + WRITE_PIECE]
            self._stream.write(piece, _time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = _time_left(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _BodyWithinDeadline(httpx.SyncByteStream):
    """An answer's body, each of its reads under the call's clock."""

    def __init__(self, stream: httpx.SyncByteStream, ends_at: float) -> None:
        self._stream = stream
        self._ends_at = ends_at

    def __iter__(self) -> Iterator[bytes]:
        chunks = iter(self._stream)
        while True:
            token = _ends_at.set(self._ends_at)
            try:
                chunk = next(chunks, None)
            finally:
                _ends_at.reset(token)
            if chunk is None:
                return
            yield chunk

    def close(self) -> None:
        self._stream.close()


class PinnedBackend(httpcore.SyncBackend):
    """Opens connections only to addresses it has just resolved and checked.

    1. Resolve the host (within the call's time left: :func:`resolve`) and check every
       address (:func:`public_addresses`).
    2. Connect to the first of those addresses that answers, by address: no second
       lookup can change the answer between the check and the connection.

    Every connection is a :class:`DeadlineStream`, and waits at most the call's time left.
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
            left = _time_left(timeout, httpcore.ConnectTimeout)
            stream = super().connect_tcp(host, port, left, local_address, socket_options)
            return DeadlineStream(stream)
        try:
            addresses = public_addresses(host, port)  # OutboundRefused as it is
        except httpx.ConnectTimeout as exc:  # the name did not resolve in the time left
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except httpx.ConnectError as exc:  # the name does not resolve: httpx maps it back
            raise httpcore.ConnectError(str(exc)) from exc
        failure: Exception = httpcore.ConnectError(f"{host}: no address")
        for address in addresses:
            left = _time_left(timeout, httpcore.ConnectTimeout)
            try:
                stream = super().connect_tcp(
                    str(address), port, left, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return DeadlineStream(stream)
        raise failure


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport, its connections opened by :class:`PinnedBackend`; no proxy.

    A request with a deadline (:data:`ENDS_AT`) is sent, and its answer's body read,
    under that clock.
    """

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

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        ends_at = request.extensions.get(ENDS_AT)
        if ends_at is None:
            return super().handle_request(request)
        token = _ends_at.set(ends_at)
        try:
            response = super().handle_request(request)
        finally:
            _ends_at.reset(token)
        response.stream = _BodyWithinDeadline(cast(httpx.SyncByteStream, response.stream), ends_at)
        return response


def outbound_client(*, deadline: float | None = None, **options: Any) -> httpx.Client:
    """An httpx client with mostra's timeouts, user agent and address guard.

    The request hook refuses early, whatever the transport (tests give a mock one);
    :class:`GuardedTransport` makes the refusal binding where connections are opened.
    ``deadline``: the seconds each call has in all (connection, TLS, request, every byte
    of the answer, redirects); a request's ``deadline`` extension overrides it.
    """
    options.setdefault("transport", GuardedTransport(verify=options.pop("verify", True)))
    hooks = options.pop("event_hooks", {})
    hooks = {**hooks, "request": [_deadline_hook(deadline), _guard, *hooks.get("request", [])]}
    headers = {"User-Agent": USER_AGENT, **options.pop("headers", {})}
    options.setdefault("timeout", TIMEOUT)
    options.setdefault("follow_redirects", True)
    options.setdefault("max_redirects", 5)
    return httpx.Client(event_hooks=hooks, headers=headers, **options)
