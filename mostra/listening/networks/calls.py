"""The HTTP call every network source makes, and the error it raises in plain words.

A source's fetch goes through the outbound guard (:func:`mostra.core.http.outbound_client`)
with a total deadline per call. Every way a call can fail becomes one
:class:`SourceUnavailable` whose message says what happened and what to do; a server
asking to slow down (HTTP 429) carries how long to wait (``Retry-After``, in seconds, or
``X-RateLimit-Reset``, a date), so that polling can back off that long.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostra.core.errors import DomainError
from mostra.core.http import OutboundRefused, outbound_client
from mostra.core.json_files import read_json
from mostra.listening.items import FetchedItem

#: The seconds each call has in all (connection, request, every byte of the answer).
CALL_DEADLINE = 20.0
#: The largest answer read: a page of 40 statuses or 100 posts is a few hundred KB.
MAX_BYTES = 5 * 1024 * 1024


class SourceUnavailable(DomainError):
    """The source could not be read this time; the message says why and what to do.

    ``code`` and ``params`` say it again as the listening's failure codes
    (:mod:`mostra.listening.errors`: ``unreachable``, ``private_address``,
    ``rate_limited``, ``refused``, ``not_found``, ``server_error``), which a source
    stores to word it in its reader's language. ``retry_after``: the seconds the server
    asked to wait (HTTP 429), when it said.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "unexpected",
        retry_after: int | None = None,
        **params: Any,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.params = params
        self.retry_after = retry_after


@dataclass(frozen=True)
class Fetched:
    """What one fetch gave: the items, newest first, and the cursor to pass next time."""

    items: list[FetchedItem] = field(default_factory=list)
    cursor: str | None = None


@contextmanager
def client_for(given: httpx.Client | None) -> Iterator[httpx.Client]:
    """``given`` (a poller's client, already guarded) or a new outbound client, closed
    after."""
    if given is not None:
        yield given
        return
    with outbound_client() as client:
        yield client


def retry_after(response: httpx.Response, now: datetime | None = None) -> int | None:
    """The seconds a 429 asks to wait: ``Retry-After`` (seconds or an HTTP date), else
    Mastodon's ``X-RateLimit-Reset`` (an ISO date); None when neither says."""
    now = now or datetime.now(UTC)
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return int(value)
    moment: datetime | None = None
    if value:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            moment = None
    reset = response.headers.get("X-RateLimit-Reset", "").strip()
    if moment is None and reset:
        try:
            moment = datetime.fromisoformat(reset.replace("Z", "+00:00"))
        except ValueError:
            moment = datetime.fromtimestamp(int(reset), UTC) if reset.isdigit() else None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0, round((moment - now).total_seconds()))


def get_json(client: httpx.Client, url: str, params: Any, what: str) -> Any:
    """GET ``url`` and decode its JSON; every failure a :class:`SourceUnavailable`.

    ``what`` names the source as the user knows it (``#velo on mastodon.social``).
    """
    server = urlsplit(url).netloc
    try:
        with client.stream(
            "GET", url, params=params, extensions={"deadline": CALL_DEADLINE}
        ) as response:
            body = _body(response, server)
    except OutboundRefused as exc:
        raise SourceUnavailable(
            _(
                "%(server)s is a private address, which mostra does not call: give the "
                "server's public address."
            )
            % {"server": server},
            code="private_address",
        ) from exc
    except httpx.HTTPError as exc:
        raise SourceUnavailable(
            _(
                "%(server)s cannot be reached (%(reason)s): check the address, or wait for "
                "the next try."
            )
            % {"server": server, "reason": exc.__class__.__name__},
            code="unreachable",
            detail=exc.__class__.__name__,
        ) from exc
    status = response.status_code
    if status == 429:
        wait = retry_after(response)
        if wait is None:
            message = _("%(server)s asks to slow down: mostra reads %(what)s again later.")
        else:
            message = ngettext(
                "%(server)s asks to slow down: mostra reads %(what)s again in %(minutes)s minute.",
                "%(server)s asks to slow down: mostra reads %(what)s again in %(minutes)s minutes.",
                max(1, -(-wait // 60)),
            )
        raise SourceUnavailable(
            message % {"server": server, "what": what, "minutes": max(1, -(-(wait or 0) // 60))},
            code="rate_limited",
            retry_after=wait,
            status=status,
        )
    if status in (401, 403) or (status == 422 and b"authenticated" in body):
        # Mastodon answers 422 "This method requires an authenticated user" when an
        # instance keeps its timelines for its members.
        raise SourceUnavailable(
            _(
                "%(server)s does not let anyone read %(what)s without logging in: choose "
                "another server, or remove this source."
            )
            % {"server": server, "what": what},
            code="refused",
            status=status,
        )
    if status in (400, 404, 410):
        raise SourceUnavailable(
            _(
                "%(server)s does not know %(what)s (HTTP %(status)s): check the server's "
                "address and the source's settings."
            )
            % {"server": server, "what": what, "status": status},
            code="not_found",
            status=status,
        )
    try:
        response.raise_for_status()
        return read_json(body, server)
    except (httpx.HTTPStatusError, ValueError) as exc:
        raise SourceUnavailable(
            _(
                "%(server)s answered in an unexpected way (HTTP %(status)s): mostra tries "
                "again later."
            )
            % {"server": server, "status": status},
            code="server_error",
            status=status,
        ) from exc


def _body(response: httpx.Response, server: str) -> bytes:
    """The answer's body, read as a stream and abandoned past :data:`MAX_BYTES`."""
    declared = response.headers.get("Content-Length", "")
    parts: list[bytes] = []
    size = 0
    if not (declared.isdigit() and int(declared) > MAX_BYTES):
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_BYTES:
                break
            parts.append(chunk)
    if size > MAX_BYTES or (declared.isdigit() and int(declared) > MAX_BYTES):
        raise SourceUnavailable(
            _(
                "%(server)s sent more than %(max)s MB for one page, more than any page "
                "needs: mostra stopped reading it. Check the server's address."
            )
            % {"server": server, "max": MAX_BYTES // 1024**2},
            code="too_big",
            max_mb=MAX_BYTES // 1024**2,
        )
    return b"".join(parts)


def moment(*values: Any) -> datetime | None:
    """The first of ``values`` that is an ISO date, as an aware UTC datetime."""
    for value in values:
        if isinstance(value, str) and value:
            try:
                when = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return when.astimezone(UTC)
    return None


def counts(**values: Any) -> dict[str, int]:
    """The counts that are given (non-negative integers), by name; the others left out."""
    return {
        name: value
        for name, value in values.items()
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0
    }
