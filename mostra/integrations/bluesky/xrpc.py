"""XRPC over mostra's one HTTP seam, and what a Bluesky server's answers mean.

Every call goes through the ``httpx.Client`` the integration was given (from
:func:`mostra.core.http.outbound_client`: timeouts, user agent, address guard). An
answer that is not a success becomes a :class:`~mostra.integrations.base.TransportError`:

- 429: retried after the ``ratelimit-reset`` (or ``Retry-After``) the server gives;
- 5xx, a connection refused, a timeout: retried with backoff; a timeout or a broken
  connection *after a write was sent* is ``unknown_outcome`` (the record key makes the
  retry safe: it meets the record if it was written);
- 400 and other refusals: permanent, with the server's own message;
- ``ExpiredToken`` and ``InvalidToken`` are raised as :class:`SessionExpired` for the
  session to refresh and call again; a refused login is
  :class:`~mostra.integrations.base.CredentialsRejected`.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
from django.utils.translation import gettext as _

from mostra.core.http import OutboundRefused
from mostra.integrations.base import CredentialsRejected, TransportError, no_answer_within

#: Errors that mean the access token must be refreshed (or the session opened again).
TOKEN_ERRORS = frozenset({"ExpiredToken", "InvalidToken"})
#: Errors that mean the account itself cannot be used any more.
ACCOUNT_ERRORS = frozenset(
    {"AccountTakedown", "AccountDeactivated", "AccountSuspended", "RepoTakendown"}
)


class SessionExpired(TransportError):
    """The access (or refresh) token was refused: refresh it, or log in again."""


def _error_body(response: httpx.Response) -> tuple[str, str]:
    try:
        body = response.json()
    except ValueError:
        return "", ""
    if not isinstance(body, dict):
        return "", ""
    return str(body.get("error") or ""), str(body.get("message") or "")


def retry_after(response: httpx.Response, now: float | None = None) -> float | None:
    """Seconds to wait, from ``ratelimit-reset`` (a Unix time) or ``Retry-After``."""
    now = time.time() if now is None else now
    reset = response.headers.get("ratelimit-reset")
    if reset:
        try:
            return max(1.0, float(reset) - now)
        except ValueError:
            pass
    after = response.headers.get("retry-after")
    if after:
        try:
            return max(1.0, float(after))
        except ValueError:
            pass
    return None


def error_for(response: httpx.Response, *, login: bool = False) -> TransportError:
    """The TransportError that an unsuccessful answer stands for."""
    status = response.status_code
    code, message = _error_body(response)
    said = message or code or response.reason_phrase
    if status == 429:
        return TransportError(
            _("Bluesky is limiting requests (%(said)s): mostra will try again later.")
            % {"said": said},
            retry_after=retry_after(response),
            code="rate_limited",
            http_status=status,
        )
    if status >= 500:
        return TransportError(
            _("The Bluesky server had a problem (%(status)s %(said)s): mostra will try again.")
            % {"status": status, "said": said},
            code="server_error",
            http_status=status,
        )
    if login and status in (400, 401):
        return CredentialsRejected(
            _(
                "Bluesky refused this handle and app password (%(said)s). Check the handle, "
                "and create a new app password in Bluesky's settings (Privacy and security, "
                "App passwords)."
            )
            % {"said": said},
            http_status=status,
        )
    if code in TOKEN_ERRORS:
        return SessionExpired(said, code=code, http_status=status)
    if code in ACCOUNT_ERRORS or status in (401, 403):
        return CredentialsRejected(
            _("Bluesky refused the account's session (%(said)s): reconnect the account.")
            % {"said": said},
            http_status=status,
        )
    if status == 413:
        return TransportError(
            _("Bluesky refused a file as too large (%(said)s).") % {"said": said},
            permanent=True,
            code="too_large",
            http_status=status,
        )
    return TransportError(
        _("Bluesky refused the request: %(said)s") % {"said": said},
        permanent=True,
        code=code or "refused",
        http_status=status,
    )


def hide(error: TransportError, secrets: tuple[str, ...]) -> TransportError:
    """The error with any secret the server echoed back replaced by ``***``."""
    for secret in secrets:
        if secret and len(secret) >= 4 and secret in error.message:
            error.message = error.message.replace(secret, "***")
    error.args = (error.message,)
    return error


def call(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    write: bool,
    login: bool = False,
    secrets: tuple[str, ...] = (),
    **options: Any,
) -> dict[str, Any]:
    """One XRPC request; its JSON answer, or a TransportError (see the module).

    ``secrets``: the token and password sent, never repeated in an error's message."""
    try:
        response = client.request(method, url, **options)
    except OutboundRefused as exc:
        raise TransportError(str(exc), permanent=True, code="address_refused") from exc
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        raise TransportError(
            _("The Bluesky server cannot be reached (%(reason)s): mostra will try again.")
            % {"reason": exc.__class__.__name__},
            code="unreachable",
        ) from exc
    except httpx.TransportError as exc:
        # Sent, maybe received: a write may have happened.
        then = (
            _(
                "The post may have been written: mostra tries again with the same record "
                "key, which meets it if it was."
            )
            if write
            else _("mostra will try again.")
        )
        raise TransportError(
            no_answer_within(exc, then)
            or _("The Bluesky server did not answer in time (%(reason)s).")
            % {"reason": exc.__class__.__name__},
            code="timeout",
            unknown_outcome=write,
        ) from exc
    if response.is_success:
        if not response.content:
            return {}
        try:
            body = response.json()
        except ValueError as exc:
            raise TransportError(
                _("The server at this address is not a Bluesky server (its answer is not JSON)."),
                permanent=True,
                code="not_bluesky",
                http_status=response.status_code,
            ) from exc
        return body if isinstance(body, dict) else {}
    raise hide(error_for(response, login=login), secrets)
