"""How mostra calls the OAuth networks (LinkedIn, X, Meta, Threads), and how it
recognises its own posts among an account's recent ones (reconciliation).

:func:`api_call` turns network failures into :class:`TransportError` (a timeout after a
publishing request leaves the outcome unknown); :func:`plain_error` gives an HTTP
status its usual meaning; :func:`same_text` and :func:`near` match a post read back
from the network with the one mostra sent.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import time
from typing import Any

import httpx
from django.utils.translation import gettext as _

from mostra.integrations.base import CredentialsRejected, TransportError, no_answer_within


def api_call(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    label: str,
    mutation: bool = False,
    **options: Any,
) -> httpx.Response:
    """Send one request; a network failure becomes a :class:`TransportError`.

    A timeout after a publishing request was sent leaves the outcome unknown
    (``unknown_outcome``): the post may exist, so it is reconciled, never re-sent blindly.
    """
    try:
        return client.request(method, url, **options)
    except httpx.TimeoutException as exc:
        if mutation:
            then = _(
                "The post may have been published: mostra checks the account's recent "
                "posts before trying again."
            )
            raise TransportError(
                no_answer_within(exc, then)
                or _(
                    "%(network)s did not answer in time: the post may have been published; "
                    "mostra checks the account's recent posts before trying again."
                )
                % {"network": label},
                unknown_outcome=True,
                code="timeout",
            ) from exc
        raise TransportError(
            no_answer_within(exc, _("mostra will try again."))
            or _("%(network)s did not answer in time.") % {"network": label},
            code="timeout",
        ) from exc
    except httpx.HTTPError as exc:
        raise TransportError(
            _("%(network)s cannot be reached (%(error)s).") % {"network": label, "error": exc},
            code="unreachable",
        ) from exc


def retry_after_seconds(response: httpx.Response, *, reset_header: str = "") -> float | None:
    """Seconds to wait: ``Retry-After``, or an epoch-seconds reset header (X's)."""
    value = response.headers.get("retry-after", "")
    if value.strip().isdigit():
        return float(value)
    reset = response.headers.get(reset_header, "") if reset_header else ""
    if reset.strip().isdigit():
        return max(1.0, float(reset) - time.time())
    return None


def plain_error(
    response: httpx.Response,
    label: str,
    detail: str,
    *,
    retry_after: float | None = None,
    code: str = "",
) -> TransportError:
    """The usual meaning of an HTTP status, with the network's own words."""
    status = response.status_code
    words = (
        f"{label}: {detail}"
        if detail
        else _("%(network)s answered %(status)s.")
        % {
            "network": label,
            "status": status,
        }
    )
    if status == 401:
        return CredentialsRejected(
            _("%(network)s refused the account's token (%(detail)s): reconnect the account.")
            % {"network": label, "detail": detail or status},
            http_status=status,
        )
    if status == 429:
        return TransportError(
            words, retry_after=retry_after or 60.0, code=code or "rate_limited", http_status=status
        )
    if status >= 500:
        return TransportError(words, retry_after=retry_after, code=code, http_status=status)
    return TransportError(words, permanent=True, code=code or "refused", http_status=status)


def json_of(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {"data": data}


# Reconciliation ------------------------------------------------------------------------

_URL = re.compile(r"https?://\S+")
_ESCAPED = re.compile(r"\\([\\|{}@\[\]()<>#*_~])")


def comparable(text: str) -> str:
    """A post's text as networks give it back: entities decoded, links (which X and
    others rewrite) removed, LinkedIn's escapes undone, whitespace collapsed."""
    text = html.unescape(_ESCAPED.sub(r"\1", text or ""))
    return " ".join(_URL.sub(" ", text).split()).casefold()


def same_text(sent: str, found: str) -> bool:
    """Whether a post read back from the network is the one mostra sent."""
    a, b = comparable(sent), comparable(found)
    return bool(a) and (a == b or (len(a) > 40 and b.startswith(a[:200])))


def parse_time(value: Any) -> dt.datetime | None:
    """An ISO 8601 time (Meta's ``+0000`` too) or epoch milliseconds (LinkedIn's)."""
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
    if not isinstance(value, str) or not value:
        return None
    text = value.replace("Z", "+00:00")
    if re.search(r"[+-]\d{4}$", text):
        text = f"{text[:-2]}:{text[-2:]}"
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def near(created: dt.datetime | None, found: dt.datetime | None) -> bool:
    """Whether a post found was created when the publication could have gone out: from an
    hour before it was due (clocks differ) to a week after (retries); unknown: yes."""
    if created is None or found is None:
        return True
    return created - dt.timedelta(hours=1) <= found <= created + dt.timedelta(days=7)
