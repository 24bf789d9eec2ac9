"""The private calendar feed that calendar apps poll: no login, the token is the key.

The text is cached for a few minutes and shared by the members of a workspace while
no post or event changes (:func:`~mostra.editorial.services.feeds.calendar_body`).
A wrong token, a revoked one (after a reset) and the token of a removed member all get
the same 404 as an unknown workspace.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_safe

from mostra.core.services.invitations import site_url
from mostra.editorial.services import feeds


@require_safe
def calendar_feed(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    feed = feeds.resolve(slug, token)
    if feed is None:
        raise Http404
    membership = feed.membership
    language = membership.user.language or translation.get_language() or "en"
    with translation.override(language):
        body = feeds.calendar_body(
            membership.workspace, base_url=site_url(request), language=language
        )
    feeds.mark_read(feed)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{membership.workspace.slug}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
