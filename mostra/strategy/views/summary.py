"""The strategy on a page, as HTML and as a one-page PDF, in French or English."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.text import slugify

from mostra.core.models import Membership
from mostra.core.views.base import workspace_view
from mostra.strategy import summary

LANGUAGES = ("fr", "en")


def _language(request: HttpRequest) -> str:
    """``?lang=fr|en`` forces the language; otherwise the reader's own."""
    wanted = request.GET.get("lang", "")
    if wanted in LANGUAGES:
        return wanted
    current = (translation.get_language() or "en")[:2]
    return current if current in LANGUAGES else "en"


@workspace_view()
def summary_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    language = _language(request)
    with translation.override(language):
        context = summary.sheet_context(membership.workspace)
        context["sheet_language"] = language
        return render(request, "strategy/summary.html", context)


@workspace_view()
def summary_pdf(request: HttpRequest, membership: Membership) -> HttpResponse:
    language = _language(request)
    with translation.override(language):
        pdf, _pages = summary.render_pdf(membership.workspace)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{slugify(membership.workspace.slug)}-strategy-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
