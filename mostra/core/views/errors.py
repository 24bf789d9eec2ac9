from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation

from mostra.core.hosts import unknown_host
from mostra.core.middleware import language_for


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 page; for an unknown host name, which setting lists the names (DEBUG off).

    Rendered without the request's context: the middleware that sets the user and the
    language may not have run, and the host must not be asked for again.
    """
    with translation.override(language_for(request)):
        page = render_to_string(
            "core/errors/400.html",
            {"host": unknown_host(request), "LANGUAGE_CODE": translation.get_language()},
        )
    return HttpResponseBadRequest(page)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/errors/500.html", status=500)
