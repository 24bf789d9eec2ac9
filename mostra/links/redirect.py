"""The public short link, ``/l/<code>``: a 302 to the link's target with its UTM tags.

Served by a middleware placed right after the security one, before django-csp (a 302
has no body to protect; the two pages carry a fixed policy), WhiteNoise, the session,
CSRF and authentication ones, which it skips: the redirect reads no session, sets no
cookie, and answers on any allowed host (a short domain pointing at mostra). Only the
codes of existing links resolve: nothing of the request (a ``?next=``, a path) is ever
redirected to. The lookup is cached per process (:mod:`mostra.links.cache`); the click
is counted in memory (:mod:`mostra.links.clicks`), never written on the request path.
HEAD is answered and not counted.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.utils import timezone, translation

from mostra.links import cache, clicks
from mostra.links.models import TrackedLink
from mostra.links.services.links import final_url

PATH = re.compile(r"/l/(?P<code>[A-Za-z0-9_-]{1,32})/?")
#: The policy of the "unknown" and "gone" pages: mostra's stylesheet and nothing else
#: (the middleware answers before django-csp, which would build one per response).
PAGE_POLICY = (
    "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


def lookup(code: str) -> cache.Entry:
    entry = cache.get(code)
    if entry is not None:
        return entry
    link = (
        TrackedLink.objects.filter(code=code)
        .only(
            "pk",
            "target",
            "utm_source",
            "utm_medium",
            "utm_campaign",
            "utm_content",
            "expires_at",
            "disabled_at",
        )
        .first()
    )
    if link is None:
        entry = cache.Entry(link_id=None)
    else:
        entry = cache.Entry(
            link_id=link.pk,
            url=final_url(link),
            expires_at=link.expires_at,
            disabled=link.disabled_at is not None,
        )
    cache.put(code, entry)
    return entry


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    language = translation.get_language_from_request(request)
    with translation.override(language):
        body = render_to_string(template, {"language": language})
    response = HttpResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = PAGE_POLICY
    return response


def follow(request: HttpRequest, code: str) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    entry = lookup(code)
    if entry.link_id is None:
        return _page(request, "links/not_found.html", 404)
    if not entry.is_live(timezone.now()):
        return _page(request, "links/gone.html", 410)
    if request.method == "GET":
        clicks.buffer.count(
            entry.link_id,
            request.META.get("REMOTE_ADDR", ""),
            request.META.get("HTTP_USER_AGENT", ""),
        )
    response = HttpResponse(status=302)
    response["Location"] = entry.url
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer-when-downgrade"
    return response


class ShortLinkMiddleware:
    """Answers ``/l/<code>`` before the CSP, session, CSRF and authentication middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith("/l/"):
            match = PATH.fullmatch(path)
            if match is not None:
                return follow(request, match["code"])
        return self.get_response(request)
