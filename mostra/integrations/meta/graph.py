"""What Facebook, Instagram and Threads share: Meta's Graph API errors, calls and media.

Graph errors come as ``{"error": {"message", "type", "code", "error_subcode",
"error_user_msg", "is_transient"}}``; :func:`graph_error` turns them into mostra's errors:

- code 190 (or 102, or HTTP 401): the token is no longer valid → reconnect;
- codes 4, 17, 32, 613, 80001–80014: rate limits → wait (the usage headers say how long);
- code 9 / subcode 2207042: Instagram's posts-per-24-hours limit → try again in an hour;
- ``is_transient``, codes 1 and 2, HTTP 5xx: temporary → retry with backoff;
- anything else: refused, with Meta's words.

Instagram and Threads fetch images themselves from a public address
(:func:`public_media_url`), so mostra must be reachable from the internet there.
"""

from __future__ import annotations

import ipaddress
import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from mostra.integrations.api_versions import GRAPH, THREADS, version_for
from mostra.integrations.base import CredentialsRejected, OutgoingMedia, TransportError
from mostra.integrations.calls import json_of

RATE_LIMIT_CODES = {4, 17, 32, 613, *range(80001, 80015)}
INSTAGRAM_DAILY_LIMIT_SUBCODE = 2207042
MEDIA_SALT = "mostra.publishing.public-media"
#: How long a public media address stays valid (Meta fetches it within minutes).
MEDIA_MAX_AGE = 3 * 24 * 3600


def graph_url(path: str) -> str:
    return f"{GRAPH.base_url}/{version_for('meta')}/{path.lstrip('/')}"


def threads_url(path: str) -> str:
    return f"{THREADS.base_url}/{THREADS.version}/{path.lstrip('/')}"


def _wait_from_usage(response: httpx.Response) -> float | None:
    """Minutes to regain access, from ``X-Business-Use-Case-Usage`` / ``X-App-Usage``."""
    for header in ("x-business-use-case-usage", "x-app-usage"):
        raw = response.headers.get(header, "")
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            continue
        items: list[Any] = []
        if isinstance(data, dict):
            for value in data.values():
                items.extend(value if isinstance(value, list) else [value])
        for item in items:
            minutes = (
                item.get("estimated_time_to_regain_access") if isinstance(item, dict) else None
            )
            if isinstance(minutes, int | float) and minutes > 0:
                return float(minutes) * 60
    retry = response.headers.get("retry-after", "")
    return float(retry) if retry.isdigit() else None


def graph_error(response: httpx.Response, label: str) -> TransportError:
    """The mostra error for a Graph API answer that is not a success."""
    error = json_of(response).get("error") or {}
    code = int(error.get("code") or 0) if str(error.get("code") or "").isdigit() else 0
    subcode = error.get("error_subcode")
    detail = str(error.get("error_user_msg") or error.get("message") or "").strip()[:400]
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
    if code in {190, 102} or status == 401:
        return CredentialsRejected(
            _(
                "%(network)s no longer accepts the account's token (%(detail)s): "
                "reconnect the account."
            )
            % {"network": label, "detail": detail or status},
            http_status=status,
            code="token_invalid",
        )
    if code == 9 and subcode == INSTAGRAM_DAILY_LIMIT_SUBCODE:
        return TransportError(
            _(
                "Instagram's limit of posts per 24 hours for this account is reached: "
                "mostra tries again in an hour."
            ),
            retry_after=3600.0,
            code="daily_limit",
            http_status=status,
        )
    if code in RATE_LIMIT_CODES or status == 429:
        return TransportError(
            words,
            retry_after=_wait_from_usage(response) or 600.0,
            code="rate_limited",
            http_status=status,
        )
    if error.get("is_transient") or code in {1, 2} or status >= 500:
        return TransportError(words, code="temporary", http_status=status)
    return TransportError(
        words, permanent=True, code=f"graph_{code}" if code else "refused", http_status=status
    )


def checked(response: httpx.Response, label: str) -> dict[str, Any]:
    """The answer's JSON, or the mapped error."""
    if response.status_code >= 400:
        raise graph_error(response, label)
    data = json_of(response)
    if isinstance(data.get("error"), dict):
        raise graph_error(response, label)
    return data


# Public media --------------------------------------------------------------------------


def media_token(path: str) -> str:
    """A signed token naming one uploaded file (relative to MEDIA_ROOT)."""
    return signing.dumps({"p": path}, salt=MEDIA_SALT)


def media_path_of(token: str) -> str:
    """The file a token names; raises ``signing.BadSignature`` when altered or expired."""
    return str(signing.loads(token, salt=MEDIA_SALT, max_age=MEDIA_MAX_AGE)["p"])


def _public_base_problem(base: str, explicit: bool) -> str:
    host = urlsplit(base).hostname or ""
    if not explicit:
        return _("MOSTRA_BASE_URL is not set")
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        local = host == "localhost" or host.endswith((".local", ".localhost", ".internal"))
        return _("%(host)s is a local name") % {"host": host} if local else ""
    return "" if address.is_global else _("%(host)s is a private address") % {"host": host}


def public_media_url(media: OutgoingMedia, network_label: str) -> str:
    """A public, signed, expiring address of the file, for Meta to fetch.

    Raises a permanent :class:`TransportError` when mostra's public address is unset or
    private: Instagram and Threads could not fetch the image.
    """
    config = settings.CONFIG
    problem = _public_base_problem(config.base_url, config.base_url_explicit)
    if problem:
        raise TransportError(
            _(
                "%(network)s fetches images from mostra's public address, and %(problem)s: "
                "set MOSTRA_BASE_URL to an https address reachable from the internet, then "
                "retry."
            )
            % {"network": network_label, "problem": problem},
            permanent=True,
            code="base_url_not_public",
        )
    root = settings.MEDIA_ROOT.resolve()
    path = media.path.resolve()
    relative = path.relative_to(root) if path.is_relative_to(root) else path.name
    return config.base_url + reverse("oauth:public_media", args=[media_token(str(relative))])


def wait_until_ready(
    fetch: Callable[[], dict[str, Any]],
    *,
    label: str,
    field: str,
    polls: int,
    interval: float,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Poll a media container until the network has processed it (Meta's async media)."""
    for attempt in range(polls):
        data = fetch()
        status = str(data.get(field) or "").upper()
        if status in {"FINISHED", "PUBLISHED", ""}:
            return
        if status in {"ERROR", "EXPIRED"}:
            reason = str(data.get("error_message") or data.get("status") or status)[:300]
            raise TransportError(
                _("%(network)s could not process the media (%(reason)s).")
                % {"network": label, "reason": reason},
                permanent=True,
                code="media_refused",
            )
        if attempt + 1 < polls:
            sleep(interval)
    raise TransportError(
        _("%(network)s is still processing the media: mostra tries again later.")
        % {"network": label},
        retry_after=120.0,
        code="media_processing",
    )
