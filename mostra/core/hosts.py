"""Requests for a host name mostra does not answer to: say which setting to change.

Django refuses them (``DisallowedHost``, a 400) with advice about its own setting,
``ALLOWED_HOSTS``, which mostra fills from ``MOSTRA_ALLOWED_HOSTS``. The middleware
raises the same exception with mostra's variable named instead, so that Django's debug
page and its log line (``django.security.DisallowedHost``) say what to change; the 400
page (:func:`mostra.core.views.errors.bad_request`) says it in the visitor's language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port


def unknown_host(request: HttpRequest) -> str | None:
    """The request's host name when MOSTRA_ALLOWED_HOSTS lacks it, else None.

    None too when the Host header is no host name at all: Django's message says so.
    """
    try:
        request.get_host()
    except DisallowedHost:
        # The header as received; Django's debug page reads it the same way.
        domain, _port = split_domain_port(request._get_raw_host())
        return domain or None
    return None


class AllowedHostsMiddleware:
    """Refuse an unknown host naming MOSTRA_ALLOWED_HOSTS; must come first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        domain = unknown_host(request)
        if domain is not None:
            raise DisallowedHost(
                f"Invalid HTTP_HOST header: {request._get_raw_host()!r}. Add {domain!r} to "
                "MOSTRA_ALLOWED_HOSTS (comma-separated host names), then restart mostra."
            )
        return self.get_response(request)


class WithoutTraceback(logging.Filter):
    """Log the refusal as one line: its traceback says nothing the message does not."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True
