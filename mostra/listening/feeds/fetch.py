"""Fetching a feed: conditional, bounded, through the outbound guard.

1. The request carries the validators of the last reading (``If-None-Match``,
   ``If-Modified-Since``): a ``304 Not Modified`` is a success with no item.
2. The call has :data:`DEADLINE` seconds in all (connection, redirects, every byte),
   follows at most :data:`MAX_REDIRECTS` redirects, and goes through
   :func:`mostra.core.http.outbound_client`'s guard (no private address unless allowed).
3. The body is read as a stream and abandoned past :data:`MAX_BYTES` (a declared
   ``Content-Length`` above it is refused before reading).
4. 429 and 503 carry the site's ``Retry-After`` (seconds or an HTTP date) to the poller.

Every failure is a :class:`~mostra.listening.errors.SourceError` with its code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx

from mostra.core.http import OutboundRefused, deadline_passed
from mostra.listening.errors import SourceError

#: The largest feed read (bytes): a feed of 100 entries with their content is ~1 MB.
MAX_BYTES = 5 * 1024 * 1024
#: The seconds one fetch has in all.
DEADLINE = 20.0
MAX_REDIRECTS = 5
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
    "text/xml;q=0.9, */*;q=0.1"
)


@dataclass(frozen=True)
class FeedResponse:
    status: int
    body: bytes
    content_type: str
    etag: str
    last_modified: str
    url: str


def retry_after(value: str | None, now: dt.datetime) -> float | None:
    """The seconds a ``Retry-After`` header asks to wait; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max((when - now).total_seconds(), 0.0)


def fetch(
    client: httpx.Client,
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    now: dt.datetime | None = None,
) -> FeedResponse:
    """GET ``url`` conditionally; the body read up to :data:`MAX_BYTES`."""
    headers = {"Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    now = now or dt.datetime.now(dt.UTC)
    try:
        with client.stream(
            "GET",
            url,
            headers=headers,
            follow_redirects=True,
            extensions={"deadline": DEADLINE},
        ) as response:
            _check_status(response, now)
            body = b"" if response.status_code == 304 else _read_capped(response)
            return FeedResponse(
                status=response.status_code,
                body=body,
                content_type=response.headers.get("Content-Type", ""),
                etag=response.headers.get("ETag", etag if response.status_code == 304 else ""),
                last_modified=response.headers.get(
                    "Last-Modified", last_modified if response.status_code == 304 else ""
                ),
                url=str(response.url),
            )
    except SourceError:
        raise
    except OutboundRefused as exc:
        raise SourceError("private_address", detail=str(exc)) from exc
    except httpx.TooManyRedirects as exc:
        raise SourceError("too_many_redirects", max=MAX_REDIRECTS) from exc
    except httpx.TimeoutException as exc:
        seconds = deadline_passed(exc)
        if seconds is not None:
            raise SourceError("too_slow", seconds=int(seconds)) from exc
        raise SourceError("unreachable", detail="timed out") from exc
    except httpx.HTTPError as exc:
        raise SourceError("unreachable", detail=str(exc) or type(exc).__name__) from exc


def _check_status(response: httpx.Response, now: dt.datetime) -> None:
    status = response.status_code
    if 200 <= status < 300 or status == 304:
        return
    if status in (429, 503):
        wait = retry_after(response.headers.get("Retry-After"), now)
        minutes = max(1, round((wait or 0) / 60)) if wait else 0
        if status == 429 or wait is not None:
            raise SourceError("rate_limited", retry_after=wait, status=status, minutes=minutes)
    if status in (404, 410):
        raise SourceError("not_found", status=status)
    if status in (401, 403, 451):
        raise SourceError("refused", status=status)
    raise SourceError("server_error", status=status)


def _read_capped(response: httpx.Response) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise SourceError("too_big", max_mb=MAX_BYTES // (1024 * 1024))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_BYTES:
            raise SourceError("too_big", max_mb=MAX_BYTES // (1024 * 1024))
        chunks.append(chunk)
    return b"".join(chunks)
