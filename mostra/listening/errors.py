"""Why a source could not be read, in plain words.

A failure is stored as a code and its parameters (:attr:`Source.last_error`), and
worded when it is shown, in the reader's language: a French manager and an English one
read the same failure each in theirs. Every code says what happened and what to do.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Any] = {
    "unreachable": _(
        "The site did not answer (%(detail)s). Check the address; mostra will try again."
    ),
    "too_slow": _(
        "The site took more than %(seconds)s seconds to send the feed; mostra will try again later."
    ),
    "private_address": _(
        "This address is on a private network, which mostra does not call. An administrator "
        "can allow it with MOSTRA_ALLOW_PRIVATE_ADDRESSES=1."
    ),
    "too_many_redirects": _(
        "The address redirects more than %(max)s times: open it in a browser and use the "
        "address it ends on."
    ),
    "too_big": _(
        "The feed is larger than %(max_mb)s MB, more than any feed needs: check that the "
        "address is a feed, not a file."
    ),
    "not_found": _("The site answers that this address does not exist (%(status)s): check it."),
    "refused": _(
        "The site refuses to give this feed (%(status)s): it may need a login, which mostra "
        "does not have."
    ),
    "rate_limited": _(
        "The site asks mostra to slow down (%(status)s); it will read it again after "
        "%(minutes)s minutes."
    ),
    "server_error": _("The site answered with an error (%(status)s); mostra will try again."),
    "unsafe_xml": _(
        "The feed declares XML entities, which mostra refuses to read (they can exhaust "
        "memory or read files). Ask the site for a plain feed."
    ),
    "not_a_feed": _(
        "The address does not give an RSS or Atom feed (%(detail)s): check that it is the "
        "feed's address, not the site's page."
    ),
    "account_missing": _(
        "The workspace has no connected %(network)s account @%(handle)s: connect it on the "
        "Accounts page (or reconnect it), or remove this source."
    ),
    "unexpected": _("Reading this source failed unexpectedly (%(detail)s); mostra will try again."),
}


class SourceError(Exception):
    """A source could not be read: ``code`` of :data:`MESSAGES` and its parameters.

    ``retry_after``: the seconds the site asked to wait (429 and 503 with Retry-After).
    """

    def __init__(self, code: str, *, retry_after: float | None = None, **params: Any) -> None:
        super().__init__(code)
        if code not in MESSAGES:
            raise ValueError(f"unknown source error {code!r}")
        self.code = code
        self.params = {k: v if isinstance(v, int | float) else str(v) for k, v in params.items()}
        self.retry_after = retry_after

    def __str__(self) -> str:
        return describe(self.code, self.params)


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def describe(code: str, params: dict[str, Any] | None = None) -> str:
    """The failure ``code`` in words, in the active language."""
    message = MESSAGES.get(code)
    if message is None:
        return str(MESSAGES["unexpected"]) % _Missing(detail=code)
    return str(message) % _Missing(params or {})
