"""What a Mastodon instance's refusals mean, in plain words, as :class:`TransportError`.

Steps of :func:`error_for` (one HTTP answer that is not a success):

1. 401: the token was revoked or has expired → :class:`CredentialsRejected`;
2. 403 about scopes (the token lacks one) or the login (the account is disabled or
   suspended) → :class:`CredentialsRejected` as well;
3. 429: rate limited → retried after ``Retry-After`` or ``X-RateLimit-Reset``;
4. 422: the instance refused the content (text over its limit, a file it cannot
   process) → permanent, with its words;
5. 5xx, 408: the instance had a problem → retried;
6. any other 4xx → permanent, with the instance's words.

Messages never hold the token: :func:`scrub` removes it from whatever the instance
answered before it goes into an exception.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math
import re
from typing import Any

import httpx
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.integrations.base import CredentialsRejected, TransportError, no_answer_within

#: The scopes mostra asks for: publishing, uploading media, reading counts.
SCOPES = ("read", "write:statuses", "write:media")

#: "Validation failed: Text character limit of 500 exceeded" (Mastodon), or "Text is too
#: long (maximum is 500 characters)" (older versions and imitations).
_LIMIT_WORDS = re.compile(
    r"character limit of (\d+)|maximum is (\d+) characters|(\d+) characters? max", re.I
)
#: The longest part of an instance's answer kept in a message.
EXCERPT = 300


def scrub(text: str, secret: str | None) -> str:
    """``text`` without ``secret`` (a token echoed back by a server must go no further)."""
    if secret and len(secret) >= 4:
        text = text.replace(secret, "***")
    return text


def instance_words(response: httpx.Response) -> str:
    """What the instance said: its ``error`` (and ``error_description``), else a short
    excerpt of a plain-text answer; never an HTML page."""
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        words = " ".join(
            str(body[k]).strip() for k in ("error", "error_description") if body.get(k)
        )
        return words[:EXCERPT]
    content_type = response.headers.get("content-type", "")
    if "html" in content_type or not response.text.strip():
        return ""
    return " ".join(response.text.split())[:EXCERPT]


def retry_after(headers: httpx.Headers, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait, from ``Retry-After`` (seconds or an HTTP date), else from
    ``X-RateLimit-Reset`` (Mastodon's ISO 8601 date, or seconds since the epoch)."""
    now = now or timezone.now()
    value = headers.get("retry-after", "").strip()
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                when = None
            if when is not None:
                return _until(when, now)
    value = headers.get("x-ratelimit-reset", "").strip()
    if value:
        try:
            return _until(dt.datetime.fromisoformat(value.replace("Z", "+00:00")), now)
        except ValueError:
            pass
        try:
            number = float(value)
        except ValueError:
            return None
        if number > 1_000_000_000:  # a Unix time, as some Mastodon-API servers send
            return _until(dt.datetime.fromtimestamp(number, tz=dt.UTC), now)
        return max(0.0, number)
    return None


def _until(when: dt.datetime, now: dt.datetime) -> float:
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return float(max(0, math.ceil((when - now).total_seconds())))


def text_limit_in(words: str) -> int | None:
    """The character limit an instance names in its refusal, if it names one."""
    found = _LIMIT_WORDS.search(words)
    if not found:
        return None
    return int(next(g for g in found.groups() if g))


def error_for(response: httpx.Response, *, token: str | None = None) -> TransportError:
    """The error that stands for ``response`` (a 4xx or 5xx answer)."""
    status = response.status_code
    words = scrub(instance_words(response), token)
    said = _(" (the instance said: “%(words)s”)") % {"words": words} if words else ""
    common: dict[str, Any] = {"http_status": status}
    if status == 401:
        return CredentialsRejected(
            _(
                "The Mastodon instance refused the access token: it was revoked or has "
                "expired%(said)s. Reconnect the account."
            )
            % {"said": said},
            **common,
        )
    if status == 403 and "scope" in words.lower():
        return CredentialsRejected(
            _(
                "The access token lacks a permission mostra needs%(said)s. Reconnect the "
                "account with the scopes %(scopes)s."
            )
            % {"said": said, "scopes": " ".join(SCOPES)},
            **common,
        )
    if status == 403 and "login" in words.lower():
        return CredentialsRejected(
            _(
                "The instance does not let this account act%(said)s: check the account on "
                "the instance, then reconnect it."
            )
            % {"said": said},
            **common,
        )
    if status == 429:
        wait = retry_after(response.headers)
        return TransportError(
            _("The instance limits how often mostra may call it; mostra will try again later."),
            retry_after=wait,
            code="rate_limited",
            **common,
        )
    if status == 422:
        limit = text_limit_in(words)
        if limit is not None and "text" in words.lower():
            message = _(
                "The instance refused the text: it is longer than the %(limit)d characters "
                "this instance accepts. Shorten it, then publish again."
            ) % {"limit": limit}
            return TransportError(message, permanent=True, code="text_too_long", **common)
        return TransportError(
            _("The instance refused the post%(said)s. Correct it, then publish again.")
            % {"said": said},
            permanent=True,
            code="refused",
            **common,
        )
    if status == 413:
        return TransportError(
            _("The instance refused a file as too large%(said)s: use a smaller one.")
            % {"said": said},
            permanent=True,
            code="too_large",
            **common,
        )
    if status == 404:
        return TransportError(
            _("The instance has no such post or account%(said)s.") % {"said": said},
            permanent=True,
            code="not_found",
            **common,
        )
    if status >= 500 or status == 408:
        return TransportError(
            _("The instance had a problem (HTTP %(status)d); mostra will try again.")
            % {"status": status},
            **common,
        )
    return TransportError(
        _("The instance refused the request (HTTP %(status)d)%(said)s.")
        % {"status": status, "said": said},
        permanent=True,
        code="refused",
        **common,
    )


def error_for_exception(exc: httpx.HTTPError, host: str, *, sent: bool) -> TransportError:
    """The error for a request that got no answer; ``sent``: it may have reached the
    instance (a write whose answer timed out): its outcome is unknown."""
    from mostra.core.http import OutboundRefused

    if isinstance(exc, OutboundRefused):
        return TransportError(str(exc), permanent=True, code="address_refused")
    if isinstance(exc, httpx.ConnectTimeout | httpx.ConnectError):
        return TransportError(
            _("mostra could not reach the instance %(host)s; it will try again.") % {"host": host},
            code="unreachable",
        )
    if sent and isinstance(exc, httpx.TimeoutException | httpx.RemoteProtocolError):
        return TransportError(
            no_answer_within(
                exc,
                _(
                    "The post may have gone out: mostra tries again with the same "
                    "idempotency key, which meets it if it did."
                ),
            )
            or _(
                "The instance %(host)s did not answer in time: the post may have gone out. "
                "mostra tries again with the same idempotency key, which meets it if it did."
            )
            % {"host": host},
            unknown_outcome=True,
            code="timeout",
        )
    return TransportError(
        no_answer_within(exc, _("mostra will try again."))
        or _("The instance %(host)s did not answer (%(problem)s); mostra will try again.")
        % {"host": host, "problem": type(exc).__name__},
        code="timeout",
    )
